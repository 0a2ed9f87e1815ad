/** What every benchmark returns: its tables are printed as it goes; targets are summarised at the end. */

export interface TargetResult {
  bench: string;
  target: string;
  measured: string;
  /** null: not measured here (e.g. PostgreSQL not configured), with the reason in `measured`. */
  ok: boolean | null;
}

export interface BenchOptions {
  /** Measured seconds per server (after the warm-up). */
  seconds: number;
  warmupSeconds: number;
  connections: number;
}

export const benchOptionsFromEnv = (env: NodeJS.ProcessEnv): BenchOptions => ({
  seconds: Number(env.BENCH_SECONDS ?? 8) || 8,
  warmupSeconds: Number(env.BENCH_WARMUP ?? 2) || 0,
  connections: Number(env.BENCH_CONNECTIONS ?? 10) || 10,
});

export const ms = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');
