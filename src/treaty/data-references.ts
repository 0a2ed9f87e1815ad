/**
 * The checks that span files: every cited source id exists, party codes and milestone ids point
 * at real records, ids are unique, one word names one party, the signature for ASEAN names an
 * ASEAN party and a dated milestone. They run on the raw files where they can, so a record with
 * a schema problem still has its references checked (and no valid record is blamed for another's).
 */
import { isObject, type Json } from './json';
import type { Milestone, Party, TreatyData } from './model';

export type AddProblem = (file: string, record: string | undefined, field: string | undefined, message: string) => void;

/** Normalises an alias the way lookups do, so collisions are caught at load time. */
export const aliasKey = (s: string): string => s.trim().toLowerCase();

/** Record label for problems: its id/code/number when it has one, else its position. */
export const recordLabel = (obj: Json, key: string, index: number): string =>
  isObject(obj) && (typeof obj[key] === 'string' || typeof obj[key] === 'number') ? String(obj[key]) : `#${index + 1}`;

const strings = (v: Json | undefined): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** The source ids a raw record cites, by field path: its own lists and those of its dates. */
function citations(rec: Json): Array<[string, string[]]> {
  if (!isObject(rec)) return [];
  const out: Array<[string, string[]]> = [];
  for (const field of ['sources', 'placeSources']) if (rec[field] !== undefined) out.push([field, strings(rec[field])]);
  for (const field of ['date', 'signed']) {
    const values = isObject(rec[field]) ? (rec[field] as { values?: Json }).values : undefined;
    if (Array.isArray(values))
      values.forEach((v, i) => isObject(v) && out.push([`${field}.values[${i}].sources`, strings(v.sources)]));
  }
  for (const field of ['orderNote', 'depositary']) {
    const v = rec[field];
    if (isObject(v) && v.sources !== undefined) out.push([`${field}.sources`, strings(v.sources)]);
  }
  return out;
}

/** Values of `key` in a raw list's records, duplicates kept: valid record or not. */
const keyList = (raw: Json | undefined, key: string): string[] =>
  (Array.isArray(raw) ? raw : []).flatMap((r) => (isObject(r) && typeof r[key] === 'string' ? [r[key] as string] : []));

/** The ids, codes or numbers present in a raw list (valid record or not); undefined when it is not a list. */
export const presentKeys = (raw: Json | undefined, key: string): Set<string> | undefined =>
  Array.isArray(raw)
    ? new Set(
        raw.flatMap((r) =>
          isObject(r) && (typeof r[key] === 'string' || typeof r[key] === 'number') ? [String(r[key])] : [],
        ),
      )
    : undefined;

/** What other files may refer to: the ids/codes present, whether or not their record is valid. */
const keysOf = (raw: Json | undefined, key: string): Set<string> => new Set(keyList(raw, key));

function unique(add: AddProblem, file: string, field: string, keys: string[]): void {
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k)) add(file, k, field, `duplicate ${field} "${k}"`);
    seen.add(k);
  }
}

/** Raw lists of records, by file, with the key that names each record. */
export interface RawLists {
  files: Record<string, Json | undefined>;
  events: Json[];
  statements: Json[];
  rejected: Json[];
}

/** Unknown source ids anywhere they are cited. */
export function citationProblems(raw: RawLists, add: AddProblem): void {
  const known = keysOf(raw.files['sources.json'], 'id');
  const cite = (file: string, record: string, rec: Json): void => {
    for (const [field, ids] of citations(rec))
      for (const id of ids)
        if (!known.has(id)) add(file, record, field, `unknown source id "${id}" (not in sources.json)`);
  };
  for (const [file, list, key] of [
    ['parties.json', raw.files['parties.json'], 'code'],
    ['milestones.json', raw.files['milestones.json'], 'id'],
    ['areas.json', raw.files['areas.json'], 'number'],
    ['events.json', raw.events, 'id'],
    ['events.json', raw.statements, 'id'],
  ] as const)
    if (Array.isArray(list)) list.forEach((rec, i) => cite(file, recordLabel(rec, key, i), rec));
  cite('entry-into-force.json', 'clause', raw.files['entry-into-force.json'] ?? null);
}

/** Duplicates, party codes, milestone ids and aliases among the valid records. */
export function referenceProblems(raw: RawLists, data: Omit<TreatyData, 'version' | 'l10n'>, add: AddProblem): void {
  const lists: Array<[string, string, string[]]> = [
    ['sources.json', 'id', keyList(raw.files['sources.json'], 'id')],
    ['parties.json', 'code', data.parties.map((p) => p.code)],
    ['milestones.json', 'id', data.milestones.map((m) => m.id)],
    ['areas.json', 'number', data.areas.map((a) => String(a.number))],
    ['areas.json', 'name', data.areas.map((a) => a.name)],
    ['events.json', 'id', data.events.map((e) => e.id)],
    ['events.json', 'id', (data.statements ?? []).map((s) => s.id)],
  ];
  for (const [file, field, keys] of lists) unique(add, file, field, keys);
  const codes = keysOf(raw.files['parties.json'], 'code');
  partyChecks(add, data.parties, codes, keysOf(raw.files['milestones.json'], 'id'), data.milestones);
  for (const m of data.milestones)
    for (const c of m.parties ?? [])
      if (!codes.has(c)) add('milestones.json', m.id, 'parties', `unknown party code "${c}" (not in parties.json)`);
  for (const e of data.events) {
    const party = data.parties.find((p) => p.code === e.party);
    if (!codes.has(e.party)) add('events.json', e.id, 'party', `unknown party code "${e.party}" (not in parties.json)`);
    else if (party && party.role !== 'party')
      add('events.json', e.id, 'party', `${party.code} is not a party to the Protocol`);
  }
}

function partyChecks(
  add: AddProblem,
  parties: Party[],
  codes: ReadonlySet<string>,
  milestoneIds: ReadonlySet<string>,
  milestones: Milestone[],
): void {
  const owner = new Map<string, string>();
  for (const p of parties) {
    for (const key of new Set([p.code, p.name, p.shortName, ...p.aliases].map(aliasKey))) {
      const prev = owner.get(key);
      if (prev && prev !== p.code) add('parties.json', p.code, 'aliases', `"${key}" also names party ${prev}`);
      else owner.set(key, p.code);
    }
    const sig = p.aseanSignature;
    if (!sig) continue;
    const by = parties.find((x) => x.code === sig.by);
    if (!codes.has(sig.by))
      add('parties.json', p.code, 'aseanSignature.by', `unknown party code "${sig.by}" (not in parties.json)`);
    else if (by && (!by.aseanMember || by.role !== 'party'))
      add('parties.json', p.code, 'aseanSignature.by', `${sig.by} is not an ASEAN party, so it cannot sign for ASEAN`);
    const m = milestones.find((x) => x.id === sig.milestone);
    if (!milestoneIds.has(sig.milestone))
      add(
        'parties.json',
        p.code,
        'aseanSignature.milestone',
        `unknown milestone id "${sig.milestone}" (not in milestones.json)`,
      );
    else if (m && (m.date.values.length !== 1 || m.date.values[0].precision !== 'day'))
      add(
        'parties.json',
        p.code,
        'aseanSignature.milestone',
        `milestone "${sig.milestone}" needs one day-precision date`,
      );
  }
}
