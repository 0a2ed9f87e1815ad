/**
 * One Store contract, run on SQLite always and on PostgreSQL when CAFTA_TEST_DATABASE_URL is set.
 * Plus: dueSubscriptions is served by the (status, next_due_at) index on both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore, SQLITE_DUE_SQL } from '../src/store/sqlite';
import { PostgresStore, POSTGRES_DUE_SQL } from '../src/store/postgres';
import type { Store } from '../src/store/store';
import { SQLITE_MIGRATIONS, POSTGRES_MIGRATIONS } from '../src/store/migrations';
import { subscriptionContract, type StoreBackend, T0, VERSION_1_INSERT } from './support/store-contract';
import { ledgerContract } from './support/store-contract-ledger';
import { describePostgres, dropSchemas, uniqueSchema } from './support/postgres';

describe('SQLite store contract', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cafta-store-'));
  let n = 0;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const backend: StoreBackend = {
    newDatabase: async () => join(dir, `db-${++n}`, 'cafta.db'),
    open: (db) => new SqliteStore(db),
    applied: (s: Store) => (s as SqliteStore).appliedMigrations(),
    async writeVersion1Subscription(db) {
      const v1 = new SqliteStore(db, { migrations: SQLITE_MIGRATIONS.filter((m) => m.version === 1) });
      await v1.migrate();
      v1.db.prepare(VERSION_1_INSERT.replace(/\$1/g, '@t')).run({ t: T0.getTime() });
      await v1.close();
    },
  };
  describe('subscriptions, channels, installations, meta', () => subscriptionContract(backend));
  describe('delivery ledger', () => ledgerContract(backend));

  it('uses the due index, not a table scan', async () => {
    const store = new SqliteStore(join(dir, 'explain.db'));
    await store.migrate();
    const plan = (
      store.db.prepare(`EXPLAIN QUERY PLAN ${SQLITE_DUE_SQL}`).all(T0.getTime(), 100) as Array<{ detail: string }>
    )
      .map((r) => r.detail)
      .join('\n');
    await store.close();
    expect(plan).toMatch(/SEARCH subscriptions USING INDEX subscriptions_due \(status=\? AND next_due_at<\?\)/);
    expect(plan).not.toMatch(/SCAN subscriptions|TEMP B-TREE/);
  });
});

describePostgres('PostgreSQL store contract', (url) => {
  const schemas: string[] = [];
  afterAll(() => dropSchemas(url, schemas));
  const backend: StoreBackend = {
    newDatabase: async () => {
      const s = uniqueSchema('contract');
      schemas.push(s);
      return s;
    },
    open: (schema, opts) => new PostgresStore(url, { schema, poolMax: opts?.poolMax ?? 3 }),
    applied: (s: Store) => (s as PostgresStore).appliedMigrations(),
    async writeVersion1Subscription(schema) {
      const v1 = new PostgresStore(url, {
        schema,
        poolMax: 1,
        migrations: POSTGRES_MIGRATIONS.filter((m) => m.version === 1),
      });
      await v1.migrate();
      await v1.pool.query(VERSION_1_INSERT, [T0]);
      await v1.close();
    },
  };
  describe('subscriptions, channels, installations, meta', () => subscriptionContract(backend));
  describe('delivery ledger', () => ledgerContract(backend));

  it('uses the due index once the table is large, not a sequential scan', async () => {
    const schema = uniqueSchema('explain');
    schemas.push(schema);
    const store = new PostgresStore(url, { schema, poolMax: 1 });
    try {
      await store.migrate();
      // 20,000 subscriptions, 1% due: the planner must reach the due ones through the index.
      await store.pool.query(
        `INSERT INTO subscriptions (id, platform, workspace, channel, kind, address, cadence, weekday,
          time, zone, next_due_at, status, created_at, updated_at)
        SELECT 's' || g, 'chat', 'W', 'C' || g, 'digest', '{}'::jsonb, 'weekly', 1, '09:00', 'UTC',
          $1::timestamptz + (CASE WHEN g % 100 = 0 THEN -1 ELSE 1 END) * interval '1 hour', 'active', $1, $1
        FROM generate_series(1, 20000) AS g`,
        [T0],
      );
      await store.pool.query('ANALYZE subscriptions');
      const res = await store.pool.query(`EXPLAIN ${POSTGRES_DUE_SQL}`, [T0, 100]);
      const plan = res.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
      expect(plan).toMatch(/Index (Only )?Scan using subscriptions_due/);
      expect(plan).not.toMatch(/Seq Scan/);
      expect(await store.dueSubscriptions(T0, 1000)).toHaveLength(200);
    } finally {
      await store.close();
    }
  });
});
