/**
 * zod issues → `file › record › field: message` problems in words a data editor can act on:
 * "missing (text is required)", "unknown field (allowed: id, title, url …)", "must be one of: …".
 * The record is named by its id/code/number, the field by its path inside the record
 * (`signed.values[0].sources`).
 */
import type { z } from 'zod';
import type { DataProblem } from './data';
import type { Json } from './json';

type Issue = z.core.$ZodIssue;
type Key = PropertyKey;

/** `["signed", "values", 0, "sources"]` → `signed.values[0].sources`. */
export function fieldPath(path: readonly Key[]): string {
  return path.reduce<string>(
    (out, k) => (typeof k === 'number' ? `${out}[${k}]` : out ? `${out}.${String(k)}` : String(k)),
    '',
  );
}

function valueAt(raw: unknown, path: readonly Key[]): unknown {
  let v: unknown = raw;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<Key, unknown>)[k] : undefined;
  return v;
}

/** The schema at `path` inside `schema` (through lists, optionals, unions and records), if known. */
function schemaAt(schema: z.ZodType, path: readonly Key[], raw: unknown): z.ZodType | undefined {
  let s: z.ZodType | undefined = schema;
  let v: unknown = raw;
  const step = (k?: Key): void => {
    for (let guard = 0; s && guard < 8; guard += 1) {
      const def = s._zod.def as { type: string; discriminator?: string };
      const any = s as unknown as Record<string, unknown>;
      if (def.type === 'optional' || def.type === 'nullable') s = (any.unwrap as () => z.ZodType)();
      else if (def.type === 'union' && def.discriminator) {
        const tag = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[def.discriminator] : undefined;
        s = (any.options as z.ZodType[]).find((o) => {
          const lit = (o as unknown as { shape: Record<string, z.ZodType> }).shape[def.discriminator ?? ''];
          return (lit._zod.def as { values?: unknown[] }).values?.includes(tag);
        });
      } else break;
    }
    if (!s || k === undefined) return;
    const def = s._zod.def as { type: string };
    const any = s as unknown as Record<string, unknown>;
    if (def.type === 'array') s = any.element as z.ZodType;
    else if (def.type === 'object') s = (any.shape as Record<string, z.ZodType>)[String(k)];
    else if (def.type === 'record') s = any.valueType as z.ZodType;
    else s = undefined;
    v = v !== null && typeof v === 'object' ? (v as Record<Key, unknown>)[k] : undefined;
  };
  for (const k of path) step(k);
  step();
  return s;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object { … }',
  array: 'a list [ … ]',
  null: 'null',
};

/** Every problem one zod issue stands for (an unrecognised-keys issue is one per key). */
export function issueProblems(
  issue: Issue,
  at: { file: string; record?: string; schema: z.ZodType; raw: Json | undefined; prefix?: readonly Key[] },
): DataProblem[] {
  const path = [...(at.prefix ?? []), ...issue.path];
  const make = (field: readonly Key[], message: string): DataProblem => {
    const p: DataProblem = { file: at.file, message };
    if (at.record !== undefined) p.record = at.record;
    const f = fieldPath(field);
    if (f) p.field = f;
    return p;
  };
  switch (issue.code) {
    case 'unrecognized_keys': {
      const shape = schemaAt(at.schema, issue.path, at.raw) as unknown as
        { shape?: Record<string, unknown> } | undefined;
      const allowed = shape?.shape ? ` (allowed: ${Object.keys(shape.shape).join(', ')})` : '';
      return issue.keys.map((k) => make([...path, k], `unknown field${allowed}`));
    }
    case 'invalid_type': {
      const missing = valueAt(at.raw, issue.path) === undefined;
      const words = TYPE_WORDS[issue.expected] ?? issue.expected;
      return [make(path, missing ? `missing (${words} is required)` : `must be ${words}`)];
    }
    case 'invalid_value':
      return [make(path, `must be one of: ${issue.values.map(String).join(', ')}`)];
    case 'invalid_union': {
      const options = (issue as unknown as { options?: unknown[] }).options;
      return [make(path, options ? `must be one of: ${options.map(String).join(', ')}` : issue.message)];
    }
    case 'invalid_format': {
      const v = valueAt(at.raw, issue.path);
      return [make(path, typeof v === 'string' ? `"${v.slice(0, 60)}" is not valid: ${issue.message}` : issue.message)];
    }
    default: {
      // "is not a calendar date" reads better with the value in front of it.
      const v = valueAt(at.raw, issue.path);
      const message =
        /^is /.test(issue.message) && typeof v === 'string' ? `"${v.slice(0, 60)}" ${issue.message}` : issue.message;
      return [make(path, message)];
    }
  }
}
