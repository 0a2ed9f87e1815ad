/**
 * A tiny schema-as-code toolkit for `data/`: typed field readers that never throw and instead
 * record a problem naming file, record and field. Validation continues after a problem so a data
 * editor sees EVERY problem in one run, not one per edit.
 */
import type { DataProblem } from './data';
import type { DatedFact, DateValue, Precision } from './model';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Collects problems for one file. */
export class ProblemLog {
  readonly problems: DataProblem[] = [];
  add(file: string, record: string | undefined, field: string | undefined, message: string): void {
    const p: DataProblem = { file, message };
    if (record !== undefined) p.record = record;
    if (field !== undefined) p.field = field;
    this.problems.push(p);
  }
}

const PRECISION_PATTERN: Record<Precision, RegExp> = {
  day: /^\d{4}-\d{2}-\d{2}$/,
  month: /^\d{4}-\d{2}$/,
  year: /^\d{4}$/,
};

/** True when `date` is written as `precision` demands and is a real calendar date. */
export function isValidDate(date: string, precision: Precision): boolean {
  if (!PRECISION_PATTERN[precision].test(date)) return false;
  const [y, m = 1, d = 1] = date.split('-').map(Number);
  if (m < 1 || m > 12) return false;
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

/**
 * Reads the fields of one record. `known` lists every allowed field so a misspelt field
 * ("titel") is reported instead of silently ignored.
 */
export class RecordReader {
  constructor(
    private readonly log: ProblemLog,
    readonly file: string,
    readonly record: string,
    private readonly obj: JsonObject,
    known: readonly string[],
    /** Path of this object inside the record, e.g. `signed.values[0]`; prefixed to field names. */
    private readonly prefix = '',
  ) {
    for (const key of Object.keys(obj)) {
      if (!known.includes(key)) this.problem(key, `unknown field (allowed: ${known.join(', ')})`);
    }
  }

  problem(field: string | undefined, message: string): void {
    const path = this.prefix && field ? `${this.prefix}.${field}` : this.prefix || field;
    this.log.add(this.file, this.record, path, message);
  }

  /** A reader for a nested object, reporting into the same log (e.g. `rule` inside a clause). */
  child(obj: JsonObject, known: readonly string[], path: string): RecordReader {
    const prefix = this.prefix ? `${this.prefix}.${path}` : path;
    return new RecordReader(this.log, this.file, this.record, obj, known, prefix);
  }

  has(field: string): boolean {
    return this.obj[field] !== undefined;
  }

  string(field: string, opts: { optional?: boolean; pattern?: RegExp; patternHint?: string } = {}): string {
    const v = this.obj[field];
    if (v === undefined) {
      if (!opts.optional) this.problem(field, 'missing (a text value is required)');
      return '';
    }
    if (typeof v !== 'string' || v.trim() === '') {
      this.problem(field, 'must be non-empty text');
      return '';
    }
    if (opts.pattern && !opts.pattern.test(v))
      this.problem(field, `"${v}" is not valid: ${opts.patternHint ?? String(opts.pattern)}`);
    return v;
  }

  optionalString(field: string): string | undefined {
    return this.has(field) ? this.string(field) : undefined;
  }

  nullableString(field: string): string | null {
    if (this.obj[field] === null) return null;
    return this.string(field);
  }

  boolean(field: string, opts: { optional?: boolean } = {}): boolean {
    const v = this.obj[field];
    if (v === undefined && opts.optional) return false;
    if (typeof v !== 'boolean') {
      this.problem(field, v === undefined ? 'missing (true or false)' : 'must be true or false');
      return false;
    }
    return v;
  }

  integer(field: string, min: number, max: number): number {
    const v = this.obj[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.problem(field, `must be a whole number from ${min} to ${max}`);
      return min;
    }
    return v;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[]): T {
    const v = this.obj[field];
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      this.problem(field, `must be one of: ${allowed.join(', ')}`);
      return allowed[0];
    }
    return v as T;
  }

  stringArray(field: string, opts: { optional?: boolean; nonEmpty?: boolean } = {}): string[] {
    const v = this.obj[field];
    if (v === undefined && opts.optional) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x.trim() === '')) {
      this.problem(field, 'must be a list of non-empty texts');
      return [];
    }
    if (opts.nonEmpty && v.length === 0) this.problem(field, 'must not be empty');
    return v as string[];
  }

  /** A list of source ids; unknown ids are reported against this record and field. */
  sources(field: string, known: ReadonlySet<string>, opts: { optional?: boolean } = {}): string[] {
    const ids = this.stringArray(field, { optional: opts.optional, nonEmpty: !opts.optional });
    for (const id of ids) if (!known.has(id)) this.problem(field, `unknown source id "${id}" (not in sources.json)`);
    return ids;
  }

  /** A dated fact: `{ values: DateValue[] }`; an empty list means "unknown". */
  datedFact(field: string, knownSources: ReadonlySet<string>): DatedFact {
    const v = this.obj[field];
    if (!isObject(v) || !Array.isArray(v.values)) {
      this.problem(field, 'must be an object { "values": [ { "date", "precision", "sources" } ] }');
      return { values: [] };
    }
    const values: DateValue[] = [];
    v.values.forEach((raw, i) => {
      const where = `${field}.values[${i}]`;
      if (!isObject(raw)) {
        this.problem(where, 'must be an object { "date", "precision", "sources" }');
        return;
      }
      const sub = this.child(raw, ['date', 'precision', 'sources', 'note'], where);
      const precision = sub.oneOf<Precision>('precision', ['day', 'month', 'year']);
      const date = sub.string('date');
      if (date && !isValidDate(date, precision)) {
        sub.problem(
          'date',
          `"${date}" does not match precision "${precision}" (use ${precisionForm(precision)}, a real calendar date)`,
        );
      }
      const sources = sub.sources('sources', knownSources);
      const note = sub.optionalString('note');
      values.push(note ? { date, precision, sources, note } : { date, precision, sources });
    });
    return { values };
  }
}

const precisionForm = (p: Precision): string => (p === 'day' ? 'YYYY-MM-DD' : p === 'month' ? 'YYYY-MM' : 'YYYY');

/** Reports duplicate keys among records. */
export function checkUnique(log: ProblemLog, file: string, field: string, keys: string[]): void {
  const seen = new Set<string>();
  for (const k of keys) {
    if (k === '') continue;
    if (seen.has(k)) log.add(file, k, field, `duplicate ${field} "${k}"`);
    seen.add(k);
  }
}

/** JSON with sorted keys: the data version must not change when an editor reorders fields. */
export function canonicalJson(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isObject(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
