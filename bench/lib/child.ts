/**
 * Child processes for the benchmarks: servers run in their own process (their own event loop
 * and CPU share), the load generator and the fakes stay in the parent.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The compiled project root (`dist/`), where every script below lives as `.js`. */
export const DIST = join(__dirname, '..', '..');

let profiled = 0;

/**
 * Node flags for a child: with BENCH_CPU_PROF=<dir>, a V8 CPU profile per child process, written
 * when it exits, named after its script (`<dir>/<script>.<n>.cpuprofile`). Read one with
 * `node dist/bench/cpu-profile.js <file>`.
 */
export function nodeFlags(script: string): string[] {
  const dir = process.env.BENCH_CPU_PROF?.trim();
  if (!dir) return [];
  profiled += 1;
  const name = `${script.replace(/\.js$/, '').replace(/[/\\]/g, '_')}.${profiled}.cpuprofile`;
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}`];
}

export interface RunningChild {
  child: ChildProcess;
  port: number;
  /** Resident set size of the child now (MB), from /proc; NaN where unavailable. */
  rssMb(): number;
  /** CPU time the child has used so far, all threads (ms), from /proc; NaN where unavailable. */
  cpuMs(): number;
  stop(): Promise<void>;
  /** Everything the child wrote to stderr so far (for error reports). */
  stderr(): string;
}

/** Resident memory of a process in MB (Linux /proc), NaN elsewhere. */
export function rssOfPid(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** User + system CPU time of a process in ms (Linux /proc, clock ticks of 10 ms), NaN elsewhere. */
export function cpuOfPid(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

export interface SpawnOptions {
  /** Script relative to dist/, e.g. `bench/baselines/bare-http.js`. */
  script: string;
  env?: Record<string, string>;
  args?: string[];
  /** Flags for node itself (e.g. `--cpu-prof`); default: `nodeFlags(script)`. */
  nodeArgs?: string[];
  /** How the child tells its port: a `PORT n` line (baselines) or the logged JSON line (our server). */
  portFrom?: 'line' | 'log';
  timeoutMs?: number;
}

const PORT_LINE = /^PORT (\d+)$/m;
const LOG_PORT = /"msg":"CAFTA bot listening"[^\n]*"port":(\d+)/;

/** Spawns `node <script>` and resolves once it has told its port. */
export function spawnServer(opts: SpawnOptions): Promise<RunningChild> {
  const child = spawn(
    process.execPath,
    [...(opts.nodeArgs ?? nodeFlags(opts.script)), join(DIST, opts.script), ...(opts.args ?? [])],
    {
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  const pattern = opts.portFrom === 'log' ? LOG_PORT : PORT_LINE;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${opts.script} did not start in time:\n${err.slice(-2000)}${out.slice(-2000)}`));
    }, opts.timeoutMs ?? 20_000);
    const onData = (): void => {
      const m = pattern.exec(out) ?? pattern.exec(err);
      if (!m) return;
      clearTimeout(timer);
      // Keep draining the pipes so a chatty child never blocks on a full buffer.
      out = '';
      resolve({
        child,
        port: Number(m[1]),
        rssMb: () => rssOfPid(child.pid),
        cpuMs: () => cpuOfPid(child.pid),
        stderr: () => err,
        stop: () => stopChild(child),
      });
    };
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      if (out.length > 1e6) out = out.slice(-1e5);
      onData();
    });
    child.stderr?.on('data', (c: Buffer) => {
      err += c.toString('utf8');
      if (err.length > 1e6) err = err.slice(-1e5);
      onData();
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${opts.script} exited early (${code ?? signal}):\n${err.slice(-2000)}`));
    });
  });
}

/** SIGTERM, then SIGKILL if the child has not exited within 3 s (15 s while writing CPU profiles). */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), process.env.BENCH_CPU_PROF ? 15_000 : 3000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
