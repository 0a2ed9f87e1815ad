/**
 * Validation of `data/`: each record through its zod schema (`data-schema.ts`) on its own, so one
 * bad record never hides the problems of the others, then the checks that span files — source
 * ids, party codes, milestone ids, duplicates, overlays. Every problem names file, record and
 * field, and all of them are reported in one run.
 */
import { z } from 'zod';
import type { DataProblem } from './data';
import {
  overlayLang,
  overlayLangProblems,
  overlayProblems,
  overlaySchema,
  type Overlay,
  type OverlayTargets,
} from './data-l10n';
import { issueProblems } from './data-issues';
import {
  areaSchema,
  entryIntoForceSchema,
  eventSchema,
  eventsFileSchema,
  metaSchema,
  milestoneSchema,
  partySchema,
  rejectedSchema,
  sourceSchema,
  statementSchema,
} from './data-schema';
import {
  citationProblems,
  presentKeys,
  recordLabel,
  referenceProblems,
  type AddProblem,
  type RawLists,
} from './data-references';
import { eventsNoteText } from './events-note';
import { DEFAULT_LANG } from '../text/i18n';
import { isObject, type Json } from './json';
import type { TreatyData } from './model';

/** The files of `data/`, one per kind (overlays `l10n/<lang>.json` come on top, optional). */
export const DATA_FILES = [
  'meta.json',
  'sources.json',
  'parties.json',
  'milestones.json',
  'areas.json',
  'events.json',
  'entry-into-force.json',
] as const;
export type DataFile = (typeof DATA_FILES)[number];

class Problems {
  readonly list: DataProblem[] = [];
  readonly add: AddProblem = (file, record, field, message) => {
    const p: DataProblem = { file, message };
    if (record !== undefined) p.record = record;
    if (field !== undefined) p.field = field;
    this.list.push(p);
  };
  /** Parses `raw` with `schema`, recording its issues under `record`; the value when valid. */
  parse<T>(schema: z.ZodType<T>, raw: Json | undefined, file: string, record?: string): T | undefined {
    const r = schema.safeParse(raw);
    if (r.success) return r.data;
    for (const issue of r.error.issues) this.list.push(...issueProblems(issue, { file, record, schema, raw }));
    return undefined;
  }
  /** Each record of a list on its own: the valid ones. */
  records<T>(file: string, raw: Json | undefined, schema: z.ZodType<T>, key: string): T[] {
    if (!Array.isArray(raw)) {
      this.add(file, undefined, undefined, 'must be a JSON list of records [ … ]');
      return [];
    }
    return raw.flatMap((obj, i) => {
      const value = this.parse(schema, obj, file, recordLabel(obj, key, i));
      return value === undefined ? [] : [value];
    });
  }
}

/** Every record through its schema: the valid ones, assembled (unknown parts empty). */
function parseAll(log: Problems, files: Record<string, Json | undefined>, raw: RawLists): Omit<TreatyData, 'version'> {
  const meta = log.parse(metaSchema, files['meta.json'], 'meta.json', '(file)');
  const sources = log.records('sources.json', files['sources.json'], sourceSchema, 'id');
  const parties = log.records('parties.json', files['parties.json'], partySchema, 'code');
  const milestones = log.records('milestones.json', files['milestones.json'], milestoneSchema, 'id');
  const areas = log.records('areas.json', files['areas.json'], areaSchema, 'number');
  // events.json: the file's own fields first, then its lists record by record.
  const top = log.parse(eventsTop, files['events.json'], 'events.json', '(file)');
  const events = log.records('events.json', raw.events, eventSchema, 'id');
  const statements = log.records('events.json', raw.statements, statementSchema, 'id');
  const rejected = log.records('events.json', raw.rejected, rejectedSchema, 'outlet');
  const clause = log.parse(entryIntoForceSchema, files['entry-into-force.json'], 'entry-into-force.json', 'clause');
  const { $schema: _schema, ...entryIntoForce } = clause ?? emptyClause;
  const checkedOn = top?.checkedOn ?? '';
  return {
    asOf: meta?.asOf ?? '',
    sources: Object.fromEntries(sources.map((s) => [s.id, s])),
    parties,
    milestones,
    areas,
    events,
    eventsCheckedOn: checkedOn,
    // Derived, never stored: it must agree with the events (see events-note.ts).
    eventsNote: eventsNoteText(DEFAULT_LANG, parties, events, checkedOn),
    statements,
    rejectedReports: rejected,
    entryIntoForce,
    l10n: {},
  };
}

/** Validates parsed files; returns the data (without version) and every problem found. */
export function validateData(files: Record<string, Json | undefined>): {
  data: Omit<TreatyData, 'version'>;
  problems: DataProblem[];
} {
  const log = new Problems();
  const ev = files['events.json'];
  // A list that is not a list is reported with events.json's own fields.
  const list = (key: string): Json[] => (isObject(ev) && Array.isArray(ev[key]) ? ev[key] : []);
  const raw: RawLists = { files, events: list('events'), statements: list('statements'), rejected: list('rejected') };
  const data = parseAll(log, files, raw);
  citationProblems(raw, log.add);
  referenceProblems(raw, data, log.add);
  data.l10n = overlays(log, files, raw, data);
  return { data, problems: log.list };
}

/** events.json's own fields; its lists are validated record by record. */
const eventsTop = eventsFileSchema.extend({
  events: z.array(z.unknown()),
  statements: z.array(z.unknown()).optional(),
  rejected: z.array(z.unknown()).optional(),
});

const emptyClause: z.infer<typeof entryIntoForceSchema> = {
  rule: { model: 'unknown' },
  depositary: { name: '', basis: 'inferred-from-earlier-instruments', sources: [] },
  checkedOn: '',
  note: '',
  sources: [],
};

/** Every `l10n/<lang>.json` given, validated against its schema and the base data. */
function overlays(
  log: Problems,
  files: Record<string, Json | undefined>,
  raw: RawLists,
  data: Omit<TreatyData, 'version'>,
): Record<string, Overlay> {
  const out: Record<string, Overlay> = {};
  const targets: OverlayTargets = {
    parties: presentKeys(files['parties.json'], 'code'),
    milestones: presentKeys(files['milestones.json'], 'id'),
    areas: presentKeys(files['areas.json'], 'number'),
    ...(isObject(files['events.json'])
      ? { statements: presentKeys(raw.statements, 'id'), events: presentKeys(raw.events, 'id') }
      : {}),
  };
  for (const file of Object.keys(files).sort()) {
    if ((DATA_FILES as readonly string[]).includes(file)) continue;
    const lang = overlayLang(file);
    if (!lang) {
      log.add(file, undefined, undefined, 'unknown data file (expected the data files and l10n/<lang>.json overlays)');
      continue;
    }
    const langProblems = overlayLangProblems(file, files[file]);
    log.list.push(...langProblems);
    const o = log.parse(overlaySchema, files[file], file, '(file)');
    if (!o) continue;
    const problems = overlayProblems(file, o, data, targets);
    log.list.push(...problems);
    if (problems.length === 0 && langProblems.length === 0) out[lang] = o;
  }
  return out;
}
