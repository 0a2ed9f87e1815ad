/**
 * Words for subscriptions: kind names, schedules and local times as users read them. Pure.
 */
import { DateTime } from 'luxon';
import type { TreatyData } from '../treaty/model';
import type { Subscription, SubscriptionKind, Weekday } from '../delivery/model';
import { reminderSlotsBetween, type ScheduleSpec } from '../delivery/schedule';

const WEEKDAYS: Record<Weekday, string> = {
  1: 'Monday',
  2: 'Tuesday',
  3: 'Wednesday',
  4: 'Thursday',
  5: 'Friday',
  6: 'Saturday',
  7: 'Sunday',
};

export const ALERTS_WHEN = 'when the data records a ratification, notification or entry into force';

/** "Mon 7 Dec 2026, 09:00 (Asia/Singapore)": always the subscription's own zone, named. */
export function formatLocalDateTime(at: Date, zone: string): string {
  return `${DateTime.fromJSDate(at, { zone }).setLocale('en-GB').toFormat('ccc d LLL yyyy, HH:mm')} (${zone})`;
}

/** "Weekly digest", "Daily digest", "Anniversary reminders", "Alerts". */
export function subscriptionKindLabel(kind: SubscriptionKind, cadence: ScheduleSpec['cadence']): string {
  switch (kind) {
    case 'digest':
      return cadence === 'daily' ? 'Daily digest' : 'Weekly digest';
    case 'reminders':
      return 'Anniversary reminders';
    case 'alerts':
      return 'Alerts';
  }
}

/** How often, in words: "every Monday at 09:00", "on each anniversary at 09:00". */
export function scheduleText(kind: SubscriptionKind, spec: ScheduleSpec): string {
  switch (kind) {
    case 'digest':
      return spec.cadence === 'daily' ? `every day at ${spec.time}` : `every ${WEEKDAYS[spec.weekday]} at ${spec.time}`;
    case 'reminders':
      return `on each anniversary at ${spec.time}`;
    case 'alerts':
      return ALERTS_WHEN;
  }
}

/** The anniversary a reminder instant stands for, e.g. "17 years since CAFTA 1.0 fully implemented". */
export function reminderAbout(at: Date, spec: ScheduleSpec, data: TreatyData): string | null {
  const slots = reminderSlotsBetween(spec, data, new Date(at.getTime() - 1), at);
  if (slots.length === 0) return null;
  return slots.map((s) => `${s.years} year${s.years === 1 ? '' : 's'} since ${s.title}`).join('; ');
}

/** When a subscription will next deliver, in its local time, with the reminder's topic. */
export function nextText(
  sub: Pick<Subscription, 'kind' | 'nextDueAt' | 'zone'>,
  spec: ScheduleSpec,
  data: TreatyData,
): string {
  if (sub.kind === 'alerts') return 'on the next recorded ratification, notification or entry into force';
  if (!sub.nextDueAt) return sub.kind === 'reminders' ? 'no day-precise anniversary is recorded yet' : 'not scheduled';
  const when = formatLocalDateTime(sub.nextDueAt, sub.zone);
  if (sub.kind !== 'reminders') return when;
  const about = reminderAbout(sub.nextDueAt, spec, data);
  return about ? `${when}: ${about}` : when;
}
