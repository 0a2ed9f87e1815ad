/**
 * Multi-workspace install through Bolt's installer on our server: /slack/install redirects with a
 * state, /slack/oauth_redirect exchanges the code at the fake oauth.v2.access, the installation is
 * kept in the Store, that workspace can then use /cafta, and app_uninstalled cleans up.
 */
import { header, message } from '../src/text/message';
import { startFakeSlack, type FakeSlack } from './support/fake-slack';
import { eventBody, nowSec, postSigned, SECRET, slashBody, startSlackApp } from './support/slack-request';
import { waitFor } from './support/wait-for';

let fake: FakeSlack;
let ctx: Awaited<ReturnType<typeof startSlackApp>>;

beforeAll(async () => {
  fake = await startFakeSlack();
  ctx = await startSlackApp({
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_CLIENT_ID: '111.222',
    SLACK_CLIENT_SECRET: 'client-secret-value',
    SLACK_STATE_SECRET: 'state-secret-value',
    SLACK_API_URL: fake.apiUrl,
  });
});
afterAll(async () => {
  await ctx.app.stop();
  await fake.close();
});

const install = async (): Promise<{ state: string; cookie: string; location: URL }> => {
  const res = await fetch(`${ctx.app.url}/slack/install`, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location') ?? '');
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  return { state: location.searchParams.get('state') ?? '', cookie, location };
};

describe('Slack OAuth (multi-workspace)', () => {
  it('reports OAuth mode in /healthz', async () => {
    const body = (await (await fetch(`${ctx.app.url}/healthz`)).json()) as { adapters: { slack: { detail: string } } };
    expect(body.adapters.slack.detail).toBe('multi-workspace OAuth (/slack/install), HTTP at POST /slack/events');
  });

  it('/slack/install redirects to Slack with client id, minimal scopes and a state cookie', async () => {
    const { state, cookie, location } = await install();
    expect(`${location.origin}${location.pathname}`).toBe('https://slack.com/oauth/v2/authorize');
    expect(location.searchParams.get('client_id')).toBe('111.222');
    expect(location.searchParams.get('scope')).toBe('commands,chat:write,chat:write.public,users:read');
    expect(state.length).toBeGreaterThan(10);
    expect(cookie).toBe(`slack-app-oauth-state=${state}`);
  });

  it('a slash command from a workspace that never installed is refused (401), nothing runs', async () => {
    const res = await postSigned(ctx.events, slashBody('subscribe all', { team_id: 'T0002', channel_id: 'C0200' }));
    expect(res.status).toBe(401);
    expect(await ctx.app.store.listSubscriptions({ platform: 'slack', workspace: 'T0002' })).toEqual([]);
  });

  it('a redirect with a forged state installs nothing', async () => {
    const { cookie } = await install();
    const before = fake.callsTo('oauth.v2.access').length;
    const res = await fetch(`${ctx.app.url}/slack/oauth_redirect?code=abc&state=forged`, {
      headers: { cookie, 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' },
    });
    expect(res.status).toBe(400);
    // The page speaks the browser's language.
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<h1>安装失败</h1>');
    expect(fake.callsTo('oauth.v2.access')).toHaveLength(before);
    expect(await ctx.app.store.getInstallation('slack', 'T0002')).toBeNull();
  });

  it('the redirect exchanges the code, stores the installation, and the workspace can use /cafta', async () => {
    const { state, cookie } = await install();
    const res = await fetch(`${ctx.app.url}/slack/oauth_redirect?code=the-code&state=${encodeURIComponent(state)}`, {
      headers: { cookie },
    });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('Installed in Second Team. Type /cafta help in any channel.');

    const [exchange] = fake.callsTo('oauth.v2.access');
    expect(exchange.body.code).toBe('the-code');
    const stored = (await ctx.app.store.getInstallation('slack', 'T0002')) as {
      bot?: { token?: string };
      team?: { id?: string };
    };
    expect(stored.team?.id).toBe('T0002');
    expect(stored.bot?.token).toBe('xoxb-installed-token');

    fake.userZones.U0200 = 'Asia/Manila';
    const cmd = await postSigned(
      ctx.events,
      slashBody('subscribe digest', { team_id: 'T0002', channel_id: 'C0200', user_id: 'U0200' }),
    );
    expect(cmd.status).toBe(200);
    expect((cmd.json() as { blocks: unknown[] }).blocks.length).toBeGreaterThan(0);
    const info = fake.callsTo('users.info').find((c) => c.body.user === 'U0200');
    expect(info?.headers.authorization).toBe('Bearer xoxb-installed-token');
    const subs = await ctx.app.store.listSubscriptions({ platform: 'slack', workspace: 'T0002' });
    expect(subs.map((s) => [s.channel, s.zone])).toEqual([['C0200', 'Asia/Manila']]);
  });

  it("the sender posts with the workspace's installed token", async () => {
    const sender = ctx.app.senders.slack;
    expect(sender).toBeDefined();
    const result = await sender!.send(
      { platform: 'slack', workspace: 'T0002', channel: 'C0200', address: { teamId: 'T0002', channelId: 'C0200' } },
      message('Digest', [header('Digest')]),
    );
    expect(result.ok).toBe(true);
    expect(fake.callsTo('chat.postMessage').at(-1)?.headers.authorization).toBe('Bearer xoxb-installed-token');
  });

  it('app_uninstalled deletes the installation and the workspace subscriptions', async () => {
    const res = await postSigned(
      ctx.events,
      eventBody({ type: 'app_uninstalled', event_ts: `${nowSec()}.1` }, 'T0002'),
      { contentType: 'application/json' },
    );
    expect(res.status).toBe(200);
    await waitFor(
      'the installation to be deleted',
      async () => (await ctx.app.store.getInstallation('slack', 'T0002')) === null,
    );
    expect(await ctx.app.store.getInstallation('slack', 'T0002')).toBeNull();
    expect(await ctx.app.store.listSubscriptions({ platform: 'slack', workspace: 'T0002' })).toEqual([]);
    // And the workspace is refused again.
    expect((await postSigned(ctx.events, slashBody('status', { team_id: 'T0002' }))).status).toBe(401);
  });

  it('never logs the client secret, state secret or installed token', () => {
    const logs = JSON.stringify(ctx.logger.lines);
    for (const secret of ['client-secret-value', 'state-secret-value', 'xoxb-installed-token', SECRET])
      expect(logs).not.toContain(secret);
  });
});
