/**
 * The sentence under `status` and in digests that says what has been recorded since the signing.
 * It is derived from the events and the date they were checked — never stored as free text — so
 * it cannot say "none found" while an event is recorded, or name a date the events were not
 * checked on.
 */
import type { Party, RatificationEvent, RatificationKind } from './model';
import { selectKey, type Lang } from '../text/i18n';
import { textsFor } from '../text/texts';

/** What the note says, as data, for renderers in other languages. */
export interface EventsSummary {
  checkedOn: string;
  /** Parties to the Protocol (non-parties excluded). */
  parties: number;
  /** Party codes with a recorded event of each kind, in data order. */
  recorded: Record<RatificationKind, string[]>;
}

const KINDS: readonly RatificationKind[] = ['ratification', 'notification', 'entry-into-force'];

export function eventsSummary(
  parties: readonly Party[],
  events: readonly RatificationEvent[],
  checkedOn: string,
): EventsSummary {
  const recorded = Object.fromEntries(
    KINDS.map((k) => [
      k,
      parties.filter((p) => events.some((e) => e.kind === k && e.party === p.code)).map((p) => p.code),
    ]),
  ) as Record<RatificationKind, string[]>;
  return { checkedOn, parties: parties.filter((p) => p.role === 'party').length, recorded };
}

/**
 * "No completed ratification, notification or entry into force … had been found as of 3 Dec
 * 2026." or "As of 1 Mar 2027: ratification recorded for Viet Nam (1 of 11 parties); …", in
 * `lang` (party names as `parties` give them: pass the reader's language's).
 */
export function eventsNoteText(
  lang: Lang,
  parties: readonly Party[],
  events: readonly RatificationEvent[],
  checkedOn: string,
): string {
  const tx = textsFor(lang);
  const s = eventsSummary(parties, events, checkedOn);
  const date = tx.day(checkedOn);
  if (KINDS.every((k) => s.recorded[k].length === 0)) return tx.t('eventsNote.none', { date });
  const name = (code: string): string => parties.find((p) => p.code === code)?.shortName ?? code;
  const parts = KINDS.map((k) => {
    const codes = s.recorded[k];
    const kind = selectKey(k);
    return codes.length === 0
      ? tx.t('eventsNote.kindNone', { kind })
      : tx.t('eventsNote.kindRecorded', {
          kind,
          names: tx.list(codes.map(name)),
          count: codes.length,
          parties: s.parties,
        });
  });
  return tx.t('eventsNote.recorded', { date, parts: parts.join(tx.t('common.partSeparator')) });
}
