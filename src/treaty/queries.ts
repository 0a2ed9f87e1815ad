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

import { selectKey } from '../text/i18n';
import type { Texts } from '../text/texts';

/* ------------------------------------------------------------------ dates */
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
export const signedForAseanText = (tx: Texts, a: AseanSignatureFact): string =>
  tx.t('signature.forAsean', { signatory: a.signatory.shortName, date: tx.date(a.date) });

/**
 * The whole phrase for a party with no own signature: "signed for ASEAN by Malaysia's minister on
 * 28 Oct 2025; own signature not reported" (for Malaysia itself: "own signature other than as
 * ASEAN's signatory not reported").
 */
export const aseanOnlyText = (tx: Texts, a: AseanSignatureFact): string =>
  tx.t('signature.aseanOnly', {
    forAsean: signedForAseanText(tx, a),
    signatory: a.isSignatory ? 'yes' : 'no',
  });

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

/** A state in words: "signed, not yet ratified", "in force" … */
export const stateLabel = (tx: Texts, state: PartyState): string => tx.t('state.label', { state: selectKey(state) });

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

/**
 * Projects entry into force from the clause held as data and the recorded notifications; `text`
 * says it in `tx`'s language (pass data in that language: the depositary is named).
 */
export function projectEntryIntoForce(data: TreatyData, tx: Texts): EntryIntoForceProjection {
  const clause = data.entryIntoForce;
  const rule = clause.rule;
  const checked = tx.day(clause.checkedOn);
  const notified = data.parties
    .filter((p) => p.role === 'party')
    .map((p) => ({ party: p, date: exactDay(eventOf(data, p.code, 'notification')) }));
  switch (rule.model) {
    case 'unknown':
      return { state: 'unknown', text: tx.t('eif.unknown', { checked }) };
    case 'fixed-date':
      return { state: 'projected', date: rule.date, text: tx.t('eif.fixedDate', { date: tx.day(rule.date) }) };
    case 'per-party': {
      const parties = notified.map((n) => ({
        code: n.party.code,
        date: n.date ? plusDays(n.date, rule.daysAfterNotification) : null,
      }));
      const done = parties.filter((p) => p.date !== null);
      const text =
        done.length === 0
          ? tx.t('eif.perPartyNone', { days: rule.daysAfterNotification, depositary: clause.depositary.name })
          : tx.t('eif.perParty', {
              days: rule.daysAfterNotification,
              dates: tx.list(done.map((p) => tx.t('eif.partyDate', { code: p.code, date: tx.day(p.date ?? '') }))),
            });
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
            text: tx.t('eif.thresholdMet', {
              date: tx.day(date),
              days: rule.days,
              threshold: rule.threshold,
              on: tx.day(n.date ?? ''),
            }),
          };
        }
      }
      const need = Math.max(rule.threshold - total, aseanMin - asean);
      return {
        state: 'waiting',
        have: total,
        need,
        text: tx.t('eif.thresholdWaiting', {
          days: rule.days,
          threshold: rule.threshold,
          aseanMinimum: aseanMin,
          have: total,
          need,
        }),
      };
    }
  }
}
