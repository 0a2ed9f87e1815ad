/**
 * Polls until `check` returns true (or a value other than false/undefined), for "this happened"
 * and "this is settled" checks that have no event to wait on. Never a fixed sleep: it returns as
 * soon as the condition holds and fails with `what` after `timeoutMs`.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | false | undefined | Promise<T | false | undefined>,
  timeoutMs = 5_000,
  intervalMs = 10,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== false && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
