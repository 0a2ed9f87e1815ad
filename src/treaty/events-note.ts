/**
 * The sentence under `status` and in digests that says what has been recorded since the signing.
 * It is derived from the events and the date they were checked — never stored as free text — so
 * it cannot say "none found" while an event is recorded, or name a date the events were not
 * checked on.
 */
import type { Party, RatificationEvent, RatificationKind } from './model';
import { formatDay } from './queries';

/** What the note says, as data, for renderers in other languages. */
export interface EventsSummary {
  checkedOn: string;
  /** Parties to the Protocol (non-parties excluded). */
  parties: number;
  /** Party codes with a recorded event of each kind, in data order. */
  recorded: Record<RatificationKind, string[]>;
}

const KINDS: readonly RatificationKind[] = ['ratification', 'notification', 'entry-into-force'];
const KIND_WORDS: Record<RatificationKind, string> = {
  ratification: 'ratification',
  notification: 'notification of the depositary',
  'entry-into-force': 'entry into force',
};

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
 * 2026." or "As of 1 Mar 2027: ratification recorded for Viet Nam (1 of 11 parties); …".
 */
export function eventsNoteText(
  parties: readonly Party[],
  events: readonly RatificationEvent[],
  checkedOn: string,
): string {
  const s = eventsSummary(parties, events, checkedOn);
  const when = formatDay(checkedOn);
  if (KINDS.every((k) => s.recorded[k].length === 0)) {
    return `No completed ratification, notification or entry into force of the CAFTA 3.0 Upgrade Protocol by any party had been found as of ${when}.`;
  }
  const name = (code: string): string => parties.find((p) => p.code === code)?.shortName ?? code;
  const parts = KINDS.map((k) => {
    const codes = s.recorded[k];
    return codes.length === 0
      ? `${KIND_WORDS[k]} not reported for any party`
      : `${KIND_WORDS[k]} recorded for ${codes.map(name).join(', ')} (${codes.length} of ${s.parties} parties)`;
  });
  return `As of ${when}: ${parts.join('; ')}.`;
}
