/**
 * Pieces the digest, reminders and alerts share, built on the treaty queries (queries.ts,
 * anniversaries.ts) so a digest says exactly what `status` and `next` say.
 *
 * Facts come only from the loaded data; where the data says nothing, the wording says
 * "not reported" — it never guesses.
 */
import { upcoming } from '../treaty/anniversaries';
import { links, type Block } from '../text/message';
import { sourceItemById } from '../treaty/sources';
import type { Party, RatificationKind, TreatyData } from '../treaty/model';
import { aseanOnlyText, formatDatedFact, formatDay, partyStatus, signatureOf } from '../treaty/queries';

/** "ratification", "notification", "entry into force": a ratification record's kind in words. */
export const ratificationKindLabel = (kind: RatificationKind): string =>
  kind === 'entry-into-force' ? 'entry into force' : kind;

/** A party's ratification status in words, e.g. "Signed 28 Oct 2025; ratification not reported as of …". */
export function partyStatusLine(data: TreatyData, party: Party): string {
  const s = partyStatus(data, party);
  const checked = `as of ${formatDay(data.eventsCheckedOn)}`;
  switch (s.state) {
    case 'in-force':
      return `In force ${formatDatedFact(s.entryIntoForce?.date)}`;
    case 'notified':
      return `Notified the depositary ${formatDatedFact(s.notification?.date)}; entry into force not reported ${checked}`;
    case 'ratified':
      return `Ratified ${formatDatedFact(s.ratification?.date)}; notification not reported ${checked}`;
    case 'signed': {
      const sig = signatureOf(data, party);
      const signed =
        sig.kind === 'asean' ? capitalise(aseanOnlyText(sig.asean)) : `Signed ${formatDatedFact(party.signed)}`;
      return `${signed}; ratification not reported ${checked}`;
    }
    default:
      return `Signature and ratification not reported ${checked}`;
  }
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export const partiesOf = (data: TreatyData): Party[] => data.parties.filter((p) => p.role === 'party');

export function partyName(data: TreatyData, code: string): string {
  return data.parties.find((p) => p.code === code)?.shortName ?? code;
}

/** "Coming up" lines: anniversaries in the window, expected events, and what follows. */
export function comingUp(
  data: TreatyData,
  now: Date,
  days: number,
  zone: string,
): { items: string[]; notes: string[] } {
  const u = upcoming(data, now, days, zone);
  const items = u.anniversaries.map((a) => `${formatDay(a.on)}: ${a.label}${a.round ? ' (a round anniversary)' : ''}`);
  const notes: string[] = [];
  for (const e of u.expected) (e.date ? items : notes).push(e.date ? `${formatDay(e.date)}: ${e.text}` : e.text);
  if (u.anniversaries.length === 0 && u.nextAfter) {
    notes.unshift(`Next anniversary: ${formatDay(u.nextAfter.on)}, ${u.nextAfter.label}.`);
  }
  return { items, notes };
}

/** Up to three sources: a full URL is a link; a bare host/path stays text (as found). */
export function sourceBlocks(data: TreatyData, ids: string[]): Block[] {
  const known = ids.filter((id) => data.sources[id]).slice(0, 3);
  return known.length === 0 ? [] : [links(known.map((id) => sourceItemById(data, id, 'Source: ')))];
}
