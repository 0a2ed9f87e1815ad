/**
 * `npm start`: the composition root. config → store → data → adapters → one HTTP server → tick.
 * A failed start is one line naming the variable, then exit 1. SIGTERM/SIGINT shut down
 * gracefully (shutdown.ts) and exit 0; a shutdown that overruns 15 s exits 1.
 */
import 'dotenv/config';
import { loadAppConfig } from './config';
import { createLogger } from '../src/infra/logger';
import type { Logger } from '../src/infra/ports';
import { startApp, type RunningApp } from './app';
import { routeConsoleTo } from './console-bridge';
import { shutdownGracefully } from './shutdown';
import { startupFailureLine } from './startup';
import { startTick } from './tick';

/** A supervisor's usual patience before SIGKILL is 30 s (Kubernetes); we promise 15. */
const SHUTDOWN_DEADLINE_MS = 15_000;

async function start(): Promise<{ app: RunningApp; logger: Logger }> {
  let logger = createLogger();
  try {
    const config = loadAppConfig(process.env);
    logger = createLogger({ level: config.logLevel });
    routeConsoleTo(logger);
    const app = await startApp({ config, logger });
    return { app, logger };
  } catch (err) {
    logger.error(startupFailureLine(err));
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const { app, logger } = await start();
  logger.info('CAFTA bot listening', {
    host: app.config.host,
    port: app.port,
    store: app.store.name,
    dataVersion: app.data.current().version,
    metrics: app.config.metrics.token ? 'GET /metrics (bearer token)' : 'GET /metrics (open: set CAFTA_METRICS_TOKEN)',
  });
  const tick = startTick(app);
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    // A second signal while shutting down changes nothing: the deadline below still holds.
    if (stopping) return;
    stopping = true;
    setTimeout(() => {
      logger.error('shutdown overran its deadline; exiting', { deadlineMs: SHUTDOWN_DEADLINE_MS });
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    const parts = { server: app.server, listener: app.listener, logger, close: () => app.close() };
    shutdownGracefully({ ...parts, stopTick: (ms) => tick.stop(ms) }, signal).then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error('shutdown failed', { error: err instanceof Error ? err.message : String(err) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

main().catch((err: unknown) => {
  process.stderr.write(`${startupFailureLine(err)}\n`);
  process.exit(1);
});
