/** Spawns run-due-child.ts and follows its output. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

export interface ChildRun {
  child: ChildProcess;
  starts: string[];
  /** Resolves with the exit code (null when killed) and the parsed report, if any. */
  done: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    report: Record<string, number> | null;
    stderr: string;
  }>;
  /** Resolves once `n` sends have started. */
  started(n: number): Promise<void>;
}

export function runChild(options: Record<string, unknown>): ChildRun {
  const child = spawn(
    process.execPath,
    [
      '-r',
      join(root, 'test/support/ts-register.js'),
      join(root, 'test/support/run-due-child.ts'),
      JSON.stringify(options),
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const starts: string[] = [];
  let report: Record<string, number> | null = null;
  let stderr = '';
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  let buf = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buf += chunk.toString();
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (line.startsWith('start ')) starts.push(line.slice(6));
      if (line.startsWith('report ')) report = JSON.parse(line.slice(7)) as Record<string, number>;
      for (const w of waiters.filter((x) => starts.length >= x.n)) w.resolve();
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    report: Record<string, number> | null;
    stderr: string;
  }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, report, stderr }));
  });
  return {
    child,
    starts,
    done,
    started: (n) =>
      new Promise<void>((resolve, reject) => {
        if (starts.length >= n) return resolve();
        waiters.push({ n, resolve });
        void done.then((r) => reject(new Error(`child exited (${r.code}) after ${starts.length} sends: ${r.stderr}`)));
      }),
  };
}
