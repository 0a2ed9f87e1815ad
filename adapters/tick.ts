/**
 * The server's delivery tick: every minute, refresh the treaty data (the folder or the signed
 * feed, so a new ratification record alerts without a restart) and run the same `runDue(now)` as `cafta run-due`. Runs never
 * overlap: a tick that finds the previous run still going is skipped (the next one catches up).
 */
import cron from 'node-cron';
import { newOwnerId, runDue, type DeliveryDeps, type DeliveryReport } from '../src/delivery/run-due';
import type { App } from './app';
import { within } from './shutdown';

export interface Tick {
  /** Runs one delivery pass now (what the cron job calls); null when a pass is already running. */
  runOnce(now?: Date): Promise<DeliveryReport | null>;
  /** Stops the schedule and waits for a pass under way, at most `graceMs` (default: as long as it takes). */
  stop(graceMs?: number): Promise<void>;
}

/** `runDue` deps from a built app: the same senders the server uses. */
export function deliveryDepsFor(app: App, over: Partial<DeliveryDeps> = {}): DeliveryDeps {
  return {
    store: app.store,
    data: () => app.data.current(),
    senders: app.senders,
    logger: app.logger,
    clock: app.clock,
    owner: newOwnerId(),
    catchupHours: app.config.catchupHours,
    ...over,
  };
}

export function startTick(app: App, opts: { schedule?: string; deps?: Partial<DeliveryDeps> } = {}): Tick {
  const deps = deliveryDepsFor(app, opts.deps);
  let running: Promise<DeliveryReport | null> | null = null;

  const runOnce = (now?: Date): Promise<DeliveryReport | null> => {
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
      if (!running) return;
      if (graceMs === undefined) await running;
      else if (!(await within(running, graceMs))) {
        app.logger.warn('delivery pass still running after the grace period', { graceMs });
      }
    },
  };
}
