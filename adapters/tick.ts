/**
 * The server's delivery tick: every minute, refresh the treaty data (the folder or the signed
 * feed, so a new ratification record alerts without a restart) and run the same `runDue(now)` as `cafta run-due`. Runs never
 * overlap: a tick that finds the previous run still going is skipped (the next one catches up).
 * Stopping (shutdown) claims nothing more, lets sends under way finish within a grace period and
 * releases this process's unfinished claims, so another replica or the next run takes them at once.
 */
import cron from 'node-cron';
import { newOwnerId, runDue, type DeliveryDeps, type DeliveryReport } from '../src/delivery/run-due';
import type { App } from './app';
import { within } from './shutdown';

export interface Tick {
  /** Runs one delivery pass now (what the cron job calls); null when a pass is already running. */
  runOnce(now?: Date): Promise<DeliveryReport | null>;
  /**
   * Stops the schedule and a pass under way (nothing more is claimed), waits for its sends at most
   * `graceMs` (default: as long as they take), then releases this process's unfinished claims.
   */
  stop(graceMs?: number): Promise<void>;
}

/** `runDue` deps from a built app: the same senders the server uses, outcomes counted in its metrics. */
export function deliveryDepsFor(app: App, over: Partial<DeliveryDeps> = {}): DeliveryDeps {
  return {
    store: app.store,
    data: () => app.data.current(),
    senders: app.senders,
    logger: app.logger,
    clock: app.clock,
    owner: newOwnerId(),
    catchupHours: app.config.catchupHours,
    ...(app.config.web.publicUrl ? { publicUrl: app.config.web.publicUrl } : {}),
    observer: { observe: (o) => app.metrics.observeDelivery(o.platform, o.kind, o.outcome) },
    ...over,
  };
}

/**
 * Ends a delivery pass early (shutdown): `stop` aborts it (no new claims), then its sends under
 * way get up to `graceMs` to finish and be recorded; whatever this owner still holds is then
 * released (`Store.releaseDeliveries`) instead of waiting out its lease.
 */
export async function stopPass(
  pass: Promise<unknown> | null,
  stop: AbortController,
  deps: Pick<DeliveryDeps, 'store' | 'owner' | 'logger' | 'clock'>,
  graceMs?: number,
): Promise<void> {
  stop.abort();
  if (pass) {
    if (graceMs === undefined) await pass;
    else if (!(await within(pass, graceMs))) {
      deps.logger.warn('delivery sends still under way after the grace period; releasing their claims', { graceMs });
    }
  }
  const released = await deps.store.releaseDeliveries(deps.owner, deps.clock());
  if (released > 0) deps.logger.info('delivery claims released for the next run', { released });
}

export function startTick(app: App, opts: { schedule?: string; deps?: Partial<DeliveryDeps> } = {}): Tick {
  const stopping = new AbortController();
  const deps = deliveryDepsFor(app, { ...opts.deps, signal: stopping.signal });
  let running: Promise<DeliveryReport | null> | null = null;

  const runOnce = (now?: Date): Promise<DeliveryReport | null> => {
    if (stopping.signal.aborted) return Promise.resolve(null);
    if (running) {
      app.logger.warn('delivery tick skipped: the previous run is still going');
      return Promise.resolve(null);
    }
    running = (async () => {
      try {
        // The folder or the signed feed, fetched before every pass (never throws; last good data stays).
        await app.data.refresh();
        const report = await runDue(now ?? app.clock(), deps);
        app.metrics.observePass(report.durationMs / 1000);
        return report;
      } catch (err) {
        app.logger.error('delivery tick failed', { error: err instanceof Error ? err.message : String(err) });
        return null;
      } finally {
        running = null;
      }
    })();
    return running;
  };

  // Seconds field 5: a few seconds after each minute, so slots at HH:MM:00 are already due.
  const task = cron.schedule(opts.schedule ?? '5 * * * * *', () => runOnce().then(() => undefined), {
    noOverlap: true,
    name: 'cafta-delivery',
  });
  return {
    runOnce,
    async stop(graceMs) {
      await task.stop();
      await task.destroy();
      await stopPass(running, stopping, deps, graceMs);
    },
  };
}
