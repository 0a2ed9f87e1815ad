/**
 * Runs the same closed-loop load against several servers, one at a time (each in its own child
 * process, stopped before the next starts), and returns one table row per server.
 */
import { runLoad, type LoadRequest } from './load';
import type { RunningChild } from './child';
import type { LatencySummary } from './stats';
import type { BenchOptions } from './targets';

export interface Contender {
  name: string;
  start(): Promise<RunningChild>;
  make(): LoadRequest;
  check(status: number, body: string): boolean;
}

export interface ContenderResult {
  name: string;
  summary: LatencySummary;
  rssMb: number;
}

export async function compareServers(contenders: Contender[], opts: BenchOptions): Promise<ContenderResult[]> {
  const results: ContenderResult[] = [];
  for (const c of contenders) {
    const server = await c.start();
    try {
      // A request that fails the check before the load starts means a broken setup, not a slow one.
      const probe = await runLoad({
        url: `http://127.0.0.1:${server.port}`,
        connections: 1,
        seconds: 0.2,
        make: c.make,
        check: c.check,
      });
      if (probe.count === 0)
        throw new Error(
          `${c.name}: the first answers failed the content check; stderr:\n${server.stderr().slice(-1500)}`,
        );
      const summary = await runLoad({
        url: `http://127.0.0.1:${server.port}`,
        connections: opts.connections,
        seconds: opts.seconds,
        warmupSeconds: opts.warmupSeconds,
        make: c.make,
        check: c.check,
      });
      results.push({ name: c.name, summary, rssMb: server.rssMb() });
    } finally {
      await server.stop();
    }
  }
  return results;
}

export const rowOf = (r: ContenderResult): Record<string, string | number> => ({
  server: r.name,
  'req/s': Math.round(r.summary.rps),
  'p50 ms': r.summary.p50,
  'p99 ms': r.summary.p99,
  'max ms': r.summary.max,
  requests: r.summary.count,
  errors: r.summary.errors,
  'RSS MB': Math.round(r.rssMb),
});
