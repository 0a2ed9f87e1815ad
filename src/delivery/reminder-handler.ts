/**
 * The reminders kind: one message on the local date of each anniversary, at the subscription's
 * time; round anniversaries (1, 5, 10, 15, 20, 25 … years) are called out.
 */
import { context, header, message, text, toChannel, type Message } from '../text/message';
import { textsFor, type Texts } from '../text/texts';
import type { TreatyData } from '../treaty/model';
import { anniversaryTitle, type Anniversary } from '../treaty/anniversaries';
import { dataIn } from '../treaty/localize';
import { commandText } from '../commands/vocabulary';
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

  firstDueAt: (spec, now, data, filters) => nextReminderAfter(spec, data, now, filters?.parties),

  initialState: () => ({}),

  findDue(sub, { data, now, catchupHours }) {
    // From just before the stored due instant: that slot itself is included.
    const since = new Date((sub.nextDueAt ?? now).getTime() - 1);
    const due = dueReminders(specOf(sub), data, since, now, catchupHours, sub.filters.parties);
    return [
      ...due.skipped.map((slot) => occurrenceOf(slot, 'missed beyond catch-up')),
      ...due.send.map((slot) => occurrenceOf(slot)),
    ];
  },

  render: (sub, { slot }, { data }) => buildReminder(textsFor(sub.lang), dataIn(data, sub.lang), slot),

  settle(sub, results, { data, now }) {
    if (!results.every((r) => isSettled(r.outcome))) return null;
    return { nextDueAt: nextReminderAfter(specOf(sub), data, now, sub.filters.parties) };
  },
};

/**
 * An anniversary reminder in `tx`'s language (`data` in that language); round anniversaries
 * (1, 5, 10, 15, 20, 25 … years) are called out.
 */
export function buildReminder(tx: Texts, data: TreatyData, a: Anniversary): Message {
  const title = tx.t('reminder.title', {
    round: a.round ? 'yes' : 'no',
    years: a.years,
    title: anniversaryTitle(tx, data, a),
  });
  const origin = tx.day(a.date);
  const today = tx.day(a.on);
  // A milestone's full record is `milestone <id>`; a ratification's is its party's answer.
  const more =
    a.kind === 'milestone'
      ? commandText(tx.lang, 'milestone', a.id)
      : commandText(tx.lang, 'party', (a.party ?? '').toLowerCase());
  return {
    ...toChannel(
      message(tx.t('reminder.summary', { title, date: today }), [
        header(title),
        text(tx.t('reminder.today', { today, years: a.years, origin })),
        ...(a.round ? [text(tx.t('reminder.round', { years: a.years, origin }), 'good')] : []),
        ...sourceBlocks(tx, data, a.sources),
        context(tx.t('reminder.footer', { date: tx.day(data.asOf), command: more })),
      ]),
    ),
    lang: tx.lang,
  };
}
