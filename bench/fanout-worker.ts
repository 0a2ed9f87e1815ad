/**
 * The fan-out benchmark's child: one `runDue` over a seeded SQLite file, through the real Slack
 * sender (chat.postMessage via the Web API client) to the parent's fake Slack API, with the
 * production defaults for concurrency and pacing. Prints one JSON line: report, peak RSS.
 * argv: <dbPath> <dataDir> <apiUrl> <now ISO>
 */
import { createSlackSender } from '../adapters/slack/sender';
import { createDataSource } from '../src/treaty/data';
import { newOwnerId, runDue } from '../src/delivery/run-due';
import { createLogger } from '../src/infra/logger';
import { systemClock } from '../src/infra/ports';
import { createSqliteStore } from '../src/store/sqlite';

async function main(): Promise<void> {
  const [dbPath, dataDir, apiUrl, nowIso] = process.argv.slice(2);
  const logger = createLogger({ level: 'warn' });
  const store = createSqliteStore(dbPath);
  await store.migrate();
  const data = createDataSource(dataDir, logger);
  // One bot token per workspace, as with OAuth installations: the fake tells workspaces apart by it.
  const sender = createSlackSender({ apiUrl, logger, tokenFor: async (team) => `xoxb-${team}` });
  const started = process.hrtime.bigint();
  const report = await runDue(new Date(nowIso), {
    store,
    data: () => data.current(),
    senders: { slack: sender },
    logger,
    clock: systemClock,
    owner: newOwnerId(),
    catchupHours: 24,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  process.stdout.write(`${JSON.stringify({ report, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`fanout worker failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
