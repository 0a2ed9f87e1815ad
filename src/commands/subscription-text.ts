/**
 * Words for subscriptions: kind names, schedules, local times and pause reasons as users read
 * them, in the reader's language. Pure.
 */
import type { TreatyData } from '../treaty/model';
import type { Texts } from '../text/texts';
import type { Subscription, SubscriptionKind } from '../delivery/model';
import { anniversaryTitle } from '../treaty/anniversaries';
import { reminderSlotsBetween, type ScheduleSpec } from '../delivery/schedule';

/** "Weekly digest", "Daily digest", "Anniversary reminders", "Alerts" (`inText`: as inside a sentence). */
export function subscriptionKindLabel(
  tx: Texts,
  kind: SubscriptionKind,
  cadence: ScheduleSpec['cadence'],
  inText = false,
): string {
  return tx.t(inText ? 'subscription.kindInText' : 'subscription.kind', { kind, cadence });
}

/** How often, in words: "every Monday at 09:00" / 每周一 09:00, "on each anniversary at 09:00". */
export function scheduleText(tx: Texts, kind: SubscriptionKind, spec: ScheduleSpec): string {
  const width = tx.t('subscription.weekdayWidth') === 'short' ? 'short' : 'long';
  return tx.t('subscription.schedule', {
    kind,
    cadence: spec.cadence,
    weekday: tx.weekday(spec.weekday, width),
    time: spec.time,
  });
}

/** The anniversary a reminder instant stands for, e.g. "17 years since CAFTA 1.0 fully implemented". */
export function reminderAbout(
  tx: Texts,
  data: TreatyData,
  at: Date,
  spec: ScheduleSpec,
  parties: readonly string[] = [],
): string | null {
  const slots = reminderSlotsBetween(spec, data, new Date(at.getTime() - 1), at, parties);
  if (slots.length === 0) return null;
  return slots
    .map((s) => tx.t('subscription.reminderAbout', { years: s.years, title: anniversaryTitle(tx, data, s) }))
    .join(tx.t('common.partSeparator'));
}

/** When a subscription will next deliver, in its local time, with the reminder's topic (`data` in the reader's language). */
export function nextText(
  tx: Texts,
  data: TreatyData,
  sub: Pick<Subscription, 'kind' | 'nextDueAt' | 'zone'> & Partial<Pick<Subscription, 'filters'>>,
  spec: ScheduleSpec,
): string {
  if (sub.kind === 'alerts') return tx.t('subscription.nextAlert');
  if (!sub.nextDueAt)
    return sub.kind === 'reminders' ? tx.t('subscription.noAnniversary') : tx.t('subscription.notScheduled');
  const when = tx.localDateTime(sub.nextDueAt, sub.zone);
  if (sub.kind !== 'reminders') return when;
  const about = reminderAbout(tx, data, sub.nextDueAt, spec, sub.filters?.parties);
  return about ? tx.t('subscription.nextAbout', { when, about }) : when;
}

/** The platform's code in a stored pause reason: "… (is_archived); delivery paused" → is_archived. */
const PAUSE_CODE = /\(([a-z0-9_]+)\); delivery paused$/;

/**
 * Why a subscription is paused, in the reader's language. The store keeps the English reason
 * written by delivery (it names the platform's error code); the code is what is translated.
 */
export function pausedReasonText(tx: Texts, stored: string | null): string {
  if (!stored) return tx.t('subscription.noReason');
  const code = PAUSE_CODE.exec(stored)?.[1];
  return code ? tx.t('pause.reason', { code: pauseCodeKey(code), raw: code }) : stored;
}

/** A platform error code as a select key of `pause.reason` (`is_archived` → `isArchived`). */
export const pauseCodeKey = (code: string): string => code.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
