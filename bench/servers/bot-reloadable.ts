/**
 * The bot's server composed exactly as `adapters/server.ts` does (config → app → tick), plus one
 * benchmark hook: SIGUSR2 runs one delivery tick now (the same `runOnce` the minute cron calls:
 * data reload, then run-due), so the "after a data reload" case need not wait for the minute.
 * Logs `CAFTA bot listening` with its port, like the real server.
 */
import { loadAppConfig } from '../../adapters/config';
import { startApp } from '../../adapters/app';
import { startTick } from '../../adapters/tick';
import { createLogger } from '../../src/infra/logger';

async function main(): Promise<void> {
  const logger = createLogger();
  const app = await startApp({ config: loadAppConfig(process.env), logger });
  logger.info('CAFTA bot listening', {
    port: app.port,
    store: app.store.name,
    dataVersion: app.data.current().version,
  });
  const tick = startTick(app);
  process.on('SIGUSR2', () => {
    void tick.runOnce().then(() => logger.info('bench tick done', { dataVersion: app.data.current().version }));
  });
  process.once('SIGTERM', () => {
    void tick
      .stop(5000)
      .then(() => app.stop())
      .then(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
