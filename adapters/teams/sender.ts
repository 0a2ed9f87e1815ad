/**
 * Teams Sender: proactive messages to stored conversation references (scheduled digests,
 * reminders, alerts). Retries throttling and transient gateway errors within one call, with
 * bounded backoff that honours Retry-After (`withRetries`); reports "bot removed / conversation gone" as
 * permanent so delivery stops trying.
 */
import type { Message } from '../../src/text/message';
import type { ChannelAddress } from '../../src/delivery/model';
import type { Logger, SendResult, Sender } from '../../src/infra/ports';
import { toTeamsMessage } from './adaptive-card';
import type { ServiceUrlPolicy } from './service-urls';
import type { ConversationRef, TeamsGateway } from './types';
import { retryPolicy, withRetries, type RetryPolicy, type Try } from '../../src/infra/retry';

/** Teams documents 429 (throttled), 412 (conversation busy), 502/504 (gateway) as retryable. */
const RETRYABLE = new Set([0, 412, 429, 500, 502, 503, 504]);
const PERMANENT: Record<number, string> = {
  400: 'bad_request',
  403: 'bot_removed',
  404: 'conversation_not_found',
  410: 'conversation_not_found',
  413: 'message_too_large',
};

/**
 * Retries within one send (`RetryPolicy`): 4 attempts, 500 ms doubling, a Retry-After over 15 s (or
 * waits over 15 s in all) handed back to the ledger.
 */
export interface TeamsSenderOptions extends Partial<RetryPolicy> {
  gateway: TeamsGateway;
  /** Where proactive messages may go; a stored reference elsewhere is refused for good. */
  serviceUrls: ServiceUrlPolicy;
  logger: Logger;
}

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
  // At most 15 s of waiting in all, so a send ends well within the delivery engine's 60 s send
  // timeout: a post landing after the ledger recorded a timeout would be sent again (a duplicate).
  const policy = retryPolicy(opts, { maxAttempts: 4, baseDelayMs: 500, maxWaitMs: 15_000, maxTotalWaitMs: 15_000 });

  /** One proactive post, classified; `status` is the connector's HTTP status (0: unreachable). */
  const postOnce = async (
    target: ChannelAddress,
    ref: ConversationRef,
    activity: ReturnType<typeof toTeamsMessage>,
  ): Promise<Try<{ result: SendResult; status: number }>> => {
    const sent = await opts.gateway.continueConversation(ref, activity);
    if (sent.ok) return { value: { result: { ok: true, messageId: sent.id }, status: 200 }, retry: false };
    const { status } = sent;
    const reason = PERMANENT[status] ?? (status === 0 ? 'network_error' : `http_${status}`);
    if (!RETRYABLE.has(status)) {
      // 401 means our credentials are wrong: not this channel's fault, so not permanent for it.
      const permanent = status !== 401 && status < 500;
      opts.logger.warn('teams send failed', { channel: target.channel, status, reason, permanent });
      return { value: { result: { ok: false, permanent, reason }, status }, retry: false };
    }
    const retryAfter = sent.retryAfterMs !== undefined ? { retryAfterMs: sent.retryAfterMs } : {};
    return {
      value: { result: { ok: false, permanent: false, reason, ...retryAfter }, status },
      retry: true,
      ...retryAfter,
    };
  };

  return {
    async send(target: ChannelAddress, msg: Message): Promise<SendResult> {
      const ref = referenceOf(target.address);
      if (!ref) return { ok: false, permanent: true, reason: 'invalid_address' };
      // A reference stored earlier (before the allowlist, or under CAFTA_TEAMS_AUTH=off) may
      // name any host: refusing here keeps the bot's credentials from ever going there.
      if (!opts.serviceUrls.allows(ref.serviceUrl)) {
        opts.logger.warn('teams send refused: stored serviceUrl not allowed', {
          channel: target.channel,
          serviceUrl: ref.serviceUrl.slice(0, 200),
          allowed: opts.serviceUrls.description,
        });
        return { ok: false, permanent: true, reason: 'service_url_not_allowed' };
      }
      const activity = toTeamsMessage(msg);
      const { result, status } = await withRetries(
        () => postOnce(target, ref, activity),
        policy,
        ({ attempt, waitMs, value }) =>
          opts.logger.info('teams send retrying', { channel: target.channel, status: value.status, attempt, waitMs }),
      );
      if (!result.ok && RETRYABLE.has(status))
        opts.logger.warn('teams send gave up for now', { channel: target.channel, reason: result.reason });
      return result;
    },
  };
}
