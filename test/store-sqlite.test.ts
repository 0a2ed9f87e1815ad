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
