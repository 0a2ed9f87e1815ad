/**
 * The feed in the running bot: configuration is refused when incomplete or wrong (naming the
 * variable), the server's delivery pass and `run-due` fetch the bundle first so a new event
 * alerts each alerts subscriber exactly once, a bad bundle never stops the bot, and /healthz
 * shows where the data comes from, its version, the last successful fetch and the last error.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { startApp } from '../adapters/app';
import { runDueCli } from '../adapters/cli/run-due';
import { loadAppConfig } from '../adapters/config';
import { startTick } from '../adapters/tick';
import { isCaftaError } from '../src/infra/errors';
import { createMemoryLogger } from '../src/infra/logger';
import { createSqliteStore } from '../src/store/sqlite';
import { FIXTURE_DATA_DIR, loadFixtureData, type DataFixture } from './support/data-fixture';
import { addSub } from './support/delivery-harness';
import { makeKeys, startFeedServer, updatedFixture, type FeedServer } from './support/bundle-server';

const keys = makeKeys();
let dir: string;
let v2dir: DataFixture;
let v2: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cafta-feed-app-'));
  ({ fixture: v2dir, text: v2 } = updatedFixture(
    keys.privateKey,
    { party: 'SG', kind: 'ratification', date: '2026-12-01' },
    '2026-12-05T00:00:00Z',
  ));
});
afterAll(() => {
  v2dir.remove();
  rmSync(dir, { recursive: true, force: true });
});

describe('feed configuration', () => {
  const refused = (env: Record<string, string>): string => {
    try {
      loadAppConfig({ CAFTA_DATA_DIR: FIXTURE_DATA_DIR, ...env });
    } catch (err) {
      expect(isCaftaError(err) && err.code).toBe('config_invalid');
      return err instanceof Error ? err.message : String(err);
    }
    throw new Error('accepted');
  };
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' });

  it.each<[string, Record<string, string>, RegExp]>([
    [
      'a URL without a key',
      { CAFTA_DATA_URL: 'https://example.org/d.json' },
      /^CAFTA_DATA_URL is set but CAFTA_DATA_PUBLIC_KEY is not/,
    ],
    [
      'a key without a URL',
      { CAFTA_DATA_PUBLIC_KEY: keys.publicPem },
      /^CAFTA_DATA_PUBLIC_KEY is set but CAFTA_DATA_URL is not/,
    ],
    [
      'a URL that is not http(s)',
      { CAFTA_DATA_URL: 'ftp://example.org/d', CAFTA_DATA_PUBLIC_KEY: keys.publicPem },
      /^CAFTA_DATA_URL must be an http or https URL/,
    ],
    [
      'a URL that is not a URL',
      { CAFTA_DATA_URL: 'example.org/d', CAFTA_DATA_PUBLIC_KEY: keys.publicPem },
      /^CAFTA_DATA_URL must be an http or https URL/,
    ],
    [
      'an unreadable key file',
      { CAFTA_DATA_URL: 'https://e.org/d', CAFTA_DATA_PUBLIC_KEY: '/nowhere/key.pem' },
      /^CAFTA_DATA_PUBLIC_KEY must be PEM text or the path of a PEM file; cannot read/,
    ],
    [
      'a key that is not PEM',
      {
        CAFTA_DATA_URL: 'https://e.org/d',
        CAFTA_DATA_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----',
      },
      /^CAFTA_DATA_PUBLIC_KEY is not an Ed25519 public key/,
    ],
    [
      'an RSA key',
      { CAFTA_DATA_URL: 'https://e.org/d', CAFTA_DATA_PUBLIC_KEY: String(rsa) },
      /^CAFTA_DATA_PUBLIC_KEY is not an Ed25519 public key .*rsa, not Ed25519/,
    ],
    [
      'a bad poll interval',
      { CAFTA_DATA_URL: 'https://e.org/d', CAFTA_DATA_PUBLIC_KEY: keys.publicPem, CAFTA_DATA_POLL_SECONDS: '0' },
      /^CAFTA_DATA_POLL_SECONDS must be a whole number/,
    ],
  ])('%s is refused at start, naming the variable', (_name, env, message) => {
    expect(refused(env)).toMatch(message);
  });

  it('accepts PEM text (also with \\n escapes), a path, and two keys during a rotation; default poll 300 s', () => {
    const next = makeKeys();
    const path = join(dir, 'keys.pem');
    writeFileSync(path, `${keys.publicPem}${next.publicPem}`);
    const base = { CAFTA_DATA_DIR: FIXTURE_DATA_DIR, CAFTA_DATA_URL: 'https://example.org/d.json' };
    expect(loadAppConfig({ ...base, CAFTA_DATA_PUBLIC_KEY: keys.publicPem }).dataFeed).toMatchObject({
      url: 'https://example.org/d.json',
      pollSeconds: 300,
      publicKeys: [expect.anything()],
    });
    const escaped = keys.publicPem.trim().replace(/\n/g, '\\n');
    expect(loadAppConfig({ ...base, CAFTA_DATA_PUBLIC_KEY: escaped }).dataFeed?.publicKeys).toHaveLength(1);
    const rotation = loadAppConfig({ ...base, CAFTA_DATA_PUBLIC_KEY: path, CAFTA_DATA_POLL_SECONDS: '60' }).dataFeed;
    expect(rotation?.publicKeys).toHaveLength(2);
    expect(rotation?.pollSeconds).toBe(60);
    expect(loadAppConfig({ CAFTA_DATA_DIR: FIXTURE_DATA_DIR }).dataFeed).toBeUndefined();
  });
});

describe('the bot following the feed', () => {
  let feed: FeedServer;
  beforeEach(async () => {
    feed = await startFeedServer({ kind: 'bundle', text: v2 });
  });
  afterEach(() => feed.close());

  const envFor = (db: string): Record<string, string> => ({
    PORT: '0',
    CAFTA_DB_PATH: join(dir, db),
    CAFTA_DATA_DIR: FIXTURE_DATA_DIR,
    CAFTA_DATA_URL: feed.url,
    CAFTA_DATA_PUBLIC_KEY: keys.publicPem,
  });
  const subscribeAlerts = async (db: string, channels: string[]): Promise<void> => {
    const store = createSqliteStore(join(dir, db));
    await store.migrate();
    for (const channel of channels)
      await addSub(
        store,
        loadFixtureData(),
        { kind: 'alerts', platform: 'cli', workspace: 'local', channel, address: { kind: 'terminal' } },
        new Date('2026-12-03T00:00:00Z'),
      );
    await store.close();
  };

  it('the delivery pass fetches first: one alert per subscriber; a bad bundle later stops nothing; /healthz tells', async () => {
    await subscribeAlerts('server.db', ['A', 'B']);
    const printed: string[] = [];
    const logger = createMemoryLogger();
    const app = await startApp({
      config: loadAppConfig(envFor('server.db')),
      logger,
      clock: () => new Date('2026-12-06T01:00:00Z'),
      terminalOutput: (t) => printed.push(t),
      dataFeed: { timeoutMs: 500 },
    });
    const tick = startTick(app);
    try {
      await tick.runOnce(new Date('2026-12-06T01:00:00Z'));
      await tick.runOnce(new Date('2026-12-06T01:01:00Z'));
      const alerts = printed.filter((t) => t.includes('New record: Singapore ratification'));
      expect(alerts.map((t) => /delivery to local\/(\w+)/.exec(t)?.[1]).sort()).toEqual(['A', 'B']);

      feed.reply = { kind: 'bundle', text: v2.replace('2026-12-01', '2026-12-02') };
      expect(await tick.runOnce(new Date('2026-12-06T01:02:00Z'))).not.toBeNull();
      const res = await fetch(`${app.url}/healthz`);
      expect(res.status).toBe(200);
      const health = (await res.json()) as { dataVersion: string; data: Record<string, unknown> };
      expect(health.data).toMatchObject({
        source: 'feed',
        url: feed.url,
        version: app.data.current().version,
        bundleIssuedAt: '2026-12-05T00:00:00.000Z',
        lastFetchAt: '2026-12-06T01:00:00.000Z',
        lastError: { at: '2026-12-06T01:00:00.000Z', message: expect.stringMatching(/signature does not verify/) },
      });
      expect(health.dataVersion).toBe(app.data.current().version);
      expect(app.data.current().events.map((e) => e.id)).toEqual(['sg-ratification']);
      expect(printed.filter((t) => t.includes('New record'))).toHaveLength(2);
    } finally {
      await tick.stop();
      await app.stop();
    }
  });

  it('run-due fetches the bundle before its pass', async () => {
    await subscribeAlerts('cron.db', ['C']);
    const out: string[] = [];
    const code = await runDueCli(['--now', '2026-12-06T01:00:00Z'], {
      env: envFor('cron.db'),
      out: (l) => out.push(l),
      err: (l) => out.push(l),
      logger: createMemoryLogger(),
    });
    expect(code).toBe(0);
    expect(out.join('\n')).toContain('New record: Singapore ratification');
    expect(out.join('\n')).toMatch(/1 sent/);
  });
});
