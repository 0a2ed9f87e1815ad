/**
 * The status as one document: what `GET /api/status.json` returns and what the page and the
 * board are drawn from. Built from the treaty data alone (never a subscription, workspace or
 * user), in one language: names and texts from `dataIn`, enums and dates in ISO form.
 * The shape is documented in `docs/api/status.schema.json`.
 */
import type { Lang } from '../../src/text/i18n';
import { textsFor } from '../../src/text/texts';
import { anniversaryTitle, upcoming } from '../../src/treaty/anniversaries';
import { dataIn } from '../../src/treaty/localize';
import type { DatedFact, PartyState, RatificationEvent, TreatyData } from '../../src/treaty/model';
import { allPartyStatuses, projectEntryIntoForce, signatureOf, statusCounts, timeline } from '../../src/treaty/queries';
import { sourceHref } from '../../src/treaty/sources';

/** Days ahead the page and the API look for anniversaries and expected events. */
export const UPCOMING_DAYS = 90;

export type BoardState = Exclude<PartyState, 'not-a-party'>;

export interface DocEvent {
  id: string;
  date: DatedFact;
  summary?: string;
  sources: string[];
}

export interface DocParty {
  code: string;
  name: string;
  shortName: string;
  aseanMember: boolean;
  state: BoardState;
  signature:
    | { kind: 'own'; date: DatedFact; forAsean?: { by: string; milestone: string; date: string } }
    | { kind: 'asean'; forAsean: { by: string; milestone: string; date: string } }
    | { kind: 'none' };
  ratification: DocEvent | null;
  notification: DocEvent | null;
  entryIntoForce: DocEvent | null;
  note?: string;
  sources: string[];
}

export interface StatusDoc {
  schemaVersion: 1;
  lang: Lang;
  dataVersion: string;
  asOf: string;
  eventsCheckedOn: string;
  eventsNote: string;
  counts: { parties: number; signed: number; ratified: number; notified: number; inForce: number; unknown: number };
  parties: DocParty[];
  nonParties: Array<{ code: string; name: string; shortName: string; note?: string; sources: string[] }>;
  entryIntoForce: {
    rule: string;
    state: 'unknown' | 'projected' | 'waiting' | 'per-party';
    text: string;
    date?: string;
    have?: number;
    need?: number;
    parties?: Array<{ code: string; date: string | null }>;
    depositary: { name: string; basis: string; sources: string[] };
    note: string;
    checkedOn: string;
    sources: string[];
  };
  milestones: Array<{
    id: string;
    title: string;
    summary: string;
    date: DatedFact;
    conflicting: boolean;
    place?: string;
    parties?: string[];
    sources: string[];
  }>;
  areas: Array<{
    number: number;
    name: string;
    summary: string | null;
    isNew: boolean;
    note?: string;
    sources: string[];
  }>;
  statements: Array<{ id: string; date: DatedFact; text: string; sources: string[] }>;
  upcoming: {
    from: string;
    to: string;
    zone: string;
    days: number;
    anniversaries: Array<{
      id: string;
      kind: string;
      party?: string;
      title: string;
      date: string;
      on: string;
      years: number;
      round: boolean;
      sources: string[];
    }>;
    expected: Array<{ text: string; date?: string; sources: string[] }>;
  };
  sources: Record<string, { title: string; url?: string; href?: string; publisher?: string; published?: string }>;
}

const docEvent = (e: RatificationEvent | undefined): DocEvent | null =>
  e ? { id: e.id, date: e.date, ...(e.summary ? { summary: e.summary } : {}), sources: e.sources } : null;

/** The whole document for `lang` on `now` (its local day in `zone` decides the 90-day window). */
export function buildStatusDoc(base: TreatyData, lang: Lang, now: Date, zone: string): StatusDoc {
  const tx = textsFor(lang);
  const data = dataIn(base, tx.lang);
  const counts = statusCounts(data);
  const statuses = allPartyStatuses(data);
  const eif = projectEntryIntoForce(data, tx);
  const clause = data.entryIntoForce;
  const soon = upcoming(data, now, UPCOMING_DAYS, zone, tx);
  const parties: DocParty[] = statuses
    .filter((s) => s.state !== 'not-a-party')
    .map((s) => {
      const p = s.party;
      const sig = signatureOf(data, p);
      const asean = sig.kind === 'none' ? undefined : sig.asean;
      const forAsean = asean
        ? { by: asean.signatory.code, milestone: asean.milestone.id, date: asean.date.date }
        : undefined;
      const signature: DocParty['signature'] =
        sig.kind === 'own'
          ? { kind: 'own', date: sig.fact, ...(forAsean ? { forAsean } : {}) }
          : sig.kind === 'asean' && forAsean
            ? { kind: 'asean', forAsean }
            : { kind: 'none' };
      return {
        code: p.code,
        name: p.name,
        shortName: p.shortName,
        aseanMember: p.aseanMember,
        state: s.state as BoardState,
        signature,
        ratification: docEvent(s.ratification),
        notification: docEvent(s.notification),
        entryIntoForce: docEvent(s.entryIntoForce),
        ...(p.note ? { note: p.note } : {}),
        sources: p.sources,
      };
    });
  return {
    schemaVersion: 1,
    lang: tx.lang,
    dataVersion: data.version,
    asOf: data.asOf,
    eventsCheckedOn: data.eventsCheckedOn,
    eventsNote: data.eventsNote,
    counts: {
      parties: counts.parties,
      signed: counts.signed,
      ratified: counts.ratified,
      notified: counts.notified,
      inForce: counts.inForce,
      unknown: counts.unknown,
    },
    parties,
    nonParties: statuses
      .filter((s) => s.state === 'not-a-party')
      .map(({ party: p }) => ({
        code: p.code,
        name: p.name,
        shortName: p.shortName,
        ...(p.note ? { note: p.note } : {}),
        sources: p.sources,
      })),
    entryIntoForce: {
      rule: clause.rule.model,
      state: eif.state,
      text: eif.text,
      ...(eif.state === 'projected' ? { date: eif.date } : {}),
      ...(eif.state === 'waiting' ? { have: eif.have, need: eif.need } : {}),
      ...(eif.state === 'per-party' ? { parties: eif.parties } : {}),
      depositary: { name: clause.depositary.name, basis: clause.depositary.basis, sources: clause.depositary.sources },
      note: clause.note,
      checkedOn: clause.checkedOn,
      sources: clause.sources,
    },
    milestones: timeline(data, { all: true }).map((m) => ({
      id: m.id,
      title: m.title,
      summary: m.summary,
      date: m.date,
      conflicting: m.date.values.length > 1,
      ...(m.place !== undefined ? { place: m.place } : {}),
      ...(m.parties ? { parties: m.parties } : {}),
      sources: m.sources,
    })),
    areas: data.areas.map((a) => ({
      number: a.number,
      name: a.name,
      summary: a.summary,
      isNew: a.isNew,
      ...(a.note ? { note: a.note } : {}),
      sources: a.sources,
    })),
    statements: (data.statements ?? []).map((s) => ({ id: s.id, date: s.date, text: s.text, sources: s.sources })),
    upcoming: {
      from: soon.from,
      to: soon.to,
      zone,
      days: UPCOMING_DAYS,
      anniversaries: soon.anniversaries.map((a) => ({
        id: a.id,
        kind: a.kind,
        ...(a.party ? { party: a.party } : {}),
        title: anniversaryTitle(tx, data, a),
        date: a.date,
        on: a.on,
        years: a.years,
        round: a.round,
        sources: a.sources,
      })),
      expected: soon.expected.map((e) => ({ text: e.text, ...(e.date ? { date: e.date } : {}), sources: e.sources })),
    },
    sources: Object.fromEntries(
      Object.entries(data.sources).map(([id, s]) => {
        const href = sourceHref(s.url);
        return [
          id,
          {
            title: s.title,
            ...(s.url ? { url: s.url } : {}),
            ...(href ? { href } : {}),
            ...(s.publisher ? { publisher: s.publisher } : {}),
            ...(s.published ? { published: s.published } : {}),
          },
        ];
      }),
    ),
  };
}
