/**
 * Following the signed data feed, against a local HTTP server: a good update (and 304 on the next
 * poll), a restart that starts from the stored bundle while the feed is down, and every way a
 * bundle or the feed can be bad — a tampered byte, a wrong key, no signature, a rollback, invalid
 * data, a 500, a timeout, a stalled body, a 50 MB body. The last good data always stays, and each
 * distinct problem is logged once.
 */
import { createMemoryLogger } from '../src/infra/logger';
import { createSqliteStore } from '../src/store/sqlite';
import type { Store } from '../src/store/store';
import { BUNDLE_META_KEY, openFeedDataSource, startPolling } from '../src/treaty/data-feed';
import type { DataSource } from '../src/treaty/data';
import { copyData, FIXTURE_DATA_DIR, loadFixtureData, type DataFixture } from './support/data-fixture';
import { bundleOf, makeKeys, startFeedServer, updatedFixture, type FeedServer } from './support/bundle-server';

const keys = makeKeys();
const otherKeys = makeKeys();
const T1 = '2026-12-04T00:00:00.000Z';
const T2 = '2026-12-05T00:00:00.000Z';

let v2dir: DataFixture;
let v1: string;
let v2: string;
beforeAll(() => {
  v1 = bundleOf(FIXTURE_DATA_DIR, keys.privateKey, T1);
  ({ fixture: v2dir, text: v2 } = updatedFixture(
    keys.privateKey,
    { party: 'SG', kind: 'ratification', date: '2026-12-01' },
    T2,
  ));
});
afterAll(() => v2dir.remove());

let feed: FeedServer;
let store: Store;
let logger: ReturnType<typeof createMemoryLogger>;
beforeEach(async () => {
  feed = await startFeedServer({ kind: 'status', status: 404 });
  store = createSqliteStore(':memory:');
  await store.migrate();
  logger = createMemoryLogger();
});
afterEach(async () => {
  await feed.close();
  await store.close();
});

const open = (over: { timeoutMs?: number; maxBytes?: number } = {}): Promise<DataSource> =>
  openFeedDataSource({
    dir: FIXTURE_DATA_DIR,
    feed: { url: feed.url, publicKeys: [keys.publicKey], pollSeconds: 300 },
    store,
    logger,
    clock: () => new Date('2026-12-06T00:00:00Z'),
    timeoutMs: over.timeoutMs ?? 2000,
    maxBytes: over.maxBytes,
  });
const warnings = (): string[] => logger.lines.filter((l) => l.level === 'warn').map((l) => String(l.reason));
const local = loadFixtureData();

describe('the signed data feed', () => {
  it('a good update: verified, used, kept in the store; the next poll sends If-None-Match and gets 304', async () => {
    const source = await open();
    expect(source.current().version).toBe(local.version);
    feed.reply = { kind: 'bundle', text: v2 };
    await source.refresh();
    expect(source.current().events.map((e) => e.id)).toEqual(['sg-ratification']);
    expect(source.status()).toMatchObject({
      source: 'feed',
      url: feed.url,
      version: source.current().version,
      bundleIssuedAt: T2,
      lastFetchAt: '2026-12-06T00:00:00.000Z',
    });
    expect(source.status().lastError).toBeUndefined();
    expect(await store.getMeta(BUNDLE_META_KEY)).toBe(v2);
    await source.refresh();
    expect(feed.requests).toEqual(['', expect.stringMatching(/^"[0-9a-f]{16}"$/)]);
    expect(source.current().events).toHaveLength(1);
    expect(warnings()).toEqual([]);
  });

  it('a restart or a new replica starts from the stored bundle while the feed is down', async () => {
    await store.compareAndSetMeta(BUNDLE_META_KEY, null, v2);
    feed.reply = { kind: 'status', status: 500 };
    const source = await open();
    expect(source.current().events.map((e) => e.id)).toEqual(['sg-ratification']);
    await source.refresh();
    await source.refresh();
    await source.refresh();
    expect(source.current().events).toHaveLength(1);
    expect(source.status()).toMatchObject({ bundleIssuedAt: T2, lastError: { message: 'the feed answered HTTP 500' } });
    expect(warnings()).toEqual(['the feed answered HTTP 500']);
  });

  const tamper = (text: string): string => {
    // One byte of the signed payload: the SG ratification's day.
    const i = text.indexOf('2026-12-01');
    return `${text.slice(0, i + 9)}2${text.slice(i + 10)}`;
  };
  const unsigned = (text: string): string => {
    const o = JSON.parse(text) as Record<string, unknown>;
    delete o.signature;
    return JSON.stringify(o);
  };
  const bad: Array<[string, () => string, RegExp]> = [
    ['a tampered byte', () => tamper(v2), /signature does not verify with any trusted key/],
    ['a wrong key', () => bundleOf(v2dir.dir, otherKeys.privateKey, T2), /signature does not verify/],
    ['no signature', () => unsigned(v2), /unsigned bundle/],
    ['not JSON', () => 'hello', /not JSON/],
  ];
  it.each(bad)('%s is rejected; the data stays; one log line', async (_name, text, reason) => {
    const source = await open();
    feed.reply = { kind: 'bundle', text: text() };
    await source.refresh();
    await source.refresh();
    expect(source.current().version).toBe(local.version);
    expect(source.status().lastError?.message).toMatch(reason);
    expect(warnings()).toHaveLength(1);
    expect(await store.getMeta(BUNDLE_META_KEY)).toBeNull();
  });

  it('signed data that does not validate is rejected', async () => {
    const broken = copyData();
    try {
      broken.edit<Array<Record<string, unknown>>>('milestones.json', (ms) => {
        ms[0].sources = ['nope'];
      });
      feed.reply = { kind: 'bundle', text: bundleOf(broken.dir, keys.privateKey, T2) };
      const source = await open();
      await source.refresh();
      expect(source.status().lastError?.message).toMatch(/does not validate .*unknown source id "nope"/);
      expect(source.current().version).toBe(local.version);
    } finally {
      broken.remove();
    }
  });

  it('a replayed older bundle does not roll the data back (nor the stored copy)', async () => {
    const source = await open();
    feed.reply = { kind: 'bundle', text: v2 };
    await source.refresh();
    feed.reply = { kind: 'bundle', text: v1 };
    await source.refresh();
    expect(source.current().events).toHaveLength(1);
    expect(source.status().lastError?.message).toMatch(/older than the one in use .*no rollback/);
    expect(await store.getMeta(BUNDLE_META_KEY)).toBe(v2);
    // A replica that still runs v1 never overwrites the store with it either.
    const other = await open();
    expect(other.current().events).toHaveLength(1);
  });

  it('a 500, a timeout, a stalled body: the data stays; each distinct problem is logged once', async () => {
    // Long enough for the good bundle on a loaded machine; the hang and the stall never answer.
    const source = await open({ timeoutMs: 1000 });
    feed.reply = { kind: 'bundle', text: v2 };
    await source.refresh();
    expect(source.status().lastError).toBeUndefined();
    for (const reply of [{ kind: 'status', status: 500 }, { kind: 'hang' }, { kind: 'stall-body' }] as const) {
      feed.reply = reply;
      await source.refresh();
      await source.refresh();
    }
    expect(source.current().events).toHaveLength(1);
    expect(warnings()).toEqual([
      'the feed answered HTTP 500',
      'the feed did not answer within 1000 ms',
      // The same words for a stalled body: not logged twice in a row.
    ]);
    expect(source.status().lastError?.message).toBe('the feed did not answer within 1000 ms');
  });

  it('a 50 MB body is refused without being buffered: reading stops at the limit', async () => {
    const source = await open({ maxBytes: 1024 * 1024 });
    feed.reply = { kind: 'huge', bytes: 50 * 1024 * 1024, declare: false };
    await source.refresh();
    expect(source.status().lastError?.message).toBe('the bundle is too large (over 1048576 bytes)');
    // The server could push only what the socket buffers held before the client hung up.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(feed.hugeSent).toBeLessThan(12 * 1024 * 1024);
    feed.reply = { kind: 'huge', bytes: 50 * 1024 * 1024, declare: true };
    await source.refresh();
    expect(source.status().lastError?.message).toBe('the bundle is too large (52428800 bytes; limit 1048576)');
    expect(source.current().version).toBe(local.version);
  });

  it('a token in the feed URL never reaches /healthz or the logs', async () => {
    const source = await openFeedDataSource({
      dir: FIXTURE_DATA_DIR,
      feed: { url: `${feed.url}?token=s3cret-token`, publicKeys: [keys.publicKey], pollSeconds: 300 },
      store,
      logger,
    });
    feed.reply = { kind: 'status', status: 500 };
    await source.refresh();
    expect(source.status().url).toBe(feed.url);
    expect(JSON.stringify(source.status())).not.toContain('s3cret');
    expect(JSON.stringify(logger.lines)).not.toContain('s3cret');
    expect(warnings()).toEqual(['the feed answered HTTP 500']);
  });

  it('polls every CAFTA_DATA_POLL_SECONDS until stopped (fake timers: no real wait)', () => {
    jest.useFakeTimers();
    try {
      let calls = 0;
      const source = { refresh: async () => void (calls += 1) } as unknown as DataSource;
      const poller = startPolling(source, 300);
      jest.advanceTimersByTime(299_000);
      expect(calls).toBe(0);
      jest.advanceTimersByTime(601_000);
      expect(calls).toBe(3);
      poller.stop();
      jest.advanceTimersByTime(3_000_000);
      expect(calls).toBe(3);
    } finally {
      jest.useRealTimers();
    }
  });

  it('concurrent refreshes share one fetch', async () => {
    const source = await open();
    feed.reply = { kind: 'bundle', text: v2 };
    await Promise.all([source.refresh(), source.refresh(), source.refresh()]);
    expect(feed.requests).toHaveLength(1);
  });
});
