/**
 * The Teams sender against a fake connector, through the real botbuilder gateway: proactive
 * posts, bounded retries honouring Retry-After, permanent failures for removed bots.
 */
import { createTeamsGateway } from '../adapters/teams/gateway';
import { createTeamsSender } from '../adapters/teams/sender';
import { createServiceUrlPolicy } from '../adapters/teams/service-urls';
import { createMemoryLogger } from '../src/infra/logger';
import { header, message, text } from '../src/text/message';
import type { ChannelAddress } from '../src/delivery/model';
import { startFakeConnector, type FakeConnector } from './support/fake-connector';
import { cardOf } from './support/teams-harness';
import { cardLibraryErrors, cardSchemaErrors } from './support/teams-schemas';

let connector: FakeConnector;
const logger = createMemoryLogger();
const gateway = createTeamsGateway({ logger });
let waits: number[] = [];
const sender = createTeamsSender({
  gateway,
  serviceUrls: createServiceUrlPolicy({ authOff: true, extraOrigins: [] }),
  logger,
  maxAttempts: 4,
  baseDelayMs: 500,
  maxWaitMs: 15_000,
  sleep: async (ms) => {
    waits.push(ms);
  },
});

const digest = message('CAFTA weekly digest', [header('Weekly digest'), text('Nothing changed this week.')]);
const target = (): ChannelAddress => ({
  platform: 'teams',
  workspace: 'tenant-1',
  channel: '19:channel-9@thread.tacv2',
  address: {
    channelId: 'msteams',
    serviceUrl: connector.url,
    conversation: { id: '19:channel-9@thread.tacv2', tenantId: 'tenant-1', conversationType: 'channel' },
    bot: { id: '28:cafta-bot', name: 'CAFTA' },
    teamId: '19:team-1@thread.tacv2',
  },
});

beforeAll(async () => {
  connector = await startFakeConnector();
});
afterAll(async () => {
  await connector.close();
});
beforeEach(() => {
  connector.reset();
  waits = [];
});

describe('Teams sender', () => {
  it('posts a new message (not a reply) with a valid card and returns the activity id', async () => {
    const result = await sender.send(target(), digest);
    expect(result).toEqual({ ok: true, messageId: 'activity-1' });
    expect(connector.requests).toHaveLength(1);
    const [req] = connector.requests;
    expect(req.path).toBe(`/v3/conversations/${encodeURIComponent('19:channel-9@thread.tacv2')}/activities`);
    expect(req.replyToId).toBeUndefined();
    expect(req.body.summary).toBe('CAFTA weekly digest');
    const card = cardOf(req.body);
    expect(cardSchemaErrors(card)).toEqual([]);
    expect(cardLibraryErrors(card)).toEqual([]);
    expect(waits).toEqual([]);
  });

  it('retries 429 honouring Retry-After, then 412 and 502 with backoff, and succeeds', async () => {
    connector.failNext({ status: 429, retryAfter: '3' }, { status: 412 }, { status: 502 });
    const result = await sender.send(target(), digest);
    expect(result).toEqual({ ok: true, messageId: 'activity-1' });
    expect(connector.requests).toHaveLength(4);
    // Retry-After 3 s, then exponential backoff 1000, 2000 ms (attempts 2 and 3).
    expect(waits).toEqual([3000, 1000, 2000]);
  });

  it('retries 504 too', async () => {
    connector.failNext({ status: 504 });
    expect(await sender.send(target(), digest)).toEqual({ ok: true, messageId: 'activity-1' });
    expect(waits).toEqual([500]);
  });

  it('gives up after the bounded number of attempts, as a temporary failure', async () => {
    connector.failNext({ status: 502 }, { status: 502 }, { status: 502 }, { status: 502 }, { status: 502 });
    const result = await sender.send(target(), digest);
    expect(result).toEqual({ ok: false, permanent: false, reason: 'http_502' });
    expect(connector.requests).toHaveLength(4);
    expect(waits).toEqual([500, 1000, 2000]);
  });

  it('hands a Retry-After longer than it will wait back to the caller instead of sleeping', async () => {
    connector.failNext({ status: 429, retryAfter: '120' });
    const result = await sender.send(target(), digest);
    expect(result).toEqual({ ok: false, permanent: false, reason: 'http_429', retryAfterMs: 120_000 });
    expect(connector.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it("stays within the delivery engine's send timeout: waits beyond 15 s in all are handed back", async () => {
    connector.failNext(
      { status: 429, retryAfter: '10' },
      { status: 429, retryAfter: '10' },
      { status: 429, retryAfter: '10' },
    );
    const result = await sender.send(target(), digest);
    // 10 s waited; a second 10 s would make 20 s: the ledger retries later instead of the send
    // outliving its timeout and posting after the ledger recorded a failure.
    expect(waits).toEqual([10_000]);
    expect(connector.requests).toHaveLength(2);
    expect(result).toEqual({ ok: false, permanent: false, reason: 'http_429', retryAfterMs: 10_000 });
  });

  it.each([
    [403, 'bot_removed'],
    [404, 'conversation_not_found'],
  ])('reports %i as a permanent failure without retrying', async (status, reason) => {
    connector.failNext({ status });
    const result = await sender.send(target(), digest);
    expect(result).toEqual({ ok: false, permanent: true, reason });
    expect(connector.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('rejects an address that is not a conversation reference without calling Teams', async () => {
    const result = await sender.send({ ...target(), address: { channel: 'C123' } }, digest);
    expect(result).toEqual({ ok: false, permanent: true, reason: 'invalid_address' });
    expect(connector.requests).toHaveLength(0);
  });

  it('treats an unreachable service as temporary', async () => {
    const dead = await startFakeConnector();
    await dead.close();
    const addr = target();
    const result = await sender.send(
      { ...addr, address: { ...(addr.address as object), serviceUrl: dead.url } },
      digest,
    );
    expect(result).toEqual({ ok: false, permanent: false, reason: 'network_error' });
    expect(waits).toEqual([500, 1000, 2000]);
  });
});
