/**
 * The maintainer's edits of `data/` as pure plans: `data record` (a ratification, notification or
 * entry into force, with its source) and `data checked` (sources checked, nothing new). A plan
 * takes the parsed files and returns the changed files plus a line per change, or a clear error;
 * it is validated and checked for consistency before anything is written, so a bad input never
 * changes a file. Writing is `data-write.ts`'s job.
 */
import { checkFiles, formatProblem, type DataFiles } from './data';
import { consistencyProblems } from './data-consistency';
import { isValidDate } from './data-schema';
import type { Json } from './json';
import { findParty } from './lookup';
import type { DateValue, Precision, RatificationKind, TreatyData } from './model';
import { formatDateValue as formatIn, formatDay as dayIn } from '../text/format';

// Operator texts (data check, data record) are English: the maintainers' language, not a reader's.
const formatDay = (date: string): string => dayIn('en', date);
const formatDateValue = (v: Pick<DateValue, 'date' | 'precision'>): string => formatIn('en', v);

export const RECORD_KINDS: readonly RatificationKind[] = ['ratification', 'notification', 'entry-into-force'];

export interface RecordInput {
  kind: RatificationKind;
  /** As the maintainer typed it: code, name or alias. */
  party: string;
  /** YYYY-MM-DD, YYYY-MM or YYYY. */
  date: string;
  /** Defaults to what the date's form says. */
  precision?: Precision;
  sourceUrl: string;
  sourceTitle: string;
  publisher?: string;
  /** When the sources were checked (YYYY-MM-DD); default: the later of the current check and the event. */
  checkedOn?: string;
}

/** A plan: the files to write (only those that change), what changed, and the resulting data. */
export type DataPlan =
  | { ok: true; headline: string; files: DataFiles; changes: string[]; before: TreatyData; after: TreatyData }
  | { ok: false; error: string };

type JsonObject = { [key: string]: Json };
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const laterOf = (a: string, b: string): string => (a >= b ? a : b);
const fail = (error: string): DataPlan => ({ ok: false, error });

const FORM: Record<Precision, RegExp> = { day: /^\d{4}-\d{2}-\d{2}$/, month: /^\d{4}-\d{2}$/, year: /^\d{4}$/ };
const FORM_HINT: Record<Precision, string> = { day: 'YYYY-MM-DD', month: 'YYYY-MM', year: 'YYYY' };

/** The precision a date's form says, checked against an explicit one; or why it is not valid. */
function datePrecision(
  date: string,
  explicit?: Precision,
): { ok: true; precision: Precision } | { ok: false; error: string } {
  const implied = (['day', 'month', 'year'] as const).find((p) => FORM[p].test(date));
  if (!implied) return { ok: false, error: `"${date.slice(0, 20)}" is not a date: use YYYY-MM-DD (or YYYY-MM, YYYY)` };
  const precision = explicit ?? implied;
  if (precision !== implied)
    return { ok: false, error: `--precision ${precision} needs the date as ${FORM_HINT[precision]}, got "${date}"` };
  if (!isValidDate(date, precision)) return { ok: false, error: `"${date}" is not a calendar date` };
  return { ok: true, precision };
}

/** A full http(s) URL with a host and no spaces: what a reader will be able to open. */
export const isSourceUrl = (url: string): boolean => /^https?:\/\/[a-z0-9.-]+\.[a-z]{2,}(:\d+)?(\/\S*)?$/i.test(url);

function sourceId(existing: ReadonlySet<string>, eventId: string, url: string): string {
  const host = (/^https?:\/\/([^/:]+)/i.exec(url)?.[1] ?? 'source')
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const base = `${eventId}-${host}`;
  let id = base;
  for (let n = 2; existing.has(id); n += 1) id = `${base}-${n}`;
  return id;
}

/** Validates the edited files and their consistency; the plan only when both pass. */
function finish(
  before: TreatyData,
  files: DataFiles,
  changed: DataFiles,
  changes: string[],
  headline: string,
): DataPlan {
  const result = checkFiles(files);
  if (!result.ok) return fail(`the result would not validate: ${result.problems.map(formatProblem).join('; ')}`);
  const inconsistent = consistencyProblems(result.data);
  if (inconsistent.length > 0)
    return fail(`the result would be inconsistent: ${inconsistent.map(formatProblem).join('; ')}`);
  changes.push(`data version ${before.version} → ${result.data.version}`);
  return { ok: true, headline, files: changed, changes, before, after: result.data };
}

/** Moves `checkedOn` of events.json and `asOf` forward to `checkedOn` (never backward). */
function moveChecks(files: DataFiles, changed: DataFiles, changes: string[], checkedOn: string): void {
  const events = files['events.json'] as JsonObject;
  const meta = files['meta.json'] as JsonObject;
  if (events.checkedOn !== checkedOn) {
    changes.push(`events.json: checkedOn ${String(events.checkedOn)} → ${checkedOn}`);
    events.checkedOn = checkedOn;
    changed['events.json'] = events;
  }
  const asOf = laterOf(String(meta.asOf), checkedOn);
  if (meta.asOf !== asOf) {
    changes.push(`meta.json: asOf ${String(meta.asOf)} → ${asOf}`);
    meta.asOf = asOf;
    changed['meta.json'] = meta;
  }
}

/** Plans `data record <kind> <party> <date> --source-url … --source-title …`. */
export function planRecord(current: { files: DataFiles; data: TreatyData }, input: RecordInput): DataPlan {
  const { data } = current;
  if (!RECORD_KINDS.includes(input.kind))
    return fail(`unknown kind "${String(input.kind).slice(0, 30)}": use one of ${RECORD_KINDS.join(', ')}`);
  const found = findParty(data, input.party);
  if (found.kind !== 'found') {
    const near = found.kind === 'suggest' ? ` Did you mean ${found.suggestions.map((p) => p.code).join(' or ')}?` : '';
    return fail(`no party matches "${input.party.slice(0, 40)}".${near}`);
  }
  const party = found.value;
  if (party.role !== 'party') return fail(`${party.shortName} (${party.code}) is not a party to the Protocol`);
  const when = datePrecision(input.date, input.precision);
  if (!when.ok) return fail(when.error);
  const url = input.sourceUrl.trim();
  if (!isSourceUrl(url))
    return fail(`--source-url must be a full http(s) URL such as https://example.org/page, got "${url.slice(0, 60)}"`);
  const title = input.sourceTitle.replace(/\s+/g, ' ').trim();
  if (title.length === 0 || title.length > 300) return fail('--source-title must be 1 to 300 characters of text');
  const eventId = `${party.code.toLowerCase()}-${input.kind}`;
  const existing = data.events.find((e) => e.id === eventId);
  if (existing) {
    return fail(
      `${eventId} is already recorded (${existing.date.values.map((v) => v.date).join(' or ')}); a party has one event of each kind — to correct it, edit events.json and run "data check"`,
    );
  }
  const eventDay = when.precision === 'day' ? input.date : input.date.padEnd(10, '-01').slice(0, 10);
  let checkedOn = laterOf(data.eventsCheckedOn, eventDay);
  if (input.checkedOn !== undefined) {
    if (!FORM.day.test(input.checkedOn) || !isValidDate(input.checkedOn, 'day'))
      return fail(`--checked-on must be a calendar date YYYY-MM-DD, got "${input.checkedOn.slice(0, 20)}"`);
    if (input.checkedOn < data.eventsCheckedOn)
      return fail(
        `--checked-on ${input.checkedOn} is before the current checkedOn ${data.eventsCheckedOn}; it never moves backward`,
      );
    if (input.checkedOn < eventDay)
      return fail(
        `--checked-on ${input.checkedOn} is before the event (${input.date}): sources cannot be checked before it happened`,
      );
    checkedOn = input.checkedOn;
  }

  const files = clone(current.files);
  const changed: DataFiles = {};
  const changes: string[] = [];
  const sources = files['sources.json'] as JsonObject[];
  const reuse = sources.find((s) => s.url === url);
  const id = reuse ? String(reuse.id) : sourceId(new Set(Object.keys(data.sources)), eventId, url);
  if (reuse) changes.push(`sources.json: reusing source ${id} (same URL)`);
  else {
    sources.push({ id, title, url, ...(input.publisher?.trim() ? { publisher: input.publisher.trim() } : {}) });
    changed['sources.json'] = sources;
    changes.push(`sources.json: + source ${id}: "${title}" ${url}`);
  }
  const events = files['events.json'] as JsonObject;
  (events.events as Json[]).push({
    id: eventId,
    party: party.code,
    kind: input.kind,
    date: { values: [{ date: input.date, precision: when.precision, sources: [id] }] },
    sources: [id],
  });
  changed['events.json'] = events;
  changes.push(`events.json: + event ${eventId}: ${party.shortName} ${input.kind}, ${input.date} (${when.precision})`);
  moveChecks(files, changed, changes, checkedOn);
  const day = formatDateValue({ date: input.date, precision: when.precision });
  return finish(data, files, changed, changes, `${party.shortName} (${party.code}): ${input.kind} on ${day} recorded`);
}

/** Plans `data checked YYYY-MM-DD`: sources checked that day, nothing new found. */
export function planChecked(current: { files: DataFiles; data: TreatyData }, date: string): DataPlan {
  const { data } = current;
  if (!FORM.day.test(date) || !isValidDate(date, 'day'))
    return fail(`"${date.slice(0, 20)}" is not a calendar date YYYY-MM-DD`);
  if (date < data.eventsCheckedOn)
    return fail(
      `${date} is before the current checkedOn ${data.eventsCheckedOn} (${formatDay(data.eventsCheckedOn)}); it never moves backward`,
    );
  const files = clone(current.files);
  const changed: DataFiles = {};
  const changes: string[] = [];
  moveChecks(files, changed, changes, date);
  const clause = files['entry-into-force.json'] as JsonObject;
  if (typeof clause.checkedOn === 'string' && clause.checkedOn < date) {
    changes.push(`entry-into-force.json: checkedOn ${clause.checkedOn} → ${date}`);
    clause.checkedOn = date;
    changed['entry-into-force.json'] = clause;
  }
  if (changes.length === 0) changes.push(`nothing to change: already checked on ${date}`);
  return finish(data, files, changed, changes, `sources checked on ${formatDay(date)}, nothing new found`);
}
