/**
 * A run-due process killed mid-run loses nothing and doubles nothing: its unfinished claim is
 * taken over after the lease, and every due delivery is sent exactly once. Real child processes
 * against one SQLite file; the "platform" is a file the child appends to when a send completes.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../src/store/sqlite';
import { runChild } from './support/child-run';
import { FIXTURE_DATA_DIR } from './support/data-fixture';
import { addSub, realData } from './support/delivery-harness';

const dir = mkdtempSync(join(tmpdir(), 'cafta-kill-'));
const dbPath = join(dir, 'cafta.db');
const record = join(dir, 'sent.jsonl');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const delivered = (): string[] =>
  existsSync(record)
    ? readFileSync(record, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { channel: string }).channel)
    : [];

it('SIGKILL mid-run, rerun, rerun after the lease: each of 8 digests delivered exactly once', async () => {
  const data = realData();
  const store = createSqliteStore(dbPath);
  await store.migrate();
  const channels = Array.from({ length: 8 }, (_, i) => `K${i}`);
  for (const channel of channels)
    await addSub(store, data, { kind: 'digest', channel }, new Date('2026-11-24T00:00:00Z'));
  await store.close();

  const now = '2026-11-30T01:00:30.000Z';
  const base = { dbPath, dataDir: FIXTURE_DATA_DIR, record, delayMs: 300, globalConcurrency: 1, leaseMs: 60_000 };

  const first = runChild({ ...base, now });
  await first.started(3); // two sends completed, the third is in flight
  first.child.kill('SIGKILL');
  expect((await first.done).signal).toBe('SIGKILL');
  const afterKill = delivered();
  expect(afterKill).toHaveLength(2);

  // Same instant: the killed run's claim is still leased, so it is left alone (not doubled).
  const second = await runChild({ ...base, now, delayMs: 5 }).done;
  expect(second.code).toBe(0);
  expect(second.report).toMatchObject({ due: 6, sent: 5, busy: 1 });
  expect(delivered()).toHaveLength(7);

  // After the lease expires the orphaned claim is taken over and delivered.
  const later = '2026-11-30T01:02:00.000Z';
  const third = await runChild({ ...base, now: later, delayMs: 5 }).done;
  expect(third.report).toMatchObject({ due: 1, sent: 1, busy: 0 });
  const fourth = await runChild({ ...base, now: later, delayMs: 5 }).done;
  expect(fourth.report).toMatchObject({ due: 0, sent: 0 });

  const all = delivered();
  expect([...all].sort()).toEqual(channels);
  expect(new Set(all).size).toBe(all.length);

  const check = createSqliteStore(dbPath);
  try {
    for (const s of await check.listSubscriptions({ platform: 'test', workspace: 'W1' })) {
      const ledger = await check.listDeliveries(s.id);
      expect(ledger).toEqual([expect.objectContaining({ status: 'sent', occurrence: '2026-11-30T01:00:00.000Z' })]);
      expect(s.nextDueAt?.toISOString()).toBe('2026-12-07T01:00:00.000Z');
    }
  } finally {
    await check.close();
  }
}, 60_000);
