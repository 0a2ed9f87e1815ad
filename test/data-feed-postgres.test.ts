/**
 * Two replicas (two apps) on one PostgreSQL follow the feed: a new event in a bundle alerts each
 * alerts subscriber exactly once however the passes interleave, and a third replica started
 * while the feed is down serves the verified bundle from the store. Runs only when
 * CAFTA_TEST_DATABASE_URL is set (says so otherwise); its own schema.
 */
import { createApp, type App } from '../adapters/app';
import { loadAppConfig } from '../adapters/config';
import { startTick } from '../adapters/tick';
import { createMemoryLogger } from '../src/infra/logger';
import { createStore } from '../src/store/index';
import { BUNDLE_META_KEY } from '../src/treaty/data-feed';
import { FIXTURE_DATA_DIR, loadFixtureData } from './support/data-fixture';
import { addSub } from './support/delivery-harness';
import { makeKeys, startFeedServer, updatedFixture } from './support/bundle-server';
import { describePostgres, dropSchemas, uniqueSchema } from './support/postgres';

describePostgres('the data feed on PostgreSQL: two replicas', (url) => {
  const schema = uniqueSchema('data_feed');
  afterAll(() => dropSchemas(url, [schema]));

  it('one alert per subscriber across replicas; a new replica starts from the stored bundle while the feed is down', async () => {
    const keys = makeKeys();
    const { fixture, text: v2 } = updatedFixture(
      keys.privateKey,
      { party: 'VN', kind: 'ratification', date: '2026-12-02' },
      '2026-12-05T00:00:00Z',
    );
    fixture.remove();
    const feed = await startFeedServer({ kind: 'bundle', text: v2 });
    const setup = await createStore({ databaseUrl: url, dbPath: '' }, { schema });
    await setup.migrate();
    for (const channel of ['A', 'B', 'C'])
      await addSub(
        setup,
        loadFixtureData(),
        { kind: 'alerts', platform: 'cli', workspace: 'local', channel, address: { kind: 'terminal' } },
        new Date('2026-12-03T00:00:00Z'),
      );

    const config = loadAppConfig({
      CAFTA_DATA_DIR: FIXTURE_DATA_DIR,
      CAFTA_DATA_URL: feed.url,
      CAFTA_DATA_PUBLIC_KEY: keys.publicPem,
    });
    const printed: string[] = [];
    const replica = async (): Promise<App> =>
      createApp({
        config,
        logger: createMemoryLogger(),
        store: await createStore({ databaseUrl: url, dbPath: '' }, { schema }),
        startAdapters: false,
        terminalOutput: (t) => printed.push(t),
      });
    const apps = [await replica(), await replica()];
    const ticks = apps.map((app) => startTick(app));
    try {
      const at = (minute: number): Date => new Date(Date.UTC(2026, 11, 6, 1, minute));
      await Promise.all(ticks.map((t) => t.runOnce(at(0))));
      await Promise.all(ticks.map((t) => t.runOnce(at(1))));
      await ticks[1].runOnce(at(2));
      const alerts = printed.filter((t) => t.includes('New record: Viet Nam ratification'));
      expect(alerts.map((t) => /delivery to local\/(\w+)/.exec(t)?.[1]).sort()).toEqual(['A', 'B', 'C']);
      for (const app of apps) expect(app.data.current().events.map((e) => e.id)).toEqual(['vn-ratification']);
      expect(await setup.getMeta(BUNDLE_META_KEY)).toBe(v2);

      feed.reply = { kind: 'status', status: 503 };
      const third = await replica();
      try {
        expect(third.data.current().events.map((e) => e.id)).toEqual(['vn-ratification']);
        expect(third.data.status()).toMatchObject({ source: 'feed', bundleIssuedAt: '2026-12-05T00:00:00.000Z' });
        const tick = startTick(third);
        await tick.runOnce(at(3));
        await tick.stop();
        expect(printed.filter((t) => t.includes('New record'))).toHaveLength(3);
      } finally {
        await third.close();
      }
    } finally {
      for (const t of ticks) await t.stop();
      for (const app of apps) await app.close();
      await setup.close();
      await feed.close();
    }
  }, 30_000);
});
