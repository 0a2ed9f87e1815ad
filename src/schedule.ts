/**
 * Local-time schedules with luxon: next occurrence, DST policy, catch-up. Pure; clock injected.
 * STUB — implemented by the scheduled-delivery work.
 */
import type { Cadence, SubscriptionKind, TreatyData, Weekday } from './model';

export interface ScheduleSpec {
  cadence: Cadence;
  weekday: Weekday;
  /** `HH:MM` local. */
  time: string;
  /** IANA zone. */
  zone: string;
}

/**
 * When a new subscription of `kind` is first due (UTC), or null when it waits for a data change
 * (alerts). Used by `subscribe` to store `nextDueAt` and to tell the user the first delivery.
 */
export function firstDueAt(kind: SubscriptionKind, spec: ScheduleSpec, now: Date, data: TreatyData): Date | null {
  void kind; void spec; void now; void data;
  throw new Error('schedule.firstDueAt not implemented yet');
}
