/**
 * The one retry helper both platform senders use: bounded tries, doubling backoff capped at the
 * longest wait, a platform's Retry-After honoured or handed back when it is too long.
 */
import { withRetries, type RetryPolicy, type Try } from '../src/infra/retry';

const run = async (tries: Array<Try<string>>, over: Partial<RetryPolicy> = {}) => {
  const waits: number[] = [];
  const notices: string[] = [];
  let calls = 0;
  const value = await withRetries(
    async () => tries[Math.min(calls++, tries.length - 1)],
    {
      maxAttempts: 4,
      baseDelayMs: 500,
      maxWaitMs: 1500,
      sleep: async (ms) => {
        waits.push(ms);
      },
      ...over,
    },
    ({ attempt, waitMs, value: v }) => notices.push(`${attempt}:${waitMs}:${v}`),
  );
  return { value, waits, notices, calls };
};

const again = (value: string, retryAfterMs?: number): Try<string> =>
  retryAfterMs === undefined ? { value, retry: true } : { value, retry: true, retryAfterMs };

it('stops at the first value that says not to retry', async () => {
  expect(await run([again('502'), { value: 'ok', retry: false }])).toEqual({
    value: 'ok',
    waits: [500],
    notices: ['1:500:502'],
    calls: 2,
  });
});

it('doubles the backoff, caps it at the longest wait, and returns the last value after the last try', async () => {
  const r = await run([again('502')]);
  expect(r).toMatchObject({ value: '502', waits: [500, 1000, 1500], calls: 4 });
});

it('waits a Retry-After within the limit and hands a longer one back without waiting', async () => {
  expect(await run([again('429', 1200), { value: 'ok', retry: false }])).toMatchObject({ value: 'ok', waits: [1200] });
  expect(await run([again('429', 60_000)])).toMatchObject({ value: '429', waits: [], calls: 1 });
});
