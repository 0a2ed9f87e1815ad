/**
 * SQLite specifics and store selection: file and folder creation, WAL, busy timeout, ':memory:',
 * createStore picking PostgreSQL only when DATABASE_URL is set.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore } from '../src/store/index';
import { SqliteStore } from '../src/store/sqlite';
import { PostgresStore } from '../src/store/postgres';
import { at, newSub, T0 } from './support/store-contract';

const dir = mkdtempSync(join(tmpdir(), 'cafta-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite store', () => {
  it('creates the parent folder and opens in WAL mode with a busy timeout and foreign keys', async () => {
    const path = join(dir, 'nested', 'deeper', 'cafta.db');
    const store = await createStore({ dbPath: path, databaseUrl: undefined });
    expect(store.name).toBe('sqlite');
    await store.migrate();
    await store.ping();
    expect(existsSync(path)).toBe(true);
    const db = (store as SqliteStore).db;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(Number(db.pragma('busy_timeout', { simple: true }))).toBeGreaterThanOrEqual(1000);
    expect(Number(db.pragma('foreign_keys', { simple: true }))).toBe(1);
    await store.close();
    await store.close(); // closing twice is harmless (shutdown paths may overlap)
  });

  it('keeps data across reopen of the same file', async () => {
    const path = join(dir, 'reopen.db');
    const a = new SqliteStore(path);
    await a.migrate();
    await a.compareAndSetMeta('k', null, 'v');
    await a.close();
    const b = new SqliteStore(path);
    await b.migrate();
    expect(await b.getMeta('k')).toBe('v');
    expect(await b.appliedMigrations()).toEqual([1, 2, 3]);
    await b.close();
  });

  it("works in memory (':memory:') for tests", async () => {
    const store = new SqliteStore(':memory:');
    await store.migrate();
    expect(await store.countSubscriptions()).toBe(0);
    await store.close();
  });

  it('a failed migration step leaves nothing half-applied', async () => {
    const path = join(dir, 'broken.db');
    const store = new SqliteStore(path, {
      migrations: [
        { version: 1, name: 'ok', statements: ['CREATE TABLE a (x INTEGER)'] },
        { version: 2, name: 'broken', statements: ['CREATE TABLE b (y INTEGER)', 'THIS IS NOT SQL'] },
      ],
    });
    // Not `.rejects.toThrow()`: better-sqlite3's native addon is loaded once per Jest worker, so
    // after another test file used it, its SqliteError comes from that file's realm and fails
    // jest's instanceof Error check (the test then failed depending on worker scheduling).
    await expect(store.migrate()).rejects.toHaveProperty('message', expect.stringMatching(/syntax error/));
    const tables = (
      store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>
    ).map((r) => r.name);
    expect(tables).not.toContain('a');
    expect(tables).not.toContain('b');
    await store.close();
  });
});

describe('SQLite group commit of ledger writes', () => {
  it('stores the writes of one turn together, each resolved once committed, a failing one failing alone', async () => {
    const path = join(dir, 'grouped.db');
    const store = new SqliteStore(path);
    await store.migrate();
    const other = new SqliteStore(path); // another replica's connection to the same file
    const sub = await store.upsertSubscription(newSub(), T0);
    const key = (occurrence: string) => ({ subscriptionId: sub.id, kind: 'digest' as const, occurrence });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const [a, b, bad, moved] = await Promise.allSettled([
      store.claimDelivery(key('2026-W49'), 'me', T0, 600_000),
      store.claimDelivery(key('2026-W50'), 'me', T0, 600_000),
      // Cannot be serialised: this write fails, and only this one.
      store.updateSubscription(sub.id, { state: cyclic }, T0),
      store.updateSubscription(sub.id, { nextDueAt: at(120) }, T0),
    ]);
    expect([a.status, b.status, bad.status, moved.status]).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    // Resolved means committed: the other connection sees every write that succeeded.
    expect((await other.getDelivery(key('2026-W49')))?.status).toBe('claimed');
    expect((await other.getDelivery(key('2026-W50')))?.status).toBe('claimed');
    expect((await other.getSubscription(sub.id))?.nextDueAt).toEqual(at(120));
    expect((await other.getSubscription(sub.id))?.state).toEqual(newSub().state);
    // A claim taken is not taken again, even within one group.
    const [again, done] = await Promise.all([
      store.claimDelivery(key('2026-W49'), 'someone-else', at(1), 60_000),
      store.completeDelivery(key('2026-W49'), 'me', 'ts-1', at(1)),
    ]);
    expect(again).toBeNull();
    expect(done).toBe(true);
    // Closing writes what is still queued.
    const pending = store.completeDelivery(key('2026-W50'), 'me', 'ts-2', at(2));
    await store.close();
    expect(await pending).toBe(true);
    expect((await other.getDelivery(key('2026-W50')))?.status).toBe('sent');
    await other.close();
  });
});

describe('SQLite group commit and shutdown', () => {
  it('releasing claims at shutdown also releases a claim asked for just before (writes keep their order)', async () => {
    const store = new SqliteStore(':memory:');
    await store.migrate();
    const sub = await store.upsertSubscription(newSub(), T0);
    const key = { subscriptionId: sub.id, kind: 'digest' as const, occurrence: '2026-W49' };
    // A pass's last claim, then the shutdown's release, in one turn (the grace period ran out).
    const claimed = store.claimDelivery(key, 'me', T0, 600_000);
    const released = store.releaseDeliveries('me', T0);
    expect(await claimed).not.toBeNull();
    expect(await released).toBe(1);
    // Released: another replica may claim it at once instead of waiting out the lease.
    expect(await store.claimDelivery(key, 'next-run', at(1), 600_000)).not.toBeNull();
    await store.close();
  });
});

describe('createStore', () => {
  it('picks PostgreSQL when a database URL is configured (connecting lazily)', async () => {
    const store = await createStore({
      dbPath: join(dir, 'unused.db'),
      databaseUrl: 'postgres://nobody@127.0.0.1:1/none',
    });
    expect(store).toBeInstanceOf(PostgresStore);
    expect(store.name).toBe('postgres');
    expect(existsSync(join(dir, 'unused.db'))).toBe(false);
    await store.close();
  });

  it('rejects a schema name that is not a plain identifier', () => {
    expect(() => new PostgresStore('postgres://x@127.0.0.1/db', { schema: 'a"; DROP TABLE x; --' })).toThrow(
      /plain identifier/,
    );
  });
});
