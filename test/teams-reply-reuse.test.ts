/**
 * What the Teams hot path reuses, and that reuse never changes an answer: rendered information
 * replies (until the data, or for `next` the local date or zone, changes), and the SDK's
 * connector clients (per serviceUrl: every reply still reaches its own conversation's service).
 */
import { createTeamsBot } from '../adapters/teams/bot';
import { toTeamsMessage } from '../adapters/teams/adaptive-card';
import type { OutgoingActivity, Turn, TeamsActivity } from '../adapters/teams/types';
import { createTeamsGateway } from '../adapters/teams/gateway';
import { createTeamsSender } from '../adapters/teams/sender';
import { createServiceUrlPolicy } from '../adapters/teams/service-urls';
import { runCommand } from '../src/commands/index';
import type { CommandDeps } from '../src/commands/types';
import { loadData } from '../src/treaty/data';
import { createMemoryLogger } from '../src/infra/logger';
import { header, message } from '../src/text/message';
import type { TreatyData } from '../src/treaty/model';
import { createSqliteStore } from '../src/store/sqlite';
import { startFakeConnector, type FakeConnector } from './support/fake-connector';
import { FIXTURE_DATA_DIR } from './support/data-fixture';
import { cardOf, messageActivity, startTeamsHarness, type Harness } from './support/teams-harness';

/* ------------------------------------------------------------------ bot level: rendered replies */

const real = loadData(FIXTURE_DATA_DIR);
let data: TreatyData = real;
let clockMs = Date.parse('2026-11-30T02:00:00Z'); // 10:00 in Singapore

async function botWithReplies() {
  const store = createSqliteStore(':memory:');
  await store.migrate();
  const deps: CommandDeps = {
    data: () => data,
    store,
    clock: () => new Date(clockMs),
    logger: createMemoryLogger(),
    defaultZone: 'Asia/Singapore',
    catchupHours: 24,
    defaultLang: 'en',
  };
  const replies: OutgoingActivity[] = [];
  const run = createTeamsBot({ store, commandDeps: deps, logger: deps.logger });
  const say = async (text: string, extra: Partial<TeamsActivity> = {}): Promise<OutgoingActivity> => {
    const activity: TeamsActivity = {
      type: 'message',
      id: 'a1',
      channelId: 'msteams',
      serviceUrl: 'https://smba.example/',
      text,
      from: { id: '29:u' },
      recipient: { id: '28:bot' },
      conversation: { id: 'a:chat', conversationType: 'personal', tenantId: 'tn' },
      ...extra,
    };
    const turn: Turn = {
      activity,
      reference: {
        channelId: 'msteams',
        serviceUrl: 'https://smba.example/',
        conversation: activity.conversation ?? { id: 'a:chat' },
        bot: { id: '28:bot' },
      },
      reply: async (out) => {
        replies.push(out);
        return 'r1';
      },
    };
    await run(turn);
    return replies[replies.length - 1];
  };
  return { say, deps };
}

const isDeepFrozen = (v: unknown): boolean =>
  v === null || typeof v !== 'object' || (Object.isFrozen(v) && Object.values(v as object).every(isDeepFrozen));

beforeEach(() => {
  data = real;
  clockMs = Date.parse('2026-11-30T02:00:00Z');
});

describe('reused Teams replies', () => {
  it('answers a repeated status with the same frozen reply, equal to a fresh rendering', async () => {
    const { say, deps } = await botWithReplies();
    const first = await say('status');
    const second = await say('status');
    expect(second).toBe(first);
    expect(isDeepFrozen(first)).toBe(true);
    const fresh = toTeamsMessage(
      await runCommand(
        { name: 'status' },
        { channel: { platform: 'teams', workspace: 'tn', channel: 'a:chat', address: {} } },
        deps,
      ),
    );
    expect(first).toEqual(fresh);
  });

  it('answers anew when the data changes', async () => {
    const { say } = await botWithReplies();
    const before = await say('status');
    data = { ...real, version: 'changed-version', asOf: '2026-12-01' };
    const after = await say('status');
    expect(after).not.toBe(before);
    expect(after.summary).toMatch(/as of 1 Dec 2026/);
    expect(JSON.stringify(after)).toMatch(/changed-version/);
  });

  it('keeps `next` per local date and zone: same day reused, next local day and other zones not', async () => {
    const { say } = await botWithReplies();
    const morning = await say('next 30');
    clockMs += 6 * 3600_000; // 16:00 in Singapore, same local day
    expect(await say('next 30')).toBe(morning);
    clockMs += 9 * 3600_000; // 01:00 the next day in Singapore
    const tomorrow = await say('next 30');
    expect(tomorrow).not.toBe(morning);
    expect(JSON.stringify(tomorrow)).toMatch(/1 Dec 2026 to/);
    // Still 30 Nov in New York: a different answer, and different from Singapore's.
    const ny = await say('next 30', { localTimezone: 'America/New_York' });
    expect(JSON.stringify(ny)).toMatch(/30 Nov 2026 to/);
    expect(JSON.stringify(ny)).toMatch(/America\/New_York/);
  });

  it('never reuses answers that depend on the channel or the store', async () => {
    const { say } = await botWithReplies();
    const none = await say('subscriptions');
    await say('subscribe digest');
    const some = await say('subscriptions');
    expect(some).not.toEqual(none);
    expect(JSON.stringify(some)).toMatch(/digest/i);
  });

  it('keeps different questions apart', async () => {
    const { say } = await botWithReplies();
    const cn = await say('party cn');
    const vn = await say('party vn');
    expect(vn).not.toEqual(cn);
    expect(vn.summary).toMatch(/Viet Nam/);
    expect(await say('party cn')).toBe(cn);
  });
});

/* ------------------------------------------------------------------ HTTP level: reused connector clients */

describe('reused connector clients', () => {
  let h: Harness;
  let other: FakeConnector;
  beforeAll(async () => {
    h = await startTeamsHarness();
    other = await startFakeConnector();
  });
  afterAll(async () => {
    await h.close();
    await other.close();
  });

  it('sends every reply to the serviceUrl of its own activity, turn after turn', async () => {
    const ids: Record<string, string[]> = { [h.connector.url]: [], [other.url]: [] };
    for (const url of [h.connector.url, other.url, h.connector.url, other.url, other.url, h.connector.url]) {
      const id = h.nextId();
      ids[url].push(id);
      const res = await h.post(messageActivity({ scope: 'personal', text: 'status', id, serviceUrl: url }));
      expect(res.status).toBe(200);
    }
    expect(h.connector.requests.map((r) => r.replyToId)).toEqual(ids[h.connector.url]);
    expect(other.requests.map((r) => r.replyToId)).toEqual(ids[other.url]);
    const cards = [...h.connector.requests, ...other.requests].map((r) => cardOf(r.body));
    for (const card of cards) expect(card).toEqual(cards[0]);
  });

  it('proactive sends still make one attempt each (the SDK retry stays off there) after inbound turns', async () => {
    const logger = createMemoryLogger();
    const gateway = createTeamsGateway({ logger });
    const serviceUrls = createServiceUrlPolicy({ authOff: true, extraOrigins: [] });
    const sender = createTeamsSender({ gateway, serviceUrls, logger, maxAttempts: 1, sleep: async () => undefined });
    other.reset();
    // An inbound turn through this gateway first, so a client for this serviceUrl exists.
    const activity = messageActivity({ scope: 'personal', text: 'help', id: 'in-1', serviceUrl: other.url });
    await gateway.runTurn(activity, {}, async (turn) => {
      await turn.reply({ type: 'message', text: 'hi' });
    });
    expect(other.requests).toHaveLength(1);
    other.failNext({ status: 503 });
    const target = {
      platform: 'teams',
      workspace: 'tn',
      channel: 'a:personal-chat-1',
      address: {
        channelId: 'msteams',
        serviceUrl: other.url,
        conversation: { id: 'a:personal-chat-1' },
        bot: { id: '28:cafta-bot' },
      },
    };
    const result = await sender.send(target, message('x', [header('x')]));
    expect(result).toMatchObject({ ok: false, reason: 'http_503' });
    expect(other.requests).toHaveLength(2);
  });
});
