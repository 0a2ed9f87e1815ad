/**
 * Scale of the store: 100,000 subscriptions of which 1% are due; the cost of the selection one
 * run-due page makes (`dueSubscriptions(now, 500)`), its query plan (must use the due index, not
 * scan the table), on SQLite always and on PostgreSQL when a database URL is set.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresStore, POSTGRES_DUE_SQL } from '../src/store/postgres';
import { createSqliteStore, SQLITE_DUE_SQL } from '../src/store/sqlite';
import type { Store } from '../src/store/store';
import { seedPostgres, seedSqlite, type SeedPlan } from './lib/seed';
import { percentile, printTable } from './lib/stats';
import { ms, type BenchOptions, type TargetResult } from './lib/targets';

const TOTAL = 100_000;
const NOW = new Date('2026-11-30T09:00:30Z');
const PLAN: SeedPlan = {
  count: TOTAL,
  workspaces: 50,
  dueEvery: 100,
  dueAt: new Date('2026-11-30T09:00:00Z'),
  laterAt: new Date('2026-12-07T09:00:00Z'),
  createdAt: new Date('2026-11-01T00:00:00Z'),
};
const PAGE = 500;
const RUNS = 15;
const TARGET_MS = 50;

async function timeSelection(store: Store, limit: number): Promise<{ median: number; rows: number }> {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i += 1) {
    const t0 = process.hrtime.bigint();
    rows = (await store.dueSubscriptions(NOW, limit)).length;
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return {
    median: percentile(
      times.sort((a, b) => a - b),
      50,
    ),
    rows,
  };
}

interface Measured {
  store: string;
  seedMs: number;
  page: { median: number; rows: number };
  all: { median: number; rows: number };
  plan: string;
  usesIndex: boolean;
  /** The same selection forced to read the whole table, for scale. */
  scanMs: number;
}

async function measureSqlite(): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'cafta-bench-store-'));
  const store = createSqliteStore(join(dir, 'cafta.db'));
  try {
    await store.migrate();
    const t0 = Date.now();
    seedSqlite(store, PLAN);
    store.db.exec('ANALYZE');
    const seedMs = Date.now() - t0;
    const plan = (
      store.db.prepare(`EXPLAIN QUERY PLAN ${SQLITE_DUE_SQL}`).all(NOW.getTime(), PAGE) as Array<{ detail: string }>
    )
      .map((r) => r.detail)
      .join('; ');
    const page = await timeSelection(store, PAGE);
    const all = await timeSelection(store, TOTAL);
    const s0 = process.hrtime.bigint();
    store.db
      .prepare(SQLITE_DUE_SQL.replace('FROM subscriptions', 'FROM subscriptions NOT INDEXED'))
      .all(NOW.getTime(), PAGE);
    const scanMs = Number(process.hrtime.bigint() - s0) / 1e6;
    return {
      store: 'SQLite',
      seedMs,
      page,
      all,
      plan,
      usesIndex: /USING (COVERING )?INDEX subscriptions_due/.test(plan) && !/SCAN subscriptions(?! USING)/.test(plan),
      scanMs,
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measurePostgres(url: string): Promise<Measured> {
  const schema = `bench_store_${process.pid}_${randomBytes(3).toString('hex')}`;
  const store = createPostgresStore(url, { schema });
  try {
    await store.migrate();
    const t0 = Date.now();
    await seedPostgres(store.pool, PLAN);
    const seedMs = Date.now() - t0;
    const explain = await store.pool.query(`EXPLAIN (ANALYZE, COSTS OFF) ${POSTGRES_DUE_SQL}`, [NOW, PAGE]);
    const plan = explain.rows.map((r: Record<string, string>) => r['QUERY PLAN'].trim()).join('; ');
    const page = await timeSelection(store, PAGE);
    const all = await timeSelection(store, TOTAL);
    const client = await store.pool.connect();
    let scanMs = NaN;
    try {
      // Session-only settings on one connection: the planner may not use indexes, for scale.
      await client.query('SET enable_indexscan = off; SET enable_bitmapscan = off; SET enable_indexonlyscan = off');
      const s0 = process.hrtime.bigint();
      await client.query(POSTGRES_DUE_SQL, [NOW, PAGE]);
      scanMs = Number(process.hrtime.bigint() - s0) / 1e6;
    } finally {
      client.release(true);
    }
    return {
      store: 'PostgreSQL',
      seedMs,
      page,
      all,
      plan,
      usesIndex: /subscriptions_due/.test(plan) && !/Seq Scan on subscriptions/.test(plan),
      scanMs,
    };
  } finally {
    await store.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await store.close();
  }
}

export async function runStore(_opts: BenchOptions): Promise<TargetResult[]> {
  const measured: Measured[] = [await measureSqlite()];
  const url = process.env.CAFTA_TEST_DATABASE_URL?.trim() || process.env.DATABASE_URL?.trim();
  const targets: TargetResult[] = [];
  if (url) measured.push(await measurePostgres(url));
  else
    targets.push({
      bench: 'store',
      target: 'PostgreSQL',
      measured: 'skipped: set CAFTA_TEST_DATABASE_URL or DATABASE_URL',
      ok: null,
    });

  printTable(
    `Store: ${TOTAL.toLocaleString('en-US')} subscriptions, 1% due; median of ${RUNS} selections`,
    measured.map((m) => ({
      store: m.store,
      'seed ms': m.seedMs,
      [`select ${PAGE} due`]: ms(m.page.median),
      rows: m.page.rows,
      'select all due': ms(m.all.median),
      'all rows': m.all.rows,
      'forced full scan': ms(m.scanMs),
      'uses index': m.usesIndex ? 'yes' : 'NO',
    })),
  );
  for (const m of measured) console.log(`${m.store} plan: ${m.plan}`);
  for (const m of measured) {
    targets.push(
      {
        bench: 'store',
        target: `${m.store}: due selection uses the index`,
        measured: m.usesIndex ? 'index' : 'scan',
        ok: m.usesIndex,
      },
      {
        bench: 'store',
        target: `${m.store}: one run-due page (${PAGE}) < ${TARGET_MS} ms`,
        measured: ms(m.page.median),
        ok: m.page.median < TARGET_MS && m.page.rows === PAGE,
      },
    );
  }
  return targets;
}
