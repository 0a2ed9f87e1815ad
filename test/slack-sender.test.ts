/**
 * The Slack Sender through the real @slack/web-api client against the local fake Slack:
 * posts Block Kit, returns the ts, honours 429 Retry-After, retries 5xx, maps permanent errors.
 */
import { createMemoryLogger } from '../src/infra/logger';
import { header, message, text } from '../src/text/message';
import type { ChannelAddress } from '../src/delivery/model';
import { createSlackSender, CREDENTIAL_ERRORS, PERMANENT_ERRORS } from '../adapters/slack/sender';
import { startFakeSlack, type FakeSlack } from './support/fake-slack';

const target: ChannelAddress = {
  platform: 'slack',
  workspace: 'T0001',
  channel: 'C0001',
  address: { teamId: 'T0001', channelId: 'C0001' },
};
const msg = message('Weekly digest', [header('CAFTA 3.0 digest'), text('Nothing changed <!channel>')]);

describe('Slack sender', () => {
  let fake: FakeSlack;
  let slept: number[];
  const logger = createMemoryLogger();
  const sender = (extra: Partial<Parameters<typeof createSlackSender>[0]> = {}) =>
    createSlackSender({
      apiUrl: fake.apiUrl,
      tokenFor: async (team) => (team === 'T0001' ? 'xoxb-test-token' : null),
      logger,
      sleep: async (ms) => {
        slept.push(ms);
      },
      ...extra,
    });

  beforeEach(async () => {
    fake = await startFakeSlack();
    slept = [];
  });
  afterEach(() => fake.close());

  it('posts Block Kit with the token and returns the message ts', async () => {
    const result = await sender().send(target, msg);
    expect(result).toEqual({ ok: true, messageId: '1764460800.000001' });
    const [call] = fake.callsTo('chat.postMessage');
    expect(call.headers.authorization).toBe('Bearer xoxb-test-token');
    expect(call.body.channel).toBe('C0001');
    expect(call.body.text).toBe('Weekly digest');
    expect(call.body.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'CAFTA 3.0 digest', emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: 'Nothing changed &lt;!channel&gt;', verbatim: true } },
    ]);
    // Scheduled posts are channel messages: no share button, no link unfurls.
    expect(call.body.unfurl_links).toBe('false');
  });

  it('honours 429 Retry-After, then succeeds', async () => {
    fake.script('chat.postMessage', {
      status: 429,
      headers: { 'retry-after': '3' },
      body: { ok: false, error: 'ratelimited' },
    });
    const result = await sender().send(target, msg);
    expect(result.ok).toBe(true);
    expect(slept).toEqual([3000]);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('hands a long Retry-After back to the caller instead of blocking', async () => {
    fake.script('chat.postMessage', {
      status: 429,
      headers: { 'retry-after': '120' },
      body: { ok: false, error: 'ratelimited' },
    });
    const result = await sender({ maxWaitMs: 30_000 }).send(target, msg);
    expect(result).toEqual({ ok: false, permanent: false, reason: 'rate_limited', retryAfterMs: 120_000 });
    expect(slept).toEqual([]);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it("stays within the delivery engine's send timeout: waits beyond 15 s in all are handed back", async () => {
    const limited = { status: 429, headers: { 'retry-after': '10' }, body: { ok: false, error: 'ratelimited' } };
    fake.script('chat.postMessage', limited, limited, limited);
    const result = await sender().send(target, msg);
    // 10 s waited, then a second 10 s would make 20: the ledger retries it later instead of the
    // send running past its 60 s timeout and posting after the ledger recorded a failure.
    expect(slept).toEqual([10_000]);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(result).toEqual({ ok: false, permanent: false, reason: 'rate_limited', retryAfterMs: 10_000 });
  });

  it('retries 5xx with bounded, growing backoff', async () => {
    fake.script('chat.postMessage', { status: 500, body: {} }, { status: 503, body: {} });
    const result = await sender({ baseDelayMs: 100 }).send(target, msg);
    expect(result.ok).toBe(true);
    expect(slept).toEqual([100, 200]);
  });

  // A retry is another post to the same channel: it waits at least a second after the answer, so
  // the channel never sees two posts within a second (the pace policy holds inside one send too).
  it.each([
    ['a 5xx', { status: 500, body: {} }],
    ['a network-level failure (HTTP 400 without a Slack error)', { status: 400, body: 'not json' }],
    [
      'a 429 with Retry-After: 0',
      { status: 429, headers: { 'retry-after': '0' }, body: { ok: false, error: 'ratelimited' } },
    ],
  ])('by default waits ≥ 1 s before posting again after %s', async (_name, reply) => {
    fake.script('chat.postMessage', reply);
    const result = await sender().send(target, msg);
    expect(result.ok).toBe(true);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThanOrEqual(1000);
  });

  it('gives up after maxAttempts 5xx with a non-permanent failure', async () => {
    fake.script('chat.postMessage', ...Array.from({ length: 5 }, () => ({ status: 502, body: {} })));
    const result = await sender({ maxAttempts: 3, baseDelayMs: 10 }).send(target, msg);
    expect(result).toEqual({ ok: false, permanent: false, reason: 'http_502' });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(3);
    expect(slept).toEqual([10, 20]);
  });

  it.each(['channel_not_found', 'is_archived', 'not_in_channel'])(
    '%s (the channel is gone or closed to the bot) is permanent and not retried',
    async (error) => {
      expect(PERMANENT_ERRORS.has(error)).toBe(true);
      fake.script('chat.postMessage', { body: { ok: false, error } });
      const result = await sender().send(target, msg);
      expect(result).toEqual({ ok: false, permanent: true, reason: error });
      expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
      expect(slept).toEqual([]);
    },
  );

  it.each(['invalid_auth', 'not_authed', 'token_revoked', 'account_inactive', 'missing_scope'])(
    '%s (the bot credentials) is not retried now but is not permanent: the subscription is kept',
    async (error) => {
      expect(CREDENTIAL_ERRORS.has(error)).toBe(true);
      fake.script('chat.postMessage', { body: { ok: false, error } });
      const result = await sender().send(target, msg);
      expect(result).toEqual({ ok: false, permanent: false, reason: error });
      expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
      expect(slept).toEqual([]);
      expect(logger.lines.some((l) => l.level === 'error' && l.reason === error)).toBe(true);
    },
  );

  it('an unknown workspace (not installed) is permanent, nothing posted', async () => {
    const result = await sender().send(
      { ...target, workspace: 'T9999', address: { teamId: 'T9999', channelId: 'C1' } },
      msg,
    );
    expect(result).toEqual({ ok: false, permanent: true, reason: 'not_installed' });
    expect(fake.calls).toHaveLength(0);
  });

  it('never logs the token', () => {
    expect(JSON.stringify(logger.lines)).not.toContain('xoxb-test-token');
  });
});
