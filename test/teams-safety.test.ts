/**
 * Teams is off until it is safe: disabled (503) without credentials; CAFTA_TEAMS_AUTH=off only
 * for loopback serviceUrls; with auth on, replies and proactive messages go only to Bot Framework
 * / Teams hosts (+ CAFTA_TEAMS_SERVICE_URLS). A refused serviceUrl causes no outbound request at
 * all: the fake connector and the fake OpenID provider record zero requests.
 */
import { loadTeamsConfig } from '../adapters/teams/config';
import { createServiceUrlPolicy, parseServiceOrigins } from '../adapters/teams/service-urls';
import { deliveryDepsFor } from '../adapters/tick';
import { runDue } from '../src/delivery/run-due';
import { isCaftaError } from '../src/infra/errors';
import { addSub, realData } from './support/delivery-harness';
import { makeSigningKey, signJwt, startFakeOpenIdProvider, type FakeOpenIdProvider } from './support/fake-openid';
import { lifecycleActivity, messageActivity, startTeamsHarness, TENANT, type Harness } from './support/teams-harness';

const APP_ID = '0b6c1f0e-5d1a-4c3e-9f7a-2d8e4b6a1c90';
const ISSUER = 'https://api.botframework.com';

const configError = (env: Record<string, string>): string => {
  try {
    loadTeamsConfig(env);
  } catch (err) {
    if (isCaftaError(err) && err.code === 'config_invalid') return err.message;
    throw err;
  }
  return 'no error';
};

describe('the serviceUrl allowlist', () => {
  const on = createServiceUrlPolicy({ authOff: false, extraOrigins: [] });
  const off = createServiceUrlPolicy({ authOff: true, extraOrigins: [] });

  it.each([
    'https://smba.trafficmanager.net/amer/',
    'https://smba.trafficmanager.net/teams/',
    'https://smba.onyx.prod.teams.trafficmanager.net/',
    'https://smba.infra.gcc.teams.microsoft.com/teams',
    'https://smba.infra.gov.teams.microsoft.us/gcch/',
    'https://smba.infra.dod.teams.microsoft.us/',
    'https://frontend.botapi.msg.infra.teams.microsoftonline.cn/',
    'https://webchat.botframework.com/',
    'https://SMBA.TrafficManager.net:443/emea/',
  ])('with auth on, allows %s', (url) => expect(on.allows(url)).toBe(true));

  it.each([
    'http://smba.trafficmanager.net/amer/', // not https
    'https://smba.trafficmanager.net:8443/amer/', // another port
    'https://smba.trafficmanager.net.evil.example/amer/', // suffix trick
    'https://evil.example/smba.trafficmanager.net/', // in the path
    'https://evil.example/?u=https://smba.trafficmanager.net/', // in the query
    'https://smba.trafficmanager.net@evil.example/', // credentials trick: the host is evil.example
    'https://attacker.trafficmanager.net/', // another tenant of a shared domain
    'https://botframework.com.evil.example/',
    'https://evilbotframework.com/',
    'https://botframework.com/', // the bare domain is no channel service
    'http://127.0.0.1:3978/', // loopback needs CAFTA_TEAMS_SERVICE_URLS when auth is on
    'http://169.254.169.254/latest/meta-data/',
    'not a url',
    'file:///etc/passwd',
  ])('with auth on, refuses %s', (url) => expect(on.allows(url)).toBe(false));

  it('with auth off, allows loopback only (127.0.0.0/8, ::1, localhost), any port', () => {
    for (const url of ['http://127.0.0.1:1/', 'http://127.9.8.7/', 'http://[::1]:3978/', 'http://localhost:9/x'])
      expect(off.allows(url)).toBe(true);
    for (const url of [
      'https://smba.trafficmanager.net/amer/',
      'http://10.0.0.1/',
      'http://128.0.0.1/',
      'http://localhost.evil.example/',
      'http://[::2]/',
      'http://user:pw@127.0.0.1/',
    ])
      expect(off.allows(url)).toBe(false);
  });

  it('adds the exact origins of CAFTA_TEAMS_SERVICE_URLS (scheme, host and port) in either mode', () => {
    const origins = parseServiceOrigins(' https://smba.teams.sovcloud-core.fr , http://127.0.0.1:3978/ ');
    expect(origins).toEqual(['https://smba.teams.sovcloud-core.fr', 'http://127.0.0.1:3978']);
    const extra = createServiceUrlPolicy({ authOff: false, extraOrigins: origins });
    expect(extra.allows('https://smba.teams.sovcloud-core.fr/teams/')).toBe(true);
    expect(extra.allows('http://127.0.0.1:3978/v3/x')).toBe(true);
    expect(extra.allows('http://127.0.0.1:3979/')).toBe(false);
    expect(extra.allows('http://smba.teams.sovcloud-core.fr/')).toBe(false);
    expect(extra.allows('https://x.smba.teams.sovcloud-core.fr/')).toBe(false);
    expect(extra.description).toBe(
      'Bot Framework / Teams service hosts and https://smba.teams.sovcloud-core.fr, http://127.0.0.1:3978',
    );
  });

  it.each([
    ['ftp://files.example', /is not an http\(s\) URL/],
    ['smba.example.com', /is not an http\(s\) URL/],
    ['https://user:pw@smba.example.com', /carries credentials/],
    ['https://smba.example.com/teams/', /has a path, query or fragment/],
    ['http://smba.example.com', /plain http for a host that is not loopback/],
  ])('refuses CAFTA_TEAMS_SERVICE_URLS=%s at start, naming the variable', (value, why) => {
    expect(configError({ CAFTA_TEAMS_SERVICE_URLS: value })).toMatch(/^CAFTA_TEAMS_SERVICE_URLS: /);
    expect(configError({ CAFTA_TEAMS_SERVICE_URLS: value })).toMatch(why);
  });
});

describe('Teams settings checked at start', () => {
  const password = { MICROSOFT_APP_PASSWORD: 'secret-value' };

  it('without an app id Teams is disabled; CAFTA_TEAMS_AUTH=off turns it on without auth', () => {
    expect(loadTeamsConfig({}).auth).toBe('disabled');
    expect(loadTeamsConfig({ CAFTA_TEAMS_AUTH: 'off' }).auth).toBe('off');
    expect(loadTeamsConfig({ CAFTA_TEAMS_AUTH: 'OFF' }).auth).toBe('off');
    expect(loadTeamsConfig({ MICROSOFT_APP_ID: APP_ID, ...password }).auth).toBe('on');
    expect(loadTeamsConfig({ MICROSOFT_APP_ID: APP_ID, ...password, CAFTA_TEAMS_AUTH: 'on' }).auth).toBe('on');
  });

  it.each<[Record<string, string>, RegExp]>([
    [{ MICROSOFT_APP_ID: 'my-bot', ...password }, /^MICROSOFT_APP_ID must be a GUID/],
    [{ MICROSOFT_APP_ID: APP_ID }, /^MICROSOFT_APP_PASSWORD is required for a MultiTenant bot/],
    [
      { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_TYPE: 'SingleTenant', MICROSOFT_APP_TENANT_ID: 't' },
      /^MICROSOFT_APP_PASSWORD is required for a SingleTenant bot/,
    ],
    [
      { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_TYPE: 'singletenant', ...password },
      /^MICROSOFT_APP_TENANT_ID is required for a SingleTenant bot/,
    ],
    [
      { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_TENANT_ID: 't', ...password },
      /^MICROSOFT_APP_PASSWORD must not be set for a UserAssignedMSI bot/,
    ],
    [{ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_TYPE: 'Personal', ...password }, /^MICROSOFT_APP_TYPE must be one of/],
    [{ CAFTA_TEAMS_AUTH: 'no' }, /^CAFTA_TEAMS_AUTH must be "on" or "off"/],
    [{ CAFTA_TEAMS_AUTH: 'on' }, /^CAFTA_TEAMS_AUTH=on needs MICROSOFT_APP_ID/],
    [{ CAFTA_TEAMS_AUTH: 'off', MICROSOFT_APP_ID: APP_ID, ...password }, /^CAFTA_TEAMS_AUTH=off is for local testing/],
  ])('refuses %j: %s', (env, message) => {
    expect(configError(env)).toMatch(message);
  });

  it('accepts the documented combinations and never echoes the password', () => {
    expect(
      loadTeamsConfig({
        MICROSOFT_APP_ID: APP_ID,
        MICROSOFT_APP_TYPE: 'SingleTenant',
        MICROSOFT_APP_TENANT_ID: 'contoso.onmicrosoft.com',
        ...password,
      }),
    ).toMatchObject({ auth: 'on', appType: 'SingleTenant' });
    expect(
      loadTeamsConfig({
        MICROSOFT_APP_ID: APP_ID,
        MICROSOFT_APP_TYPE: 'UserAssignedMSI',
        MICROSOFT_APP_TENANT_ID: 't',
      }),
    ).toMatchObject({ auth: 'on', appType: 'UserAssignedMSI' });
    expect(configError({ MICROSOFT_APP_ID: 'x', MICROSOFT_APP_PASSWORD: 'hunter2-secret' })).not.toContain('hunter2');
  });
});

describe('without MICROSOFT_APP_ID', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startTeamsHarness({});
  });
  afterAll(() => h.close());

  it('/api/messages answers 503 with a one-line reason and sends nothing anywhere', async () => {
    const res = await h.post(
      messageActivity({ scope: 'personal', text: 'help', id: h.nextId(), serviceUrl: h.connector.url }),
    );
    expect(res.status).toBe(503);
    const { error } = JSON.parse(res.text) as { error: string };
    expect(error).toBe(
      'Teams is not configured: MICROSOFT_APP_ID is not set (set CAFTA_TEAMS_AUTH=off only for local testing)',
    );
    expect(error).not.toContain('\n');
    expect(h.connector.requests).toEqual([]);
    expect(await h.app.store.getChannel({ platform: 'teams', workspace: TENANT, channel: 'a:personal-chat-1' })).toBe(
      null,
    );
  });

  it('/healthz says why, and a due Teams subscription is left alone (no sender)', async () => {
    const health = (await (await fetch(`${h.app.url}/healthz`)).json()) as {
      adapters: Record<string, { enabled: boolean; detail: string }>;
    };
    expect(health.adapters.teams).toEqual({
      enabled: false,
      detail: expect.stringContaining('MICROSOFT_APP_ID is not set'),
    });
    const data = realData();
    await addSub(
      h.app.store,
      data,
      {
        kind: 'digest',
        platform: 'teams',
        workspace: TENANT,
        channel: '19:c@thread.tacv2',
        address: { serviceUrl: h.connector.url, conversation: { id: '19:c@thread.tacv2' } },
      },
      new Date('2026-11-24T00:00:00Z'),
    );
    const report = await runDue(new Date('2026-11-30T01:00:30Z'), deliveryDepsFor(h.app));
    expect(report).toMatchObject({ due: 1, sent: 0, noSender: 1 });
    expect(h.connector.requests).toEqual([]);
  });
});

describe('with CAFTA_TEAMS_AUTH=off', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startTeamsHarness({ CAFTA_TEAMS_AUTH: 'off' });
  });
  afterAll(() => h.close());

  it.each([
    'https://smba.trafficmanager.net/amer/',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.1.2.3:8080/',
  ])('an activity naming %s gets 403, stores nothing and sends nothing', async (serviceUrl) => {
    const res = await h.post(lifecycleActivity({ kind: 'install', scope: 'groupChat', id: h.nextId(), serviceUrl }));
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text)).toEqual({ error: 'serviceUrl not allowed' });
    expect(h.connector.requests).toEqual([]);
    const channel = { platform: 'teams', workspace: TENANT, channel: '19:group-chat-1@thread.v2' };
    expect(await h.app.store.getChannel(channel)).toBeNull();
    expect(h.logger.lines.some((l) => l.msg === 'teams request refused: serviceUrl not allowed')).toBe(true);
  });
});

describe('with auth on', () => {
  const key = makeSigningKey('teams-key-1');
  let provider: FakeOpenIdProvider;
  let h: Harness;
  beforeAll(async () => {
    provider = await startFakeOpenIdProvider(ISSUER, [key]);
    // No CAFTA_TEAMS_SERVICE_URLS: the (loopback) fake connector is NOT an allowed destination.
    h = await startTeamsHarness({
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_PASSWORD: 'teams-safety-password',
      ToBotFromChannelOpenIdMetadataUrl: provider.metadataUrl,
      ToBotFromChannelTokenIssuer: ISSUER,
      ToBotFromEmulatorOpenIdMetadataUrl: provider.metadataUrl,
      ToChannelFromBotLoginUrl: `${provider.url}/login`,
      ToChannelFromBotOAuthScope: ISSUER,
      OAuthUrl: `${provider.url}/oauth`,
      ValidateAuthority: 'false',
    });
  });
  afterAll(async () => {
    await h.close();
    await provider.close();
  });

  it('a validly signed activity for a serviceUrl outside the allowlist gets 403 and causes no request at all', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const serviceUrl of ['https://evil.example/teams/', h.connector.url]) {
      const token = signJwt({ iss: ISSUER, aud: APP_ID, serviceurl: serviceUrl, nbf: now - 60, exp: now + 600 }, key);
      const res = await h.post(messageActivity({ scope: 'personal', text: 'help', id: h.nextId(), serviceUrl }), {
        authorization: `Bearer ${token}`,
      });
      expect(res.status).toBe(403);
    }
    // Not even the signing keys were fetched, and nothing reached the connector.
    expect(provider.requests).toEqual([]);
    expect(h.connector.requests).toEqual([]);
  });

  it('a stored reference outside the allowlist is refused for good: the subscription pauses, nothing is sent', async () => {
    const sub = await addSub(
      h.app.store,
      realData(),
      {
        kind: 'digest',
        platform: 'teams',
        workspace: TENANT,
        channel: '19:stored@thread.tacv2',
        // Stored earlier, e.g. while CAFTA_TEAMS_AUTH=off: a loopback URL the bot must not call now.
        address: { serviceUrl: h.connector.url, channelId: 'msteams', conversation: { id: '19:stored@thread.tacv2' } },
      },
      new Date('2026-11-24T00:00:00Z'),
    );
    const report = await runDue(new Date('2026-11-30T01:00:30Z'), deliveryDepsFor(h.app));
    expect(report).toMatchObject({ due: 1, sent: 0, paused: 1, retried: 0 });
    expect(h.connector.requests).toEqual([]);
    expect(provider.requests).toEqual([]);
    const after = await h.app.store.getSubscription(sub.id);
    expect(after).toMatchObject({ status: 'paused' });
    expect(after?.pausedReason).toMatch(/outside the allowlist \(service_url_not_allowed\); delivery paused/);
    expect(h.logger.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', msg: 'teams send refused: stored serviceUrl not allowed' }),
    );
  });
});
