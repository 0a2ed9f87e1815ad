/**
 * Pure pieces the digest, reminders and alerts share: date wording that respects precision,
 * per-party ratification status, upcoming anniversaries and expected events.
 *
 * Facts come only from the loaded data; where the data says nothing, the wording says
 * "not reported" — it never guesses.
 */
import type { DatedFact, DateValue, Party, RatificationEvent, RatificationKind, TreatyData } from './model';
import { addDays, anniversariesOf, anniversaryDateIn, formatLocalDate, isRoundAnniversary, type LocalDate } from './schedule';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2002-11-04` → `4 Nov 2002`; `2022-11` → `Nov 2022`; `2015` → `2015`. Never adds precision. */
export function formatDateValue(v: Pick<DateValue, 'date'>): string {
  const [y, m, d] = v.date.split('-');
  if (d) return `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
  if (m) return `${MONTHS[Number(m) - 1]} ${y}`;
  return y;
}

export const formatLocal = (d: LocalDate): string => formatDateValue({ date: formatLocalDate(d) });

/** One value, a stated conflict, or "not reported". */
export function formatFact(fact: DatedFact | undefined, unknown = 'not reported'): string {
  const values = fact?.values ?? [];
  if (values.length === 0) return unknown;
  if (values.length === 1) return formatDateValue(values[0]);
  return `${values.map(formatDateValue).join(' or ')} (sources disagree)`;
}

const KIND_ORDER: RatificationKind[] = ['ratification', 'notification', 'entry-into-force'];
const KIND_WORD: Record<RatificationKind, string> = {
  ratification: 'ratified',
  notification: 'notified the depositary',
  'entry-into-force': 'in force',
};

export const kindLabel = (kind: RatificationKind): string =>
  kind === 'entry-into-force' ? 'entry into force' : kind;

/** Events of one party, in treaty order (ratification → notification → entry into force). */
export const eventsOf = (data: TreatyData, code: string): RatificationEvent[] =>
  data.events.filter((e) => e.party === code).sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));

/** A party's ratification status in words, e.g. "Signed 28 Oct 2025; ratification not reported". */
export function partyStatusLine(data: TreatyData, party: Party): string {
  const events = eventsOf(data, party.code);
  if (events.length === 0) {
    const signed = party.signed ? `Signed ${formatFact(party.signed)}` : 'Signature not reported';
    return `${signed}; ratification not reported as of ${data.eventsCheckedOn}`;
  }
  const latest = events[events.length - 1];
  return `${KIND_WORD[latest.kind].replace(/^./, (c) => c.toUpperCase())} ${formatFact(latest.date)}`;
}

export const partiesOf = (data: TreatyData): Party[] => data.parties.filter((p) => p.role === 'party');

export function partyName(data: TreatyData, code: string): string {
  return data.parties.find((p) => p.code === code)?.shortName ?? code;
}

/** An anniversary that falls within a window of local dates. */
export interface UpcomingAnniversary {
  id: string;
  title: string;
  date: LocalDate;
  years: number;
  round: boolean;
}

/** Anniversaries on local dates from `today` to `today + days` (inclusive), soonest first. */
export function upcomingAnniversaries(data: TreatyData, today: LocalDate, days: number): UpcomingAnniversary[] {
  const last = addDays(today, days);
  const key = (d: LocalDate): string => formatLocalDate(d);
  const out: UpcomingAnniversary[] = [];
  for (const a of anniversariesOf(data)) {
    for (let y = today.year; y <= last.year; y += 1) {
      const date = anniversaryDateIn(a.origin, y);
      const years = y - a.origin.year;
      if (years >= 1 && key(date) >= key(today) && key(date) <= key(last)) {
        out.push({ id: a.id, title: a.title, date, years, round: isRoundAnniversary(years) });
      }
    }
  }
  return out.sort((p, q) => key(p.date).localeCompare(key(q.date)) || p.id.localeCompare(q.id));
}

/** `1st`, `2nd`, `25th` … */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** An event the data lets us project (entry into force), with how it was derived. */
export interface ExpectedEvent {
  date: string;
  what: string;
  basis: string;
}

/**
 * Entry-into-force dates that follow from the recorded clause and recorded notifications. With
 * the clause unknown (the state today) nothing is projected.
 */
export function expectedEvents(data: TreatyData): ExpectedEvent[] {
  const rule = data.entryIntoForce.rule;
  const inForce = new Set(data.events.filter((e) => e.kind === 'entry-into-force').map((e) => e.party));
  const notified = data.events
    .filter((e) => e.kind === 'notification' && e.date.values.length === 1 && e.date.values[0].precision === 'day')
    .map((e) => ({ party: e.party, date: e.date.values[0].date }))
    .sort((a, b) => a.date.localeCompare(b.date));
  const plus = (iso: string, days: number): string => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const article = data.entryIntoForce.article ? ` (${data.entryIntoForce.article})` : '';
  switch (rule.model) {
    case 'unknown':
      return [];
    case 'fixed-date':
      return [{ date: rule.date, what: 'Entry into force of the 3.0 Protocol', basis: `fixed date in the clause${article}` }];
    case 'per-party':
      return notified.filter((n) => !inForce.has(n.party)).map((n) => ({
        date: plus(n.date, rule.daysAfterNotification),
        what: `Entry into force for ${partyName(data, n.party)}`,
        basis: `${rule.daysAfterNotification} days after its notification${article}`,
      }));
    case 'threshold': {
      const asean = new Set(data.parties.filter((p) => p.aseanMember).map((p) => p.code));
      let aseanCount = 0;
      for (let i = 0; i < notified.length; i += 1) {
        if (asean.has(notified[i].party)) aseanCount += 1;
        if (i + 1 >= rule.threshold && aseanCount >= (rule.aseanMinimum ?? 0)) {
          return [{
            date: plus(notified[i].date, rule.days),
            what: 'Entry into force of the 3.0 Protocol for the notifying parties',
            basis: `${rule.days} days after the ${ordinal(rule.threshold)} notification${article}`,
          }];
        }
      }
      return [];
    }
  }
}
