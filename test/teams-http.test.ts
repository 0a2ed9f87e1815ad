/**
 * The Teams adapter at HTTP level: activities POSTed to the real server's /api/messages,
 * replies captured by a fake Bot Framework connector that the activities' serviceUrl points at.
 */
import { runCommand } from '../src/commands/index';
import { parseCommand } from '../src/commands/parse';
import { message, text } from '../src/text/message';
import { toAdaptiveCard } from '../adapters/teams/adaptive-card';
import { startFakeConnector } from './support/fake-connector';
import {
  BOT,
  CONVERSATIONS,
  TENANT,
  USER,
  cardOf,
  lifecycleActivity,
  messageActivity,
  startTeamsHarness,
  type Harness,
} from './support/teams-harness';
import { cardLibraryErrors, cardSchemaErrors, expectValidCard } from './support/teams-schemas';

let h: Harness;
beforeAll(async () => {
  h = await startTeamsHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => h.connector.reset());

const key = (scope: keyof typeof CONVERSATIONS) => ({
  platform: 'teams',
  workspace: TENANT,
  channel: CONVERSATIONS[scope].id,
});

/** The card the core produces for `text` when called directly (no Teams involved). */
async function directCard(text: string, scope: keyof typeof CONVERSATIONS = 'personal') {
  const parsed = parseCommand(text);
  const msg = parsed.ok
    ? await runCommand(
        parsed.command,
        { channel: { ...key(scope), address: {} }, user: USER.aadObjectId, prefix: '@CAFTA ' },
        h.app.commandDeps,
      )
    : parsed.hint('en');
  return toAdaptiveCard(msg);
}

describe('Teams adapter over HTTP', () => {
  it('with CAFTA_TEAMS_AUTH=off: starts enabled with a loud warning, and /healthz says so', async () => {
    const warning = h.logger.lines.find(
      (l) => l.level === 'warn' && /TEAMS INBOUND AUTH IS OFF \(CAFTA_TEAMS_AUTH=off\)/.test(String(l.msg)),
    );
    expect(warning).toMatchObject({ serviceUrls: 'loopback serviceUrls only' });
    const health = (await (await fetch(`${h.app.url}/healthz`)).json()) as {
      adapters: Record<string, { enabled: boolean; detail: string; auth: string }>;
    };
    expect(health.adapters.teams).toMatchObject({ enabled: true, auth: 'off' });
    expect(health.adapters.teams.detail).toMatch(/auth OFF \(CAFTA_TEAMS_AUTH=off/);
  });

  it('answers a personal chat without a mention, as a threaded reply with a valid card', async () => {
    const id = h.nextId();
    const res = await h.post(messageActivity({ scope: 'personal', text: 'help', id, serviceUrl: h.connector.url }));
    expect(res.status).toBe(200);
    expect(h.connector.requests).toHaveLength(1);
    const [reply] = h.connector.requests;
    expect(reply.path).toBe(`/v3/conversations/${encodeURIComponent(CONVERSATIONS.personal.id)}/activities/${id}`);
    expect(reply.replyToId).toBe(id);
    expect(reply.authorization).toBeUndefined();
    expectValidCard(cardOf(reply.body));
    expect(cardOf(reply.body)).toEqual(await directCard('help'));
  });

  it('strips the bot mention in a channel (via entities) and replies in the thread', async () => {
    const id = h.nextId();
    const threadId = `${CONVERSATIONS.channel.id};messageid=1700000000000`;
    await h.post(
      messageActivity({ scope: 'channel', text: 'status', id, serviceUrl: h.connector.url, conversationId: threadId }),
    );
    const [reply] = h.connector.requests;
    expect(reply.conversationId).toBe(threadId);
    expect(reply.replyToId).toBe(id);
    expect(cardOf(reply.body)).toEqual(await directCard('status'));
    // The channel itself (not the thread) is what gets remembered.
    const saved = await h.app.store.getChannel(key('channel'));
    expect((saved?.address as { conversation: { id: string } }).conversation.id).toBe(CONVERSATIONS.channel.id);
  });

  it('answers in a group chat when mentioned', async () => {
    await h.post(
      messageActivity({ scope: 'groupChat', text: 'timeline', id: h.nextId(), serviceUrl: h.connector.url }),
    );
    expect(cardOf(h.connector.requests[0].body)).toEqual(await directCard('timeline'));
  });

  it('routes a card button (Action.Submit value {cafta}) through the core', async () => {
    await h.post(
      messageActivity({
        scope: 'channel',
        value: { cafta: 'areas' },
        id: h.nextId(),
        serviceUrl: h.connector.url,
        mention: false,
      }),
    );
    expect(cardOf(h.connector.requests[0].body)).toEqual(await directCard('areas'));
  });

  it('answers every command of the grammar (and bad input) with a card valid for Teams', async () => {
    const inputs = [
      '',
      'help',
      'status',
      'party vn',
      'party CN',
      'party atlantis',
      'timeline',
      'timeline --all',
      'milestone signing',
      'milestone nothing-like-this',
      'areas',
      'area 1',
      'area 99',
      'next',
      'next 400',
      'next soon',
      'subscribe',
      'subscribe digest daily 08:30 Asia/Jakarta',
      'subscribe weekly fri 25:99',
      'subscriptions',
      'digest',
      'unsubscribe reminders',
      'unsubscribe',
      'frobnicate <!channel> <at>Everyone</at> **x**',
    ];
    for (const text of inputs) {
      h.connector.reset();
      const res = await h.post(
        messageActivity({ scope: 'personal', text, id: h.nextId(), serviceUrl: h.connector.url }),
      );
      expect(res.status).toBe(200);
      expect(h.connector.requests).toHaveLength(1);
      const card = cardOf(h.connector.requests[0].body);
      expect({ text, schema: cardSchemaErrors(card), lib: cardLibraryErrors(card) }).toEqual({
        text,
        schema: [],
        lib: [],
      });
      // Nothing the user typed may turn into a Teams mention.
      expect(JSON.stringify(card)).not.toMatch(/<at>/i);
      expect(h.connector.requests[0].body.entities ?? []).toEqual([]);
    }
  });

  it('welcomes once on install, stores the reference, and forgets it on uninstall', async () => {
    await h.post(
      lifecycleActivity({ kind: 'membersAdded', scope: 'groupChat', id: h.nextId(), serviceUrl: h.connector.url }),
    );
    expect(h.connector.requests).toHaveLength(1);
    const welcome = cardOf(h.connector.requests[0].body);
    expectValidCard(welcome);
    expect(JSON.stringify(welcome)).toMatch(/Hello/);
    const saved = await h.app.store.getChannel(key('groupChat'));
    expect(saved?.address).toMatchObject({
      serviceUrl: h.connector.url,
      channelId: 'msteams',
      conversation: { id: CONVERSATIONS.groupChat.id },
      bot: BOT,
    });

    // Teams also sends installationUpdate for the same install: no second welcome.
    await h.post(
      lifecycleActivity({ kind: 'install', scope: 'groupChat', id: h.nextId(), serviceUrl: h.connector.url }),
    );
    expect(h.connector.requests).toHaveLength(1);

    await h.post(
      lifecycleActivity({ kind: 'uninstall', scope: 'groupChat', id: h.nextId(), serviceUrl: h.connector.url }),
    );
    expect(await h.app.store.getChannel(key('groupChat'))).toBeNull();
    expect(h.connector.requests).toHaveLength(1);
  });

  it('subscribe stores the conversation reference as the address; removal from the team drops it', async () => {
    await h.post(
      messageActivity({ scope: 'channel', text: 'subscribe digest', id: h.nextId(), serviceUrl: h.connector.url }),
    );
    const subs = await h.app.store.listSubscriptions(key('channel'));
    expect(subs.length).toBeGreaterThan(0);
    for (const sub of subs) {
      expect(sub.address).toMatchObject({
        serviceUrl: h.connector.url,
        channelId: 'msteams',
        conversation: { id: CONVERSATIONS.channel.id, tenantId: TENANT },
        bot: BOT,
        teamId: '19:team-1@thread.tacv2',
      });
    }
    // The stored address is all the registered sender needs for a scheduled delivery.
    const sent = await h.app.senders.teams!.send(subs[0], message('Digest', [text('Weekly digest preview')]));
    expect(sent).toEqual({ ok: true, messageId: expect.any(String) });
    const proactive = h.connector.requests[h.connector.requests.length - 1];
    expect(proactive.path).toBe(`/v3/conversations/${encodeURIComponent(CONVERSATIONS.channel.id)}/activities`);
    expect(JSON.stringify(cardOf(proactive.body))).toContain('Weekly digest preview');

    await h.post(
      lifecycleActivity({ kind: 'membersRemoved', scope: 'channel', id: h.nextId(), serviceUrl: h.connector.url }),
    );
    expect(await h.app.store.listSubscriptions(key('channel'))).toEqual([]);
    expect(await h.app.store.getChannel(key('channel'))).toBeNull();
  });

  it('refreshes the stored reference when the serviceUrl changes, and replies to the new one', async () => {
    const moved = await startFakeConnector();
    try {
      await h.post(
        messageActivity({ scope: 'personal', text: 'subscribe alerts', id: h.nextId(), serviceUrl: h.connector.url }),
      );
      await h.post(messageActivity({ scope: 'personal', text: 'help', id: h.nextId(), serviceUrl: moved.url }));
      expect(moved.requests).toHaveLength(1);
      const saved = await h.app.store.getChannel(key('personal'));
      expect((saved?.address as { serviceUrl: string }).serviceUrl).toBe(moved.url);
      const subs = await h.app.store.listSubscriptions(key('personal'));
      expect(subs.map((s) => (s.address as { serviceUrl: string }).serviceUrl)).toEqual(subs.map(() => moved.url));
    } finally {
      await moved.close();
    }
  });

  it("uses the Teams client's time zone as the default for subscribe, ignoring an invalid one", async () => {
    await h.post(
      messageActivity({
        scope: 'personal',
        text: 'subscribe digest',
        id: h.nextId(),
        serviceUrl: h.connector.url,
        localTimezone: 'Asia/Jakarta',
      }),
    );
    let subs = await h.app.store.listSubscriptions(key('personal'));
    expect(subs.find((s) => s.kind === 'digest')?.zone).toBe('Asia/Jakarta');
    // Subscribing again keeps the zone it has (an edit changes only what is typed); a new one
    // from a client with an invalid zone gets the default.
    await h.post(
      messageActivity({ scope: 'personal', text: 'unsubscribe digest', id: h.nextId(), serviceUrl: h.connector.url }),
    );
    await h.post(
      messageActivity({
        scope: 'personal',
        text: 'subscribe digest',
        id: h.nextId(),
        serviceUrl: h.connector.url,
        localTimezone: 'Mars/Olympus',
      }),
    );
    subs = await h.app.store.listSubscriptions(key('personal'));
    expect(subs.find((s) => s.kind === 'digest')?.zone).toBe(h.app.config.defaultZone);
  });

  it('rejects malformed bodies with 4xx and keeps serving', async () => {
    expect((await h.postRaw('{not json')).status).toBe(400);
    expect((await h.postRaw('[1,2]')).status).toBe(400);
    expect((await h.postRaw('"text"')).status).toBe(400);
    expect((await h.post({ text: 'no type' })).status).toBe(400);
    expect((await h.post({ type: 'message', text: 'help', conversation: { id: 'x' } })).status).toBe(400);
    expect((await h.post({ type: 'message', text: 'help', serviceUrl: h.connector.url })).status).toBe(400);
    expect((await h.postRaw(JSON.stringify({ type: 'message', text: 'x'.repeat(2 * 1024 * 1024) }))).status).toBe(413);
    expect(h.connector.requests).toHaveLength(0);
    expect((await fetch(`${h.app.url}/healthz`)).status).toBe(200);
    const res = await h.post(
      messageActivity({ scope: 'personal', text: 'help', id: h.nextId(), serviceUrl: h.connector.url }),
    );
    expect(res.status).toBe(200);
    expect(h.connector.requests).toHaveLength(1);
  });
});

describe('Teams adapter with an app id (auth on)', () => {
  let authed: Harness;
  beforeAll(async () => {
    authed = await startTeamsHarness((connector) => ({
      MICROSOFT_APP_ID: '12345678-abcd-4ef0-9abc-0123456789ab',
      MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
      CAFTA_TEAMS_SERVICE_URLS: connector,
    }));
  });
  afterAll(async () => {
    await authed.close();
  });

  it('says auth is on and does not warn', async () => {
    expect(authed.logger.lines.some((l) => /auth is off/i.test(String(l.msg)))).toBe(false);
    expect(JSON.stringify(authed.logger.lines)).not.toContain('not-a-real-secret');
    const health = (await (await fetch(`${authed.app.url}/healthz`)).json()) as {
      adapters: Record<string, { detail: string; auth: string }>;
    };
    expect(health.adapters.teams.detail).toMatch(/auth on/);
    expect(health.adapters.teams.auth).toBe('on');
  });

  it('answers 401 to unauthenticated requests and sends nothing', async () => {
    const activity = messageActivity({
      scope: 'personal',
      text: 'help',
      id: authed.nextId(),
      serviceUrl: authed.connector.url,
    });
    expect((await authed.post(activity)).status).toBe(401);
    expect((await authed.post(activity, { authorization: 'Basic dXNlcjpwYXNz' })).status).toBe(401);
    expect((await authed.post(activity, { authorization: 'Bearer not.a.jwt' })).status).toBe(401);
    expect(authed.connector.requests).toHaveLength(0);
    expect(await authed.app.store.getChannel(key('personal'))).toBeNull();
  });
});
