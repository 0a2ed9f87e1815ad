/**
 * Side-by-side load: the same closed-loop load against several servers, in alternating rounds
 * (A B C, B C A, C A B), each server freshly started for its round and stopped before the next
 * one starts, so machine noise spreads over all of them. Figures are the medians of the rounds.
 */
import { runLoad, type LoadRequest } from './load';
import type { RunningChild } from './child';
import { percentile, type LatencySummary } from './stats';
import type { BenchOptions } from './targets';

export interface Contender {
  name: string;
  /** Starts a fresh server and readies it (e.g. reloads its data); resolves once it serves. */
  start(): Promise<RunningChild>;
  make(): LoadRequest;
  /** Is this answer right? A wrong answer counts as an error. */
  check(status: number, body: string): boolean;
  /** Calls the server has made to platform APIs so far (e.g. the fake Slack API's log). */
  outboundCalls?(): number;
  /** After a round: wrong or missing messages seen on the far side (e.g. at a fake connector). */
  farSideErrors?(): number;
}

export interface RoundResult {
  summary: LatencySummary;
  rssMb: number;
  /** The server's CPU time (all threads) per answered request during the measured load, in µs. */
  cpuUsPerRequest: number;
  /**
   * This process's CPU per request in the same window (load generator and fakes): near 1 s per
   * second means the generator, not the server, set the pace.
   */
  parentCpuUsPerRequest: number;
  /** Latency of the first (checked) answer of the freshly started server. */
  firstMs: number;
  /** Platform API calls made during the warm-up and the measured load. */
  outboundDuringLoad: number;
  /** Platform API calls made before the load: start-up and first answer. */
  outboundAtStart: number;
  farSideErrors: number;
}

export interface ContenderResult {
  name: string;
  rounds: RoundResult[];
  /** Medians over the rounds (errors and far-side errors: totals). */
  rps: number;
  p50: number;
  p99: number;
  worstP99: number;
  /** Median of the rounds' server CPU per request (µs): less sensitive to a busy machine than req/s. */
  cpuUsPerRequest: number;
  /** Median share of one core the load generator and fakes used while loading this server. */
  parentCpuShare: number;
  errors: number;
  farSideErrors: number;
  outboundDuringLoad: number;
  rssMb: number;
}

const median = (xs: number[]): number =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

async function oneRound(c: Contender, opts: BenchOptions): Promise<RoundResult> {
  const initial = c.outboundCalls?.() ?? 0;
  const server = await c.start();
  try {
    const url = `http://127.0.0.1:${server.port}`;
    // A request that fails the check before the load means a broken setup, not a slow server.
    const first = await runLoad({ url, connections: 1, requests: 1, make: c.make, check: c.check });
    if (first.count !== 1)
      throw new Error(`${c.name}: the first answer failed the check; stderr:\n${server.stderr().slice(-1500)}`);
    const before = c.outboundCalls?.() ?? 0;
    const load = { url, connections: opts.connections, make: c.make, check: c.check };
    if (opts.warmupSeconds > 0) await runLoad({ ...load, seconds: opts.warmupSeconds });
    const cpu0 = server.cpuMs();
    const parent0 = process.cpuUsage();
    const summary = await runLoad({ ...load, seconds: opts.seconds });
    const parent = process.cpuUsage(parent0);
    const answered = summary.count + summary.errors;
    const cpuUsPerRequest = ((server.cpuMs() - cpu0) * 1000) / answered;
    const parentCpuUsPerRequest = (parent.user + parent.system) / answered;
    const outbound = c.outboundCalls?.() ?? 0;
    return {
      summary,
      rssMb: server.rssMb(),
      cpuUsPerRequest,
      parentCpuUsPerRequest,
      firstMs: first.max,
      outboundAtStart: before - initial,
      outboundDuringLoad: outbound - before,
      farSideErrors: c.farSideErrors?.() ?? 0,
    };
  } finally {
    await server.stop();
  }
}

/** Runs `rounds` alternating rounds over the contenders; one result per contender, in order. */
export async function interleave(contenders: Contender[], opts: BenchOptions): Promise<ContenderResult[]> {
  const rounds: RoundResult[][] = contenders.map(() => []);
  for (let r = 0; r < opts.rounds; r += 1) {
    // Each round starts with a different server, so no server always follows the same one.
    for (let k = 0; k < contenders.length; k += 1) {
      const i = (k + r) % contenders.length;
      rounds[i].push(await oneRound(contenders[i], opts));
    }
  }
  return contenders.map((c, i) => {
    const rs = rounds[i];
    return {
      name: c.name,
      rounds: rs,
      rps: median(rs.map((x) => x.summary.rps)),
      p50: median(rs.map((x) => x.summary.p50)),
      p99: median(rs.map((x) => x.summary.p99)),
      worstP99: Math.max(...rs.map((x) => x.summary.p99)),
      cpuUsPerRequest: median(rs.map((x) => x.cpuUsPerRequest)),
      parentCpuShare: median(rs.map((x) => (x.parentCpuUsPerRequest * x.summary.rps) / 1e6)),
      errors: rs.reduce((n, x) => n + x.summary.errors, 0),
      farSideErrors: rs.reduce((n, x) => n + x.farSideErrors, 0),
      outboundDuringLoad: rs.reduce((n, x) => n + x.outboundDuringLoad, 0),
      rssMb: median(rs.map((x) => x.rssMb)),
    };
  });
}

/** One table row per contender: medians of the rounds, and each round's req/s. */
export const rowOf = (r: ContenderResult): Record<string, string | number> => ({
  server: r.name,
  'req/s (median)': Math.round(r.rps),
  'p50 ms': r.p50,
  'p99 ms': r.p99,
  'worst p99': r.worstP99,
  'req/s per round': r.rounds.map((x) => Math.round(x.summary.rps)).join(' / '),
  'server CPU µs/req': Math.round(r.cpuUsPerRequest),
  'load gen CPU': `${Math.round(r.parentCpuShare * 100)}%`,
  'first answer ms': r.rounds.map((x) => x.firstMs.toFixed(0)).join(' / '),
  errors: r.errors,
  'RSS MB': Math.round(r.rssMb),
});
