/**
 * Kept /cafta answers (slash-command.ts) never change an answer: through real Bolt and real HTTP,
 * a bot that keeps rendered answers acks byte for byte what a bot keeping none renders fresh for
 * the same asker, data and instant, and gives a new answer when the data, the local date, the
 * reader's language, the zone (at the reader's own midnight) or the text to share changes; what
 * depends on the channel (subscriptions, the digest preview) is never kept.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMemoryLogger } from '../src/infra/logger';
import type { CommandDeps } from '../src/commands/types';
import { SqliteStore } from '../src/store/sqlite';
import { loadData } from '../src/treaty/data';
import type { TreatyData } from '../src/treaty/model';
import { createBoltApp } from '../adapters/slack/bolt-app';
import { registerSlashCommand } from '../adapters/slack/slash-command';
import { createUserInfo } from '../adapters/slack/user-info';
import { addFixtureEvents, copyData, loadFixtureData } from './support/data-fixture';
import { startFakeSlack, type FakeSlack } from './support/fake-slack';
import { NOW, postSigned, SECRET, slashBody } from './support/slack-request';

let fake: FakeSlack;
let store: SqliteStore;
const servers: Server[] = [];
let data: TreatyData = loadFixtureData();
let clockMs = NOW.getTime();

/** One bot: the same data, clock and fake API; `keptAnswers` 0 renders every answer fresh. */
async function startBot(keptAnswers: number): Promise<string> {
  const logger = createMemoryLogger();
  const deps: CommandDeps = {
    data: () => data,
    store,
    clock: () => new Date(clockMs),
    logger,
    defaultZone: 'Asia/Singapore',
    catchupHours: 24,
    defaultLang: 'en',
  };
  const bolt = createBoltApp({
    mode: { kind: 'token', signingSecret: SECRET, botToken: 'xoxb-reuse' },
    apiUrl: fake.apiUrl,
    logger,
    // Signatures are checked against the fixed instant they were made at; the commands' clock moves.
    clock: () => NOW,
  });
  registerSlashCommand(bolt.app, { commandDeps: deps, userInfo: createUserInfo(logger), keptAnswers });
  const server = createServer((req, res) => void bolt.routes[0].handler(req, res));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
}

let keeping: string;
let fresh: string;

beforeAll(async () => {
  fake = await startFakeSlack();
  fake.userZones = { U0SG: 'Asia/Singapore', U0LA: 'America/Los_Angeles', U0ZH: 'Asia/Shanghai' };
  fake.userLocales = { U0ZH: 'zh-CN' };
  store = new SqliteStore(':memory:');
  await store.migrate();
  keeping = await startBot(500);
  fresh = await startBot(0);
});
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
  await store.close();
  await fake.close();
});

/** The raw ack body of `text` asked by `user`, with its content type. */
async function ask(url: string, text: string, user: string): Promise<string> {
  const res = await postSigned(url, slashBody(text, { user_id: user }));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/json');
  return res.text;
}

/** Asks the keeping bot twice (the second answer is the kept one) and the fresh bot once. */
async function keptAndFresh(text: string, user: string): Promise<string> {
  const first = await ask(keeping, text, user);
  const kept = await ask(keeping, text, user);
  const rendered = await ask(fresh, text, user);
  expect(kept).toBe(first);
  expect(kept).toBe(rendered);
  expect(JSON.parse(kept)).toMatchObject({ response_type: 'ephemeral' });
  return kept;
}

afterEach(() => {
  data = loadFixtureData();
  clockMs = NOW.getTime();
});

describe('kept /cafta answers', () => {
  it('ack the same bytes as a fresh render, for every reusable command', async () => {
    for (const text of ['status', 'timeline', 'areas', 'next', 'party vietnam', 'help'])
      expect(await keptAndFresh(text, 'U0SG')).toContain('"blocks"');
  });

  it('differ with the text to share, the zone (for next), the language and the local date', async () => {
    const status = await keptAndFresh('status', 'U0SG');
    // The share button re-runs the text as typed (trimmed): same command, another button value.
    const shareOf = (raw: string): unknown =>
      (JSON.parse(raw) as { blocks: Array<{ block_id?: string; elements?: Array<{ value?: string }> }> }).blocks.find(
        (b) => b.block_id === 'cafta_share',
      )?.elements?.[0]?.value;
    const capital = await keptAndFresh(' Status ', 'U0SG');
    expect([shareOf(status), shareOf(capital)]).toEqual(['status', 'Status']);
    // 03:00 UTC on 30 Nov is 30 Nov in Singapore and 29 Nov in Los Angeles: `next` starts there.
    const nextSg = await keptAndFresh('next', 'U0SG');
    const nextLa = await keptAndFresh('next', 'U0LA');
    expect(nextLa).not.toBe(nextSg);
    // A Chinese reader gets the Chinese answer, kept apart from the English one.
    const zh = await keptAndFresh('status', 'U0ZH');
    expect(zh).not.toBe(status);
    expect(zh).toContain('状态');
    // The next local day in Singapore: a new `next` answer, still equal to a fresh render.
    clockMs = NOW.getTime() + 24 * 3600_000;
    const nextSgTomorrow = await keptAndFresh('next', 'U0SG');
    expect(nextSgTomorrow).not.toBe(nextSg);
  });

  it('never keep what depends on the channel: subscriptions and the digest preview (filters)', async () => {
    const where = (team: string, channel: string) => ({ user_id: 'U0SG', team_id: team, channel_id: channel });
    const askIn = async (text: string, team: string, channel: string): Promise<string> => {
      const res = await postSigned(keeping, slashBody(text, where(team, channel)));
      expect(res.status).toBe(200);
      return res.text;
    };
    await askIn('subscribe digest fri 17:00 party vn', 'T0001', 'C0KEPT1');
    // Asked twice in each place: a kept answer would be the first place's.
    for (let round = 0; round < 2; round += 1) {
      expect(await askIn('subscriptions', 'T0001', 'C0KEPT1')).toContain('Viet Nam');
      expect(await askIn('subscriptions', 'T0002', 'C0KEPT1')).not.toContain('Viet Nam');
      expect(await askIn('subscriptions', 'T0001', 'C0KEPT2')).not.toContain('Viet Nam');
      expect(await askIn('digest', 'T0001', 'C0KEPT1')).toContain('other parties');
      expect(await askIn('digest', 'T0001', 'C0KEPT2')).not.toContain('other parties');
    }
  });

  it("give the next local day's `next` from the reader's midnight on, not from UTC's", async () => {
    // Midnight in Singapore is 16:00 UTC: one second before and at it are two local dates.
    const sgMidnight = Date.parse('2026-11-30T16:00:00Z');
    clockMs = sgMidnight - 1000;
    const before = await keptAndFresh('next', 'U0SG');
    clockMs = sgMidnight;
    const after = await keptAndFresh('next', 'U0SG');
    expect(after).not.toBe(before);
    // Los Angeles is still on 30 Nov on both sides: its kept answer stands.
    clockMs = sgMidnight - 1000;
    const la = await keptAndFresh('next', 'U0LA');
    clockMs = sgMidnight;
    expect(await keptAndFresh('next', 'U0LA')).toBe(la);
  });

  it('give the new answer as soon as the data changes (a reload)', async () => {
    const before = await keptAndFresh('status', 'U0SG');
    const copy = copyData();
    try {
      addFixtureEvents(copy.dir, [{ party: 'SG', kind: 'ratification', date: '2026-11-25' }]);
      data = loadData(copy.dir);
      const after = await keptAndFresh('status', 'U0SG');
      expect(after).not.toBe(before);
      expect(after).toContain('Singapore');
      expect(before).not.toContain('25 Nov 2026');
      expect(after).toContain('25 Nov 2026');
    } finally {
      copy.remove();
    }
  });
});
