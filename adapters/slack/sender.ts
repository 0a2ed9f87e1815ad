/**
 * The Slack Sender: posts a Message to a stored channel address with chat.postMessage.
 * Retries are short and bounded inside one call (429 Retry-After, 5xx, network; `withRetries`);
 * anything longer is handed back to the delivery engine as `retryAfterMs` / a non-permanent failure.
 */
import { webApi } from '@slack/bolt';
import { LRUCache } from 'lru-cache';
import type { Message } from '../../src/text/message';
import type { ChannelAddress } from '../../src/delivery/model';
import type { Logger, Sender, SendResult } from '../../src/infra/ports';
import { toBlockKit } from './block-kit';
import { createLeanFetch } from './lean-fetch';
import { toBoltLogger } from './slack-logger';
import { retryPolicy, withRetries, type RetryPolicy, type Try } from '../../src/infra/retry';

/** Slack errors about the channel itself: retrying cannot succeed, so the subscription pauses. */
export const PERMANENT_ERRORS = new Set([
  'channel_not_found',
  'is_archived',
  'not_in_channel',
  'team_not_found',
  'restricted_action',
  'not_installed',
]);

/**
 * Errors about the app's credentials (a wrong or rotated SLACK_BOT_TOKEN, a missing scope). They
 * concern every channel at once and an operator can fix them, so they are not retried within the
 * call but are NOT permanent: pausing would silently drop every subscription of the workspace.
 * The ledger retries on later passes. (An uninstalled OAuth workspace is cleaned up by the
 * app_uninstalled/tokens_revoked events, and a workspace without a token is `not_installed`.)
 */
export const CREDENTIAL_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'missing_scope',
  'ekm_access_denied',
]);

/**
 * Retries within one send (`RetryPolicy`): 4 attempts, 1 s doubling, a Retry-After over 30 s (or
 * waits over 15 s in all) handed back.
 */
export interface SlackSenderOptions extends Partial<RetryPolicy> {
  /** `SLACK_API_URL`; undefined = Slack's own. */
  apiUrl?: string;
  /** Bot token for a workspace (one fixed token, or the OAuth installation's); null = not installed. */
  tokenFor(workspace: string, enterpriseId?: string): Promise<string | null>;
  logger: Logger;
}

/** Where a Slack message goes, as stored in `ChannelAddress.address`. */
export interface SlackAddress {
  teamId: string;
  channelId: string;
  enterpriseId?: string;
}

export function slackAddressOf(target: ChannelAddress): SlackAddress {
  const a = (target.address ?? {}) as Partial<SlackAddress>;
  return {
    teamId: typeof a.teamId === 'string' ? a.teamId : target.workspace,
    channelId: typeof a.channelId === 'string' ? a.channelId : target.channel,
    enterpriseId: typeof a.enterpriseId === 'string' ? a.enterpriseId : undefined,
  };
}

type Outcome =
  | { kind: 'ok'; ts: string }
  | { kind: 'permanent'; reason: string }
  | { kind: 'credentials'; reason: string }
  | { kind: 'retry'; reason: string; waitMs?: number };

/** Maps a Web API error (thrown by WebClient) to what we do next. */
export function classifySlackError(err: unknown): Outcome {
  const e = err as {
    code?: string;
    data?: { error?: string };
    retryAfter?: number;
    statusCode?: number;
    message?: string;
  };
  switch (e?.code) {
    case webApi.ErrorCode.PlatformError: {
      const reason = e.data?.error ?? 'platform_error';
      if (PERMANENT_ERRORS.has(reason)) return { kind: 'permanent', reason };
      if (CREDENTIAL_ERRORS.has(reason)) return { kind: 'credentials', reason };
      return { kind: 'retry', reason };
    }
    case webApi.ErrorCode.RateLimitedError:
      // Never sooner than a second: the retry is another post to the same channel.
      return { kind: 'retry', reason: 'rate_limited', waitMs: Math.max(1, e.retryAfter ?? 1) * 1000 };
    case webApi.ErrorCode.HTTPError:
      return { kind: 'retry', reason: `http_${e.statusCode ?? 'error'}` };
    default:
      return { kind: 'retry', reason: 'network_error' };
  }
}

export function createSlackSender(opts: SlackSenderOptions): Sender {
  // A retry is another post to the same channel, so it waits at least a second after the answer
  // (Slack's ~1 post per channel per second; the delivery pacers count the whole send as one).
  // In all at most 15 s of waits + 4 tries of at most 10 s (the lean fetch's timeout) = 55 s: within
  // the delivery engine's send timeout (60 s), so no post lands after the ledger gave the send up
  // (it would be sent again: a duplicate). A longer Retry-After is handed back to the ledger.
  const policy = retryPolicy(opts, { maxAttempts: 4, baseDelayMs: 1000, maxWaitMs: 30_000, maxTotalWaitMs: 15_000 });
  const clientFor = webClients(opts);
  return {
    async send(target: ChannelAddress, msg: Message): Promise<SendResult> {
      const addr = slackAddressOf(target);
      const token = await opts.tokenFor(addr.teamId, addr.enterpriseId);
      if (!token) return { ok: false, permanent: true, reason: 'not_installed' };
      const body = toBlockKit({ ...msg, audience: 'channel' });
      const last = await withRetries(
        () => postOnce(clientFor(token), addr, body, opts.logger),
        policy,
        ({ attempt, waitMs, value }) =>
          opts.logger.warn('slack post retrying', {
            channel: addr.channelId,
            reason: value.kind === 'ok' ? '' : value.reason,
            waitMs,
            attempt,
          }),
      );
      return sendResultOf(last);
    },
  };
}

/** One WebClient per bot token, the most recently used kept. */
function webClients(opts: SlackSenderOptions): (token: string) => webApi.WebClient {
  const clients = new LRUCache<string, webApi.WebClient>({ max: 1000 });
  // Shared by every workspace's client: one keep-alive pool per host, one logger.
  const leanFetch = createLeanFetch({ timeoutMs: 10_000 });
  const logger = toBoltLogger(opts.logger);
  return (token) => {
    let client = clients.get(token);
    if (!client) {
      // Our own retries (withRetries) decide; the client's default would retry for ~30 minutes.
      client = new webApi.WebClient(token, {
        slackApiUrl: opts.apiUrl,
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
        // The timeout is the lean fetch's: the client's own builds an AbortSignal per call.
        timeout: 0,
        fetch: leanFetch,
        logger,
      });
      clients.set(token, client);
    }
    return client;
  };
}

/** One chat.postMessage, classified; a credentials error is logged (an operator can fix it). */
async function postOnce(
  client: webApi.WebClient,
  addr: SlackAddress,
  body: ReturnType<typeof toBlockKit>,
  logger: Logger,
): Promise<Try<Outcome>> {
  let outcome: Outcome;
  try {
    const res = await client.chat.postMessage({
      channel: addr.channelId,
      text: body.text,
      blocks: body.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
    outcome = { kind: 'ok', ts: String(res.ts ?? '') };
  } catch (err) {
    outcome = classifySlackError(err);
  }
  if (outcome.kind === 'credentials') {
    logger.error('slack rejected the bot credentials; subscriptions are kept and retried later', {
      workspace: addr.teamId,
      reason: outcome.reason,
    });
  }
  return outcome.kind === 'retry'
    ? { value: outcome, retry: true, retryAfterMs: outcome.waitMs }
    : { value: outcome, retry: false };
}

/** The last outcome as the delivery engine's SendResult (a Retry-After it did not wait out included). */
function sendResultOf(last: Outcome): SendResult {
  if (last.kind === 'ok') return { ok: true, messageId: last.ts };
  if (last.kind === 'permanent') return { ok: false, permanent: true, reason: last.reason };
  const result: SendResult = { ok: false, permanent: false, reason: last.reason };
  if (last.kind === 'retry' && last.waitMs !== undefined) result.retryAfterMs = last.waitMs;
  return result;
}
