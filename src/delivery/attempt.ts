/**
 * One delivery attempt against the ledger: claim → send → complete, or record why not.
 * The ledger row is the single source of truth for "was this occurrence delivered?".
 */
import { DEFAULT_LANG, t } from '../text/i18n';
import type { Message } from '../text/message';
import type { ChannelAddress, Delivery } from './model';
import type { Logger, Sender, SendResult } from '../infra/ports';
import type { DeliveryKey, Store } from '../store/store';

/** How an attempt ended. `done`: already settled earlier (by us or another replica). */
export type AttemptOutcome = 'sent' | 'retry' | 'failed' | 'paused' | 'busy' | 'done';

export interface AttemptDeps {
  store: Store;
  logger: Logger;
  owner: string;
  leaseMs: number;
  maxAttempts: number;
  /** Delay before retry number `attempt` (1-based) after a transient failure. */
  backoffMs: (attempt: number) => number;
  sendTimeoutMs: number;
}

/** Exponential backoff: 1 min, 2 min, 4 min … capped at 1 hour. */
export const defaultBackoffMs = (attempt: number): number =>
  Math.min(3_600_000, 60_000 * 2 ** Math.max(0, attempt - 1));

const SETTLED = new Set(['sent', 'failed', 'skipped']);

/**
 * Words for a permanent failure, kept with the paused subscription: English with the platform's
 * code, "the channel is archived (is_archived); delivery paused". `subscriptions` shows it in the
 * reader's language by that code (pausedReasonText in commands/subscription-text.ts).
 */
export function pauseReason(reason: string): string {
  const code = reason.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  return `${t(DEFAULT_LANG, 'pause.reason', { code, raw: reason })}; delivery paused`;
}

async function sendWithTimeout(sender: Sender, target: ChannelAddress, msg: Message, ms: number): Promise<SendResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<SendResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, permanent: false, reason: 'send_timeout' }), ms);
  });
  try {
    return await Promise.race([
      sender.send(target, msg).catch((err: unknown): SendResult => ({
        ok: false,
        permanent: false,
        reason: `exception: ${err instanceof Error ? err.message : String(err)}`.slice(0, 200),
      })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Claims `key`, sends the message built by `build` (built only once the claim is ours), and
 * records the outcome. A permanent failure pauses subscription `subscriptionId` with a reason.
 */
export async function attemptDelivery(
  deps: AttemptDeps,
  key: DeliveryKey,
  target: ChannelAddress,
  sender: Sender,
  build: () => Message,
  now: Date,
  /**
   * Called once the claim is ours and the message built, right before sending (pacing); the
   * function it gives is called when the send is over (answered, failed or timed out).
   */
  beforeSend?: () => Promise<() => void>,
): Promise<{ outcome: AttemptOutcome; delivery?: Delivery }> {
  const { store, owner } = deps;
  const claim = await store.claimDelivery(key, owner, now, deps.leaseMs);
  if (!claim) {
    const row = await store.getDelivery(key);
    return { outcome: row && SETTLED.has(row.status) ? 'done' : 'busy', delivery: row ?? undefined };
  }
  let result: SendResult;
  try {
    // Built first, then paced: the pacer counts the send at the instant it is made.
    const msg = build();
    const sendOver = beforeSend ? await beforeSend() : undefined;
    try {
      result = await sendWithTimeout(sender, target, msg, deps.sendTimeoutMs);
    } finally {
      sendOver?.();
    }
  } catch (err) {
    // Building the message failed: a bug or bad data; retrying later may help after a reload.
    result = {
      ok: false,
      permanent: false,
      reason: `build_failed: ${err instanceof Error ? err.message : String(err)}`.slice(0, 200),
    };
  }
  return { outcome: await recordResult(deps, key, target, claim.attempts, result, now) };
}

/**
 * Records what the send of a claimed occurrence came to: sent (with the platform's message id),
 * paused (permanent: the subscription says why), failed (that was the last attempt), or a retry
 * after backoff (or the platform's Retry-After, whichever is longer).
 */
async function recordResult(
  deps: AttemptDeps,
  key: DeliveryKey,
  target: ChannelAddress,
  attempts: number,
  result: SendResult,
  now: Date,
): Promise<AttemptOutcome> {
  const { store, logger, owner } = deps;
  const where = {
    subscriptionId: key.subscriptionId,
    kind: key.kind,
    occurrence: key.occurrence,
    platform: target.platform,
    workspace: target.workspace,
    channel: target.channel,
  };
  if (result.ok) {
    const recorded = await store.completeDelivery(key, owner, result.messageId, now);
    if (!recorded) logger.warn('delivery sent but the claim had expired; lease too short?', where);
    return 'sent';
  }
  if (result.permanent) {
    await store.failDelivery(key, owner, result.reason, null, now);
    await store.updateSubscription(
      key.subscriptionId,
      { status: 'paused', pausedReason: pauseReason(result.reason) },
      now,
    );
    logger.warn('delivery failed permanently; subscription paused', { ...where, reason: result.reason });
    return 'paused';
  }
  if (attempts >= deps.maxAttempts) {
    await store.failDelivery(key, owner, result.reason, null, now);
    logger.error('delivery failed after the last attempt', { ...where, reason: result.reason, attempts });
    return 'failed';
  }
  const waitMs = Math.max(deps.backoffMs(attempts), result.retryAfterMs ?? 0);
  const retryAt = new Date(now.getTime() + waitMs);
  await store.failDelivery(key, owner, result.reason, retryAt, now);
  logger.warn('delivery failed; will retry', {
    ...where,
    reason: result.reason,
    attempts,
    retryAt: retryAt.toISOString(),
  });
  return 'retry';
}
