/**
 * `npm start`: the composition root. config → store → data → adapters → one HTTP server → tick.
 */
import 'dotenv/config';
import { loadAppConfig } from './config';
import { isCaftaError } from '../src/infra/errors';
import { createLogger } from '../src/infra/logger';
import { startApp } from './app';
import { startTick } from './tick';

async function main(): Promise<void> {
  const logger = createLogger();
  let config;
  try {
    config = loadAppConfig(process.env);
  } catch (err) {
    logger.error(isCaftaError(err) ? err.message : String(err));
    process.exit(1);
  }
  const app = await startApp({ config, logger });
  logger.info('CAFTA bot listening', {
    port: app.port,
    store: app.store.name,
    dataVersion: app.data.current().version,
  });
  const tick = startTick(app);
  const shutdown = (signal: string): void => {
    logger.info('shutting down', { signal });
    tick
      .stop()
      .then(() => app.stop())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
