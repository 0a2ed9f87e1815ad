/**
 * The Store contract: one suite, run against every implementation by test/store-contract.test.ts.
 * A backend supplies fresh databases (a temp file, a new schema) and opens stores on them; the
 * suite opens several stores on one database where it needs separate connections.
 */
import type { Store, NewSubscription } from '../../src/store/store';
import type { SubscriptionKind } from '../../src/delivery/model';

export interface StoreBackend {
  /** A new, empty database; returns how to reach it (file path, schema name). */
  newDatabase(): Promise<string>;
  /** Opens a store (not yet migrated) on that database. */
  open(db: string, opts?: { poolMax?: number }): Store;
  /** Versions in schema_migrations. */
  applied(store: Store): Promise<number[]>;
  /**
   * Migrates `db` to version 1 only (the schema before languages) and writes one subscription
   * there as that release did: platform chat, workspace W1, channel C1, kind digest.
   */
  writeVersion1Subscription(db: string): Promise<void>;
}

/** The row a version-1 release wrote; the instants are filled in by each backend. */
export const VERSION_1_INSERT = `INSERT INTO subscriptions (id, platform, workspace, channel, kind, address, cadence,
  weekday, time, zone, next_due_at, status, created_at, updated_at)
  VALUES ('legacy-1', 'chat', 'W1', 'C1', 'digest', '{}', 'weekly', 1, '09:00', 'UTC', NULL, 'active', $1, $1)`;

export const T0 = new Date('2026-11-30T00:00:00.000Z');
export const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

export function newSub(over: Partial<NewSubscription> = {}): NewSubscription {
  return {
    platform: 'chat',
    workspace: 'W1',
    channel: 'C1',
    address: { channel: 'C1', thread: null },
    kind: 'digest',
    cadence: 'weekly',
    weekday: 1,
    time: '09:00',
    zone: 'Asia/Singapore',
    nextDueAt: at(60),
    createdBy: 'U1',
    state: { dataVersion: 'v1', eventIds: [] },
    lang: 'en',
    ...over,
  };
}

/** Opens stores for one test and closes them all afterwards. */
export function storeFixture(backend: StoreBackend): {
  fresh: () => Promise<{ store: Store; db: string }>;
  peer: (db: string, opts?: { poolMax?: number }) => Promise<Store>;
} {
  const open: Store[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  const peer = async (db: string, opts?: { poolMax?: number }): Promise<Store> => {
    const s = backend.open(db, opts);
    open.push(s);
    return s;
  };
  return {
    fresh: async () => {
      const db = await backend.newDatabase();
      const store = await peer(db);
      await store.migrate();
      return { store, db };
    },
    peer,
  };
}

/** Adds subscriptions of several kinds in one channel. */
export async function subscribeAll(
  store: Store,
  channel: string,
  kinds: SubscriptionKind[],
  now = T0,
): Promise<string[]> {
  const ids: string[] = [];
  for (const kind of kinds)
    ids.push((await store.upsertSubscription(newSub({ channel, kind, address: { channel } }), now)).id);
  return ids;
}

/** Migrations, subscriptions, channel addresses, installations and metadata. */
export function subscriptionContract(backend: StoreBackend): void {
  const { fresh, peer } = storeFixture(backend);

  describe('migrations', () => {
    it('are recorded once and can be applied again without change', async () => {
      const { store, db } = await fresh();
      const first = await backend.applied(store);
      expect(first.length).toBeGreaterThan(0);
      await store.upsertSubscription(newSub(), T0);
      await store.migrate();
      const again = await peer(db);
      await again.migrate();
      expect(await backend.applied(again)).toEqual(first);
      expect(await again.countSubscriptions()).toBe(1);
    });

    it('step 2 gives subscriptions made before languages English; later ones keep their own', async () => {
      const db = await backend.newDatabase();
      await backend.writeVersion1Subscription(db);
      const store = await peer(db);
      await store.migrate();
      expect(await backend.applied(store)).toEqual([1, 2, 3]);
      const [old] = await store.listSubscriptions({ platform: 'chat', workspace: 'W1', channel: 'C1' });
      expect(old).toMatchObject({ id: 'legacy-1', kind: 'digest', lang: 'en' });
      // Step 3: a subscription made before filters covers every party and area.
      expect(old.filters).toEqual({ parties: [], areas: [] });
      const zh = await store.upsertSubscription(newSub({ channel: 'C2', lang: 'zh' }), T0);
      expect(zh.lang).toBe('zh');
      expect((await store.getSubscription(zh.id))?.lang).toBe('zh');
      // Subscribing again with another language switches it in place.
      const back = await store.upsertSubscription(newSub({ channel: 'C2', lang: 'en' }), at(1));
      expect(back).toMatchObject({ id: zh.id, lang: 'en' });
    });

    it('step 3: filters round-trip, are replaced by a new upsert, and default to none', async () => {
      const { store } = await fresh();
      const none = await store.upsertSubscription(newSub({ channel: 'F0' }), T0);
      expect(none.filters).toEqual({ parties: [], areas: [] });
      const filtered = await store.upsertSubscription(
        newSub({ channel: 'F1', filters: { parties: ['vn', 'th'], areas: [4, 9] } }),
        T0,
      );
      expect(filtered.filters).toEqual({ parties: ['vn', 'th'], areas: [4, 9] });
      expect((await store.getSubscription(filtered.id))?.filters).toEqual({ parties: ['vn', 'th'], areas: [4, 9] });
      const [listed] = await store.listSubscriptions({ platform: 'chat', workspace: 'W1', channel: 'F1' });
      expect(listed.filters).toEqual({ parties: ['vn', 'th'], areas: [4, 9] });
      // Updating the schedule keeps them; an upsert replaces them (here: clears them).
      await store.updateSubscription(filtered.id, { nextDueAt: at(5) }, at(1));
      expect((await store.getSubscription(filtered.id))?.filters.parties).toEqual(['vn', 'th']);
      const cleared = await store.upsertSubscription(
        newSub({ channel: 'F1', filters: { parties: [], areas: [] } }),
        at(2),
      );
      expect(cleared).toMatchObject({ id: filtered.id, filters: { parties: [], areas: [] } });
      const due = await store.dueSubscriptions(at(1000), 10);
      expect(due.map((s) => s.filters)).toEqual([
        { parties: [], areas: [] },
        { parties: [], areas: [] },
      ]);
    });

    it('run concurrently from two stores on one empty database', async () => {
      const db = await backend.newDatabase();
      const [a, b] = [await peer(db), await peer(db)];
      await Promise.all([a.migrate(), b.migrate()]);
      expect(await backend.applied(a)).toEqual(await backend.applied(b));
      await a.ping();
      expect(await b.countSubscriptions()).toBe(0);
    });
  });

  describe('subscriptions', () => {
    it('upsert creates, then replaces in place: same id, new schedule, reactivated, state kept', async () => {
      const { store } = await fresh();
      const created = await store.upsertSubscription(newSub({ state: { dataVersion: 'v1', eventIds: ['a'] } }), T0);
      expect(created).toMatchObject({
        platform: 'chat',
        workspace: 'W1',
        channel: 'C1',
        kind: 'digest',
        cadence: 'weekly',
        weekday: 1,
        time: '09:00',
        zone: 'Asia/Singapore',
        status: 'active',
        pausedReason: null,
        createdBy: 'U1',
        address: { channel: 'C1', thread: null },
        state: { dataVersion: 'v1', eventIds: ['a'] },
      });
      expect(created.id).toMatch(/\S{8,}/);
      expect(created.nextDueAt).toEqual(at(60));
      expect(created.createdAt).toEqual(T0);

      await store.updateSubscription(created.id, { status: 'paused', pausedReason: 'channel archived' }, at(1));
      expect((await store.getSubscription(created.id))?.status).toBe('paused');

      const replaced = await store.upsertSubscription(
        newSub({
          cadence: 'daily',
          weekday: 5,
          time: '17:30',
          zone: 'Europe/London',
          nextDueAt: at(120),
          createdBy: 'U2',
          address: { channel: 'C1', thread: 't' },
          state: { dataVersion: 'v2', eventIds: [], extra: 1 },
        }),
        at(2),
      );
      expect(replaced.id).toBe(created.id);
      expect(replaced).toMatchObject({
        cadence: 'daily',
        weekday: 5,
        time: '17:30',
        zone: 'Europe/London',
        status: 'active',
        pausedReason: null,
        createdBy: 'U1',
        address: { channel: 'C1', thread: 't' },
        // keys delivery already keeps win; new keys are added
        state: { dataVersion: 'v1', eventIds: ['a'], extra: 1 },
      });
      expect(replaced.nextDueAt).toEqual(at(120));
      expect(replaced.createdAt).toEqual(T0);
      expect(replaced.updatedAt).toEqual(at(2));
      expect(await store.countSubscriptions()).toBe(1);
    });

    it('keeps one row per channel and kind; null nextDueAt round-trips', async () => {
      const { store } = await fresh();
      const alerts = await store.upsertSubscription(newSub({ kind: 'alerts', nextDueAt: null }), T0);
      expect(alerts.nextDueAt).toBeNull();
      await store.upsertSubscription(newSub({ kind: 'digest' }), T0);
      await store.upsertSubscription(newSub({ kind: 'digest', channel: 'C2' }), T0);
      await store.upsertSubscription(newSub({ kind: 'digest', workspace: 'W2' }), T0);
      expect(await store.countSubscriptions()).toBe(4);
      expect(await store.getSubscription('no-such-id')).toBeNull();
    });

    it('lists by channel or by workspace', async () => {
      const { store } = await fresh();
      await subscribeAll(store, 'C1', ['digest', 'alerts']);
      await subscribeAll(store, 'C2', ['reminders']);
      await store.upsertSubscription(newSub({ workspace: 'W2' }), T0);
      const c1 = await store.listSubscriptions({ platform: 'chat', workspace: 'W1', channel: 'C1' });
      expect(c1.map((s) => s.kind).sort()).toEqual(['alerts', 'digest']);
      const w1 = await store.listSubscriptions({ platform: 'chat', workspace: 'W1' });
      expect(w1.map((s) => `${s.channel}:${s.kind}`).sort()).toEqual(['C1:alerts', 'C1:digest', 'C2:reminders']);
      expect(await store.listSubscriptions({ platform: 'other', workspace: 'W1' })).toEqual([]);
    });

    it('deletes the given kinds of one channel, with their ledger rows', async () => {
      const { store } = await fresh();
      const [digest, alerts] = await subscribeAll(store, 'C1', ['digest', 'alerts', 'reminders']);
      const [otherDigest] = await subscribeAll(store, 'C2', ['digest']);
      await store.claimDelivery({ subscriptionId: digest, kind: 'digest', occurrence: 'o1' }, 'p', T0, 60_000);
      await store.claimDelivery({ subscriptionId: otherDigest, kind: 'digest', occurrence: 'o1' }, 'p', T0, 60_000);
      const key = { platform: 'chat', workspace: 'W1', channel: 'C1' };
      expect(await store.deleteSubscriptions(key, ['digest', 'alerts'])).toBe(2);
      expect(await store.getSubscription(digest)).toBeNull();
      expect(await store.getSubscription(alerts)).toBeNull();
      expect(await store.listDeliveries(digest)).toEqual([]);
      expect(await store.listDeliveries(otherDigest)).toHaveLength(1);
      expect(await store.deleteSubscriptions(key, ['digest'])).toBe(0);
      expect(await store.deleteSubscriptions(key, [])).toBe(0);
      expect((await store.listSubscriptions(key)).map((s) => s.kind)).toEqual(['reminders']);
    });

    it('patches only the given fields', async () => {
      const { store } = await fresh();
      const s = await store.upsertSubscription(newSub(), T0);
      await store.updateSubscription(s.id, { nextDueAt: at(999) }, at(5));
      let got = await store.getSubscription(s.id);
      expect(got).toMatchObject({ status: 'active', state: s.state, time: '09:00' });
      expect(got?.nextDueAt).toEqual(at(999));
      expect(got?.updatedAt).toEqual(at(5));
      await store.updateSubscription(s.id, { state: { replaced: true }, nextDueAt: null }, at(6));
      got = await store.getSubscription(s.id);
      expect(got?.state).toEqual({ replaced: true });
      expect(got?.nextDueAt).toBeNull();
      await store.updateSubscription(s.id, { status: 'paused', pausedReason: 'bot removed' }, at(7));
      expect(await store.getSubscription(s.id)).toMatchObject({ status: 'paused', pausedReason: 'bot removed' });
    });

    it('selects due subscriptions: active only, oldest first, boundary included, limited', async () => {
      const { store } = await fresh();
      const mk = async (channel: string, due: Date | null, kind: SubscriptionKind = 'digest') =>
        (await store.upsertSubscription(newSub({ channel, kind, nextDueAt: due }), T0)).id;
      const late = await mk('late', at(-30));
      const exact = await mk('exact', at(0));
      const early = await mk('early', at(-90));
      await mk('future', at(1));
      await mk('never', null, 'alerts');
      const paused = await mk('paused', at(-120));
      await store.updateSubscription(paused, { status: 'paused', pausedReason: 'channel archived' }, T0);

      expect((await store.dueSubscriptions(T0, 10)).map((s) => s.id)).toEqual([early, late, exact]);
      expect((await store.dueSubscriptions(T0, 2)).map((s) => s.id)).toEqual([early, late]);
      expect(await store.dueSubscriptions(at(-200), 10)).toEqual([]);
      expect(await store.dueSubscriptions(T0, 0)).toEqual([]);
    });

    it('markAlertsDue makes active alerts due now and leaves others alone', async () => {
      const { store } = await fresh();
      const a1 = (await store.upsertSubscription(newSub({ channel: 'A1', kind: 'alerts', nextDueAt: null }), T0)).id;
      const a2 = (await store.upsertSubscription(newSub({ channel: 'A2', kind: 'alerts', nextDueAt: at(-10) }), T0)).id;
      const a3 = (await store.upsertSubscription(newSub({ channel: 'A3', kind: 'alerts', nextDueAt: null }), T0)).id;
      await store.updateSubscription(a3, { status: 'paused', pausedReason: 'bot removed' }, T0);
      const digest = (await store.upsertSubscription(newSub({ channel: 'D', kind: 'digest', nextDueAt: at(500) }), T0))
        .id;

      expect(await store.markAlertsDue(at(5))).toBe(2);
      expect((await store.getSubscription(a1))?.nextDueAt).toEqual(at(5));
      expect((await store.getSubscription(a2))?.nextDueAt).toEqual(at(-10));
      expect((await store.getSubscription(a3))?.nextDueAt).toBeNull();
      expect((await store.getSubscription(digest))?.nextDueAt).toEqual(at(500));
      expect((await store.dueSubscriptions(at(5), 10)).map((s) => s.id)).toEqual([a2, a1]);
    });
  });

  describe('channels', () => {
    it("saveChannel remembers the address and refreshes that channel's subscriptions only", async () => {
      const { store } = await fresh();
      await subscribeAll(store, 'C1', ['digest', 'alerts']);
      await subscribeAll(store, 'C2', ['digest']);
      const key = { platform: 'chat', workspace: 'W1', channel: 'C1' };
      expect(await store.getChannel(key)).toBeNull();
      const address = { serviceUrl: 'https://new.example/', conversation: { id: 'C1' } };
      await store.saveChannel({ ...key, address }, at(3));
      expect(await store.getChannel(key)).toEqual({ ...key, address });
      for (const s of await store.listSubscriptions(key)) expect(s.address).toEqual(address);
      const [c2] = await store.listSubscriptions({ platform: 'chat', workspace: 'W1', channel: 'C2' });
      expect(c2.address).toEqual({ channel: 'C2' });
      await store.saveChannel({ ...key, address: 'plain-string' }, at(4));
      expect((await store.getChannel(key))?.address).toBe('plain-string');
    });

    it('deleteChannel forgets one channel, its subscriptions and ledger', async () => {
      const { store } = await fresh();
      const [d1] = await subscribeAll(store, 'C1', ['digest', 'alerts']);
      await subscribeAll(store, 'C2', ['digest']);
      const key = { platform: 'chat', workspace: 'W1', channel: 'C1' };
      await store.saveChannel({ ...key, address: { x: 1 } }, T0);
      await store.claimDelivery({ subscriptionId: d1, kind: 'digest', occurrence: 'o' }, 'p', T0, 1000);
      expect(await store.deleteChannel(key)).toBe(2);
      expect(await store.getChannel(key)).toBeNull();
      expect(await store.listDeliveries(d1)).toEqual([]);
      expect(await store.countSubscriptions()).toBe(1);
      expect(await store.deleteChannel(key)).toBe(0);
    });

    it('deleteWorkspace removes a whole workspace and nothing else', async () => {
      const { store } = await fresh();
      await subscribeAll(store, 'C1', ['digest', 'alerts']);
      await subscribeAll(store, 'C2', ['reminders']);
      await store.upsertSubscription(newSub({ workspace: 'W2' }), T0);
      await store.upsertSubscription(newSub({ platform: 'other' }), T0);
      await store.saveChannel({ platform: 'chat', workspace: 'W1', channel: 'C1', address: {} }, T0);
      expect(await store.deleteWorkspace('chat', 'W1')).toBe(3);
      expect(await store.getChannel({ platform: 'chat', workspace: 'W1', channel: 'C1' })).toBeNull();
      expect(await store.countSubscriptions()).toBe(2);
    });
  });

  describe('installations and metadata', () => {
    it('saves, replaces, reads and deletes installation JSON per platform', async () => {
      const { store } = await fresh();
      expect(await store.getInstallation('chat', 'T1')).toBeNull();
      await store.saveInstallation('chat', 'T1', { bot: { token: 'x' }, n: 1 }, T0);
      await store.saveInstallation('chat', 'T1', { bot: { token: 'y' }, n: 2 }, at(1));
      await store.saveInstallation('other', 'T1', 'just a string', T0);
      expect(await store.getInstallation('chat', 'T1')).toEqual({ bot: { token: 'y' }, n: 2 });
      expect(await store.getInstallation('other', 'T1')).toBe('just a string');
      await store.deleteInstallation('chat', 'T1');
      expect(await store.getInstallation('chat', 'T1')).toBeNull();
      expect(await store.getInstallation('other', 'T1')).toBe('just a string');
    });

    it('compareAndSetMeta replaces only from the expected value', async () => {
      const { store } = await fresh();
      expect(await store.getMeta('dataVersion')).toBeNull();
      expect(await store.compareAndSetMeta('dataVersion', 'x', 'v1')).toBe(false);
      expect(await store.compareAndSetMeta('dataVersion', null, 'v1')).toBe(true);
      expect(await store.compareAndSetMeta('dataVersion', null, 'v2')).toBe(false);
      expect(await store.compareAndSetMeta('dataVersion', 'v0', 'v2')).toBe(false);
      expect(await store.getMeta('dataVersion')).toBe('v1');
      expect(await store.compareAndSetMeta('dataVersion', 'v1', 'v2')).toBe(true);
      expect(await store.getMeta('dataVersion')).toBe('v2');
    });
  });
}
