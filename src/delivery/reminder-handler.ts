/**
 * The reminders kind: one message on the local date of each anniversary, at the subscription's
 * time; round anniversaries (1, 5, 10, 15, 20, 25 … years) are called out.
 */
import { context, header, message, text, toChannel, type Message } from '../text/message';
import type { TreatyData } from '../treaty/model';
import { formatDay } from '../treaty/queries';
import { formatLocal, ordinal, sourceBlocks } from './digest-parts';
import type { DeliveryHandler, Occurrence } from './handler';
import { isSettled } from './handler';
import { anniversariesOf, dueReminders, nextReminderAfter, specOf, type ReminderSlot } from './schedule';

export interface ReminderOccurrence extends Occurrence {
  kind: 'reminder';
  slot: ReminderSlot;
}

const occurrenceOf = (slot: ReminderSlot, skipReason?: string): ReminderOccurrence => ({
  kind: 'reminder',
  key: slot.key,
  slot,
  ...(skipReason ? { skipReason } : {}),
});

export const reminderHandler: DeliveryHandler<ReminderOccurrence> = {
  kind: 'reminders',

  firstDueAt: (spec, now, data) => nextReminderAfter(spec, anniversariesOf(data), now),

  initialState: () => ({}),

  findDue(sub, { data, now, catchupHours }) {
    // From just before the stored due instant: that slot itself is included.
    const since = new Date((sub.nextDueAt ?? now).getTime() - 1);
    const due = dueReminders(specOf(sub), anniversariesOf(data), since, now, catchupHours);
    return [
      ...due.skipped.map((slot) => occurrenceOf(slot, 'missed beyond catch-up')),
      ...due.send.map((slot) => occurrenceOf(slot)),
    ];
  },

  render: (_sub, { slot }, { data }) => buildReminder(data, slot),

  settle(sub, results, { data, now }) {
    if (!results.every((r) => isSettled(r.outcome))) return null;
    return { nextDueAt: nextReminderAfter(specOf(sub), anniversariesOf(data), now) };
  },
};

/** An anniversary reminder; round anniversaries (1, 5, 10, 15, 20, 25 … years) are called out. */
export function buildReminder(data: TreatyData, slot: ReminderSlot): Message {
  const a = slot.anniversary;
  const nth = ordinal(slot.years);
  const round = slot.years === 1 || slot.years % 5 === 0;
  const title = round ? `${nth} anniversary: ${a.title}` : `Anniversary: ${a.title}`;
  const origin = formatLocal(a.origin);
  return toChannel(
    message(`${title} (${formatLocal(slot.localDate)})`, [
      header(title),
      text(`Today, ${formatLocal(slot.localDate)}, is the ${nth} anniversary of this milestone (${origin}).`),
      ...(round
        ? [text(`A round anniversary: ${slot.years} ${slot.years === 1 ? 'year' : 'years'} since ${origin}.`, 'good')]
        : []),
      ...sourceBlocks(data, a.sources),
      context(`Data as of ${formatDay(data.asOf)}. Try "milestone ${a.id}" for the full record.`),
    ]),
  );
}
