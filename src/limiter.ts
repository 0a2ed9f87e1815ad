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
      for (let i = 0; i < queue.length && active < global; ) {
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
