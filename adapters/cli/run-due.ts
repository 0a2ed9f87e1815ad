/**
 * `cafta run-due [--now ISO-8601]`: deliver everything due at that instant, then exit — for
 * cron/Kubernetes CronJob deployments and tests. It builds the app exactly like the server
 * (same config, store, data and platform senders) without listening or opening sockets.
 * Asked to stop (SIGTERM, SIGINT: `io.stop`), it claims nothing more, lets sends under way finish
 * (at most 10 s), releases its unfinished claims for the next run, closes the store and exits 0.
 */
import { loadAppConfig, type AppConfig } from '../config';
import { runDue, type DeliveryDeps, type DeliveryReport } from '../../src/delivery/run-due';
import { isCaftaError } from '../../src/infra/errors';
import { createLogger } from '../../src/infra/logger';
import type { Logger } from '../../src/infra/ports';
import { createApp } from '../app';
import { GRACE_MS } from '../shutdown';
import { deliveryDepsFor, stopPass } from '../tick';

export const RUN_DUE_USAGE = 'usage: cafta run-due [--now ISO-8601]   e.g. run-due --now 2026-11-30T01:00:00Z';

export interface RunDueIo {
  env?: Record<string, string | undefined>;
  out?: (line: string) => void;
  err?: (line: string) => void;
  logger?: Logger;
  /** Test hook: overrides for the delivery settings (concurrency, lease …). */
  deps?: Partial<DeliveryDeps>;
  /** Aborted when the process is asked to stop (main.ts wires SIGTERM and SIGINT to it). */
  stop?: AbortSignal;
}

/**
 * Waits for the pass, or, when `stop` fires first, for `onStop` (which ends the pass early).
 * Returns the report, or null when the pass was still sending after the grace period.
 */
async function finishOrStop(
  pass: Promise<DeliveryReport>,
  stop: AbortSignal | undefined,
  onStop: () => Promise<void>,
): Promise<DeliveryReport | null> {
  if (!stop) return pass;
  let report: DeliveryReport | null = null;
  const finished = pass.then((r) => {
    report = r;
  });
  const stopped = new Promise<void>((resolve) => {
    if (stop.aborted) resolve();
    else stop.addEventListener('abort', () => resolve(), { once: true });
  });
  await Promise.race([finished, stopped]);
  if (stop.aborted) await onStop();
  return report;
}

const summary = (now: Date, r: DeliveryReport): string =>
  `run-due ${now.toISOString()}: ${r.due} due, ${r.sent} sent, ${r.skipped} skipped, ${r.retried} to retry, ` +
  `${r.failed} failed, ${r.paused} paused, ${r.busy} busy elsewhere, ${r.noSender} without a sender (${r.durationMs} ms)` +
  (r.stopped ? '; stopped early: the rest is left for the next run' : '');

/** Without LOG_LEVEL, only warnings and errors: the summary line is the normal output. */
const logLevelOf = (env: Record<string, string | undefined>, config: AppConfig) =>
  env.LOG_LEVEL?.trim() ? config.logLevel : 'warn';

/** Parses `[--now ISO]`; a time without an offset is refused (it would be ambiguous). */
export function parseRunDueArgs(args: string[]): { ok: true; now?: Date } | { ok: false; error: string } {
  let now: Date | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const a = args[i];
    const value = a.startsWith('--now=') ? a.slice(6) : a === '--now' ? args[(i += 1)] : undefined;
    if (value === undefined)
      return { ok: false, error: a === '--now' ? '--now needs a value' : `unknown option "${a.slice(0, 40)}"` };
    if (
      !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(value) ||
      Number.isNaN(Date.parse(value))
    ) {
      return {
        ok: false,
        error: `--now must be an ISO-8601 instant with a zone, such as 2026-11-30T01:00:00Z (got "${value.slice(0, 40)}")`,
      };
    }
    now = new Date(value);
  }
  return { ok: true, now };
}

/** Runs the command; returns the process exit code (0 done, 1 failed to run, 2 bad usage). */
export async function runDueCli(args: string[], io: RunDueIo = {}): Promise<number> {
  const out = io.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const err = io.err ?? ((l: string) => process.stderr.write(`${l}\n`));
  const parsed = parseRunDueArgs(args);
  if (!parsed.ok) {
    err(`run-due: ${parsed.error}`);
    err(RUN_DUE_USAGE);
    return 2;
  }
  const env = io.env ?? process.env;
  let app;
  try {
    const config = loadAppConfig(env);
    const logger = io.logger ?? createLogger({ level: logLevelOf(env, config) });
    app = await createApp({ config, logger, startAdapters: false, terminalOutput: out });
  } catch (e) {
    err(`run-due: ${isCaftaError(e) || e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  try {
    const now = parsed.now ?? app.clock();
    // Follow the signed feed when configured: fetched before the pass (the last good data stays on any failure).
    await app.data.refresh();
    const stopping = new AbortController();
    const deps = deliveryDepsFor(app, { ...io.deps, signal: stopping.signal });
    const pass = runDue(now, deps);
    const report = await finishOrStop(pass, io.stop, () => stopPass(pass, stopping, deps, GRACE_MS));
    out(
      report
        ? summary(now, report)
        : `run-due ${now.toISOString()}: stopped; sends still under way after ${GRACE_MS / 1000} s had their claims released for the next run`,
    );
    return 0;
  } catch (e) {
    err(`run-due failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    await app.close();
  }
}
