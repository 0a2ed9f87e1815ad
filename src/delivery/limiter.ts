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

/** Counts sends per group from the instant they are made, so that no group exceeds a rate. */
export interface SendPacer {
  /**
   * Resolves once `group` may send, with the message already built, and counts this send from
   * that instant; call the function it gives when the platform has answered (or the send failed).
   */
  acquire(group: string): Promise<() => void>;
}

/** One counted send: in flight (`at` = Infinity) until its answer, then the instant of the answer. */
interface CountedSend {
  at: number;
}

interface PacedGroup {
  sends: CountedSend[];
  /** Waiters for an in-flight send to be answered (every counted send still in flight). */
  answered: Array<() => void>;
}

/**
 * At most `limit` sends per group in any `windowMs` (a platform's per-workspace budget, e.g. Slack's
 * workspace-wide chat.postMessage limit): a burst of `limit`, then one more each time the oldest
 * counted send leaves the window. Nothing is booked ahead: a send counts from when `acquire`
 * resolves (right before it is made) and keeps counting until the window has passed since its
 * ANSWER, because the platform saw it somewhere between the two. So however late one request
 * travels (a cold connection, a busy event loop), the platform never sees more than `limit` of
 * a group within one window. Instants are max(clock, the wake-up slept for), so a clock that
 * stands still (tests) still moves on. `limit` ≤ 0 disables the cap.
 */
export function createSendPacer(
  limit: number,
  windowMs: number,
  now: () => number,
  sleep: (ms: number) => Promise<void>,
): SendPacer {
  const n = Math.floor(limit);
  const groups = new Map<string, PacedGroup>();
  const noop = (): void => undefined;
  return {
    async acquire(name) {
      if (n <= 0) return noop;
      let g = groups.get(name);
      if (!g) {
        g = { sends: [], answered: [] };
        groups.set(name, g);
      }
      const group = g;
      let wakeAt = -Infinity;
      for (;;) {
        const at = Math.max(now(), wakeAt);
        group.sends = group.sends.filter((s) => s.at > at - windowMs);
        if (group.sends.length < n) {
          const send: CountedSend = { at: Infinity };
          group.sends.push(send);
          return () => {
            if (send.at !== Infinity) return;
            send.at = Math.max(now(), at);
            for (const wake of group.answered.splice(0)) wake();
          };
        }
        const oldest = Math.min(...group.sends.map((s) => s.at));
        if (oldest === Infinity) {
          await new Promise<void>((resolve) => group.answered.push(resolve));
          wakeAt = -Infinity;
        } else {
          wakeAt = oldest + windowMs;
          await sleep(wakeAt - at);
        }
      }
    },
  };
}
