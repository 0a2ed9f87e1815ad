/**
 * runDue at the core: exactly once, catch-up, retries, pauses, alerts, reminders. A recording
 * Sender (our port) stands in for the platforms; the store is real SQLite in memory.
 */
import { loadData } from '../src/treaty/data';
import { toPlainText } from '../src/text/message';
import type { Store } from '../src/store/store';
import { addFixtureEvents, copyData } from './support/data-fixture';
import { addSub, deliveryDeps, memoryStore, realData } from './support/delivery-harness';
import { recordingSender } from './support/recording-sender';

const data = realData();
const created = new Date('2026-11-24T00:00:00Z');
const mondaySlot = new Date('2026-11-30T01:00:00Z'); // Monday 09:00 Asia/Singapore
const justAfter = new Date('2026-11-30T01:00:30Z');

let store: Store;
beforeEach(async () => {
  store = await memoryStore();
});
afterEach(async () => {
  await store.close();
});

describe('digests', () => {
  it('runDue twice sends each occurrence once and advances the schedule', async () => {
    const subs = [];
    for (const channel of ['C1', 'C2', 'C3'])
      subs.push(await addSub(store, data, { kind: 'digest', channel }, created));
    expect(subs[0].nextDueAt?.toISOString()).toBe(mondaySlot.toISOString());
    const sender = recordingSender();
    const { run } = deliveryDeps(store, () => data, { test: sender });

    const first = await run(justAfter);
    expect(first).toMatchObject({ due: 3, sent: 3, skipped: 0, failed: 0, retried: 0, paused: 0 });
    const second = await run(justAfter);
    expect(second).toMatchObject({ due: 0, sent: 0 });
    expect(sender.sent.map((s) => s.target.channel).sort()).toEqual(['C1', 'C2', 'C3']);

    const after = await store.getSubscription(subs[0].id);
    expect(after?.nextDueAt?.toISOString()).toBe('2026-12-07T01:00:00.000Z');
    expect(after?.state).toMatchObject({ dataVersion: data.version, lastDigestAt: justAfter.toISOString() });
    const ledger = await store.listDeliveries(subs[0].id);
    expect(ledger).toEqual([
      expect.objectContaining({
        kind: 'digest',
        occurrence: mondaySlot.toISOString(),
        status: 'sent',
        messageId: expect.stringMatching(/^m\d$/),
      }),
    ]);
    const text = toPlainText(sender.sent[0].msg);
    expect(text).toContain('Nothing changed since you subscribed on 24 Nov 2026.');
    expect(sender.sent[0].msg.audience).toBe('channel');
  });

  it('does nothing before the slot', async () => {
    await addSub(store, data, { kind: 'digest' }, created);
    const sender = recordingSender();
    expect(await deliveryDeps(store, () => data, { test: sender }).run(new Date('2026-11-30T00:59:59Z'))).toMatchObject(
      { due: 0, sent: 0 },
    );
  });

  it('after a long outage sends only the latest missed digest, once', async () => {
    const sub = await addSub(store, data, { kind: 'digest', cadence: 'daily' }, created); // first due 24 Nov 01:00Z
    const sender = recordingSender();
    const { run } = deliveryDeps(store, () => data, { test: sender });
    const r = await run(new Date('2026-11-30T05:00:00Z'));
    expect(r).toMatchObject({ due: 1, sent: 1 });
    expect((await store.listDeliveries(sub.id)).map((d) => d.occurrence)).toEqual(['2026-11-30T01:00:00.000Z']);
    expect((await store.getSubscription(sub.id))?.nextDueAt?.toISOString()).toBe('2026-12-01T01:00:00.000Z');
  });

  it('skips a digest missed beyond the catch-up window and records why', async () => {
    const sub = await addSub(store, data, { kind: 'digest' }, created);
    const sender = recordingSender();
    const r = await deliveryDeps(store, () => data, { test: sender }, { catchupHours: 6 }).run(
      new Date('2026-11-30T20:00:00Z'),
    );
    expect(r).toMatchObject({ due: 1, sent: 0, skipped: 1 });
    expect(sender.calls).toBe(0);
    expect(await store.listDeliveries(sub.id)).toEqual([
      expect.objectContaining({ status: 'skipped', error: expect.stringContaining('beyond catch-up') }),
    ]);
    expect((await store.getSubscription(sub.id))?.nextDueAt?.toISOString()).toBe('2026-12-07T01:00:00.000Z');
  });
});

describe('failures', () => {
  it('retries a transient failure with backoff, then delivers once', async () => {
    const sub = await addSub(store, data, { kind: 'digest' }, created);
    const sender = recordingSender((_t, _m, call) =>
      call <= 2 ? { ok: false, permanent: false, reason: 'http_502' } : undefined,
    );
    const { run } = deliveryDeps(store, () => data, { test: sender });
    expect(await run(justAfter)).toMatchObject({ retried: 1, sent: 0 });
    const row = (await store.listDeliveries(sub.id))[0];
    expect(row).toMatchObject({
      status: 'retry',
      attempts: 1,
      error: 'http_502',
      nextAttemptAt: new Date(justAfter.getTime() + 60_000),
    });
    // Still due (not advanced) but not retried before its time.
    expect(await run(new Date(justAfter.getTime() + 30_000))).toMatchObject({ due: 1, busy: 1, sent: 0 });
    expect(await run(new Date(justAfter.getTime() + 60_000))).toMatchObject({ retried: 1 });
    expect(await run(new Date(justAfter.getTime() + 180_000))).toMatchObject({ sent: 1 });
    expect(sender.sent).toHaveLength(1);
    expect((await store.listDeliveries(sub.id))[0]).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('honours Retry-After when it is longer than the backoff', async () => {
    const sub = await addSub(store, data, { kind: 'digest' }, created);
    const sender = recordingSender(() => ({
      ok: false,
      permanent: false,
      reason: 'ratelimited',
      retryAfterMs: 300_000,
    }));
    await deliveryDeps(store, () => data, { test: sender }).run(justAfter);
    expect((await store.listDeliveries(sub.id))[0].nextAttemptAt).toEqual(new Date(justAfter.getTime() + 300_000));
  });

  it('marks an occurrence failed after the last attempt and logs it', async () => {
    const sub = await addSub(store, data, { kind: 'digest' }, created);
    const sender = recordingSender(() => ({ ok: false, permanent: false, reason: 'http_500' }));
    const { run, logger } = deliveryDeps(
      store,
      () => data,
      { test: sender },
      { maxAttempts: 3, backoffMs: () => 1000 },
    );
    const reports = [];
    for (let i = 0; i < 5; i += 1) reports.push(await run(new Date(justAfter.getTime() + i * 10_000)));
    expect(reports.map((r) => [r.retried, r.failed])).toEqual([
      [1, 0],
      [1, 0],
      [0, 1],
      [0, 0],
      [0, 0],
    ]);
    expect(sender.calls).toBe(3);
    expect((await store.listDeliveries(sub.id))[0]).toMatchObject({ status: 'failed', attempts: 3 });
    expect(logger.lines.some((l) => l.level === 'error' && l.msg === 'delivery failed after the last attempt')).toBe(
      true,
    );
    // Settled: the schedule moves on to next week.
    expect((await store.getSubscription(sub.id))?.nextDueAt?.toISOString()).toBe('2026-12-07T01:00:00.000Z');
  });

  it('pauses a subscription on a permanent error and says why', async () => {
    const sub = await addSub(store, data, { kind: 'digest' }, created);
    const sender = recordingSender(() => ({ ok: false, permanent: true, reason: 'is_archived' }));
    const { run } = deliveryDeps(store, () => data, { test: sender });
    expect(await run(justAfter)).toMatchObject({ paused: 1, sent: 0 });
    const paused = await store.getSubscription(sub.id);
    expect(paused).toMatchObject({
      status: 'paused',
      pausedReason: expect.stringContaining('the channel is archived'),
    });
    expect(await run(justAfter)).toMatchObject({ due: 0 });
    expect(sender.calls).toBe(1);
  });

  it('treats a throwing sender as transient and keeps going with the other channels', async () => {
    await addSub(store, data, { kind: 'digest', channel: 'BAD' }, created);
    await addSub(store, data, { kind: 'digest', channel: 'OK' }, created);
    const sender = recordingSender((t) => {
      if (t.channel === 'BAD') throw new Error('socket hang up');
      return undefined;
    });
    const r = await deliveryDeps(store, () => data, { test: sender }).run(justAfter);
    expect(r).toMatchObject({ sent: 1, retried: 1 });
    expect(sender.sent.map((s) => s.target.channel)).toEqual(['OK']);
  });

  it('leaves subscriptions of a platform without a sender due, and says so', async () => {
    const sub = await addSub(store, data, { kind: 'digest', platform: 'elsewhere' }, created);
    const { run, logger } = deliveryDeps(store, () => data, {});
    expect(await run(justAfter)).toMatchObject({ due: 1, noSender: 1, sent: 0 });
    expect((await store.getSubscription(sub.id))?.nextDueAt?.toISOString()).toBe(mondaySlot.toISOString());
    expect(logger.lines.some((l) => l.platform === 'elsewhere' && l.level === 'warn')).toBe(true);
  });
});

describe('fan-out', () => {
  it('one stuck workspace never delays the others, within the concurrency limits', async () => {
    for (let i = 0; i < 6; i += 1)
      await addSub(store, data, { kind: 'digest', workspace: 'SLOW', channel: `S${i}` }, created);
    for (let i = 0; i < 20; i += 1)
      await addSub(store, data, { kind: 'digest', workspace: `W${i % 4}`, channel: `F${i}` }, created);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const perWorkspace = new Map<string, number>();
    let maxPerWorkspace = 0;
    let fastDone = 0;
    let allFast: () => void = () => undefined;
    const fastFinished = new Promise<void>((resolve) => {
      allFast = resolve;
    });
    const sender = recordingSender(async (t) => {
      perWorkspace.set(t.workspace, (perWorkspace.get(t.workspace) ?? 0) + 1);
      maxPerWorkspace = Math.max(maxPerWorkspace, perWorkspace.get(t.workspace) ?? 0);
      try {
        if (t.workspace === 'SLOW') await gate;
        else await new Promise((r) => setImmediate(r));
      } finally {
        perWorkspace.set(t.workspace, (perWorkspace.get(t.workspace) ?? 1) - 1);
      }
      if (t.workspace !== 'SLOW' && (fastDone += 1) === 20) allFast();
      return undefined;
    });
    const running = deliveryDeps(
      store,
      () => data,
      { test: sender },
      { globalConcurrency: 6, perWorkspaceConcurrency: 2 },
    ).run(justAfter);
    await fastFinished;
    await new Promise((r) => setImmediate(r)); // let the recorder note the last fast send
    // Every other workspace is done while the slow one still holds its two slots.
    expect(sender.sent.filter((s) => s.target.workspace === 'SLOW')).toHaveLength(0);
    expect(sender.sent).toHaveLength(20);
    release();
    expect(await running).toMatchObject({ due: 26, sent: 26 });
    expect(maxPerWorkspace).toBe(2);
    expect(sender.maxInFlight).toBeLessThanOrEqual(6);
    expect(sender.maxInFlight).toBeGreaterThan(2);
  });

  it('spaces messages to the same channel', async () => {
    await addSub(
      store,
      data,
      { kind: 'digest', cadence: 'daily', time: '09:00', zone: 'America/New_York' },
      new Date('2026-11-28T00:00:00Z'),
    );
    await addSub(
      store,
      data,
      { kind: 'reminders', time: '09:00', zone: 'America/New_York' },
      new Date('2026-11-28T00:00:00Z'),
    );
    const sender = recordingSender();
    const { run, sleeps } = deliveryDeps(store, () => data, { test: sender });
    // 29 Nov 09:00 EST: the daily digest and the Goods Agreement anniversary, same channel.
    expect(await run(new Date('2026-11-29T14:00:10Z'))).toMatchObject({ sent: 2 });
    expect(sleeps).toEqual([1100]);
  });
});

describe('reminders and alerts', () => {
  it('sends the 1st anniversary of the signing at 09:00 local, then moves to the next', async () => {
    // Subscribed on 27 Oct (Singapore): the next day-precision anniversary is the signing's.
    const sub = await addSub(store, data, { kind: 'reminders' }, new Date('2026-10-27T00:00:00Z'));
    expect(sub.nextDueAt?.toISOString()).toBe('2026-10-28T01:00:00.000Z');
    const sender = recordingSender();
    const { run } = deliveryDeps(store, () => data, { test: sender });
    expect(await run(new Date('2026-10-28T01:00:00Z'))).toMatchObject({ sent: 1 });
    expect(await run(new Date('2026-10-28T02:00:00Z'))).toMatchObject({ due: 0 });
    expect(toPlainText(sender.sent[0].msg)).toContain('1st anniversary: CAFTA 3.0 Upgrade Protocol signed');
    expect((await store.listDeliveries(sub.id))[0]).toMatchObject({
      kind: 'reminder',
      occurrence: 'signing:2026',
      status: 'sent',
    });
    expect((await store.getSubscription(sub.id))?.nextDueAt?.toISOString()).toBe('2026-11-04T01:00:00.000Z');
  });

  it('alerts each subscriber once per new event, only for events after subscribing', async () => {
    const copy = copyData();
    try {
      const before = loadData(copy.dir);
      const a = await addSub(store, before, { kind: 'alerts', channel: 'A' }, created);
      const b = await addSub(store, before, { kind: 'alerts', channel: 'B', workspace: 'W2' }, created);
      let current = before;
      const sender = recordingSender();
      const { run } = deliveryDeps(store, () => current, { test: sender });
      expect(await run(justAfter)).toMatchObject({ sent: 0 });

      addFixtureEvents(copy.dir, [{ party: 'SG', kind: 'ratification', date: '2026-11-25' }]);
      current = loadData(copy.dir);
      const r1 = await run(new Date(justAfter.getTime() + 60_000));
      expect(r1).toMatchObject({ alertsMarked: 2, sent: 2 });
      expect(await run(new Date(justAfter.getTime() + 120_000))).toMatchObject({ alertsMarked: 0, due: 0, sent: 0 });

      addFixtureEvents(copy.dir, [{ party: 'VN', kind: 'ratification', date: '2026-11-26' }]);
      current = loadData(copy.dir);
      expect(await run(new Date(justAfter.getTime() + 180_000))).toMatchObject({ sent: 2 });
      expect(sender.sent.map((s) => `${s.target.channel} ${s.msg.summary}`).sort()).toEqual([
        'A New record: Singapore ratification (25 Nov 2026)',
        'A New record: Viet Nam ratification (26 Nov 2026)',
        'B New record: Singapore ratification (25 Nov 2026)',
        'B New record: Viet Nam ratification (26 Nov 2026)',
      ]);
      expect((await store.listDeliveries(a.id)).map((d) => d.occurrence).sort()).toEqual([
        'sg-ratification',
        'vn-ratification',
      ]);
      expect((await store.getSubscription(b.id))?.state).toEqual({
        baselineEventIds: ['sg-ratification', 'vn-ratification'],
      });

      // A subscriber that joins now is not alerted about what was already recorded.
      await addSub(store, current, { kind: 'alerts', channel: 'C' }, new Date(justAfter.getTime() + 200_000));
      await store.markAlertsDue(new Date(justAfter.getTime() + 200_000));
      expect(await run(new Date(justAfter.getTime() + 240_000))).toMatchObject({ due: 3, sent: 0 });
    } finally {
      copy.remove();
    }
  });
});
