/**
 * Bounded fan-out: runs tasks with a global concurrency limit and a per-group limit (one group
 * per workspace/tenant), so one slow or failing workspace can hold at most its own share of the
 * slots while every other workspace keeps going. No fire-and-forget: `runBounded` resolves only
 * when every task has settled, and a task's rejection never stops the others.
 */

export interface BoundedTask {
  /** Tasks with the same group share the per-group limit. */
  group: string;
  run: () => Promise<void>;
}

export interface Limits {
  global: number;
  perGroup: number;
}

/** Runs all tasks within the limits; resolves with the errors of tasks that threw (if any). */
export function runBounded(tasks: readonly BoundedTask[], limits: Limits): Promise<unknown[]> {
  const global = Math.max(1, Math.floor(limits.global));
  const perGroup = Math.max(1, Math.floor(limits.perGroup));
  const queue = [...tasks];
  const activeByGroup = new Map<string, number>();
  const errors: unknown[] = [];
  let active = 0;

  return new Promise((resolve) => {
    const pump = (): void => {
      if (queue.length === 0 && active === 0) {
        resolve(errors);
        return;
      }
      // Start every queued task whose group has room, in queue order, while global slots last.
      for (let i = 0; i < queue.length && active < global;) {
        const task = queue[i];
        const inGroup = activeByGroup.get(task.group) ?? 0;
        if (inGroup >= perGroup) {
          i += 1;
          continue;
        }
        queue.splice(i, 1);
        active += 1;
        activeByGroup.set(task.group, inGroup + 1);
        void Promise.resolve()
          .then(task.run)
          .catch((err: unknown) => {
            errors.push(err);
          })
          .finally(() => {
            active -= 1;
            activeByGroup.set(task.group, (activeByGroup.get(task.group) ?? 1) - 1);
            pump();
          });
      }
    };
    pump();
  });
}

/** Books send instants per group so that no group exceeds a rate (see `createWindowPacer`). */
export interface WindowPacer {
  /** Books the next send of `group` at the earliest allowed instant ≥ `nowMs`; returns the wait (ms). */
  reserve(group: string, nowMs: number): number;
}

/**
 * At most `limit` sends per group in any `windowMs`: a burst of `limit`, then one more each time
 * the oldest of the last `limit` leaves the window (a platform's per-workspace budget, e.g. Slack's
 * workspace-wide chat.postMessage limit). Booking is synchronous, so concurrent tasks of one group
 * never book the same slot; the planned instant is recorded, not the actual send, so a clock that
 * stands still (tests) still yields finite waits. `limit` ≤ 0 disables the cap.
 */
export function createWindowPacer(limit: number, windowMs = 1000): WindowPacer {
  const n = Math.floor(limit);
  const booked = new Map<string, number[]>();
  return {
    reserve(group, nowMs) {
      if (n <= 0) return 0;
      const times = booked.get(group) ?? [];
      // Planned instants only grow, so the one `n` sends back is the oldest that still counts.
      const at = times.length >= n ? Math.max(nowMs, times[times.length - n] + windowMs) : nowMs;
      times.push(at);
      if (times.length > n) times.splice(0, times.length - n);
      booked.set(group, times);
      return at - nowMs;
    },
  };
}
