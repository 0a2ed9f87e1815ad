/**
 * Slack at HTTP level, single-workspace mode: the real server on port 0, signed requests with a
 * fixed clock, the fake Slack Web API, SQLite in memory and the real data/.
 */
import { loadFixtureData } from './support/data-fixture';
import type { FakeSlack } from './support/fake-slack';
import {
  buttonBody,
  eventBody,
  NOW,
  nowSec,
  postSigned,
  SECRET,
  sign,
  slashBody,
  type SlackApp,
  useSingleWorkspaceApp,
} from './support/slack-request';
import { waitFor } from './support/wait-for';

const data = loadFixtureData();
const parties = data.parties.filter((p) => p.role === 'party');

type Body = { response_type?: string; text?: string; blocks?: Array<{ type: string }> };

let fake: FakeSlack;
let ctx: SlackApp;
useSingleWorkspaceApp('xoxb-single-token', (f, c) => {
  fake = f;
  ctx = c;
});

const slash = async (text: string, over: Record<string, string> = {}) => {
  const res = await postSigned(ctx.events, slashBody(text, over));
  return { status: res.status, body: (res.text ? res.json() : {}) as Body, raw: res.text };
};
const subsOf = (channel = 'C0001') =>
  ctx.app.store.listSubscriptions({ platform: 'slack', workspace: 'T0001', channel });

describe('Slack adapter: health and mode', () => {
  it('reports the Slack adapter enabled in single-workspace HTTP mode', async () => {
    const res = await fetch(`${ctx.app.url}/healthz`);
    const body = (await res.json()) as { adapters: Record<string, { enabled: boolean; detail: string }> };
    expect(body.adapters.slack).toEqual({
      enabled: true,
      detail: 'single workspace (bot token), HTTP at POST /slack/events',
    });
  });
});

describe('Slack adapter: request signatures', () => {
  const body = slashBody('subscribe daily 08:00');

  it.each([
    ['forged signature', { signature: `v0=${'0'.repeat(64)}` }],
    ['wrong secret', { secret: 'not-the-secret' }],
    ['6-minute-old timestamp', { ts: nowSec() - 6 * 60 }],
    ['timestamp 6 minutes in the future', { ts: nowSec() + 6 * 60 }],
    ['unknown signature version', { signature: sign(SECRET, nowSec(), body).replace('v0=', 'v1=') }],
  ])('%s → 401 and nothing executed', async (_name, opts) => {
    const before = fake.calls.length;
    const res = await postSigned(ctx.events, body, opts);
    expect(res.status).toBe(401);
    expect(await subsOf()).toEqual([]);
    expect(fake.calls.length).toBe(before);
  });

  it('a 4-minute-old, correctly signed request is accepted', async () => {
    const res = await postSigned(ctx.events, slashBody('help'), { ts: nowSec() - 4 * 60 });
    expect(res.status).toBe(200);
  });

  it('a signature over a different body is rejected (tampering)', async () => {
    const ts = nowSec();
    const res = await postSigned(ctx.events, slashBody('subscribe'), {
      signature: sign(SECRET, ts, slashBody('help')),
      ts,
    });
    expect(res.status).toBe(401);
    expect(await subsOf()).toEqual([]);
  });
});

describe('Slack adapter: every command answered in the ack as ephemeral Block Kit', () => {
  it('status lists all 11 parties', async () => {
    const { status, body, raw } = await slash('status');
    expect(status).toBe(200);
    expect(body.response_type).toBe('ephemeral');
    expect(body.blocks?.length).toBeGreaterThan(0);
    expect(parties).toHaveLength(11);
    for (const p of parties) expect(raw).toContain(p.shortName);
    // A read-only answer can be shared into the channel.
    expect(raw).toContain('"action_id":"cafta_share"');
  });

  it('empty text answers with help', async () => {
    const { body, raw } = await slash('');
    expect(body.response_type).toBe('ephemeral');
    for (const word of ['status', 'party', 'timeline', 'subscribe', 'unsubscribe', 'digest'])
      expect(raw).toContain(word);
  });

  it.each([
    'help',
    'status',
    'party vn',
    'party Vietnam',
    'party 中国',
    'timeline',
    'timeline --all',
    'milestone signing',
    'areas',
    'area 1',
    'next',
    'next 30',
    'subscriptions',
    'digest',
    'subscribe weekly fri 10:00 Europe/Paris',
    'unsubscribe all',
    'party atlantis',
    'frobnicate',
  ])('/cafta %s → 200 with Block Kit', async (text) => {
    const { status, body, raw } = await slash(text);
    expect(status).toBe(200);
    expect(body.response_type).toBe('ephemeral');
    expect(body.text?.length).toBeGreaterThan(0);
    expect(body.blocks?.length).toBeGreaterThan(0);
    expect(body.blocks?.length).toBeLessThanOrEqual(50);
    expect(raw).not.toMatch(/not implemented/i);
  });
});

describe('Slack adapter: hostile input gets a helpful answer, never a ping, never a 5xx', () => {
  const hostile = [
    '<!channel>',
    '<!here> status',
    'party <!subteam^S123>',
    'party <@U123>',
    'party <@U123|boss> <#C999|x>',
    'party @channel',
    'subscribe <!everyone> daily',
    'party \u0000\u0007\u001b[31mvn',
    'x'.repeat(4000),
    '😀'.repeat(2000),
    'party ' + '🇨🇳'.repeat(500),
    '<https://evil.example|click me>',
    'milestone </script><script>',
  ];
  it.each(hostile.map((h) => [h.slice(0, 40), h]))('%s', async (_label, text) => {
    const { status, body, raw } = await slash(text);
    expect(status).toBe(200);
    expect(body.blocks?.length).toBeGreaterThan(0);
    expect(raw).not.toMatch(/<[!@#]/);
    expect(raw).not.toMatch(/(^|[^\u2060])@(channel|here|everyone)\b/);
    expect(raw).not.toMatch(/\\u0000|\\u0007|\\u001b/);
    expect(Buffer.byteLength(raw)).toBeLessThan(60_000);
  });
});

describe('Slack adapter: subscribe uses the Slack user time zone', () => {
  afterEach(async () => {
    await ctx.app.store.deleteSubscriptions({ platform: 'slack', workspace: 'T0001', channel: 'C0001' }, [
      'digest',
      'reminders',
      'alerts',
    ]);
  });

  it("takes the zone from users.info and the channel's team/channel ids as the address", async () => {
    fake.userZones.U0042 = 'Europe/London';
    const { status, raw } = await slash('subscribe digest weekly mon 09:00', { user_id: 'U0042' });
    expect(status).toBe(200);
    expect(raw).toContain('Europe/London');
    const subs = await subsOf();
    expect(subs.map((s) => [s.kind, s.zone, s.address])).toEqual([
      ['digest', 'Europe/London', { teamId: 'T0001', channelId: 'C0001' }],
    ]);
    const info = fake.callsTo('users.info').filter((c) => c.body.user === 'U0042');
    expect(info).toHaveLength(1);
    expect(info[0].headers.authorization).toBe('Bearer xoxb-single-token');
  });

  it('an explicit zone wins over the user zone', async () => {
    fake.userZones.U0043 = 'Europe/London';
    await slash('subscribe digest Asia/Tokyo', { user_id: 'U0043' });
    expect((await subsOf()).map((s) => s.zone)).toEqual(['Asia/Tokyo']);
  });

  it('a slow users.info does not hold up the ack: CAFTA_DEFAULT_TZ is used', async () => {
    fake.usersInfoDelayMs = 4000;
    try {
      const { status } = await slash('subscribe digest', { user_id: 'U0044' });
      expect(status).toBe(200);
      // Had the ack waited for users.info it would carry the user's zone (the fake answers
      // America/New_York after 4 s); the default proves it gave up within its budget instead.
      // (Behaviour, not wall-clock: timings are measured in bench/, never asserted here.)
      expect(fake.callsTo('users.info').some((c) => c.body.user === 'U0044')).toBe(true);
      expect((await subsOf()).map((s) => s.zone)).toEqual(['Asia/Singapore']);
    } finally {
      fake.usersInfoDelayMs = 0;
    }
  });
});

describe('Slack adapter: buttons', () => {
  it('a command button runs through the core and answers via response_url', async () => {
    const res = await postSigned(ctx.events, buttonBody('cafta_run:0', 'timeline', `${fake.respondUrl}/run1`));
    expect(res.status).toBe(200);
    const [call] = await fake.waitFor('respond:run1');
    expect(call.body.response_type).toBe('ephemeral');
    expect(call.body.replace_original).toBe(false);
    expect(JSON.stringify(call.body.blocks)).toContain('2025');
  });

  it('"Share in channel" posts a read-only answer in_channel, without a share button', async () => {
    await postSigned(ctx.events, buttonBody('cafta_share', 'status', `${fake.respondUrl}/share1`));
    const [call] = await fake.waitFor('respond:share1');
    expect(call.body.response_type).toBe('in_channel');
    expect(JSON.stringify(call.body.blocks)).not.toContain('cafta_share');
  });

  it('share never re-runs a command with side effects', async () => {
    const res = await postSigned(ctx.events, buttonBody('cafta_share', 'subscribe daily', `${fake.respondUrl}/share2`));
    expect(res.status).toBe(200);
    await postSigned(ctx.events, buttonBody('cafta_run:0', 'help', `${fake.respondUrl}/after-share2`));
    await fake.waitFor('respond:after-share2');
    expect(fake.callsTo('respond:share2')).toHaveLength(0);
    expect(await subsOf()).toEqual([]);
  });
});

describe('Slack adapter: interactions it does not own', () => {
  it('an unknown button (e.g. from an older app version) is acknowledged at once with 200', async () => {
    const res = await postSigned(ctx.events, buttonBody('legacy_button', 'whatever', `${fake.respondUrl}/legacy`));
    expect(res.status).toBe(200);
    expect(fake.callsTo('respond:legacy')).toHaveLength(0);
  });

  it.each(['view_submission', 'view_closed'])('a %s payload is acknowledged with 200', async (type) => {
    const payload = {
      type,
      team: { id: 'T0001' },
      user: { id: 'U0001', team_id: 'T0001' },
      api_app_id: 'A0001',
      token: 'legacy',
      view: {
        id: 'V1',
        type: 'modal',
        callback_id: 'someone_elses_modal',
        state: { values: {} },
        hash: 'h',
        team_id: 'T0001',
      },
      ...(type === 'view_closed' ? { is_cleared: false } : {}),
    };
    const res = await postSigned(ctx.events, new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
    expect(res.status).toBe(200);
  });

  it('our own buttons are acknowledged once (the catch-all does not match them)', async () => {
    const res = await postSigned(ctx.events, buttonBody('cafta_run:3', 'areas', `${fake.respondUrl}/own`));
    expect(res.status).toBe(200);
    const [call] = await fake.waitFor('respond:own');
    expect(JSON.stringify(call.body.blocks)).toContain('Digital Economy');
    expect(fake.callsTo('respond:own')).toHaveLength(1);
  });
});

describe('Slack adapter: App Home and uninstall', () => {
  it('publishes status and this workspace’s subscriptions on app_home_opened', async () => {
    await slash('subscribe digest weekly wed 08:30 Asia/Singapore', { channel_id: 'C0777' });
    const res = await postSigned(
      ctx.events,
      eventBody({ type: 'app_home_opened', user: 'U0001', channel: 'D0001', tab: 'home', event_ts: `${nowSec()}.1` }),
      { contentType: 'application/json' },
    );
    expect(res.status).toBe(200);
    const [call] = await fake.waitFor('views.publish');
    expect(call.body.user_id).toBe('U0001');
    const view = call.body.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const json = JSON.stringify(view);
    for (const p of parties) expect(json).toContain(p.shortName);
    expect(json).toContain('<#C0777>');
    expect(json).toContain('Weekly digest: every Wednesday at 08:30 (Asia/Singapore)');
    expect(json).not.toContain('cafta_run:');
  });

  it('app_uninstalled removes the workspace subscriptions', async () => {
    expect((await ctx.app.store.listSubscriptions({ platform: 'slack', workspace: 'T0001' })).length).toBeGreaterThan(
      0,
    );
    const res = await postSigned(ctx.events, eventBody({ type: 'app_uninstalled', event_ts: `${nowSec()}.2` }), {
      contentType: 'application/json',
    });
    expect(res.status).toBe(200);
    await waitFor(
      'the workspace subscriptions to be removed',
      async () => (await ctx.app.store.listSubscriptions({ platform: 'slack', workspace: 'T0001' })).length === 0,
    );
    expect(await ctx.app.store.listSubscriptions({ platform: 'slack', workspace: 'T0001' })).toEqual([]);
  });

  it('never logs the signing secret or the bot token', () => {
    const logs = JSON.stringify(ctx.logger.lines);
    expect(logs).not.toContain(SECRET);
    expect(logs).not.toContain('xoxb-single-token');
    expect(NOW.toISOString()).toBe('2026-11-30T03:00:00.000Z');
  });
});
