/**
 * Three run-due processes race on the same due set in one PostgreSQL schema: each subscription
 * gets exactly one message. Runs only when CAFTA_TEST_DATABASE_URL is set (says so otherwise).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore } from '../src/store/index';
import { runChild } from './support/child-run';
import { FIXTURE_DATA_DIR } from './support/data-fixture';
import { addSub, realData } from './support/delivery-harness';
import { describePostgres, dropSchemas, uniqueSchema } from './support/postgres';

describePostgres('delivery on PostgreSQL: three racing run-due processes', (url) => {
  const schema = uniqueSchema('delivery_race');
  const dir = mkdtempSync(join(tmpdir(), 'cafta-race-'));
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await dropSchemas(url, [schema]);
  });

  it('delivers each of 36 due digests exactly once', async () => {
    const data = realData();
    const store = await createStore({ databaseUrl: url, dbPath: '' }, { schema });
    await store.migrate();
    const expected: string[] = [];
    for (let i = 0; i < 36; i += 1) {
      const channel = `R${i}`;
      expected.push(channel);
      await addSub(store, data, { kind: 'digest', channel, workspace: `W${i % 3}` }, new Date('2026-11-24T00:00:00Z'));
    }
    await store.close();

    const records = [0, 1, 2].map((i) => join(dir, `sent-${i}.jsonl`));
    const startAt = Date.now() + 2500; // a common start line: the children race for real
    const runs = records.map((record) =>
      runChild({
        databaseUrl: url,
        schema,
        dataDir: FIXTURE_DATA_DIR,
        record,
        now: '2026-11-30T01:00:30.000Z',
        delayMs: 50,
        globalConcurrency: 6,
        perWorkspaceConcurrency: 2,
        startAt,
      }),
    );
    const results = await Promise.all(runs.map((r) => r.done));
    for (const r of results) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });

    const delivered = records
      .flatMap((f) => (existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').filter(Boolean) : []))
      .map((l) => (JSON.parse(l) as { channel: string }).channel);
    expect([...delivered].sort()).toEqual([...expected].sort());
    expect(results.reduce((n, r) => n + (r.report?.sent ?? 0), 0)).toBe(36);
    // The race was real: every process found the same due set and more than one delivered.
    expect(results.filter((r) => (r.report?.sent ?? 0) > 0).length).toBeGreaterThanOrEqual(2);
    expect(results.reduce((n, r) => n + (r.report?.busy ?? 0) + (r.report?.due ?? 0), 0)).toBeGreaterThan(36);

    const check = await createStore({ databaseUrl: url, dbPath: '' }, { schema });
    try {
      for (let w = 0; w < 3; w += 1) {
        for (const s of await check.listSubscriptions({ platform: 'test', workspace: `W${w}` })) {
          expect(await check.listDeliveries(s.id)).toEqual([expect.objectContaining({ status: 'sent', attempts: 1 })]);
        }
      }
    } finally {
      await check.close();
    }
  }, 60_000);
});
