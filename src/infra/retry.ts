/**
 * Short, bounded retries inside one call (a platform sender's post), honouring the platform's
 * Retry-After. Anything longer than `maxWaitMs` is not waited out here: the caller gets the last
 * result back and the delivery ledger schedules the next attempt (attempt.ts).
 */

/** One try: `retry` when a later try may succeed, after `retryAfterMs` when the platform said so. */
export type Try<T> = { value: T; retry: false } | { value: T; retry: true; retryAfterMs?: number };

export interface RetryPolicy {
  /** Tries in all, the first included. */
  maxAttempts: number;
  /** Wait before the second try when the platform names none; doubles per try, capped at `maxWaitMs`. */
  baseDelayMs: number;
  /** Longest wait between tries; a longer Retry-After ends the retries and is the caller's to honour. */
  maxWaitMs: number;
  /**
   * Longest time waited between tries in all (default: no bound); a wait that would go past it
   * ends the retries and is the caller's to honour. Keeps a whole call within its caller's
   * timeout: a try that succeeded after the caller gave up would be sent and recorded as failed.
   */
  maxTotalWaitMs?: number;
  sleep: (ms: number) => Promise<void>;
}

/** What `onRetry` hears before each wait (for a log line). */
export interface RetryNotice<T> {
  /** The try that failed (1-based). */
  attempt: number;
  waitMs: number;
  value: T;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A sender's policy: what its options give (tests inject `sleep`), the rest from its defaults. */
export const retryPolicy = (given: Partial<RetryPolicy>, defaults: Omit<RetryPolicy, 'sleep'>): RetryPolicy => ({
  maxAttempts: given.maxAttempts ?? defaults.maxAttempts,
  baseDelayMs: given.baseDelayMs ?? defaults.baseDelayMs,
  maxWaitMs: given.maxWaitMs ?? defaults.maxWaitMs,
  ...((given.maxTotalWaitMs ?? defaults.maxTotalWaitMs) !== undefined
    ? { maxTotalWaitMs: given.maxTotalWaitMs ?? defaults.maxTotalWaitMs }
    : {}),
  sleep: given.sleep ?? defaultSleep,
});

/** Runs `once` until it succeeds, says not to retry, or the policy's tries or wait run out; returns the last value. */
export async function withRetries<T>(
  once: (attempt: number) => Promise<Try<T>>,
  policy: RetryPolicy,
  onRetry?: (notice: RetryNotice<T>) => void,
): Promise<T> {
  let waited = 0;
  for (let attempt = 1; ; attempt += 1) {
    const result = await once(attempt);
    if (!result.retry || attempt >= policy.maxAttempts) return result.value;
    const waitMs = result.retryAfterMs ?? Math.min(policy.maxWaitMs, policy.baseDelayMs * 2 ** (attempt - 1));
    if (waitMs > policy.maxWaitMs || waited + waitMs > (policy.maxTotalWaitMs ?? Infinity)) return result.value;
    waited += waitMs;
    onRetry?.({ attempt, waitMs, value: result.value });
    await policy.sleep(waitMs);
  }
}
