/**
 * The reminders kind: one message on the local date of each anniversary, at the subscription's
 * time; round anniversaries (1, 5, 10, 15, 20, 25 … years) are called out.
 */
import { context, header, message, text, toChannel, type Message } from '../text/message';
import type { TreatyData } from '../treaty/model';
import type { Anniversary } from '../treaty/anniversaries';
import { formatDay } from '../treaty/queries';
import { ordinal } from '../text/match';
import { sourceBlocks } from './digest-parts';
import type { DeliveryHandler, Occurrence } from './handler';
import { isSettled } from './handler';
import { dueReminders, nextReminderAfter, specOf, type ReminderSlot } from './schedule';

export interface ReminderOccurrence extends Occurrence {
  kind: 'reminder';
  slot: ReminderSlot;
}

const occurrenceOf = (slot: ReminderSlot, skipReason?: string): ReminderOccurrence => ({
  kind: 'reminder',
  key: slot.occurrence,
  slot,
  ...(skipReason ? { skipReason } : {}),
});

export const reminderHandler: DeliveryHandler<ReminderOccurrence> = {
  kind: 'reminders',

  firstDueAt: (spec, now, data) => nextReminderAfter(spec, data, now),

  initialState: () => ({}),

  findDue(sub, { data, now, catchupHours }) {
    // From just before the stored due instant: that slot itself is included.
    const since = new Date((sub.nextDueAt ?? now).getTime() - 1);
    const due = dueReminders(specOf(sub), data, since, now, catchupHours);
    return [
      ...due.skipped.map((slot) => occurrenceOf(slot, 'missed beyond catch-up')),
      ...due.send.map((slot) => occurrenceOf(slot)),
    ];
  },

  render: (_sub, { slot }, { data }) => buildReminder(data, slot),

  settle(sub, results, { data, now }) {
    if (!results.every((r) => isSettled(r.outcome))) return null;
    return { nextDueAt: nextReminderAfter(specOf(sub), data, now) };
  },
};

/** An anniversary reminder; round anniversaries (1, 5, 10, 15, 20, 25 … years) are called out. */
export function buildReminder(data: TreatyData, a: Anniversary): Message {
  const nth = ordinal(a.years);
  const title = a.round ? `${nth} anniversary: ${a.title}` : `Anniversary: ${a.title}`;
  const origin = formatDay(a.date);
  const today = formatDay(a.on);
  return toChannel(
    message(`${title} (${today})`, [
      header(title),
      text(`Today, ${today}, is the ${nth} anniversary of this milestone (${origin}).`),
      ...(a.round
        ? [text(`A round anniversary: ${a.years} ${a.years === 1 ? 'year' : 'years'} since ${origin}.`, 'good')]
        : []),
      ...sourceBlocks(data, a.sources),
      context(`Data as of ${formatDay(data.asOf)}. Try "milestone ${a.id}" for the full record.`),
    ]),
  );
}
