/**
 * Finding a party, milestone or area from what a user typed: exact keys first, then a unique
 * prefix, then "did you mean" suggestions. Pure. Every language's names are understood whatever
 * the reader's language (`party 越南`, `area digital`, `里程碑 签署`): the keys are the English
 * records' plus those of every overlay in `data/l10n/`, and the English record is returned.
 */
import type { Area, Milestone, Party, TreatyData } from './model';
import { foldKey, nearest } from '../text/match';

/** `found`: one answer; `suggest`: near misses to offer; `none`: nothing close. */
export type LookupResult<T> = { kind: 'found'; value: T } | { kind: 'suggest'; suggestions: T[] } | { kind: 'none' };

/** Every key a party answers to: ISO-2 code, names, aliases (ISO-3, Chinese and local names …). */
export const partyKeys = (p: Party): string[] => [p.code, p.name, p.shortName, ...p.aliases];

/** Ideographs carry a word in one or two characters: "越南", "数字". */
const IDEOGRAPHIC = /\p{Script=Han}/u;
/** Shortest typed text taken as a prefix of one name: 4 letters ("indo"), 2 ideographs ("数字"). */
const minPrefix = (q: string): number => (IDEOGRAPHIC.test(q) ? 2 : 4);

/** The overlays' texts for one record, in every language the data has. */
const overlayTexts = <T>(data: TreatyData, pick: (o: TreatyData['l10n'][string]) => T | undefined): T[] =>
  Object.values(data.l10n).flatMap((o) => {
    const v = pick(o);
    return v === undefined ? [] : [v];
  });

function lookup<T>(query: string, items: readonly T[], keysOf: (t: T) => string[]): LookupResult<T> {
  const q = foldKey(query);
  if (q === '') return { kind: 'none' };
  const pairs = items.flatMap((item) => keysOf(item).map((key) => ({ item, key: foldKey(key) })));
  const exact = unique(pairs.filter((p) => p.key === q).map((p) => p.item));
  if (exact.length === 1) return { kind: 'found', value: exact[0] };
  if (exact.length > 1) return { kind: 'suggest', suggestions: exact };
  // A unique prefix of a real word ("philipp", "indo") is what the user meant; short ones are not.
  if (Array.from(q).length >= minPrefix(q)) {
    const prefixed = unique(pairs.filter((p) => p.key.startsWith(q)).map((p) => p.item));
    if (prefixed.length === 1) return { kind: 'found', value: prefixed[0] };
    if (prefixed.length > 1) return { kind: 'suggest', suggestions: prefixed.slice(0, 5) };
  }
  const near = unique(nearest(q, pairs, (p) => p.key, 10).map((p) => p.item)).slice(0, 3);
  return near.length > 0 ? { kind: 'suggest', suggestions: near } : { kind: 'none' };
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** Finds a party (or Timor-Leste, which answers as an ASEAN member that is not a party). */
export function findParty(data: TreatyData, query: string): LookupResult<Party> {
  return lookup(query, data.parties, (p) => [
    ...partyKeys(p),
    ...overlayTexts(data, (o) => o.parties?.[p.code]).flatMap((x) => [x.name, x.shortName]),
  ]);
}

/** Finds a milestone by id, keyword, or words of its title, in any language of the data. */
export function findMilestone(data: TreatyData, query: string): LookupResult<Milestone> {
  const localized = (m: Milestone) => overlayTexts(data, (o) => o.milestones?.[m.id]);
  const direct = lookup(query, data.milestones, (m) => [
    m.id,
    ...m.keywords,
    ...localized(m).flatMap((x) => x.keywords ?? []),
  ]);
  if (direct.kind === 'found') return direct;
  // Every typed word appears in the title or a keyword: "goods agreement", "2.0 signed", "框架 协议".
  const words = foldKey(query).split(' ').filter(Boolean);
  const byWords = data.milestones.filter((m) => {
    const texts = [m.title, ...m.keywords, ...localized(m).flatMap((x) => [x.title, ...(x.keywords ?? [])])];
    const hay = foldKey(texts.join(' '));
    return words.length > 0 && words.every((w) => hay.includes(w));
  });
  if (byWords.length === 1) return { kind: 'found', value: byWords[0] };
  if (byWords.length > 1) return { kind: 'suggest', suggestions: byWords.slice(0, 5) };
  return direct;
}

/**
 * Common abbreviations of area names. Keyed by the seed's exact name, so a renamed area simply
 * loses its abbreviation instead of pointing at the wrong chapter.
 */
const AREA_ABBREVIATIONS: Record<string, string[]> = {
  'Sanitary and Phytosanitary measures': ['sps'],
  'Standards, Technical Regulations and Conformity Assessment Procedures': ['tbt', 'standards'],
  'Micro, Small and Medium-sized Enterprises': ['msme', 'msmes', 'sme', 'smes'],
  'Economic and Technical Cooperation': ['ecotech'],
  'Customs Procedures and Trade Facilitation': ['customs', 'trade facilitation'],
};

/** Finds an area by number (`5`, `#5`), name, a word of its name, or a common abbreviation. */
export function findArea(data: TreatyData, query: string): LookupResult<Area> {
  const num = /^#?\s*(\d{1,3})\.?$/.exec(query.trim());
  if (num) {
    const area = data.areas.find((a) => a.number === Number(num[1]));
    return area ? { kind: 'found', value: area } : { kind: 'none' };
  }
  const names = (a: Area): string[] => overlayTexts(data, (o) => o.areas?.[String(a.number)]?.name);
  const keys = (a: Area): string[] => [a.name, ...(AREA_ABBREVIATIONS[a.name] ?? []), ...names(a)];
  const q = foldKey(query);
  // Ideographic names have no spaces between words: a word may sit anywhere in a name ("经济" is
  // in three of them), so containment decides, not a prefix; an exact name still wins.
  if (IDEOGRAPHIC.test(q) && !data.areas.some((a) => keys(a).some((k) => foldKey(k) === q))) {
    const containing = data.areas.filter((a) => names(a).some((n) => foldKey(n).includes(q)));
    if (containing.length === 1) return { kind: 'found', value: containing[0] };
    if (containing.length > 1) return { kind: 'suggest', suggestions: containing };
  }
  const direct = lookup(query, data.areas, keys);
  if (direct.kind === 'found') return direct;
  const words = foldKey(query)
    .split(' ')
    .filter((w) => (IDEOGRAPHIC.test(w) ? w.length >= 2 : w.length >= 3 && w !== 'and'));
  // A word starts a word of the English name ("tech"), or appears in another language's name,
  // which has no spaces between words ("卫生", "消费者").
  const byWords = data.areas.filter((a) => {
    const nameWords = foldKey(a.name).split(' ');
    const other = names(a).map(foldKey);
    return (
      words.length > 0 &&
      words.every((w) =>
        IDEOGRAPHIC.test(w) ? other.some((n) => n.includes(w)) : nameWords.some((n) => n.startsWith(w)),
      )
    );
  });
  if (byWords.length === 1) return { kind: 'found', value: byWords[0] };
  if (byWords.length > 1) return { kind: 'suggest', suggestions: byWords };
  if (direct.kind === 'suggest') return direct;
  // A misspelt word of a name ("digitl", "grean"): each typed word near a word of the English
  // name or an abbreviation is a "did you mean", never a match.
  const typos = data.areas.filter((a) => {
    const nameWords = [...foldKey(a.name).split(' '), ...(AREA_ABBREVIATIONS[a.name] ?? []).map(foldKey)];
    return (
      words.length > 0 && words.every((w) => !IDEOGRAPHIC.test(w) && nearest(w, nameWords, (n) => n, 1).length > 0)
    );
  });
  return typos.length > 0 ? { kind: 'suggest', suggestions: typos.slice(0, 3) } : direct;
}
