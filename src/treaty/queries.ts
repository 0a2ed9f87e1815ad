/**
 * Pure queries over the treaty data: party states, counts, timeline order, honest date text and
 * the entry-into-force projection. No I/O, no clock: callers pass instants and zones in.
 * Anniversaries and "upcoming" live in `anniversaries.ts`; lookups in `lookup.ts`.
 */
import { DateTime } from 'luxon';
import type {
  DatedFact,
  DateValue,
  Milestone,
  Party,
  PartyState,
  RatificationEvent,
  RatificationKind,
  TreatyData,
} from './model';

import { ordinal } from '../text/match';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/* ------------------------------------------------------------------ dates as text */

/** One value at its own precision: "2015", "Nov 2022", "28 Oct 2025". Never adds a day it lacks. */
export function formatDateValue(v: Pick<DateValue, 'date' | 'precision'>): string {
  const [y, m, d] = v.date.split('-');
  if (v.precision === 'year') return y;
  if (v.precision === 'month') return `${MONTHS[Number(m) - 1]} ${y}`;
  return `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
}

/** A whole YYYY-MM-DD date as "28 Oct 2025". */
export const formatDay = (date: string): string => formatDateValue({ date, precision: 'day' });

/**
 * A fact as honest text. Conflicts are shown, never resolved: "21 or 22 Nov 2015 (sources differ)",
 * "22 Oct 2019 or 2018 (sources differ)". No value → `unknownText`.
 */
export function formatDatedFact(fact: DatedFact | undefined, unknownText = 'unknown'): string {
  const values = fact?.values ?? [];
  if (values.length === 0) return unknownText;
  if (values.length === 1) return formatDateValue(values[0]);
  const sameMonth = values.every((v) => v.precision === 'day' && v.date.slice(0, 7) === values[0].date.slice(0, 7));
  if (sameMonth) {
    const days = values.map((v) => String(Number(v.date.slice(8))));
    const [y, m] = values[0].date.split('-');
    return `${days.slice(0, -1).join(', ')} or ${days[days.length - 1]} ${MONTHS[Number(m) - 1]} ${y} (sources differ)`;
  }
  const parts = values.map(formatDateValue);
  return `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]} (sources differ)`;
}

/** Sort key: the earliest value, coarse dates first within their year/month; unknown last. */
export function earliestKey(fact: DatedFact): string {
  const keys = fact.values.map((v) => v.date.padEnd(10, '-00-00').slice(0, 10));
  return keys.length === 0 ? '9999-99-99' : keys.sort()[0];
}

/* ------------------------------------------------------------------ signatures */
/*
 * Who signed for a party: its own signature, the collective signature for ASEAN (Malaysia's
 * minister signed "on behalf of ... ASEAN"), or nothing reported. The collective wording is built
 * here from the data, never stored as free text, so it always names the recorded signatory and the
 * signing milestone's date.
 */

/** The collective ASEAN signature as it applies to one party, resolved against the data. */
export interface AseanSignatureFact {
  /** The party whose minister signed for ASEAN (e.g. Malaysia). */
  signatory: Party;
  milestone: Milestone;
  /** The milestone's single day-precision date. */
  date: DateValue;
  /** True when this party is the signatory's own country (Malaysia). */
  isSignatory: boolean;
}

export type PartySignature =
  /** A signature of its own (Viet Nam, Singapore, China); `asean` when also covered for ASEAN. */
  | { kind: 'own'; fact: DatedFact; asean?: AseanSignatureFact }
  /** No own signature reported; covered by the signature for ASEAN. */
  | { kind: 'asean'; asean: AseanSignatureFact }
  /** Neither recorded. */
  | { kind: 'none' };

/** Resolves `party.aseanSignature`; undefined when absent or when the data cannot date it. */
export function aseanSignatureOf(data: TreatyData, party: Party): AseanSignatureFact | undefined {
  const ref = party.aseanSignature;
  if (!ref) return undefined;
  const signatory = data.parties.find((p) => p.code === ref.by);
  const milestone = data.milestones.find((m) => m.id === ref.milestone);
  const values = milestone?.date.values ?? [];
  if (!signatory || !milestone || values.length !== 1 || values[0].precision !== 'day') return undefined;
  return { signatory, milestone, date: values[0], isSignatory: signatory.code === party.code };
}

export function signatureOf(data: TreatyData, party: Party): PartySignature {
  const asean = aseanSignatureOf(data, party);
  if (party.signed && party.signed.values.length > 0)
    return asean ? { kind: 'own', fact: party.signed, asean } : { kind: 'own', fact: party.signed };
  return asean ? { kind: 'asean', asean } : { kind: 'none' };
}

/** "signed for ASEAN by Malaysia's minister on 28 Oct 2025" */
export const signedForAseanText = (a: AseanSignatureFact): string =>
  `signed for ASEAN by ${a.signatory.shortName}'s minister on ${formatDateValue(a.date)}`;

/**
 * The whole phrase for a party with no own signature: "signed for ASEAN by Malaysia's minister on
 * 28 Oct 2025; own signature not reported" (for Malaysia itself: "own signature other than as
 * ASEAN's signatory not reported").
 */
export const aseanOnlyText = (a: AseanSignatureFact): string =>
  `${signedForAseanText(a)}; own signature ${a.isSignatory ? "other than as ASEAN's signatory " : ''}not reported`;

/** Sources of the collective signature: those of the signing milestone's date. */
export const aseanSignatureSources = (a: AseanSignatureFact): string[] => a.date.sources;

/* ------------------------------------------------------------------ parties */

export interface PartyStatus {
  party: Party;
  state: PartyState;
  ratification?: RatificationEvent;
  notification?: RatificationEvent;
  entryIntoForce?: RatificationEvent;
}

const eventOf = (data: TreatyData, code: string, kind: RatificationKind): RatificationEvent | undefined =>
  data.events.find((e) => e.party === code && e.kind === kind);

/**
 * A party's state from the recorded events, furthest step first. A party with neither its own
 * signature nor the signature for ASEAN recorded is `unknown`, not assumed signed.
 */
export function partyStatus(data: TreatyData, party: Party): PartyStatus {
  const s: PartyStatus = { party, state: 'unknown' };
  if (party.role !== 'party') return { ...s, state: 'not-a-party' };
  s.ratification = eventOf(data, party.code, 'ratification');
  s.notification = eventOf(data, party.code, 'notification');
  s.entryIntoForce = eventOf(data, party.code, 'entry-into-force');
  if (s.entryIntoForce) s.state = 'in-force';
  else if (s.notification) s.state = 'notified';
  else if (s.ratification) s.state = 'ratified';
  else if (signatureOf(data, party).kind !== 'none') s.state = 'signed';
  return s;
}

/** Every party's status: parties in data order, then the non-parties. */
export function allPartyStatuses(data: TreatyData): PartyStatus[] {
  const all = data.parties.map((p) => partyStatus(data, p));
  return [...all.filter((s) => s.state !== 'not-a-party'), ...all.filter((s) => s.state === 'not-a-party')];
}

export interface StatusCounts {
  /** Parties to the Protocol (non-parties excluded). */
  parties: number;
  /** Cumulative: a party that notified has also ratified and signed. */
  signed: number;
  ratified: number;
  notified: number;
  inForce: number;
  unknown: number;
  nonParties: number;
}

const STEP: Record<PartyState, number> = {
  'not-a-party': -1,
  unknown: 0,
  signed: 1,
  ratified: 2,
  notified: 3,
  'in-force': 4,
};

export function statusCounts(data: TreatyData): StatusCounts {
  const states = data.parties.map((p) => partyStatus(data, p).state);
  const atLeast = (n: number): number => states.filter((s) => STEP[s] >= n).length;
  return {
    parties: states.filter((s) => s !== 'not-a-party').length,
    signed: atLeast(1),
    ratified: atLeast(2),
    notified: atLeast(3),
    inForce: atLeast(4),
    unknown: states.filter((s) => s === 'unknown').length,
    nonParties: states.filter((s) => s === 'not-a-party').length,
  };
}

/** Human words for a state. */
export const STATE_LABEL: Record<PartyState, string> = {
  'not-a-party': 'not a party',
  unknown: 'unknown',
  signed: 'signed, not yet ratified',
  ratified: 'ratified, not yet notified',
  notified: 'notified, not yet in force',
  'in-force': 'in force',
};

/* ------------------------------------------------------------------ timeline */

/**
 * Milestones oldest first by their earliest recorded value; undated ones last. By default
 * milestones that concern only some parties are left out; `all` includes them.
 */
export function timeline(data: TreatyData, opts: { all?: boolean } = {}): Milestone[] {
  return data.milestones
    .map((m, i) => ({ m, i, key: earliestKey(m.date) }))
    .filter(({ m }) => opts.all || !m.parties)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i))
    .map(({ m }) => m);
}

/* ------------------------------------------------------------------ entry into force */

export type EntryIntoForceProjection =
  /** The clause is not known: nothing can be projected. */
  | { state: 'unknown'; text: string }
  /** A date follows from the clause and the recorded notifications. */
  | { state: 'projected'; date: string; text: string }
  /** The clause is known but the notifications it needs are not there yet. */
  | { state: 'waiting'; text: string; have: number; need: number }
  /** Party by party: a date for each party that notified. */
  | { state: 'per-party'; text: string; parties: Array<{ code: string; date: string | null }> };

/** Day-precision date of an event when it has exactly one; conflicts and coarse dates cannot be projected from. */
const exactDay = (e: RatificationEvent | undefined): string | null => {
  const v = e?.date.values ?? [];
  return v.length === 1 && v[0].precision === 'day' ? v[0].date : null;
};
const plusDays = (date: string, days: number): string =>
  DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate() ?? date;

/** Projects entry into force from the clause held as data and the recorded notifications. */
export function projectEntryIntoForce(data: TreatyData): EntryIntoForceProjection {
  const clause = data.entryIntoForce;
  const rule = clause.rule;
  const checked = formatDay(clause.checkedOn);
  const notified = data.parties
    .filter((p) => p.role === 'party')
    .map((p) => ({ party: p, date: exactDay(eventOf(data, p.code, 'notification')) }));
  switch (rule.model) {
    case 'unknown':
      return { state: 'unknown', text: `unknown: clause not yet found (checked ${checked})` };
    case 'fixed-date':
      return { state: 'projected', date: rule.date, text: `${formatDay(rule.date)} (fixed date in the Protocol)` };
    case 'per-party': {
      const parties = notified.map((n) => ({
        code: n.party.code,
        date: n.date ? plusDays(n.date, rule.daysAfterNotification) : null,
      }));
      const done = parties.filter((p) => p.date !== null);
      const text =
        done.length === 0
          ? `for each party ${rule.daysAfterNotification} days after it notifies the ${clause.depositary.name}; no notification recorded yet`
          : `for each party ${rule.daysAfterNotification} days after its notification: ${done.map((p) => `${p.code} ${formatDay(p.date ?? '')}`).join(', ')}`;
      return { state: 'per-party', text, parties };
    }
    case 'threshold': {
      const dated = notified.filter((n) => n.date !== null).sort((a, b) => ((a.date ?? '') < (b.date ?? '') ? -1 : 1));
      const aseanMin = rule.aseanMinimum ?? 0;
      let total = 0;
      let asean = 0;
      for (const n of dated) {
        total += 1;
        if (n.party.aseanMember) asean += 1;
        if (total >= rule.threshold && asean >= aseanMin) {
          const date = plusDays(n.date ?? '', rule.days);
          return {
            state: 'projected',
            date,
            text: `${formatDay(date)} (${rule.days} days after the ${ordinal(rule.threshold)} notification, ${formatDay(n.date ?? '')})`,
          };
        }
      }
      const need = Math.max(rule.threshold - total, aseanMin - asean);
      const aseanText = aseanMin > 0 ? `, at least ${aseanMin} of them ASEAN members` : '';
      return {
        state: 'waiting',
        have: total,
        need,
        text: `${rule.days} days after ${rule.threshold} notifications${aseanText}; ${total} recorded so far, ${need} more needed`,
      };
    }
  }
}
