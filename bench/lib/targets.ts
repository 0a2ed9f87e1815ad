/** What every benchmark returns: its tables are printed as it goes; targets are summarised at the end. */

export interface TargetResult {
  bench: string;
  target: string;
  measured: string;
  /** null: no pass/fail — a figure to report (`figure`), or not measured here (e.g. PostgreSQL not configured). */
  ok: boolean | null;
  /** A figure without a pass/fail target (printed as "figure", not "skipped"). */
  figure?: boolean;
}

export interface BenchOptions {
  /** Measured seconds per server and round (after the warm-up). */
  seconds: number;
  warmupSeconds: number;
  connections: number;
  /** Alternating rounds per side-by-side comparison; figures are the medians. */
  rounds: number;
}

export const benchOptionsFromEnv = (env: NodeJS.ProcessEnv): BenchOptions => ({
  seconds: Number(env.BENCH_SECONDS ?? 4) || 4,
  warmupSeconds: Number(env.BENCH_WARMUP ?? 1) || 0,
  connections: Number(env.BENCH_CONNECTIONS ?? 10) || 10,
  rounds: Math.max(1, Math.floor(Number(env.BENCH_ROUNDS ?? 5) || 5)),
});

export const ms = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');
