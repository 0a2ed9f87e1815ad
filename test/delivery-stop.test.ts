/**
 * Stopping a delivery pass (shutdown): nothing more is claimed once the signal is aborted, sends
 * under way finish and are recorded, a half-done subscription is not moved on, and the caller
 * releases what it still holds. Also: outcomes reach the observer (metrics), and an idle pass
 * logs at debug level only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../adapters/app';
import { loadAppConfig } from '../adapters/config';
import { startTick } from '../adapters/tick';
import type { DeliveryObservation } from '../src/delivery/run-due';
import { createMemoryLogger } from '../src/infra/logger';
import type { SendResult } from '../src/infra/ports';
import { loadData } from '../src/treaty/data';
import type { Store } from '../src/store/store';
import { addFixtureEvents, copyData, FIXTURE_DATA_DIR } from './support/data-fixture';
import { addSub, deliveryDeps, memoryStore, realData } from './support/delivery-harness';
import { recordingSender } from './support/recording-sender';
import { waitFor } from './support/wait-for';

const created = new Date('2026-11-24T00:00:00Z');
const justAfter = new Date('2026-11-30T01:00:30Z'); // Monday 09:00 Singapore has just passed

let store: Store;
beforeEach(async () => {
  store = await memoryStore();
});
afterEach(async () => {
  await store.close();
});

it('once aborted, claims nothing more; the send under way finishes; a half-done subscription resumes next run', async () => {
  const copy = copyData();
  try {
    const before = loadData(copy.dir);
    const sub = await addSub(store, before, { kind: 'alerts', channel: 'A' }, created);
    addFixtureEvents(copy.dir, [
      { party: 'SG', kind: 'ratification', date: '2026-11-25' },
      { party: 'VN', kind: 'ratification', date: '2026-11-26' },
    ]);
    const data = loadData(copy.dir);
    const stop = new AbortController();
    // The first send is under way when the stop comes; it still completes.
    const sender = recordingSender((_t, _m, call) => {
      if (call === 1) stop.abort();
      return undefined;
    });
    const first = await deliveryDeps(store, () => data, { test: sender }, { signal: stop.signal }).run(justAfter);
    expect(first).toMatchObject({ due: 1, sent: 1, stopped: true });
    expect(await store.listDeliveries(sub.id)).toEqual([expect.objectContaining({ status: 'sent' })]);
    // Not moved on: still due, baseline unchanged, so the next run finishes the second event.
    const halfway = await store.getSubscription(sub.id);
    expect(halfway?.nextDueAt).not.toBeNull();
    expect(halfway?.state).toEqual(sub.state);

    const second = await deliveryDeps(store, () => data, { test: sender }).run(new Date(justAfter.getTime() + 60_000));
    expect(second).toMatchObject({ due: 1, sent: 1, stopped: false });
    expect(sender.sent.map((s) => s.msg.summary)).toEqual([
      'New record: Singapore ratification (25 Nov 2026)',
      'New record: Viet Nam ratification (26 Nov 2026)',
    ]);
    expect((await store.getSubscription(sub.id))?.nextDueAt).toBeNull();
  } finally {
    copy.remove();
  }
});

it('an aborted pass claims nothing at all; its report says it stopped', async () => {
  const data = realData();
  for (const channel of ['C1', 'C2']) await addSub(store, data, { kind: 'digest', channel }, created);
  const stop = new AbortController();
  stop.abort();
  const sender = recordingSender();
  expect(await deliveryDeps(store, () => data, { test: sender }, { signal: stop.signal }).run(justAfter)).toMatchObject(
    {
      sent: 0,
      stopped: true,
    },
  );
  expect(sender.calls).toBe(0);
  expect(await store.dueSubscriptions(justAfter, 10)).toHaveLength(2);
});

it('tells the observer every outcome (platform, ledger kind, outcome), no_sender included', async () => {
  const data = realData();
  await addSub(store, data, { kind: 'digest', channel: 'C1' }, created);
  await addSub(store, data, { kind: 'digest', channel: 'C2' }, created);
  await addSub(store, data, { kind: 'digest', platform: 'nowhere', channel: 'N1' }, created);
  const seen: DeliveryObservation[] = [];
  const sender = recordingSender((_t, _m, call) =>
    call === 2 ? { ok: false, permanent: true, reason: 'channel_not_found' } : undefined,
  );
  await deliveryDeps(store, () => data, { test: sender }, { observer: { observe: (o) => seen.push(o) } }).run(
    justAfter,
  );
  expect(seen).toEqual(
    expect.arrayContaining([
      { platform: 'test', kind: 'digest', outcome: 'sent' },
      { platform: 'test', kind: 'digest', outcome: 'paused' },
      { platform: 'nowhere', kind: 'digest', outcome: 'no_sender' },
    ]),
  );
  expect(seen).toHaveLength(3);
});

it('a pass with nothing due logs at debug level; one that worked, at info', async () => {
  const data = realData();
  const idle = deliveryDeps(store, () => data, { test: recordingSender() });
  await idle.run(justAfter);
  expect(idle.logger.lines.filter((l) => l.msg === 'run-due finished').map((l) => l.level)).toEqual(['debug']);
  await addSub(store, data, { kind: 'digest' }, created);
  const busy = deliveryDeps(store, () => data, { test: recordingSender() });
  await busy.run(justAfter);
  expect(busy.logger.lines.filter((l) => l.msg === 'run-due finished').map((l) => l.level)).toEqual(['info']);
});

it("the server tick's stop: a send stuck past the grace period has its claim released for the next run", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cafta-stop-'));
  const config = loadAppConfig({ PORT: '0', CAFTA_DB_PATH: join(dir, 'c.db'), CAFTA_DATA_DIR: FIXTURE_DATA_DIR });
  const app = await startApp({ config, logger: createMemoryLogger(), clock: () => justAfter });
  let unstick: (r: SendResult | undefined) => void = () => undefined;
  const stuck = recordingSender(() => new Promise<SendResult | undefined>((resolve) => (unstick = resolve)));
  const tick = startTick(app, { schedule: '0 0 1 1 *', deps: { senders: { test: stuck } } });
  try {
    const sub = await addSub(app.store, app.data.current(), { kind: 'digest' }, created);
    const pass = tick.runOnce(justAfter);
    await waitFor('the send to be under way', () => stuck.inFlight === 1);
    const started = Date.now();
    await tick.stop(200);
    expect(Date.now() - started).toBeLessThan(5_000);
    const [row] = await app.store.listDeliveries(sub.id);
    expect(row).toMatchObject({ status: 'claimed', attempts: 0 });
    // Claimable at once by the next run, although the 5-minute lease would still run.
    const key = { subscriptionId: sub.id, kind: row.kind, occurrence: row.occurrence };
    expect(await app.store.claimDelivery(key, 'next-run', justAfter, 300_000)).toMatchObject({ attempts: 1 });
    unstick(undefined);
    await pass;
  } finally {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
