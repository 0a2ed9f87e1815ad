/**
 * `cafta run-due [--now ISO-8601]`: deliver everything due at that instant, then exit — for
 * cron/Kubernetes CronJob deployments and tests. It builds the app exactly like the server
 * (same config, store, data and platform senders) without listening or opening sockets.
 */
import { loadAppConfig } from '../config';
import { runDue, type DeliveryDeps } from '../../src/delivery/run-due';
import { isCaftaError } from '../../src/infra/errors';
import { createLogger } from '../../src/infra/logger';
import type { Logger } from '../../src/infra/ports';
import { createApp } from '../app';
import { deliveryDepsFor } from '../tick';

export const RUN_DUE_USAGE = 'usage: cafta run-due [--now ISO-8601]   e.g. run-due --now 2026-11-30T01:00:00Z';

export interface RunDueIo {
  env?: Record<string, string | undefined>;
  out?: (line: string) => void;
  err?: (line: string) => void;
  logger?: Logger;
  /** Test hook: overrides for the delivery settings (concurrency, lease …). */
  deps?: Partial<DeliveryDeps>;
}

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
  const logger = io.logger ?? createLogger({ level: 'warn' });
  let app;
  try {
    const config = loadAppConfig(io.env ?? process.env);
    app = await createApp({ config, logger, startAdapters: false, terminalOutput: out });
  } catch (e) {
    err(`run-due: ${isCaftaError(e) || e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  try {
    const now = parsed.now ?? app.clock();
    // Follow the signed feed when configured: fetched before the pass (the last good data stays on any failure).
    await app.data.refresh();
    const r = await runDue(now, deliveryDepsFor(app, io.deps));
    out(
      `run-due ${now.toISOString()}: ${r.due} due, ${r.sent} sent, ${r.skipped} skipped, ${r.retried} to retry, ` +
        `${r.failed} failed, ${r.paused} paused, ${r.busy} busy elsewhere, ${r.noSender} without a sender (${r.durationMs} ms)`,
    );
    return 0;
  } catch (e) {
    err(`run-due failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    await app.close();
  }
}
