/**
 * Teams Sender: proactive messages to stored conversation references (scheduled digests,
 * reminders, alerts). Retries throttling and transient gateway errors within one call, with
 * bounded backoff that honours Retry-After; reports "bot removed / conversation gone" as
 * permanent so delivery stops trying.
 */
import type { Message } from '../../src/text/message';
import type { ChannelAddress } from '../../src/delivery/model';
import type { Logger, SendResult, Sender } from '../../src/infra/ports';
import { toTeamsMessage } from './adaptive-card';
import type { ServiceUrlPolicy } from './service-urls';
import type { ConversationRef, TeamsGateway } from './types';

/** Teams documents 429 (throttled), 412 (conversation busy), 502/504 (gateway) as retryable. */
const RETRYABLE = new Set([0, 412, 429, 500, 502, 503, 504]);
const PERMANENT: Record<number, string> = {
  400: 'bad_request',
  403: 'bot_removed',
  404: 'conversation_not_found',
  410: 'conversation_not_found',
  413: 'message_too_large',
};

export interface TeamsSenderOptions {
  gateway: TeamsGateway;
  /** Where proactive messages may go; a stored reference elsewhere is refused for good. */
  policy: ServiceUrlPolicy;
  logger: Logger;
  /** Attempts per send, first included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  /** Longest wait between attempts; a longer Retry-After is handed back to the delivery ledger. */
  maxDelayMs?: number;
  /** Injected so tests need no real waiting. */
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads a stored address back into a conversation reference, or null if it is not one. */
export function referenceOf(address: unknown): ConversationRef | null {
  if (!address || typeof address !== 'object') return null;
  const a = address as Partial<ConversationRef>;
  if (typeof a.serviceUrl !== 'string' || !/^https?:\/\//i.test(a.serviceUrl)) return null;
  if (!a.conversation || typeof a.conversation.id !== 'string' || !a.conversation.id) return null;
  return {
    ...a,
    channelId: typeof a.channelId === 'string' ? a.channelId : 'msteams',
    serviceUrl: a.serviceUrl,
    conversation: a.conversation,
  };
}

export function createTeamsSender(opts: TeamsSenderOptions): Sender {
  const maxAttempts = opts.maxAttempts ?? 4;
  const base = opts.baseDelayMs ?? 500;
  const maxDelay = opts.maxDelayMs ?? 15_000;
  const sleep = opts.sleep ?? defaultSleep;

  return {
    async send(target: ChannelAddress, msg: Message): Promise<SendResult> {
      const ref = referenceOf(target.address);
      if (!ref) return { ok: false, permanent: true, reason: 'invalid_address' };
      // A reference stored earlier (before the allowlist, or under CAFTA_TEAMS_AUTH=off) may
      // name any host: refusing here keeps the bot's credentials from ever going there.
      if (!opts.policy.allows(ref.serviceUrl)) {
        opts.logger.warn('teams send refused: stored serviceUrl not allowed', {
          channel: target.channel,
          serviceUrl: ref.serviceUrl.slice(0, 200),
          allowed: opts.policy.description,
        });
        return { ok: false, permanent: true, reason: 'service_url_not_allowed' };
      }
      const activity = toTeamsMessage(msg);
      let last: SendResult = { ok: false, permanent: false, reason: 'not_attempted' };
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        const result = await opts.gateway.continueConversation(ref, activity);
        if (result.ok) return { ok: true, messageId: result.id };
        const reason = PERMANENT[result.status] ?? (result.status === 0 ? 'network_error' : `http_${result.status}`);
        if (!RETRYABLE.has(result.status)) {
          // 401 means our credentials are wrong: not this channel's fault, so not permanent for it.
          const permanent = result.status !== 401 && result.status < 500;
          opts.logger.warn('teams send failed', { channel: target.channel, status: result.status, reason, permanent });
          return { ok: false, permanent, reason };
        }
        last = {
          ok: false,
          permanent: false,
          reason,
          ...(result.retryAfterMs !== undefined ? { retryAfterMs: result.retryAfterMs } : {}),
        };
        const backoff = Math.min(maxDelay, base * 2 ** (attempt - 1));
        const wait = result.retryAfterMs ?? backoff;
        if (attempt === maxAttempts || wait > maxDelay) break;
        opts.logger.info('teams send retrying', {
          channel: target.channel,
          status: result.status,
          attempt,
          waitMs: wait,
        });
        await sleep(wait);
      }
      opts.logger.warn('teams send gave up for now', { channel: target.channel, reason: last.ok ? '' : last.reason });
      return last;
    },
  };
}
