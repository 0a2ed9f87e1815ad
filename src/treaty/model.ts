/**
 * The treaty domain: what `data/` holds once loaded and validated. Platform-neutral; no adapter
 * types here. The record types are inferred from the zod schema (`data-schema.ts`), which is
 * also where each field is documented (and what editors show from `data/schema/*.json`), so the
 * types, the validation and the editors' schema cannot disagree.
 */
import type { z } from 'zod';
import type {
  areaSchema,
  aseanSignatureSchema,
  datedFactSchema,
  dateValueSchema,
  depositarySchema,
  entryIntoForceSchema,
  eventSchema,
  milestoneSchema,
  partySchema,
  precisionSchema,
  rejectedSchema,
  ruleSchema,
  sourceSchema,
  statementSchema,
} from './data-schema';
import type { Overlay } from './data-l10n';

/** How precise a recorded date is. A `year` date like "2015" must never be shown as a day. */
export type Precision = z.infer<typeof precisionSchema>;

/** A public source, registered once in `data/sources.json` and referred to by id. */
export type Source = z.infer<typeof sourceSchema>;

/**
 * One recorded value of a date. `date` is `YYYY`, `YYYY-MM` or `YYYY-MM-DD` matching `precision`.
 * A fact whose sources disagree holds several `DateValue`s: the bot shows the conflict.
 */
export type DateValue = z.infer<typeof dateValueSchema>;

/** One value: known; several: sources disagree (all kept); none: nothing found yet. */
export type DatedFact = z.infer<typeof datedFactSchema>;

/** The collective signature for ASEAN: who signed it (a party code) at which milestone (an id). */
export type AseanSignature = z.infer<typeof aseanSignatureSchema>;

/**
 * China, an ASEAN party, or an ASEAN member that is not a party (Timor-Leste). `signed` is the
 * party's OWN signature; `aseanSignature` says the signature for ASEAN covers it (the wording is
 * derived by `signatureOf` in queries.ts).
 */
export type Party = z.infer<typeof partySchema>;
export type PartyRole = Party['role'];

export type Milestone = z.infer<typeof milestoneSchema>;

/** One of the nine areas; `number` is its position in the seed's list, not a chapter number. */
export type Area = z.infer<typeof areaSchema>;

/** What happened to the Protocol for one party after signing. */
export type RatificationKind = z.infer<typeof eventSchema>['kind'];

/** Stable id `<code>-<kind>` (alerts are keyed by it), party, kind, date, sources. */
export type RatificationEvent = z.infer<typeof eventSchema>;

/** How the Protocol enters into force. Unknown until the clause is found. */
export type EntryIntoForceModel = z.infer<typeof ruleSchema>;

export type Depositary = z.infer<typeof depositarySchema>;
export type DepositaryBasis = Depositary['basis'];

export type EntryIntoForceClause = Omit<z.infer<typeof entryIntoForceSchema>, '$schema'>;

/** Something reported after signing that is context, not a ratification step (e.g. "accelerating approval"). */
export type ReportedStatement = z.infer<typeof statementSchema>;

/** A report that was checked and deliberately NOT used, kept so nobody re-adds it. */
export type RejectedReport = z.infer<typeof rejectedSchema>;

export interface TreatyData {
  /** Content hash of the data files, overlays included (first 12 hex chars of sha256). */
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
  /**
   * Translations by language tag (`zh` …), from `data/l10n/<lang>.json`; `{}` when there are
   * none. English answers never read them.
   */
  l10n: Record<string, Overlay>;
}

/** Per-party ratification state, derived from events. */
export type PartyState = 'not-a-party' | 'signed' | 'ratified' | 'notified' | 'in-force' | 'unknown';
