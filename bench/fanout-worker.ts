/**
 * The fan-out benchmark's child: one `runDue` over a seeded SQLite file, through the real sender
 * of the platform (Slack: chat.postMessage via the Web API client; Teams: botbuilder's
 * continueConversation) to the parent's fake, with the production defaults for concurrency and
 * pacing. Prints one JSON line: the report, the run's duration, CPU time, event-loop
 * utilisation and peak RSS. argv: <slack|teams> <dbPath> <dataDir> <apiUrl (Slack)> <now ISO>
 */
import { performance } from 'node:perf_hooks';
import { createSlackSender } from '../adapters/slack/sender';
import { createTeamsGateway } from '../adapters/teams/gateway';
import { createTeamsSender } from '../adapters/teams/sender';
import { createServiceUrlPolicy } from '../adapters/teams/service-urls';
import { createDataSource } from '../src/treaty/data';
import { newOwnerId, runDue } from '../src/delivery/run-due';
import { createLogger } from '../src/infra/logger';
import { systemClock, type SenderRegistry } from '../src/infra/ports';
import { createSqliteStore } from '../src/store/sqlite';

async function main(): Promise<void> {
  const [platform, dbPath, dataDir, apiUrl, nowIso] = process.argv.slice(2);
  const logger = createLogger({ level: 'warn' });
  const store = createSqliteStore(dbPath);
  await store.migrate();
  const data = createDataSource(dataDir, logger);
  const senders: SenderRegistry =
    platform === 'teams'
      ? {
          // Auth off, as the local-testing switch sets it: proactive sends go to loopback serviceUrls only.
          teams: createTeamsSender({
            gateway: createTeamsGateway({ logger }),
            logger,
            serviceUrls: createServiceUrlPolicy({ authOff: true, extraOrigins: [] }),
          }),
        }
      : // One bot token per workspace, as with OAuth installations: the fake tells workspaces apart by it.
        { slack: createSlackSender({ apiUrl, logger, tokenFor: async (team) => `xoxb-${team}` }) };
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const started = process.hrtime.bigint();
  const report = await runDue(new Date(nowIso), {
    store,
    data: () => data.current(),
    senders,
    logger,
    clock: systemClock,
    owner: newOwnerId(),
    catchupHours: 24,
  });
  const ended = process.hrtime.bigint();
  const seconds = Number(ended - started) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
  await store.close();
  process.stdout.write(
    `${JSON.stringify({
      report,
      seconds,
      // The run's window on the machine's monotonic clock (µs), as CPU profiles time their samples.
      windowUs: [Number(started / 1000n), Number(ended / 1000n)],
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      eventLoopUtilization: elu.utilization,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    })}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`fanout worker failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
