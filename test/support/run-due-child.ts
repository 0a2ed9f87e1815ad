/**
 * A run-due process for multi-process tests (kill mid-run, replicas racing on PostgreSQL):
 * the real runDue and store, with a slow recording Sender that appends each delivered message
 * to a file only when its "platform call" completes. Prints `start <channel>` before each send.
 *
 * Usage: node -r ./test/support/ts-register.js test/support/run-due-child.ts '<json options>'
 */
import { appendFileSync } from 'node:fs';
import { loadData } from '../../src/treaty/data';
import { newOwnerId, runDue } from '../../src/delivery/run-due';
import { createLogger } from '../../src/infra/logger';
import type { Sender } from '../../src/infra/ports';
import { createStore } from '../../src/store/index';

interface ChildOptions {
  dbPath?: string;
  databaseUrl?: string;
  schema?: string;
  dataDir: string;
  now: string;
  delayMs: number;
  record: string;
  globalConcurrency?: number;
  perWorkspaceConcurrency?: number;
  leaseMs?: number;
  /** Wall-clock ms to wait for before running, so racing children start together. */
  startAt?: number;
}

async function main(): Promise<void> {
  const o = JSON.parse(process.argv[2] ?? '{}') as ChildOptions;
  const store = await createStore({ dbPath: o.dbPath ?? ':memory:', databaseUrl: o.databaseUrl }, { schema: o.schema });
  await store.migrate();
  const owner = newOwnerId();
  const sender: Sender = {
    async send(target, msg) {
      process.stdout.write(`start ${target.channel}\n`);
      await new Promise((r) => setTimeout(r, o.delayMs));
      // The platform "accepts" the post only now: a kill before this line delivered nothing.
      appendFileSync(
        o.record,
        `${JSON.stringify({ channel: target.channel, workspace: target.workspace, summary: msg.summary, owner })}\n`,
      );
      return { ok: true, messageId: `${owner}:${target.channel}` };
    },
  };
  const data = loadData(o.dataDir);
  if (o.startAt) await new Promise((r) => setTimeout(r, Math.max(0, (o.startAt ?? 0) - Date.now())));
  const report = await runDue(new Date(o.now), {
    store,
    data: () => data,
    senders: { test: sender },
    logger: createLogger({ level: 'error' }),
    clock: () => new Date(),
    owner,
    catchupHours: 24,
    leaseMs: o.leaseMs ?? 60_000,
    perChannelIntervalMs: 0,
    globalConcurrency: o.globalConcurrency ?? 8,
    perWorkspaceConcurrency: o.perWorkspaceConcurrency ?? 4,
  });
  process.stdout.write(`report ${JSON.stringify(report)}\n`);
  await store.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`child failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
