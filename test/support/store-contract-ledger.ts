/**
 * The delivery-ledger half of the Store contract: claim before send, lease takeover, retries,
 * terminal states, and one winner among concurrent claimers on separate connections.
 */
import type { DeliveryKey } from '../../src/store/store';
import { T0, at, newSub, storeFixture, type StoreBackend } from './store-contract';

const LEASE = 5 * 60_000;

export function ledgerContract(backend: StoreBackend): void {
  const { fresh, peer } = storeFixture(backend);

  async function withKey(): Promise<{
    store: Awaited<ReturnType<typeof fresh>>['store'];
    db: string;
    key: DeliveryKey;
  }> {
    const { store, db } = await fresh();
    const sub = await store.upsertSubscription(newSub(), T0);
    return { store, db, key: { subscriptionId: sub.id, kind: 'digest', occurrence: '2026-12-07T01:00:00.000Z' } };
  }

  it('claims a new key once; a second claimer gets null while the lease is live', async () => {
    const { store, key } = await withKey();
    const first = await store.claimDelivery(key, 'worker-a', T0, LEASE);
    expect(first).toMatchObject({ ...key, status: 'claimed', attempts: 1, claimedBy: 'worker-a', messageId: null });
    expect(first?.leaseUntil).toEqual(new Date(T0.getTime() + LEASE));
    expect(await store.claimDelivery(key, 'worker-b', at(4), LEASE)).toBeNull();
    expect(await store.claimDelivery(key, 'worker-a', at(4), LEASE)).toBeNull();
    expect(await store.getDelivery(key)).toMatchObject({ claimedBy: 'worker-a', attempts: 1 });
  });

  it('takes over an expired lease, counting the attempt; the old owner can no longer complete', async () => {
    const { store, key } = await withKey();
    await store.claimDelivery(key, 'dead', T0, LEASE);
    const taken = await store.claimDelivery(key, 'alive', at(5), LEASE);
    expect(taken).toMatchObject({ status: 'claimed', attempts: 2, claimedBy: 'alive' });
    expect(await store.completeDelivery(key, 'dead', 'm-dead', at(6))).toBe(false);
    expect(await store.completeDelivery(key, 'alive', 'm-1', at(6))).toBe(true);
    expect(await store.getDelivery(key)).toMatchObject({
      status: 'sent',
      messageId: 'm-1',
      claimedBy: 'alive',
      leaseUntil: null,
    });
  });

  it('sent is final: never reclaimed, never completed twice, never skipped', async () => {
    const { store, key } = await withKey();
    await store.claimDelivery(key, 'a', T0, LEASE);
    expect(await store.completeDelivery(key, 'a', 'm-1', at(1))).toBe(true);
    expect(await store.completeDelivery(key, 'a', 'm-2', at(2))).toBe(false);
    expect(await store.claimDelivery(key, 'b', at(60 * 24 * 365), LEASE)).toBeNull();
    await store.skipDelivery(key, 'missed', at(3));
    expect(await store.getDelivery(key)).toMatchObject({ status: 'sent', messageId: 'm-1' });
  });

  it('a retry row is claimable only once nextAttemptAt has come', async () => {
    const { store, key } = await withKey();
    await store.claimDelivery(key, 'a', T0, LEASE);
    await store.failDelivery(key, 'a', 'http_502', at(10), at(1));
    expect(await store.getDelivery(key)).toMatchObject({ status: 'retry', error: 'http_502', leaseUntil: null });
    expect((await store.getDelivery(key))?.nextAttemptAt).toEqual(at(10));
    expect(await store.claimDelivery(key, 'b', at(9), LEASE)).toBeNull();
    const again = await store.claimDelivery(key, 'b', at(10), LEASE);
    expect(again).toMatchObject({ status: 'claimed', attempts: 2, claimedBy: 'b', nextAttemptAt: null });
    expect(await store.completeDelivery(key, 'b', 'm', at(11))).toBe(true);
  });

  it("failed for good is never reclaimed; a non-owner cannot fail someone else's claim", async () => {
    const { store, key } = await withKey();
    await store.claimDelivery(key, 'a', T0, LEASE);
    await store.failDelivery(key, 'intruder', 'nope', null, at(1));
    expect(await store.getDelivery(key)).toMatchObject({ status: 'claimed', claimedBy: 'a', error: null });
    await store.failDelivery(key, 'a', 'channel_not_found', null, at(1));
    expect(await store.getDelivery(key)).toMatchObject({
      status: 'failed',
      error: 'channel_not_found',
      nextAttemptAt: null,
    });
    expect(await store.claimDelivery(key, 'b', at(60 * 24 * 30), LEASE)).toBeNull();
    expect(await store.completeDelivery(key, 'a', 'm', at(2))).toBe(false);
  });

  it('skipped is never sent; it replaces a pending retry but never a live claim', async () => {
    const { store, key } = await withKey();
    await store.skipDelivery(key, 'missed by 30 h', T0);
    expect(await store.getDelivery(key)).toMatchObject({ status: 'skipped', attempts: 0, error: 'missed by 30 h' });
    expect(await store.claimDelivery(key, 'a', at(1), LEASE)).toBeNull();

    const retryKey = { ...key, occurrence: 'r' };
    await store.claimDelivery(retryKey, 'a', T0, LEASE);
    await store.failDelivery(retryKey, 'a', 'http_500', at(10), T0);
    await store.skipDelivery(retryKey, 'too late', at(1));
    expect(await store.getDelivery(retryKey)).toMatchObject({ status: 'skipped', error: 'too late' });
    expect(await store.claimDelivery(retryKey, 'b', at(20), LEASE)).toBeNull();

    const liveKey = { ...key, occurrence: 'live' };
    await store.claimDelivery(liveKey, 'a', T0, LEASE);
    await store.skipDelivery(liveKey, 'too late', at(1));
    expect(await store.getDelivery(liveKey)).toMatchObject({ status: 'claimed', claimedBy: 'a' });
    expect(await store.completeDelivery(liveKey, 'a', 'm', at(2))).toBe(true);
  });

  it("releases only the owner's unfinished claims: claimable at once, the attempt not counted, idempotent", async () => {
    const { store, key } = await withKey();
    const k = (occurrence: string): DeliveryKey => ({ ...key, occurrence });
    await store.claimDelivery(k('mine-1'), 'stopping', T0, LEASE);
    await store.claimDelivery(k('mine-2'), 'stopping', T0, LEASE);
    await store.claimDelivery(k('mine-sent'), 'stopping', T0, LEASE);
    await store.completeDelivery(k('mine-sent'), 'stopping', 'm-1', at(1));
    await store.claimDelivery(k('mine-retry'), 'stopping', T0, LEASE);
    await store.failDelivery(k('mine-retry'), 'stopping', 'http_502', at(30), at(1));
    await store.claimDelivery(k('theirs'), 'other', T0, LEASE);

    expect(await store.releaseDeliveries('stopping', at(2))).toBe(2);
    expect(await store.releaseDeliveries('stopping', at(3))).toBe(0);

    // Taken over at once, even at the instant of the original claim, and counted as attempt 1.
    const taken = await store.claimDelivery(k('mine-1'), 'next-run', T0, LEASE);
    expect(taken).toMatchObject({ status: 'claimed', attempts: 1, claimedBy: 'next-run' });
    expect(await store.completeDelivery(k('mine-1'), 'stopping', 'late', at(4))).toBe(false);
    // A released claim nobody took yet can still be completed by its owner (its send finished).
    expect(await store.completeDelivery(k('mine-2'), 'stopping', 'm-2', at(4))).toBe(true);
    // Other owners' claims, settled rows and pending retries are untouched.
    expect(await store.claimDelivery(k('theirs'), 'next-run', at(4), LEASE)).toBeNull();
    expect(await store.getDelivery(k('mine-sent'))).toMatchObject({ status: 'sent', messageId: 'm-1' });
    expect(await store.getDelivery(k('mine-retry'))).toMatchObject({ status: 'retry', attempts: 1 });
  });

  it("lists a subscription's ledger and keys occurrences independently", async () => {
    const { store, key } = await withKey();
    expect(await store.getDelivery(key)).toBeNull();
    await store.claimDelivery(key, 'a', T0, LEASE);
    await store.claimDelivery({ ...key, occurrence: 'other' }, 'a', at(1), LEASE);
    await store.claimDelivery({ ...key, kind: 'reminder' }, 'a', at(2), LEASE);
    const rows = await store.listDeliveries(key.subscriptionId);
    expect(rows.map((r) => `${r.kind}/${r.occurrence}`)).toEqual([
      `digest/${key.occurrence}`,
      'digest/other',
      `reminder/${key.occurrence}`,
    ]);
    expect(await store.listDeliveries('nobody')).toEqual([]);
  });

  it('keeps long platform errors short', async () => {
    const { store, key } = await withKey();
    await store.claimDelivery(key, 'a', T0, LEASE);
    await store.failDelivery(key, 'a', 'x'.repeat(5000), null, at(1));
    expect((await store.getDelivery(key))?.error?.length).toBeLessThanOrEqual(500);
  });

  it('20 concurrent claimers on separate connections: exactly one wins', async () => {
    const { db, key } = await withKey();
    const claimers = await Promise.all(Array.from({ length: 4 }, () => peer(db, { poolMax: 5 })));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => claimers[i % claimers.length].claimDelivery(key, `worker-${i}`, T0, LEASE)),
    );
    const winners = results.filter((r) => r !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0]?.attempts).toBe(1);
    expect((await claimers[0].getDelivery(key))?.claimedBy).toBe(winners[0]?.claimedBy);
  });

  it('20 concurrent takeovers of an expired lease: exactly one wins', async () => {
    const { db, key, store } = await withKey();
    await store.claimDelivery(key, 'dead', T0, LEASE);
    const claimers = await Promise.all(Array.from({ length: 4 }, () => peer(db, { poolMax: 5 })));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        claimers[i % claimers.length].claimDelivery(key, `worker-${i}`, at(6), LEASE),
      ),
    );
    const winners = results.filter((r) => r !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0]?.attempts).toBe(2);
  });
}
