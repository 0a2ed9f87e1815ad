/**
 * The treaty domain: what `data/` holds once loaded and validated.
 * Platform-neutral; no adapter types here.
 */

/** How precise a recorded date is. A `year` date like "2015" must never be shown as a day. */
export type Precision = 'day' | 'month' | 'year';

/** A public source, registered once in `data/sources.json` and referred to by id. */
export interface Source {
  id: string;
  title: string;
  /** As found; a source without a scheme is a host/path. */
  url?: string;
  publisher?: string;
  /** Publication date as text (any precision). */
  published?: string;
}

/**
 * One recorded value of a date. `date` is `YYYY`, `YYYY-MM` or `YYYY-MM-DD` matching `precision`.
 * A fact whose sources disagree holds several `DateValue`s: the bot shows the conflict.
 */
export interface DateValue {
  date: string;
  precision: Precision;
  sources: string[];
  note?: string;
}

/** `known`: one value; `conflict`: sources disagree, all values kept; `unknown`: nothing found yet. */
export interface DatedFact {
  values: DateValue[];
}

export type PartyRole = 'party' | 'asean-member-not-party';

/** The collective signature for ASEAN: who signed it (a party code) at which milestone (an id). */
export interface AseanSignature {
  /** Party code of the ASEAN signatory's country, e.g. `MY`. */
  by: string;
  /** Milestone id of the signing, e.g. `signing`; its single day-precision date is the date. */
  milestone: string;
}

export interface Party {
  /** ISO 3166-1 alpha-2, upper case. */
  code: string;
  name: string;
  /** Short display name, e.g. "Viet Nam". */
  shortName: string;
  /** Lower-case aliases accepted from users (names, ISO-3, Chinese names …). */
  aliases: string[];
  role: PartyRole;
  aseanMember: boolean;
  /**
   * This party's OWN signature of the 3.0 Protocol: empty `values` when none was reported. Never
   * filled in from the collective ASEAN signature (that is `aseanSignature`).
   */
  signed?: DatedFact;
  /**
   * The Protocol was signed for ASEAN as a whole (the seed: Malaysia's minister "on behalf of ...
   * ASEAN"), which covers this ASEAN party. The date comes from `milestone`, the signatory's
   * name from `by`; the display text ("signed for ASEAN by Malaysia's minister on 28 Oct 2025;
   * own signature not reported") is derived by code, so it cannot drift from the data.
   */
  aseanSignature?: AseanSignature;
  note?: string;
  sources: string[];
}

export interface Milestone {
  /** Stable kebab-case id, e.g. `signing`, `framework-agreement`. */
  id: string;
  title: string;
  summary: string;
  /** One value, or several when sources conflict. */
  date: DatedFact;
  place?: string;
  /** Sources for the place when they differ from the date's (e.g. the venue). */
  placeSources?: string[];
  /** Words a user may type to find it (`milestone signing`). */
  keywords: string[];
  /** People named in the record (signatories, witnesses). */
  people?: string[];
  /** Parties this milestone concerns, if not all. */
  parties?: string[];
  /**
   * Every milestone with a single day-precision date has a yearly anniversary (reminders, `next`,
   * digests); `false` opts one out. `true` is refused on a year or a disputed day: those cannot
   * have an honest anniversary.
   */
  anniversary?: boolean;
  sources: string[];
}

export interface Area {
  /** Position in the seed announcement's list ("listed as 5"), not a chapter number. */
  number: number;
  /** Exactly as in the seed announcement. */
  name: string;
  /** `null` when no summary of the chapter was found: the bot says so. */
  summary: string | null;
  /** New area in 3.0 (not in earlier CAFTA instruments). */
  isNew: boolean;
  /** What little is known when there is no summary (e.g. only passing mentions in reports). */
  note?: string;
  /** Where another official list orders this area differently (MOFCOM's 21 May 2025 list). */
  orderNote?: { text: string; sources: string[] };
  sources: string[];
}

/** What happened to the Protocol for one party after signing. */
export type RatificationKind = 'ratification' | 'notification' | 'entry-into-force';

export interface RatificationEvent {
  /** Stable id: `<code>-<kind>`, e.g. `cn-ratification`. Alerts are keyed by it. */
  id: string;
  party: string;
  kind: RatificationKind;
  date: DatedFact;
  summary?: string;
  sources: string[];
}

/** How the Protocol enters into force. Unknown until the clause is found. */
export type EntryIntoForceModel =
  | { model: 'unknown' }
  | { model: 'fixed-date'; date: string }
  /** Each party N days after it notifies the depositary. */
  | { model: 'per-party'; daysAfterNotification: number }
  /** After `threshold` notifications (optionally with a minimum of ASEAN parties), plus `days`. */
  | { model: 'threshold'; threshold: number; aseanMinimum?: number; days: number };

/** How the depositary is known: from the 3.0 text itself, or inferred from earlier instruments. */
export type DepositaryBasis = 'stated-in-protocol' | 'inferred-from-earlier-instruments';

export interface Depositary {
  name: string;
  basis: DepositaryBasis;
  sources: string[];
}

export interface EntryIntoForceClause {
  rule: EntryIntoForceModel;
  /** Article reference once known. */
  article?: string;
  depositary: Depositary;
  /** When the clause was last looked for (YYYY-MM-DD). */
  checkedOn: string;
  note: string;
  sources: string[];
}

/** Something reported after signing that is context, not a ratification step (e.g. "accelerating approval"). */
export interface ReportedStatement {
  id: string;
  date: DatedFact;
  text: string;
  sources: string[];
}

/** A report that was checked and deliberately NOT used, kept so nobody re-adds it. */
export interface RejectedReport {
  outlet: string;
  claim: string;
  reason: string;
}

export interface TreatyData {
  /** Content hash of the data files (first 12 hex chars of sha256). */
  version: string;
  /** Date the data was last checked against sources (YYYY-MM-DD). */
  asOf: string;
  sources: Record<string, Source>;
  parties: Party[];
  milestones: Milestone[];
  areas: Area[];
  events: RatificationEvent[];
  /** Recorded with the events: when they were last checked. */
  eventsCheckedOn: string;
  /** What was found, derived from the events and `eventsCheckedOn` at load (events-note.ts). */
  eventsNote: string;
  /** Post-signing statements shown as context next to the (empty) event list. */
  statements?: ReportedStatement[];
  /** Reports deliberately not used (misreports). Never shown as facts. */
  rejectedReports?: RejectedReport[];
  entryIntoForce: EntryIntoForceClause;
}

/** Per-party ratification state, derived from events. */
export type PartyState = 'not-a-party' | 'signed' | 'ratified' | 'notified' | 'in-force' | 'unknown';
