/**
 * The treaty data as a reader of one language sees it: `dataIn(data, lang)` is the same
 * TreatyData with the data's own texts taken from `data/l10n/<lang>.json` where the overlay has
 * them — party names and notes, milestone titles, summaries, places, people and date notes, area
 * names, summaries and notes, statements, event details, the entry-into-force note and depositary
 * — and the derived status note worded in `lang`. Source titles stay in their own language;
 * a required text the overlay lacks stays English, an optional detail it lacks (an event's
 * summary) is left out. Built once per data version and language.
 */
import type { Lang } from '../text/i18n';
import { formatDay } from '../text/format';
import type { Overlay } from './data-l10n';
import { eventsNoteText } from './events-note';
import type { Area, Milestone, Party, TreatyData } from './model';

const views = new WeakMap<TreatyData, Map<Lang, TreatyData>>();

/** `data` with `lang`'s overlay applied (the data itself when nothing changes). */
export function dataIn(data: TreatyData, lang: Lang): TreatyData {
  let byLang = views.get(data);
  if (!byLang) {
    byLang = new Map();
    views.set(data, byLang);
  }
  let view = byLang.get(lang);
  if (!view) {
    view = localize(data, lang);
    byLang.set(lang, view);
  }
  return view;
}

/** The overlay of `lang`, when the data has one. */
export const overlayOf = (data: TreatyData, lang: Lang): Overlay | undefined =>
  Object.prototype.hasOwnProperty.call(data.l10n, lang) ? data.l10n[lang] : undefined;

/** An ISO day written inside prose (not inside an id or a URL): `2026-11-30`. */
const ISO_DAY_IN_TEXT = /(?<![\w/.-])(\d{4}-\d{2}-\d{2})(?![\w/-])/g;

/**
 * The data's prose with every ISO day written as the reader writes dates ("30 Nov 2026",
 * 2026年11月30日): one date format in every answer, whatever the data's editors typed.
 */
export const readerDates = (lang: Lang, prose: string): string =>
  prose.includes('-') ? prose.replace(ISO_DAY_IN_TEXT, (iso) => formatDay(lang, iso)) : prose;

function localize(data: TreatyData, lang: Lang): TreatyData {
  return withReaderDates(translated(data, lang), lang);
}

/** Every note, summary and statement of `data` with its ISO days in `lang`'s date format. */
function withReaderDates(data: TreatyData, lang: Lang): TreatyData {
  const d = (s: string): string => readerDates(lang, s);
  const opt = (s: string | undefined): string | undefined => (s === undefined ? s : d(s));
  return {
    ...data,
    parties: data.parties.map((p) => (p.note === undefined ? p : { ...p, note: d(p.note) })),
    milestones: data.milestones.map((m) => ({
      ...m,
      summary: d(m.summary),
      date: { values: m.date.values.map((v) => (v.note === undefined ? v : { ...v, note: d(v.note) })) },
    })),
    areas: data.areas.map((a) => ({
      ...a,
      summary: a.summary === null ? null : d(a.summary),
      ...(a.note === undefined ? {} : { note: opt(a.note) }),
      ...(a.orderNote ? { orderNote: { ...a.orderNote, text: d(a.orderNote.text) } } : {}),
    })),
    events: data.events.map((e) => (e.summary === undefined ? e : { ...e, summary: d(e.summary) })),
    statements: data.statements?.map((s) => ({ ...s, text: d(s.text) })),
    entryIntoForce: { ...data.entryIntoForce, note: d(data.entryIntoForce.note) },
  };
}

function translated(data: TreatyData, lang: Lang): TreatyData {
  const o = overlayOf(data, lang);
  if (!o) {
    const eventsNote = eventsNoteText(lang, data.parties, data.events, data.eventsCheckedOn);
    return eventsNote === data.eventsNote ? data : { ...data, eventsNote };
  }
  const parties = data.parties.map(partyIn(o));
  const eif = o.entryIntoForce;
  return {
    ...data,
    parties,
    milestones: data.milestones.map(milestoneIn(o)),
    areas: data.areas.map(areaIn(o)),
    // An event's detail is optional: untranslated, it is left out rather than shown in English.
    events: data.events.map((e) => {
      const summary = o.events?.[e.id]?.summary;
      if (summary && e.summary) return { ...e, summary };
      const { summary: _english, ...rest } = e;
      return rest;
    }),
    statements: data.statements?.map((s) => ({ ...s, text: o.statements?.[s.id]?.text ?? s.text })),
    eventsNote: eventsNoteText(lang, parties, data.events, data.eventsCheckedOn),
    entryIntoForce: {
      ...data.entryIntoForce,
      note: eif?.note ?? data.entryIntoForce.note,
      depositary: { ...data.entryIntoForce.depositary, name: eif?.depositary ?? data.entryIntoForce.depositary.name },
    },
  };
}

const partyIn =
  (o: Overlay | undefined) =>
  (p: Party): Party => {
    const x = o?.parties?.[p.code];
    if (!x) return p;
    return { ...p, name: x.name, shortName: x.shortName, ...(p.note && x.note ? { note: x.note } : {}) };
  };

const milestoneIn =
  (o: Overlay) =>
  (m: Milestone): Milestone => {
    const x = o.milestones?.[m.id];
    if (!x) return m;
    const notes = x.dateNotes ?? {};
    return {
      ...m,
      title: x.title,
      summary: x.summary,
      ...(m.place !== undefined && x.place ? { place: x.place } : {}),
      ...(m.people && x.people && x.people.length === m.people.length ? { people: x.people } : {}),
      date: {
        values: m.date.values.map((v) => (v.note !== undefined && notes[v.date] ? { ...v, note: notes[v.date] } : v)),
      },
    };
  };

const areaIn =
  (o: Overlay) =>
  (a: Area): Area => {
    const x = o.areas?.[String(a.number)];
    if (!x) return a;
    return {
      ...a,
      name: x.name,
      summary: a.summary !== null && x.summary ? x.summary : a.summary,
      ...(a.note !== undefined && x.note ? { note: x.note } : {}),
      ...(a.orderNote && x.orderNote ? { orderNote: { ...a.orderNote, text: x.orderNote } } : {}),
    };
  };

/**
 * Where an area's name in `lang` comes from: the sources the overlay names for it and how it was
 * adapted (`nameNote`); undefined for the base language or an area the overlay does not name.
 */
export function areaNameOrigin(
  data: TreatyData,
  lang: Lang,
  area: Pick<Area, 'number'>,
): { sources: string[]; note?: string } | undefined {
  const x = overlayOf(data, lang)?.areas?.[String(area.number)];
  if (!x || !x.nameSources || x.nameSources.length === 0) return undefined;
  return { sources: x.nameSources, ...(x.nameNote ? { note: x.nameNote } : {}) };
}
