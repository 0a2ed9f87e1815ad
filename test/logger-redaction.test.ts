/**
 * Secrets never reach logs: the logger's redaction on its own, and the whole app started with
 * every secret configured, driven through requests that log (refused signatures, failures).
 */
import { FIXTURE_DATA_DIR } from './support/data-fixture';
import { createHmac } from 'node:crypto';
import { startApp } from '../adapters/app';
import { redact } from '../src/infra/redact';
import { loadAppConfig } from '../adapters/config';
import { waitFor } from './support/wait-for';
import { createMemoryLogger } from '../src/infra/logger';
import { toBoltLogger } from '../adapters/slack/slack-logger';

describe('redact', () => {
  it.each([
    ['a connection-string password', 'connect postgres://cafta:S3cretPW@db.internal:5432/cafta failed', 'S3cretPW'],
    ['a password containing "@"', 'postgres://cafta:p@ssW0rd@db:5432/x', 'ssW0rd'],
    ['a password with an empty user name', 'postgresql://:OnlyPass1@db/x', 'OnlyPass1'],
    ['a Slack bot token inside a message', 'auth failed for xoxb-123-456-AbCdEfGh', 'xoxb-123-456-AbCdEfGh'],
    ['a Slack app-level token', 'socket: xapp-1-A111-222-abcdef', 'xapp-1-A111-222-abcdef'],
    ['a rotating Slack token', 'refresh xoxe.xoxp-1-Mi0yLTE2', 'Mi0yLTE2'],
    ['a bearer credential', 'request had Authorization: Bearer eyJhbGciOi.JzdWIiOi.SflKxwRJSM', 'eyJhbGciOi'],
    [
      'an OAuth client secret and code in a logged JSON body',
      'http request body: {"client_id":"1.2","client_secret":"CLIENTsecret9","code":"CoDe-77"}',
      'CLIENTsecret9',
    ],
    ['an OAuth code in a JSON body', '{"client_id":"1.2","code":"CoDe-77","redirect_uri":"x"}', 'CoDe-77'],
    ['an OAuth code in a redirect query string', 'GET /slack/oauth_redirect?code=CoDe-77&state=s1', 'CoDe-77'],
    ['a refresh token in a form body', 'grant_type=refresh_token&refresh_token=R3fresh', 'R3fresh'],
  ])('masks %s in free text', (_what, input, secret) => {
    const out = redact({ error: input, nested: [{ detail: input }] });
    expect(JSON.stringify(out)).not.toContain(secret);
  });

  it('redacts values under secret-looking keys at any depth, and keeps ordinary text', () => {
    expect(
      redact({
        signingSecret: 'abc',
        deep: { appPassword: 'p', list: [{ bot_token: 't' }] },
        text: 'status of party vn',
        port: 3000,
      }),
    ).toEqual({
      signingSecret: '[redacted]',
      deep: { appPassword: '[redacted]', list: [{ bot_token: '[redacted]' }] },
      text: 'status of party vn',
      port: 3000,
    });
  });

  it('keeps words that merely look like parameter names', () => {
    expect(redact('slack answered status code: 500 (error code=E1), token_expired')).toBe(
      'slack answered status code: 500 (error code=E1), token_expired',
    );
  });

  it('masks what the Slack SDK logs through its logger, whatever Logger is behind it', () => {
    const lines: string[] = [];
    const plain = { debug: (m: string) => lines.push(m), info: () => {}, warn: () => {}, error: () => {} };
    toBoltLogger(plain).debug('http request body:', { client_secret: 'CLIENTsecret9', token: 'xoxb-1-2-SECRET' });
    expect(lines).toEqual(['http request body: {"client_secret":"[redacted]","token":"[redacted]"}']);
  });

  it('leaves URLs without credentials alone', () => {
    expect(redact('see https://docs.slack.dev/reference and http://127.0.0.1:3000/healthz')).toBe(
      'see https://docs.slack.dev/reference and http://127.0.0.1:3000/healthz',
    );
  });
});

describe('the running app', () => {
  const secrets = {
    SLACK_SIGNING_SECRET: 'signing-secret-VALUE-1',
    SLACK_BOT_TOKEN: 'xoxb-9999-8888-BOTTOKENVALUE',
    MICROSOFT_APP_ID: '12345678-abcd-4ef0-9abc-0123456789ab',
    MICROSOFT_APP_PASSWORD: 'teams-password-VALUE-2',
  };

  it('logs none of the configured secrets, even at debug level and on refused or failing requests', async () => {
    const logger = createMemoryLogger();
    const config = loadAppConfig({
      PORT: '0',
      CAFTA_DB_PATH: ':memory:',
      CAFTA_DATA_DIR: FIXTURE_DATA_DIR,
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      ...secrets,
    });
    const app = await startApp({ config, logger, clock: () => new Date('2026-11-30T03:00:00Z') });
    try {
      const ts = Math.floor(new Date('2026-11-30T03:00:00Z').getTime() / 1000);
      const body =
        'command=%2Fcafta&text=status&team_id=T1&channel_id=C1&user_id=U1&response_url=http%3A%2F%2F127.0.0.1%3A9%2Fr';
      const post = (path: string, b: string, headers: Record<string, string>) =>
        fetch(`${app.url}${path}`, { method: 'POST', headers, body: b }).then((r) => r.status);
      // Forged, then correctly signed (the bot token is then used against an unreachable API).
      expect(
        await post('/slack/events', body, {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': 'v0=00',
        }),
      ).toBe(401);
      const signature = `v0=${createHmac('sha256', secrets.SLACK_SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
      expect(
        await post('/slack/events', body, {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': signature,
        }),
      ).toBe(200);
      // Teams with auth on: an unauthenticated activity, and one with a bogus bearer token.
      const activity = JSON.stringify({
        type: 'message',
        text: 'status',
        serviceUrl: 'https://smba.trafficmanager.net/amer/',
        conversation: { id: 'a:1' },
        channelId: 'msteams',
      });
      expect(await post('/api/messages', activity, { 'content-type': 'application/json' })).toBe(401);
      expect(
        await post('/api/messages', activity, {
          'content-type': 'application/json',
          authorization: `Bearer ${secrets.MICROSOFT_APP_PASSWORD}`,
        }),
      ).toBe(401);
      // The auth.test attempt against the unreachable API has failed and been logged.
      await waitFor('the failed auth.test to be logged', () =>
        logger.lines.some((l) => l.msg === 'slack auth.test failed; answering without bot ids'),
      );
    } finally {
      await app.stop();
    }
    const logs = JSON.stringify(logger.lines);
    expect(logger.lines.length).toBeGreaterThan(5);
    for (const value of Object.entries(secrets)
      .filter(([k]) => k !== 'MICROSOFT_APP_ID')
      .map(([, v]) => v))
      expect(logs).not.toContain(value);
  });
});
