/**
 * Pieces the digest, reminders and alerts share, built on the treaty queries (queries.ts,
 * anniversaries.ts) so a digest says exactly what `status` and `next` say, in the same words.
 *
 * Facts come only from the loaded data; where the data says nothing, the wording says
 * "not reported" — it never guesses. `data` is in the reader's language (`dataIn`).
 */
import { anniversaryLabel, upcoming } from '../treaty/anniversaries';
import { links, subheading, type Block } from '../text/message';
import { selectKey } from '../text/i18n';
import type { Texts } from '../text/texts';
import { sourceItemById } from '../treaty/sources';
import type { Party, RatificationKind, TreatyData } from '../treaty/model';
import { aseanOnlyText, partyStatus, signatureOf } from '../treaty/queries';

/** "ratification", "notification", "entry into force": a ratification record's kind in words. */
export const ratificationKindLabel = (tx: Texts, kind: RatificationKind): string =>
  tx.t('event.kind', { kind: selectKey(kind) });

/** A party's ratification status in words, e.g. "Signed 28 Oct 2025; ratification not reported as of …". */
export function partyStatusLine(tx: Texts, data: TreatyData, party: Party): string {
  const s = partyStatus(data, party);
  const checked = tx.day(data.eventsCheckedOn);
  switch (s.state) {
    case 'in-force':
      return tx.t('digest.line.inForce', { date: tx.fact(s.entryIntoForce?.date) });
    case 'notified':
      return tx.t('digest.line.notified', { date: tx.fact(s.notification?.date), checked });
    case 'ratified':
      return tx.t('digest.line.ratified', { date: tx.fact(s.ratification?.date), checked });
    case 'signed': {
      const sig = signatureOf(data, party);
      const signed =
        sig.kind === 'asean'
          ? capitalise(aseanOnlyText(tx, sig.asean))
          : tx.t('digest.line.signedOwn', { date: tx.fact(party.signed) });
      return tx.t('digest.line.signed', { signed, checked });
    }
    default:
      return tx.t('digest.line.unknown', { checked });
  }
}

/** Sentence case for a phrase used at the start of a line (no change for scripts without case). */
const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export const partiesOf = (data: TreatyData): Party[] => data.parties.filter((p) => p.role === 'party');

export function partyName(data: TreatyData, code: string): string {
  return data.parties.find((p) => p.code === code)?.shortName ?? code;
}

/** "Coming up" lines: anniversaries in the window, expected events, and what follows. */
export function comingUp(
  tx: Texts,
  data: TreatyData,
  now: Date,
  days: number,
  zone: string,
): { items: string[]; notes: string[] } {
  const u = upcoming(data, now, days, zone, tx);
  const items = u.anniversaries.map((a) =>
    tx.t('digest.anniversary', {
      date: tx.day(a.on),
      label: anniversaryLabel(tx, data, a),
      round: a.round ? 'yes' : 'no',
    }),
  );
  const notes: string[] = [];
  for (const e of u.expected)
    (e.date ? items : notes).push(
      tx.t('next.expected', { hasDate: e.date ? 'yes' : 'no', date: e.date ? tx.day(e.date) : '', text: e.text }),
    );
  if (u.anniversaries.length === 0 && u.nextAfter) {
    notes.unshift(
      tx.t('digest.nextAnniversary', { date: tx.day(u.nextAfter.on), label: anniversaryLabel(tx, data, u.nextAfter) }),
    );
  }
  return { items, notes };
}

/**
 * Up to three sources under one "Sources" heading, each once: a full URL is a link (the title is
 * its text); a bare host/path stays text (as found).
 */
export function sourceBlocks(tx: Texts, data: TreatyData, ids: string[]): Block[] {
  const known = [...new Set(ids)].filter((id) => data.sources[id]).slice(0, 3);
  return known.length === 0
    ? []
    : [subheading(tx.t('common.sources')), links(known.map((id) => sourceItemById(tx, data, id, '')))];
}
