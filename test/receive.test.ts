/**
 * The one inbound pipeline: text and the asker's context in, the adapter's rendering out; hints
 * for what is not a command, the share flag, and reuse of rendered answers by reuse key.
 */
import { readerLang, receive, understand } from '../src/commands/receive';
import type { CommandContext, CommandDeps } from '../src/commands/types';
import { createMemoryLogger } from '../src/infra/logger';
import { createSqliteStore } from '../src/store/sqlite';
import type { Store } from '../src/store/store';
import { toPlainText, type Message } from '../src/text/message';
import type { TreatyData } from '../src/treaty/model';
import { fixtureData } from './support/treaty-fixture';

let store: Store;
let dataReads = 0;
const data: TreatyData = fixtureData();
const deps = (): CommandDeps => ({
  data: () => {
    dataReads += 1;
    return data;
  },
  store,
  clock: () => new Date('2026-11-30T03:00:00Z'),
  logger: createMemoryLogger(),
  defaultZone: 'Asia/Singapore',
  catchupHours: 24,
  defaultLang: 'en',
});
const asker: CommandContext = {
  channel: { platform: 'test', workspace: 'W1', channel: 'C1', address: {} },
  user: 'U1',
};
const plain = { render: (msg: Message) => toPlainText(msg) };

beforeEach(async () => {
  store = createSqliteStore(':memory:');
  await store.migrate();
  dataReads = 0;
});
afterEach(() => store.close());

it('answers text with the rendered answer of its command', async () => {
  expect(await receive('status', asker, deps(), plain)).toMatch(/Ratification status/i);
});

it('answers what is not a command with its hint, rendered the same way', async () => {
  const out = await receive('stauts', asker, deps(), plain);
  expect(out).toContain('Did you mean status?');
});

it('says which commands may be shared with the channel: read-only ones, not help or subscribe', () => {
  const shareable = (text: string) => {
    const r = understand(text);
    return r.ok && r.shareable;
  };
  expect(['status', 'party vn', 'next 30', 'subscriptions', 'digest'].map(shareable)).toEqual([
    true,
    true,
    true,
    true,
    true,
  ]);
  expect(['help', 'subscribe', 'unsubscribe all', 'nonsense'].map(shareable)).toEqual([false, false, false, false]);
});

it('runs the subscription commands against the asker’s channel', async () => {
  await receive('subscribe digest', asker, deps(), plain);
  expect(
    (await store.listSubscriptions({ platform: 'test', workspace: 'W1', channel: 'C1' })).map((s) => s.kind),
  ).toEqual(['digest']);
});

it('hands back a kept rendering without running the command again, and keeps only reusable answers', async () => {
  const kept = new Map<string, string>();
  const reuse = { get: (k: string) => kept.get(k), set: (k: string, v: string) => (kept.set(k, v), v) };
  const first = await receive('status', asker, deps(), { ...plain, reuse });
  const readsAfterFirst = dataReads;
  expect(await receive('status', asker, deps(), { render: () => 'rendered again', reuse })).toBe(first);
  // Only the reuse key (the data version) was read; the command did not run.
  expect(dataReads - readsAfterFirst).toBe(1);
  await receive('subscriptions', asker, deps(), { ...plain, reuse });
  await receive('stauts', asker, deps(), { ...plain, reuse });
  expect(kept.size).toBe(1);
});

describe('the reader’s language', () => {
  const zhAsker: CommandContext = { ...asker, lang: 'zh' };

  it('is, in order: an explicit choice, the words typed, the asker’s locale, CAFTA_DEFAULT_LANG', () => {
    const d = { defaultLang: 'en' };
    expect(readerLang(understand('status'), {}, d)).toBe('en');
    expect(readerLang(understand('status'), {}, { defaultLang: 'zh' })).toBe('zh');
    expect(readerLang(understand('status'), { lang: 'zh' }, d)).toBe('zh');
    expect(readerLang(understand('状态'), { lang: 'en' }, d)).toBe('zh');
    expect(readerLang(understand('你好'), { lang: 'en' }, d)).toBe('zh');
    expect(readerLang(understand('状态'), { lang: 'en', langExplicit: true }, d)).toBe('en');
  });

  it('answers and hints come in it, and say so', async () => {
    const capture = { render: (msg: Message) => msg };
    expect(await receive('status', zhAsker, deps(), capture)).toMatchObject({
      lang: 'zh',
      summary: expect.stringMatching(/^中国—东盟自贸区3\.0版/),
    });
    expect(await receive('状态', asker, deps(), capture)).toMatchObject({ lang: 'zh' });
    expect(await receive('stauts', zhAsker, deps(), capture)).toMatchObject({
      lang: 'zh',
      summary: '无法识别的命令“stauts”。您是不是要找 状态？',
    });
    expect(await receive('status', asker, deps(), capture)).toMatchObject({ lang: 'en' });
  });

  it('keeps one rendering per language: the same command for a Chinese reader is another answer', async () => {
    const kept = new Map<string, string>();
    const reuse = { get: (k: string) => kept.get(k), set: (k: string, v: string) => (kept.set(k, v), v) };
    const en = await receive('status', asker, deps(), { ...plain, reuse });
    const zh = await receive('status', zhAsker, deps(), { ...plain, reuse });
    expect(zh).not.toBe(en);
    expect(zh).toContain('核准状态');
    expect(await receive('状态', asker, deps(), { render: () => 'rendered again', reuse })).toBe(zh);
    expect(kept.size).toBe(2);
  });
});
