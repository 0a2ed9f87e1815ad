/**
 * Local-time schedules with luxon: digest slots, anniversary reminder slots, catch-up. Pure: every
 * function takes the instant it reasons about; nothing reads the wall clock.
 *
 * DST POLICY (tested in test/schedule-dst.test.ts):
 * - A local time that does not exist (inside a spring-forward gap) is sent at the wall time shifted
 *   forward by the length of the gap, i.e. the first valid instant that a clock not yet adjusted
 *   would show: 02:30 on the New York spring-forward day → 03:30 EDT; 02:15 on Lord Howe's
 *   30-minute spring-forward day → 02:45.
 * - A local time that exists twice (fall-back overlap) is sent once, at its FIRST (earlier)
 *   instant: 01:30 on the New York fall-back day → 01:30 EDT (05:30Z), never again at 01:30 EST.
 * - Slots are defined per LOCAL CALENDAR DATE and each date maps to exactly one instant, so a
 *   weekly digest is never lost to a gap nor doubled by an overlap.
 *
 * Which anniversaries fall on which local date (and the Feb-29 policy) is treaty/anniversaries.ts;
 * this file only puts them at the subscription's time of day.
 */
import { LRUCache } from 'lru-cache';
import { IANAZone } from 'luxon';
import { CaftaError } from '../infra/errors';
import { anniversariesBetween, type Anniversary } from '../treaty/anniversaries';
import type { TreatyData } from '../treaty/model';
import type { Cadence, Weekday } from './model';

export interface ScheduleSpec {
  cadence: Cadence;
  weekday: Weekday;
  /** `HH:MM` local. */
  time: string;
  /** IANA zone. */
  zone: string;
}

/** The schedule fields of a subscription. */
export const specOf = (s: ScheduleSpec): ScheduleSpec => ({
  cadence: s.cadence,
  weekday: s.weekday,
  time: s.time,
  zone: s.zone,
});

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** A calendar date without a zone. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** Parses `HH:MM` (24-hour). Returns null when it is not a valid time of day. */
function parseHourMinute(time: string): { hour: number; minute: number } | null {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(time.trim());
  return m ? { hour: Number(m[1]), minute: Number(m[2]) } : null;
}

// IANAZone.isValidZone builds an Intl formatter each call (~0.2 ms); zones are few, so remember.
const validZones = new LRUCache<string, boolean>({ max: 1000 });
/** `IANAZone.isValidZone`, remembered (bounded: the 1,000 most recently asked inputs are kept). */
export const isValidZone = (zone: string): boolean => {
  let ok = validZones.get(zone);
  if (ok === undefined) {
    ok = IANAZone.isValidZone(zone);
    validZones.set(zone, ok);
  }
  return ok;
};

function checkSpec(spec: Pick<ScheduleSpec, 'time' | 'zone'>): { hour: number; minute: number; zone: IANAZone } {
  const t = parseHourMinute(spec.time);
  if (!t) throw new CaftaError('bad_request', `"${spec.time}" is not a time of day; use HH:MM such as 09:00`);
  if (!isValidZone(spec.zone)) {
    throw new CaftaError('bad_request', `"${spec.zone}" is not an IANA time zone such as Asia/Singapore`);
  }
  return { ...t, zone: IANAZone.create(spec.zone) };
}

// A zone's offset at an instant costs luxon an Intl formatToParts (~20 µs). A delivery pass asks
// the same few (zone, instant) pairs for every subscription with the same schedule: remember them.
const offsets = new LRUCache<string, number>({ max: 10_000 });
/** Minutes east of UTC in force in `zone` at `ts`, exactly as luxon's IANAZone says (remembered). */
function offsetAt(zone: string, ts: number): number {
  const key = `${zone}|${ts}`;
  let minutes = offsets.get(key);
  if (minutes === undefined) {
    minutes = IANAZone.create(zone).offset(ts);
    offsets.set(key, minutes);
  }
  return minutes;
}

/**
 * The instant of a local wall time, applying the DST policy above: the earlier instant when the
 * wall time is ambiguous; the wall time shifted forward by the gap when it does not exist.
 */
export function localToInstant(zoneName: string, date: LocalDate, hour: number, minute: number): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  // Offsets in force a day either side; equal means no transition nearby (the common case).
  const before = offsetAt(zoneName, wall - DAY_MS);
  const after = offsetAt(zoneName, wall + DAY_MS);
  if (before === after) return new Date(wall - before * 60_000);
  const valid = [before, after]
    .map((o) => wall - o * 60_000)
    .filter((ts) => offsetAt(zoneName, ts) * 60_000 === wall - ts);
  if (valid.length > 0) return new Date(Math.min(...valid));
  // A gap: interpret the wall time with the offset in force before the transition, which lands
  // exactly "gap length" later on the new offset (02:30 EST-reading → 03:30 EDT).
  return new Date(wall - before * 60_000);
}

/** The local calendar date of an instant in a zone. */
export function localDateOf(at: Date, zone: string): LocalDate {
  const local = new Date(at.getTime() + offsetAt(zone, at.getTime()) * 60_000);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

/** Adds days to a calendar date (pure calendar arithmetic, no zone). */
export function addDays(d: LocalDate, days: number): LocalDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day) + days * DAY_MS);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
export function weekdayOf(d: LocalDate): Weekday {
  const js = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  return (js === 0 ? 7 : js) as Weekday;
}

export const formatLocalDate = (d: LocalDate): string =>
  `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

const isSlotDate = (spec: ScheduleSpec, d: LocalDate): boolean =>
  spec.cadence === 'daily' || weekdayOf(d) === spec.weekday;

/** The next digest slot strictly after `after`. */
export function nextSlotAfter(spec: ScheduleSpec, after: Date): Date {
  const { hour, minute } = checkSpec(spec);
  // Start a day early: the slot of the local "yesterday" can still be ahead in UTC terms only in
  // odd zones, but starting early costs nothing and keeps this correct everywhere.
  let d = addDays(localDateOf(after, spec.zone), -1);
  for (let i = 0; i < 16; i += 1, d = addDays(d, 1)) {
    if (!isSlotDate(spec, d)) continue;
    const at = localToInstant(spec.zone, d, hour, minute);
    if (at.getTime() > after.getTime()) return at;
  }
  throw new CaftaError('internal', 'no digest slot found within 16 days');
}

/** The latest digest slot at or before `at`. */
export function latestSlotAtOrBefore(spec: ScheduleSpec, at: Date): Date {
  const { hour, minute } = checkSpec(spec);
  let d = addDays(localDateOf(at, spec.zone), 1);
  for (let i = 0; i < 16; i += 1, d = addDays(d, -1)) {
    if (!isSlotDate(spec, d)) continue;
    const slot = localToInstant(spec.zone, d, hour, minute);
    if (slot.getTime() <= at.getTime()) return slot;
  }
  throw new CaftaError('internal', 'no digest slot found within 16 days');
}

/** The ledger's occurrence key of a digest slot: its UTC instant. */
export const slotKey = (slot: Date): string => slot.toISOString();

/* ------------------------------------------------------------------ catch-up */

export type CatchUp =
  /** Nothing has been missed yet (the slot is in the future). */
  | { action: 'wait'; next: Date }
  /** Send `occurrence` (possibly late by `lateMs`), once. */
  | { action: 'send'; occurrence: Date; lateMs: number; next: Date }
  /** The latest missed occurrence is older than the catch-up window: record it skipped. */
  | { action: 'skip'; occurrence: Date; lateMs: number; next: Date };

/**
 * What to do with a digest subscription whose `nextDueAt` has come. Only the LATEST slot at or
 * before `now` is ever considered, so a long outage yields at most one message (never a flood);
 * it is sent when missed by less than `catchupHours`, otherwise skipped. `next` is the slot after
 * `now`, to store as `nextDueAt` once the occurrence is settled.
 */
export function digestCatchUp(spec: ScheduleSpec, nextDueAt: Date | null, now: Date, catchupHours: number): CatchUp {
  const next = nextSlotAfter(spec, now);
  if (nextDueAt && nextDueAt.getTime() > now.getTime()) return { action: 'wait', next: nextDueAt };
  const latest = latestSlotAtOrBefore(spec, now);
  // The stored nextDueAt is itself a slot; if the schedule changed since, trust the newer slot.
  const occurrence = nextDueAt && nextDueAt.getTime() > latest.getTime() ? nextDueAt : latest;
  const { action, lateMs } = catchUp(occurrence, now, catchupHours);
  return { action, occurrence, lateMs, next };
}

/**
 * The catch-up rule, for digests and reminders alike: an occurrence missed by less than
 * `catchupHours` is still sent (late, once); one that is not late at all always is, even with a
 * window of 0; anything older is skipped.
 */
function catchUp(occurrence: Date, now: Date, catchupHours: number): { action: 'send' | 'skip'; lateMs: number } {
  const lateMs = Math.max(0, now.getTime() - occurrence.getTime());
  return { action: lateMs === 0 || lateMs < catchupHours * HOUR_MS ? 'send' : 'skip', lateMs };
}

/* ------------------------------------------------------------------ anniversary reminders */

/**
 * One reminder: an anniversary (treaty/anniversaries.ts says which, on which local date, how
 * many years) at the subscription's time of day. `occurrence` is its ledger key, e.g. `signing:2026`.
 */
export interface ReminderSlot extends Anniversary {
  at: Date;
}

/**
 * Whether a subscription narrowed to `parties` (lower-case codes; empty: all) is reminded of an
 * anniversary: the common milestones always, a party's own dates only when it was chosen.
 */
export const remindsOf = (parties: readonly string[], a: { kind: string; party?: string }): boolean =>
  a.kind === 'milestone' || parties.length === 0 || parties.includes((a.party ?? '').toLowerCase());

/** Reminder slots with `from < at <= to`, oldest first (of the chosen parties: see `remindsOf`). */
export function reminderSlotsBetween(
  spec: Pick<ScheduleSpec, 'time' | 'zone'>,
  data: TreatyData,
  from: Date,
  to: Date,
  parties: readonly string[] = [],
): ReminderSlot[] {
  const { hour, minute } = checkSpec(spec);
  const dates = anniversariesBetween(
    data,
    formatLocalDate(localDateOf(from, spec.zone)),
    formatLocalDate(localDateOf(to, spec.zone)),
  ).filter((a) => remindsOf(parties, a));
  const out: ReminderSlot[] = [];
  for (const a of dates) {
    const [year, month, day] = a.on.split('-').map(Number);
    const at = localToInstant(spec.zone, { year, month, day }, hour, minute);
    if (at.getTime() > from.getTime() && at.getTime() <= to.getTime()) out.push({ ...a, at });
  }
  return out.sort((p, q) => p.at.getTime() - q.at.getTime() || p.id.localeCompare(q.id));
}

/** The first reminder instant strictly after `after` (null when there is nothing to remember). */
export function nextReminderAfter(
  spec: Pick<ScheduleSpec, 'time' | 'zone'>,
  data: TreatyData,
  after: Date,
  parties: readonly string[] = [],
): Date | null {
  // Every anniversary recurs within a year (+1 day for zones and Feb-29), so two years suffice.
  const slots = reminderSlotsBetween(spec, data, after, new Date(after.getTime() + 2 * 366 * DAY_MS), parties);
  return slots.length > 0 ? slots[0].at : null;
}

/**
 * Reminders to send for a due reminders subscription: slots after `since` (exclusive) and at or
 * before `now` that are still within the catch-up window; older ones are skipped. The window
 * bounds how many a long outage can release.
 */
export function dueReminders(
  spec: Pick<ScheduleSpec, 'time' | 'zone'>,
  data: TreatyData,
  since: Date,
  now: Date,
  catchupHours: number,
  parties: readonly string[] = [],
): { send: ReminderSlot[]; skipped: ReminderSlot[] } {
  const slots = reminderSlotsBetween(spec, data, since, now, parties);
  const send = slots.filter((s) => catchUp(s.at, now, catchupHours).action === 'send');
  return { send, skipped: slots.filter((s) => !send.includes(s)) };
}
