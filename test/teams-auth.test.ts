/**
 * Teams inbound auth on the ACCEPT path and every REJECT path, at HTTP level: the real server
 * (startApp, SQLite, real data) with MICROSOFT_APP_ID set, botbuilder's own JWT validation pointed
 * at a local fake OpenID provider through the SDK settings (ToBotFromChannelOpenIdMetadataUrl …),
 * and RS256 tokens signed in the test. The activities need no reply (a member joining, the app
 * being uninstalled), so no outbound token is ever requested.
 */
import { routeConsoleTo } from '../adapters/console-bridge';
import { loadTeamsConfig } from '../adapters/teams/config';
import { isCaftaError } from '../src/infra/errors';
import {
  makeSigningKey,
  signJwt,
  startFakeOpenIdProvider,
  type FakeOpenIdProvider,
  type SigningKey,
} from './support/fake-openid';
import {
  CONVERSATIONS,
  TENANT,
  USER,
  lifecycleActivity,
  startTeamsHarness,
  type Harness,
} from './support/teams-harness';

const APP_ID = '0b6c1f0e-5d1a-4c3e-9f7a-2d8e4b6a1c90';
const OTHER_APP_ID = '7f3e2d1c-0b9a-4876-a5b4-c3d2e1f0a9b8';
const ISSUER = 'https://api.botframework.com';
const PASSWORD = 'teams-auth-test-password-VALUE';

const teamsKey = makeSigningKey('teams-key-1', ['msteams']);
const webchatOnlyKey = makeSigningKey('webchat-key-1', ['webchat']);
const unpublishedKey = makeSigningKey('unpublished-key');
/** Carries a published kid, but is not the key published under it: a forged signature. */
const forgedKey: SigningKey = { ...makeSigningKey(teamsKey.kid), jwk: {} };

let provider: FakeOpenIdProvider;
let h: Harness;
let restoreConsole: () => void;

beforeAll(async () => {
  provider = await startFakeOpenIdProvider(ISSUER, [teamsKey, webchatOnlyKey]);
  h = await startTeamsHarness((connector) => ({
    // The fake connector stands in for the Teams service: allowed as an operator would allow one.
    CAFTA_TEAMS_SERVICE_URLS: connector,
    MICROSOFT_APP_ID: APP_ID,
    MICROSOFT_APP_PASSWORD: PASSWORD,
    MICROSOFT_APP_TYPE: 'MultiTenant',
    ToBotFromChannelOpenIdMetadataUrl: provider.metadataUrl,
    ToBotFromChannelTokenIssuer: ISSUER,
    ToBotFromEmulatorOpenIdMetadataUrl: provider.metadataUrl,
    // Outbound endpoints point at the fake too, so a mistaken send could never leave the machine.
    ToChannelFromBotLoginUrl: `${provider.url}/login`,
    ToChannelFromBotOAuthScope: ISSUER,
    OAuthUrl: `${provider.url}/oauth`,
    ValidateAuthority: 'false',
  }));
  // botbuilder prints rejected tokens and the signing keys with console.error; the server routes
  // that through its logger (as server.ts does), so it is asserted on instead of printed.
  restoreConsole = routeConsoleTo(h.logger);
});
afterAll(async () => {
  restoreConsole();
  await h.close();
  await provider.close();
});
beforeEach(() => h.connector.reset());

const channelKey = { platform: 'teams', workspace: TENANT, channel: CONVERSATIONS.groupChat.id };

/**
 * Claims as the Bot Framework channel service sends them. Times come from the real clock on
 * purpose: botbuilder checks exp/nbf against Date.now(), not against the app's clock.
 */
function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: ISSUER,
    aud: APP_ID,
    serviceurl: h.connector.url,
    nbf: now - 60,
    iat: now - 60,
    exp: now + 3600,
    ...overrides,
  };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A user joining the group chat: the bot only (re)stores the conversation reference. */
const memberJoined = () => ({
  ...lifecycleActivity({ kind: 'membersAdded', scope: 'groupChat', id: h.nextId(), serviceUrl: h.connector.url }),
  membersAdded: [USER],
});
/** The app removed from the group chat: the bot forgets the conversation. */
const uninstalled = () =>
  lifecycleActivity({ kind: 'uninstall', scope: 'groupChat', id: h.nextId(), serviceUrl: h.connector.url });

/** Stores the conversation directly (independent of the auth under test). */
async function seedChannel(): Promise<void> {
  await h.app.store.saveChannel(
    {
      ...channelKey,
      address: { serviceUrl: h.connector.url, channelId: 'msteams', conversation: { id: channelKey.channel } },
    },
    new Date(),
  );
}

describe('Teams inbound auth with a correctly signed Bot Framework token', () => {
  it('accepts it (keys fetched from the configured provider) and the turn takes effect', async () => {
    expect(await h.app.store.getChannel(channelKey)).toBeNull();
    const joined = await h.post(memberJoined(), bearer(signJwt(claims(), teamsKey)));
    expect(joined.status).toBe(200);
    // The SDK read the metadata and keys from the fake, not from login.botframework.com.
    expect(provider.requests).toEqual(expect.arrayContaining(['/.well-known/openid-configuration', '/keys']));
    expect(await h.app.store.getChannel(channelKey)).toMatchObject({
      address: { serviceUrl: h.connector.url, conversation: { id: channelKey.channel } },
    });

    const removed = await h.post(uninstalled(), bearer(signJwt(claims(), teamsKey)));
    expect(removed.status).toBe(200);
    expect(await h.app.store.getChannel(channelKey)).toBeNull();
    expect(h.connector.requests).toEqual([]);
  });

  it('accepts a token just past exp within the SDK clock tolerance (5 minutes)', async () => {
    const now = Math.floor(Date.now() / 1000);
    await seedChannel();
    const res = await h.post(uninstalled(), bearer(signJwt(claims({ nbf: now - 3600, exp: now - 60 }), teamsKey)));
    expect(res.status).toBe(200);
    expect(await h.app.store.getChannel(channelKey)).toBeNull();
  });

  it('says in the log that the SDK settings came from the environment, without the password', () => {
    const line = h.logger.lines.find((l) => /authentication settings from the environment/.test(String(l.msg)));
    expect(line).toMatchObject({
      settings: { ToBotFromChannelOpenIdMetadataUrl: provider.metadataUrl, ValidateAuthority: 'false' },
    });
    expect(JSON.stringify(h.logger.lines)).not.toContain(PASSWORD);
  });
});

describe('Teams inbound auth rejects, with 401 and no effect,', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const cases: Array<[string, () => string]> = [
    ['a token for another bot (wrong audience)', () => signJwt(claims({ aud: OTHER_APP_ID }), teamsKey)],
    ['a token with no audience', () => signJwt(claims({ aud: undefined }), teamsKey)],
    [
      'an expired token (past the 5-minute tolerance)',
      () => signJwt(claims({ nbf: now() - 7200, iat: now() - 7200, exp: now() - 600 }), teamsKey),
    ],
    [
      'a token not valid yet (nbf past the tolerance)',
      () => signJwt(claims({ nbf: now() + 600, iat: now() + 600, exp: now() + 4200 }), teamsKey),
    ],
    ['a token from another issuer', () => signJwt(claims({ iss: 'https://sts.example.com/' }), teamsKey)],
    ['a token signed by an unpublished key (unknown kid)', () => signJwt(claims(), unpublishedKey)],
    ['a forged signature under a published kid', () => signJwt(claims(), forgedKey)],
    [
      'a token whose signature was stripped (alg none)',
      () => `${signJwt(claims(), teamsKey, { alg: 'none' }).split('.').slice(0, 2).join('.')}.`,
    ],
    [
      "a token for another serviceUrl than the activity's",
      () => signJwt(claims({ serviceurl: 'https://smba.trafficmanager.net/evil/' }), teamsKey),
    ],
    ['a token with no serviceurl claim', () => signJwt(claims({ serviceurl: undefined }), teamsKey)],
    ['a token signed by a key not endorsed for msteams', () => signJwt(claims(), webchatOnlyKey)],
  ];

  it.each(cases)('%s', async (_what, token) => {
    await seedChannel();
    const res = await h.post(uninstalled(), bearer(token()));
    expect(res.status).toBe(401);
    expect(JSON.parse(res.text)).toEqual({ error: 'unauthorized' });
    expect(await h.app.store.getChannel(channelKey)).not.toBeNull();
    expect(h.connector.requests).toEqual([]);
  });

  it("botbuilder's own console output about them became log lines, without the signing keys", () => {
    const sdkLines = h.logger.lines.filter((l) => l.msg === 'library console output');
    expect(sdkLines.some((l) => /Error finding key for token/.test(String(l.text)))).toBe(true);
    expect(JSON.stringify(sdkLines)).toContain('[RSA PUBLIC KEY omitted]');
    expect(JSON.stringify(h.logger.lines)).not.toMatch(/BEGIN (RSA )?(PUBLIC|PRIVATE) KEY/);
  });

  it('and the same valid token still works afterwards (the rejections were not a broken setup)', async () => {
    await seedChannel();
    expect((await h.post(uninstalled(), bearer(signJwt(claims(), teamsKey)))).status).toBe(200);
    expect(await h.app.store.getChannel(channelKey)).toBeNull();
  });
});

describe('Teams inbound auth when the signing keys cannot be fetched', () => {
  it('answers 500 (our fault: the channel retries), logs an error, and changes nothing', async () => {
    const broken = await startTeamsHarness((connector) => ({
      CAFTA_TEAMS_SERVICE_URLS: connector,
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_PASSWORD: PASSWORD,
      ToBotFromChannelOpenIdMetadataUrl: `${provider.url}/no-such-metadata`,
      ToBotFromChannelTokenIssuer: ISSUER,
      ToBotFromEmulatorOpenIdMetadataUrl: `${provider.url}/no-such-metadata`,
      ToChannelFromBotLoginUrl: `${provider.url}/login`,
      ToChannelFromBotOAuthScope: ISSUER,
      OAuthUrl: `${provider.url}/oauth`,
    }));
    try {
      const key = { platform: 'teams', workspace: TENANT, channel: CONVERSATIONS.groupChat.id };
      await broken.app.store.saveChannel({ ...key, address: { serviceUrl: broken.connector.url } }, new Date());
      const activity = lifecycleActivity({
        kind: 'uninstall',
        scope: 'groupChat',
        id: broken.nextId(),
        serviceUrl: broken.connector.url,
      });
      const res = await broken.post(activity, bearer(signJwt(claims({ serviceurl: broken.connector.url }), teamsKey)));
      expect(res.status).toBe(500);
      expect(provider.requests).toContain('/no-such-metadata');
      expect(
        broken.logger.lines.some((l) => l.level === 'error' && /could not be authenticated/.test(String(l.msg))),
      ).toBe(true);
      expect(await broken.app.store.getChannel(key)).not.toBeNull();
    } finally {
      await broken.close();
    }
  });
});

describe('SDK settings in the configuration', () => {
  const base = { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: PASSWORD };
  const endpoints = {
    ToBotFromChannelOpenIdMetadataUrl: 'https://login.botframework.azure.us/v1/.well-known/openidconfiguration',
    ToBotFromChannelTokenIssuer: 'https://api.botframework.us',
    ToBotFromEmulatorOpenIdMetadataUrl:
      'https://login.microsoftonline.us/cab8a31a-1906-4287-a0d8-4eef66b95f6e/v2.0/.well-known/openid-configuration',
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.us/MicrosoftServices.onmicrosoft.us',
    ToChannelFromBotOAuthScope: 'https://api.botframework.us',
    OAuthUrl: 'https://tokengov.botframework.azure.us',
  };
  const configError = (env: Record<string, string>): string => {
    try {
      loadTeamsConfig(env);
    } catch (err) {
      if (isCaftaError(err)) return err.message;
      throw err;
    }
    return 'no error';
  };

  it('are absent unless set, and passed under the SDK key names when set', () => {
    expect(loadTeamsConfig({ ...base, ChannelService: '  ' }).sdkSettings).toBeUndefined();
    expect(loadTeamsConfig({ ...base, ChannelService: 'https://botframework.azure.us' }).sdkSettings).toEqual({
      ChannelService: 'https://botframework.azure.us',
    });
    expect(loadTeamsConfig({ ...base, ...endpoints, ValidateAuthority: 'true' }).sdkSettings).toEqual({
      ...endpoints,
      ValidateAuthority: 'true',
    });
  });

  it('reject what botbuilder would fail on later, naming the variables', () => {
    expect(
      configError({ ...base, ToBotFromChannelOpenIdMetadataUrl: endpoints.ToBotFromChannelOpenIdMetadataUrl }),
    ).toMatch(
      /ToBotFromChannelOpenIdMetadataUrl is set.*also set ToBotFromChannelTokenIssuer, ToBotFromEmulatorOpenIdMetadataUrl, ToChannelFromBotLoginUrl, ToChannelFromBotOAuthScope, OAuthUrl$/,
    );
    expect(configError({ ...base, ChannelService: 'https://botframework.example' })).toMatch(
      /ChannelService must be https:\/\/botframework\.azure\.us/,
    );
    expect(configError({ ...base, ValidateAuthority: 'yes' })).toMatch(/ValidateAuthority must be true or false/);
    expect(configError({ ...base, ...endpoints, OAuthUrl: 'tokengov.botframework.azure.us' })).toMatch(
      /OAuthUrl must be an http\(s\) URL/,
    );
  });
});
