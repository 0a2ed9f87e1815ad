/**
 * Spawns a real entry point (adapters/server.ts, or adapters/cli/main.ts with arguments) through
 * ts-register, as `node` runs the build, with an explicit environment and no .env (the working
 * directory is a temp folder).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

export interface ServerProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once a line matching `pattern` appeared on stderr (the JSON logs). */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

export function spawnServer(
  env: Record<string, string>,
  cwd: string,
  entry = 'adapters/server.ts',
  args: string[] = [],
): ServerProcess {
  const started = Date.now();
  const child = spawn(process.execPath, ['-r', join(root, 'test/support/ts-register.js'), join(root, entry), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    err += c.toString();
    for (const l of listeners) l();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - started }));
  });
  const parsedLines = (): Array<Record<string, unknown>> =>
    err
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForLog(pattern, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const hit = parsedLines().find((l) => pattern.test(String(l.msg)));
          if (!hit) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(hit);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no log line matching ${pattern} within ${timeoutMs} ms; stderr:\n${err}`));
        }, timeoutMs);
        listeners.add(check);
        void exited.then(() => {
          check();
          if (listeners.has(check)) {
            listeners.delete(check);
            clearTimeout(timer);
            reject(new Error(`server exited before logging ${pattern}; stderr:\n${err}`));
          }
        });
        check();
      });
    },
  };
}
