/**
 * Per-language overlays, `data/l10n/<lang>.json`: translations of the data's own texts (party
 * names, milestone titles and summaries, area names …) keyed by the ids of the English records.
 * English stays the base and is never changed by an overlay; every key must name an existing
 * record, so a renamed or removed record cannot leave a stale translation behind.
 */
import { z } from 'zod';
import type { DataProblem } from './data';
import type { TreatyData } from './model';

/** BCP 47-ish language tag as used in the file name: `zh`, `zh-Hant`, `ms`. */
export const LANG_TAG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;
/** `l10n/zh.json` → `zh`; undefined for any other name. */
export const overlayLang = (file: string): string | undefined => {
  const m = /^l10n\/([^/]+)\.json$/.exec(file);
  return m && LANG_TAG.test(m[1]) ? m[1] : undefined;
};

const text = (description: string) => z.string().regex(/\S/, { error: 'must be non-empty text' }).meta({ description });
const entries = <T extends z.ZodType>(value: T, key: string) =>
  z
    .record(z.string(), value)
    .optional()
    .meta({ description: `Keyed by ${key} of the English record.` });

export const overlaySchema = z.strictObject({
  $schema: z.string().optional().meta({ description: 'Path of the JSON Schema, for editors.' }),
  lang: z.string().regex(LANG_TAG, { error: 'use a language tag such as "zh"' }).meta({
    description: 'The language, same as the file name (l10n/<lang>.json).',
  }),
  parties: entries(
    z.strictObject({
      name: text('Full name.'),
      shortName: text('Short display name.'),
      note: text('Translation of the party note.').optional(),
    }),
    'party code',
  ),
  milestones: entries(
    z.strictObject({
      title: text('Title.'),
      summary: text('Summary.'),
      place: text('Place.').optional(),
      people: z.array(text('Name (role)')).optional().meta({ description: 'Same people, same order.' }),
      keywords: z
        .array(text('A word users may type.'))
        .optional()
        .meta({ description: 'Words in this language users may type to find the milestone (besides its title).' }),
      dateNotes: z
        .record(z.string(), text('Translation of the note on that date value.'))
        .optional()
        .meta({ description: "Notes on the date values, keyed by the value's date as in the English record." }),
    }),
    'milestone id',
  ),
  areas: entries(
    z.strictObject({
      name: text('Name of the area in this language.'),
      summary: text('Summary (only where the English has one).').optional(),
      note: text('Translation of the area note.').optional(),
      orderNote: text('Translation of the order note.').optional(),
      nameNote: text('Where this name comes from, when it was adapted or one variant chosen.').optional(),
      nameSources: z.array(z.string()).optional().meta({ description: 'Sources of this name (ids in sources.json).' }),
    }),
    'area number',
  ),
  statements: entries(z.strictObject({ text: text('What was said.') }), 'statement id'),
  events: entries(z.strictObject({ summary: text('Event detail.') }), 'event id'),
  entryIntoForce: z
    .strictObject({
      note: text('Translation of the clause note.').optional(),
      depositary: text('Name of the depositary.').optional(),
    })
    .optional(),
});

export type Overlay = z.infer<typeof overlaySchema>;

/**
 * The file's language: its name and its `lang` must agree, and English is the base, not an
 * overlay. Checked on the raw file so a schema problem elsewhere does not hide it.
 */
export function overlayLangProblems(file: string, raw: unknown): DataProblem[] {
  const lang = overlayLang(file);
  const given = raw !== null && typeof raw === 'object' ? (raw as { lang?: unknown }).lang : undefined;
  const out: DataProblem[] = [];
  if (typeof given === 'string' && given !== lang)
    out.push({
      file,
      record: '(file)',
      field: 'lang',
      message: `"${given}" must match the file name (${lang ?? file})`,
    });
  if (lang === 'en')
    out.push({
      file,
      record: '(file)',
      field: 'lang',
      message: 'English is the base language: edit the data files themselves',
    });
  return out;
}

/** Problems of an overlay against the base data: unknown keys, mismatched people, summaries the English lacks. */
/**
 * The ids of the English records an overlay may name, per section: those present in the files,
 * whether or not the record is valid (so a broken record is not reported twice). A section whose
 * file could not be read at all is absent: its keys cannot be checked yet.
 */
export type OverlayTargets = Partial<Record<'parties' | 'milestones' | 'areas' | 'statements' | 'events', Set<string>>>;

export function overlayProblems(
  file: string,
  o: Overlay,
  data: Omit<TreatyData, 'version'>,
  targets: OverlayTargets,
): DataProblem[] {
  const out: DataProblem[] = [];
  const add = (record: string, field: string, message: string): void => {
    out.push({ file, record, field, message });
  };
  const sections = [
    ['parties', o.parties, 'party code'],
    ['milestones', o.milestones, 'milestone id'],
    ['areas', o.areas, 'area number'],
    ['statements', o.statements, 'statement id'],
    ['events', o.events, 'event id'],
  ] as const;
  for (const [section, entries, what] of sections) {
    const known = targets[section];
    if (!known) continue;
    for (const k of Object.keys(entries ?? {}))
      if (!known.has(k)) add(k, section, `unknown ${what} "${k}" (no such record in the data)`);
  }
  for (const [id, m] of Object.entries(o.milestones ?? {})) {
    const base = data.milestones.find((x) => x.id === id);
    if (base && m.people && m.people.length !== (base.people ?? []).length)
      add(
        id,
        'milestones.people',
        `has ${m.people.length} people; the English record has ${(base.people ?? []).length}`,
      );
    if (base && m.place !== undefined && base.place === undefined)
      add(id, 'milestones.place', 'the English record has no place');
    for (const date of Object.keys(m.dateNotes ?? {}))
      if (base && !base.date.values.some((v) => v.date === date && v.note !== undefined))
        add(id, 'milestones.dateNotes', `the English record has no note on a date value "${date}"`);
  }
  for (const [n, a] of Object.entries(o.areas ?? {})) {
    const base = data.areas.find((x) => String(x.number) === n);
    if (!base) continue;
    if (a.summary !== undefined && base.summary === null)
      add(n, 'areas.summary', 'the English record has no summary (none was found): a translation cannot add one');
    if (a.orderNote !== undefined && !base.orderNote) add(n, 'areas.orderNote', 'the English record has no order note');
    for (const s of a.nameSources ?? [])
      if (!data.sources[s]) add(n, 'areas.nameSources', `unknown source id "${s}" (not in sources.json)`);
  }
  for (const [id, e] of Object.entries(o.events ?? {})) {
    const base = data.events.find((x) => x.id === id);
    if (base && e.summary && base.summary === undefined) add(id, 'events.summary', 'the English record has no summary');
  }
  return out;
}
