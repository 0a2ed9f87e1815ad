/**
 * The schema of `data/`, written as code: one validator per file, then cross-file checks
 * (source ids, party codes, event ids). Every problem names file, record and field.
 */
import type {
  Area,
  Depositary,
  DepositaryBasis,
  EntryIntoForceClause,
  EntryIntoForceModel,
  Milestone,
  Party,
  RatificationEvent,
  RatificationKind,
  RejectedReport,
  ReportedStatement,
  Source,
  TreatyData,
} from './model';
import { eventsNoteText } from './events-note';
import { checkUnique, isObject, isValidDate, ProblemLog, RecordReader, type Json } from './data-reader';

/** The files of `data/`, one per kind. */
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

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const KEBAB_HINT = 'use lower-case kebab-case such as "signing"';
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const KINDS: readonly RatificationKind[] = ['ratification', 'notification', 'entry-into-force'];

/** Normalises an alias the way lookups do, so collisions are caught at load time. */
export const aliasKey = (s: string): string => s.trim().toLowerCase();

function records(
  log: ProblemLog,
  file: string,
  raw: Json | undefined,
  key?: string,
): Array<{ obj: Record<string, Json>; index: number }> {
  const list = key === undefined ? raw : isObject(raw) ? raw[key] : undefined;
  if (!Array.isArray(list)) {
    log.add(file, undefined, key, key ? `"${key}" must be a list` : 'must be a JSON list of records');
    return [];
  }
  const out: Array<{ obj: Record<string, Json>; index: number }> = [];
  list.forEach((obj, index) => {
    if (isObject(obj)) out.push({ obj, index });
    else log.add(file, `#${index + 1}`, undefined, 'record must be an object');
  });
  return out;
}

/** Record label for problems: its id/code when it has one, else its position. */
const label = (obj: Record<string, Json>, field: string, index: number): string =>
  typeof obj[field] === 'string' || typeof obj[field] === 'number' ? String(obj[field]) : `#${index + 1}`;

function readSources(log: ProblemLog, raw: Json | undefined): Source[] {
  const file = 'sources.json';
  const out = records(log, file, raw).map(({ obj, index }) => {
    const r = new RecordReader(log, file, label(obj, 'id', index), obj, [
      'id',
      'title',
      'url',
      'publisher',
      'published',
    ]);
    const s: Source = { id: r.string('id', { pattern: KEBAB, patternHint: KEBAB_HINT }), title: r.string('title') };
    const url = r.optionalString('url');
    if (url !== undefined) {
      if (/\s/.test(url)) r.problem('url', 'must not contain spaces');
      s.url = url;
    }
    const publisher = r.optionalString('publisher');
    if (publisher !== undefined) s.publisher = publisher;
    const published = r.optionalString('published');
    if (published !== undefined) s.published = published;
    return s;
  });
  checkUnique(
    log,
    file,
    'id',
    out.map((s) => s.id),
  );
  return out;
}

function readParties(log: ProblemLog, raw: Json | undefined, src: ReadonlySet<string>): Party[] {
  const file = 'parties.json';
  const out = records(log, file, raw).map(({ obj, index }) => {
    const r = new RecordReader(log, file, label(obj, 'code', index), obj, [
      'code',
      'name',
      'shortName',
      'aliases',
      'role',
      'aseanMember',
      'signed',
      'aseanSignature',
      'note',
      'sources',
    ]);
    const p: Party = {
      code: r.string('code', {
        pattern: /^[A-Z]{2}$/,
        patternHint: 'use the ISO 3166-1 alpha-2 code in upper case, e.g. "VN"',
      }),
      name: r.string('name'),
      shortName: r.string('shortName'),
      aliases: r.stringArray('aliases'),
      role: r.oneOf('role', ['party', 'asean-member-not-party']),
      aseanMember: r.boolean('aseanMember'),
      sources: r.sources('sources', src),
    };
    for (const a of p.aliases)
      if (a !== aliasKey(a)) r.problem('aliases', `alias "${a}" must be lower case without outer spaces`);
    if (r.has('signed')) p.signed = r.datedFact('signed', src);
    if (p.role === 'asean-member-not-party' && p.signed && p.signed.values.length > 0) {
      r.problem('signed', 'a non-party cannot have a signature date; make it a party first');
    }
    if (r.has('aseanSignature')) {
      const raw = obj.aseanSignature;
      if (!isObject(raw))
        r.problem('aseanSignature', 'must be an object { "by": "<party code>", "milestone": "<id>" }');
      else {
        const sub = r.child(raw, ['by', 'milestone'], 'aseanSignature');
        p.aseanSignature = { by: sub.string('by'), milestone: sub.string('milestone') };
        if (!p.aseanMember) r.problem('aseanSignature', 'only an ASEAN member is covered by the signature for ASEAN');
        if (p.role !== 'party') r.problem('aseanSignature', 'a non-party is not covered by the signature for ASEAN');
      }
    }
    const note = r.optionalString('note');
    if (note !== undefined) p.note = note;
    return p;
  });
  for (const p of out) {
    const by = p.aseanSignature?.by;
    if (by === undefined || by === '') continue;
    const signatory = out.find((x) => x.code === by);
    if (!signatory) log.add(file, p.code, 'aseanSignature.by', `unknown party code "${by}" (not in parties.json)`);
    else if (!signatory.aseanMember || signatory.role !== 'party')
      log.add(file, p.code, 'aseanSignature.by', `${by} is not an ASEAN party, so it cannot sign for ASEAN`);
  }
  checkUnique(
    log,
    file,
    'code',
    out.map((p) => p.code),
  );
  // One word must name one party, or lookups would answer at random.
  const owner = new Map<string, string>();
  for (const p of out) {
    for (const key of new Set([p.code, p.name, p.shortName, ...p.aliases].map(aliasKey))) {
      const prev = owner.get(key);
      if (prev && prev !== p.code) log.add(file, p.code, 'aliases', `"${key}" also names party ${prev}`);
      else owner.set(key, p.code);
    }
  }
  return out;
}

function readMilestones(
  log: ProblemLog,
  raw: Json | undefined,
  src: ReadonlySet<string>,
  codes: ReadonlySet<string>,
): Milestone[] {
  const file = 'milestones.json';
  const out = records(log, file, raw).map(({ obj, index }) => {
    const r = new RecordReader(log, file, label(obj, 'id', index), obj, [
      'id',
      'title',
      'summary',
      'date',
      'place',
      'placeSources',
      'keywords',
      'people',
      'parties',
      'anniversary',
      'sources',
    ]);
    const m: Milestone = {
      id: r.string('id', { pattern: KEBAB, patternHint: KEBAB_HINT }),
      title: r.string('title'),
      summary: r.string('summary'),
      date: r.datedFact('date', src),
      keywords: r.stringArray('keywords'),
      sources: r.sources('sources', src),
    };
    const place = r.optionalString('place');
    if (place !== undefined) m.place = place;
    if (r.has('placeSources')) {
      m.placeSources = r.sources('placeSources', src);
      if (place === undefined) r.problem('placeSources', 'needs a "place" to be the sources of');
    }
    if (r.has('people')) m.people = r.stringArray('people');
    if (r.has('parties')) {
      m.parties = r.stringArray('parties');
      for (const c of m.parties)
        if (!codes.has(c)) r.problem('parties', `unknown party code "${c}" (not in parties.json)`);
    }
    if (r.has('anniversary')) {
      m.anniversary = r.boolean('anniversary');
      const v = m.date.values;
      if (m.anniversary && (v.length !== 1 || v[0].precision !== 'day')) {
        r.problem('anniversary', 'only a single day-precision date can have an anniversary');
      }
    }
    return m;
  });
  checkUnique(
    log,
    file,
    'id',
    out.map((m) => m.id),
  );
  return out;
}

function readAreas(log: ProblemLog, raw: Json | undefined, src: ReadonlySet<string>): Area[] {
  const file = 'areas.json';
  const out = records(log, file, raw).map(({ obj, index }) => {
    const r = new RecordReader(log, file, label(obj, 'number', index), obj, [
      'number',
      'name',
      'summary',
      'isNew',
      'note',
      'orderNote',
      'sources',
    ]);
    const area: Area = {
      number: r.integer('number', 1, 99),
      name: r.string('name'),
      summary: r.nullableString('summary'),
      isNew: r.boolean('isNew'),
      sources: r.sources('sources', src),
    };
    const note = r.optionalString('note');
    if (note !== undefined) area.note = note;
    if (r.has('orderNote')) {
      const raw = obj.orderNote;
      if (!isObject(raw)) r.problem('orderNote', 'must be an object { "text", "sources" }');
      else {
        const sub = r.child(raw, ['text', 'sources'], 'orderNote');
        area.orderNote = { text: sub.string('text'), sources: sub.sources('sources', src) };
      }
    }
    return area;
  });
  checkUnique(
    log,
    file,
    'number',
    out.map((a) => String(a.number)),
  );
  checkUnique(
    log,
    file,
    'name',
    out.map((a) => a.name),
  );
  return out;
}

interface EventsFile {
  events: RatificationEvent[];
  checkedOn: string;
  statements: ReportedStatement[];
  rejected: RejectedReport[];
}

function readEvents(
  log: ProblemLog,
  raw: Json | undefined,
  src: ReadonlySet<string>,
  parties: readonly Party[],
): EventsFile {
  const file = 'events.json';
  if (!isObject(raw)) {
    log.add(file, undefined, undefined, 'must be an object { "checkedOn", "events": [] }');
    return { events: [], checkedOn: '', statements: [], rejected: [] };
  }
  const top = new RecordReader(log, file, '(file)', raw, ['checkedOn', 'events', 'statements', 'rejected']);
  const checkedOn = top.string('checkedOn', { pattern: ISO_DAY, patternHint: 'use YYYY-MM-DD' });
  if (checkedOn && !isValidDate(checkedOn, 'day')) top.problem('checkedOn', `"${checkedOn}" is not a calendar date`);
  const events = records(log, file, raw, 'events').map(({ obj, index }) => {
    const r = new RecordReader(log, file, label(obj, 'id', index), obj, [
      'id',
      'party',
      'kind',
      'date',
      'summary',
      'sources',
    ]);
    const e: RatificationEvent = {
      id: r.string('id'),
      party: r.string('party'),
      kind: r.oneOf('kind', KINDS),
      date: r.datedFact('date', src),
      sources: r.sources('sources', src),
    };
    const party = parties.find((p) => p.code === e.party);
    if (e.party && !party) r.problem('party', `unknown party code "${e.party}" (not in parties.json)`);
    else if (party && party.role !== 'party') r.problem('party', `${party.code} is not a party to the Protocol`);
    const expected = `${e.party.toLowerCase()}-${e.kind}`;
    if (e.id && e.id !== expected)
      r.problem('id', `must be "${expected}" (<party code>-<kind>), alerts are keyed by it`);
    const summary = r.optionalString('summary');
    if (summary !== undefined) e.summary = summary;
    return e;
  });
  checkUnique(
    log,
    file,
    'id',
    events.map((e) => e.id),
  );
  const statements =
    raw.statements === undefined
      ? []
      : records(log, file, raw, 'statements').map(({ obj, index }) => {
          const r = new RecordReader(log, file, label(obj, 'id', index), obj, ['id', 'date', 'text', 'sources']);
          return {
            id: r.string('id', { pattern: KEBAB, patternHint: KEBAB_HINT }),
            date: r.datedFact('date', src),
            text: r.string('text'),
            sources: r.sources('sources', src),
          };
        });
  const rejected =
    raw.rejected === undefined
      ? []
      : records(log, file, raw, 'rejected').map(({ obj, index }) => {
          const r = new RecordReader(log, file, label(obj, 'outlet', index), obj, ['outlet', 'claim', 'reason']);
          return { outlet: r.string('outlet'), claim: r.string('claim'), reason: r.string('reason') };
        });
  return { events, checkedOn, statements, rejected };
}

function readRule(r: RecordReader, raw: Json | undefined): EntryIntoForceModel {
  if (!isObject(raw)) {
    r.problem('rule', 'must be an object such as { "model": "unknown" }');
    return { model: 'unknown' };
  }
  const model = raw.model;
  const sub = (known: string[]): RecordReader => r.child(raw, known, 'rule');
  switch (model) {
    case 'unknown':
      sub(['model']);
      return { model };
    case 'fixed-date': {
      const s = sub(['model', 'date']);
      const date = s.string('date', { pattern: ISO_DAY, patternHint: 'use YYYY-MM-DD' });
      if (date && !isValidDate(date, 'day')) s.problem('date', `"${date}" is not a calendar date`);
      return { model, date };
    }
    case 'per-party':
      return {
        model,
        daysAfterNotification: sub(['model', 'daysAfterNotification']).integer('daysAfterNotification', 0, 3650),
      };
    case 'threshold': {
      const s = sub(['model', 'threshold', 'aseanMinimum', 'days']);
      const rule: EntryIntoForceModel = {
        model,
        threshold: s.integer('threshold', 1, 11),
        days: s.integer('days', 0, 3650),
      };
      if (s.has('aseanMinimum')) rule.aseanMinimum = s.integer('aseanMinimum', 1, 10);
      return rule;
    }
    default:
      r.problem('rule.model', 'must be one of: unknown, fixed-date, per-party, threshold');
      return { model: 'unknown' };
  }
}

function readDepositary(r: RecordReader, raw: Json | undefined, src: ReadonlySet<string>): Depositary {
  if (!isObject(raw)) {
    r.problem('depositary', 'must be an object { "name", "basis", "sources" }');
    return { name: '', basis: 'inferred-from-earlier-instruments', sources: [] };
  }
  const sub = r.child(raw, ['name', 'basis', 'sources'], 'depositary');
  return {
    name: sub.string('name'),
    basis: sub.oneOf<DepositaryBasis>('basis', ['stated-in-protocol', 'inferred-from-earlier-instruments']),
    sources: sub.sources('sources', src),
  };
}

function readEntryIntoForce(log: ProblemLog, raw: Json | undefined, src: ReadonlySet<string>): EntryIntoForceClause {
  const file = 'entry-into-force.json';
  const obj = isObject(raw) ? raw : {};
  if (!isObject(raw))
    log.add(file, undefined, undefined, 'must be an object { "rule", "depositary", "checkedOn", "note", "sources" }');
  const r = new RecordReader(log, file, 'clause', obj, [
    'rule',
    'article',
    'depositary',
    'checkedOn',
    'note',
    'sources',
  ]);
  const clause: EntryIntoForceClause = {
    rule: readRule(r, obj.rule),
    depositary: readDepositary(r, obj.depositary, src),
    checkedOn: r.string('checkedOn', { pattern: ISO_DAY, patternHint: 'use YYYY-MM-DD' }),
    note: r.string('note'),
    sources: r.sources('sources', src),
  };
  if (clause.checkedOn && !isValidDate(clause.checkedOn, 'day'))
    r.problem('checkedOn', `"${clause.checkedOn}" is not a calendar date`);
  const article = r.optionalString('article');
  if (article !== undefined) clause.article = article;
  return clause;
}

/** Validates parsed files; returns the data (without version) and every problem found. */
export function validateData(files: Partial<Record<DataFile, Json>>): {
  data: Omit<TreatyData, 'version'>;
  problems: ProblemLog['problems'];
} {
  const log = new ProblemLog();
  const metaObj = isObject(files['meta.json']) ? files['meta.json'] : {};
  const meta = new RecordReader(log, 'meta.json', '(file)', metaObj, ['asOf', 'note']);
  const asOf = meta.string('asOf', { pattern: ISO_DAY, patternHint: 'use YYYY-MM-DD' });
  if (asOf && !isValidDate(asOf, 'day')) meta.problem('asOf', `"${asOf}" is not a calendar date`);
  meta.optionalString('note');

  const sources = readSources(log, files['sources.json']);
  const src = new Set(sources.map((s) => s.id));
  const parties = readParties(log, files['parties.json'], src);
  const codes = new Set(parties.map((p) => p.code));
  const milestones = readMilestones(log, files['milestones.json'], src, codes);
  const areas = readAreas(log, files['areas.json'], src);
  for (const p of parties) {
    const id = p.aseanSignature?.milestone;
    if (id === undefined || id === '') continue;
    const m = milestones.find((x) => x.id === id);
    if (!m)
      log.add(
        'parties.json',
        p.code,
        'aseanSignature.milestone',
        `unknown milestone id "${id}" (not in milestones.json)`,
      );
    else if (m.date.values.length !== 1 || m.date.values[0].precision !== 'day')
      log.add('parties.json', p.code, 'aseanSignature.milestone', `milestone "${id}" needs one day-precision date`);
  }
  const ev = readEvents(log, files['events.json'], src, parties);
  const entryIntoForce = readEntryIntoForce(log, files['entry-into-force.json'], src);
  return {
    data: {
      asOf,
      sources: Object.fromEntries(sources.map((s) => [s.id, s])),
      parties,
      milestones,
      areas,
      events: ev.events,
      eventsCheckedOn: ev.checkedOn,
      // Derived, never stored: it must agree with the events (see events-note.ts).
      eventsNote: eventsNoteText(parties, ev.events, ev.checkedOn),
      statements: ev.statements,
      rejectedReports: ev.rejected,
      entryIntoForce,
    },
    problems: log.problems,
  };
}
