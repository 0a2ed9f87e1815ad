/**
 * Anniversaries — the one place that says what is remembered, on which date, and which years are
 * round — and "what's next", in any IANA zone. An anniversary falls on a LOCAL calendar date: the
 * signing's anniversary starts on 28 Oct in Kiritimati while it is still 27 Oct in New York.
 * `next`, the digest and reminders (delivery/schedule.ts puts these dates at a subscription's time
 * of day) all read them from here. Pure: the instant and zone are passed in.
 *
 * FEB-29 POLICY: a day-precision date on 29 February is remembered on 28 February in common years
 * (the anniversary stays in its month and is never skipped).
 */
import { LRUCache } from 'lru-cache';
import { DateTime } from 'luxon';
import type { Texts } from '../text/texts';
import type { TreatyData } from './model';
import { projectEntryIntoForce, statusCounts } from './queries';

/** Something whose yearly anniversary is worth a reminder. */
export interface AnniversarySubject {
  /** Milestone id or event id (e.g. `signing`, `vn-ratification`). */
  id: string;
  kind: 'milestone' | 'ratification' | 'entry-into-force';
  /** The party of a ratification or entry into force. */
  party?: string;
  /** The original YYYY-MM-DD. */
  date: string;
  sources: string[];
}

export interface Anniversary extends AnniversarySubject {
  /** Stable key for reminders: `<id>:<year>`, e.g. `signing:2026`. */
  occurrence: string;
  /** This year's local date (YYYY-MM-DD). */
  on: string;
  years: number;
  /** 1, 5, 10, 15, 20, 25 … years deserve a stronger message. */
  round: boolean;
}

const singleDay = (values: Array<{ date: string; precision: string }>): string | null =>
  values.length === 1 && values[0].precision === 'day' ? values[0].date : null;

/**
 * Every milestone with one day-precision date (as the interface promises: reminders "on the local
 * date of each day-precision milestone"; data may opt one out with `"anniversary": false`), plus
 * each recorded ratification and entry into force with an exact day. Disputed or coarse dates
 * have no honest anniversary.
 */
export function anniversarySubjects(data: TreatyData): AnniversarySubject[] {
  const out: AnniversarySubject[] = [];
  for (const m of data.milestones) {
    const date = singleDay(m.date.values);
    if (m.anniversary !== false && date) out.push({ id: m.id, kind: 'milestone', date, sources: m.sources });
  }
  for (const e of data.events) {
    const date = singleDay(e.date.values);
    if (!date || e.kind === 'notification') continue;
    out.push({ id: e.id, kind: e.kind, party: e.party, date, sources: e.sources });
  }
  return out;
}

/**
 * What an anniversary remembers, in words: the milestone's title, or "Viet Nam ratifies the 3.0
 * Protocol" (pass `data` in the reader's language: names come from it).
 */
export function anniversaryTitle(tx: Texts, data: TreatyData, s: AnniversarySubject): string {
  if (s.kind === 'milestone') return data.milestones.find((m) => m.id === s.id)?.title ?? s.id;
  const party = data.parties.find((p) => p.code === s.party)?.shortName ?? s.party ?? '';
  return tx.t('anniversary.eventTitle', { kind: s.kind === 'ratification' ? 'ratification' : 'entryIntoForce', party });
}

/** "1st anniversary: CAFTA 3.0 Upgrade Protocol signed (28 Oct 2025)". */
export const anniversaryLabel = (tx: Texts, data: TreatyData, a: Anniversary): string =>
  tx.t('anniversary.label', { years: a.years, title: anniversaryTitle(tx, data, a), date: tx.day(a.date) });

/** Round anniversaries get a stronger message: 1, 5, 10, 15, 20, 25 … years. */
export const isRoundAnniversary = (years: number): boolean => years === 1 || (years > 0 && years % 5 === 0);

/**
 * The Feb-29 policy, the one place it is stated: the day of the month an anniversary of
 * `month`/`day` falls on in `year` — 29 Feb falls on 28 Feb in common years.
 */
function anniversaryDayIn(month: number, day: number, year: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && day === 29 && !leap ? 28 : day;
}

/** The anniversary date in `year` (YYYY-MM-DD) of an `original` YYYY-MM-DD date. */
export function anniversaryDateIn(original: string, year: number): string {
  const [, m, d] = original.split('-').map(Number);
  return `${year}-${String(m).padStart(2, '0')}-${String(anniversaryDayIn(m, d, year)).padStart(2, '0')}`;
}

/** Anniversaries (1 year or more) whose local date is within [from, to], both YYYY-MM-DD inclusive. */
export function anniversariesBetween(data: TreatyData, from: string, to: string): Anniversary[] {
  const out: Anniversary[] = [];
  const first = Number(from.slice(0, 4));
  const last = Number(to.slice(0, 4));
  for (const s of anniversarySubjects(data)) {
    for (let year = first; year <= last; year++) {
      const on = anniversaryDateIn(s.date, year);
      const years = year - Number(s.date.slice(0, 4));
      if (years < 1 || on < from || on > to) continue;
      out.push({
        ...s,
        occurrence: `${s.id}:${year}`,
        on,
        years,
        round: isRoundAnniversary(years),
      });
    }
  }
  return out.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
}

// Every digest of a pass asks the local date of the same instant in the same few zones.
const localDates = new LRUCache<string, string>({ max: 5000 });

/** The local calendar date of an instant in a zone (remembered per zone and instant). */
export function localDate(now: Date, zone: string): string {
  const key = `${zone}|${now.getTime()}`;
  let date = localDates.get(key);
  if (date === undefined) {
    date = DateTime.fromJSDate(now, { zone }).toISODate() ?? now.toISOString().slice(0, 10);
    localDates.set(key, date);
  }
  return date;
}

/** An expected event: dated when the data allows a projection, otherwise a plain statement. */
export interface ExpectedEvent {
  text: string;
  date?: string;
  sources: string[];
}

export interface Upcoming {
  zone: string;
  /** Local today (YYYY-MM-DD). */
  from: string;
  /** Local today + days. */
  to: string;
  anniversaries: Anniversary[];
  expected: ExpectedEvent[];
  /** The first anniversary after the window, so an empty window still says what comes next. */
  nextAfter?: Anniversary;
}

/**
 * What comes up from local today through today + `days` in `zone`; expected events are worded
 * in `tx`'s language (pass `data` in that language).
 */
export function upcoming(data: TreatyData, now: Date, days: number, zone: string, tx: Texts): Upcoming {
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const from = today.toISODate() ?? '';
  // Exactly `days` calendar days, today included: `next 1` is today alone.
  const to = today.plus({ days: days - 1 }).toISODate() ?? '';
  const anniversaries = anniversariesBetween(data, from, to);
  const after = today.plus({ days }).toISODate() ?? '';
  const nextAfter = anniversariesBetween(data, after, today.plus({ days: days + 367 }).toISODate() ?? '')[0];

  const expected: ExpectedEvent[] = [];
  const counts = statusCounts(data);
  const pending = counts.parties - counts.ratified;
  if (pending > 0) {
    expected.push({
      text: tx.t('upcoming.ratification', {
        others: counts.ratified === 0 ? 'no' : 'yes',
        pending,
        parties: counts.parties,
        checked: tx.day(data.eventsCheckedOn),
      }),
      sources: [],
    });
  }
  const eif = projectEntryIntoForce(data, tx);
  const eifSources = data.entryIntoForce.sources;
  if (eif.state === 'projected') {
    if (eif.date >= from && eif.date <= to)
      expected.push({ text: tx.t('upcoming.entryIntoForce', { text: eif.text }), date: eif.date, sources: eifSources });
    else if (eif.date > to)
      expected.push({ text: tx.t('upcoming.entryIntoForceLater', { text: eif.text }), sources: eifSources });
  } else {
    expected.push({ text: tx.t('upcoming.entryIntoForce', { text: eif.text }), sources: eifSources });
  }
  const result: Upcoming = { zone, from, to, anniversaries, expected };
  if (nextAfter) result.nextAfter = nextAfter;
  return result;
}
