/**
 * "Nothing in English slips in": finds Latin words left in text rendered for a Chinese reader,
 * after taking out what may stay Latin — codes (party codes, milestone ids, language codes, the
 * data version, IANA zones), URLs, source titles, publishers and hosts as recorded, proper names
 * and acronyms (CAFTA, RCEP, IANA, ISO, Slack, Teams), emoji codes, what the user typed (quoted
 * back in “…”), and the terminal's own invocation. Each leftover comes back with the words around
 * it, so a failure names the offending phrase.
 */
import { LANGS } from '../../src/text/i18n';
import type { TreatyData } from '../../src/treaty/model';

/** Proper names and acronyms that are written in Latin letters in Chinese too. */
const PROPER = ['CAFTA', 'RCEP', 'IANA', 'ISO', 'Slack', 'Teams', 'UTC'];

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Everything that may stay Latin, longest first (so a title is removed before a word inside it). */
function allowed(data: TreatyData): string[] {
  const fromData = [
    ...Object.values(data.sources).flatMap((s) => [s.title, s.publisher ?? '', s.url ?? '', s.published ?? '']),
    ...data.milestones.map((m) => m.id),
    ...data.parties.flatMap((p) => [p.code, p.code.toLowerCase()]),
    data.version,
  ];
  return [...new Set([...fromData, ...PROPER, ...LANGS].map((s) => s.replace(/\s+/g, ' ').trim()))]
    .filter((s) => s !== '')
    .sort((a, b) => b.length - a.length);
}

const PATTERNS: RegExp[] = [
  /https?:\/\/\S*/g,
  // What the user typed, quoted back (full-width quotes, as the Chinese catalog quotes).
  /“[^”]*”/g,
  // IANA zones: Asia/Shanghai, America/Argentina/Buenos_Aires, Etc/GMT+8.
  /\b[A-Z][A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+/g,
  // Slack emoji codes and channel links.
  /:[a-z_]+:/g,
  /<#[A-Z0-9]+>/g,
  // The terminal's invocation and its settings.
  /npm run --silent cafta --|--lang|\bcafta\b|CAFTA_LANG|\bLANG\b|zh_CN\.UTF-8/g,
];

export interface Leftover {
  word: string;
  /** The words around it in the text, to find the phrase. */
  around: string;
}

/** Latin words (two letters or more) left in `text` once everything allowed is taken out. */
export function leftoverLatin(text: string, data: TreatyData): Leftover[] {
  // Entities decoded (Block Kit escapes), lines joined (the terminal wraps long titles).
  let rest = text
    .replace(/&(lt|gt|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', amp: '&' })[e] ?? ' ')
    .replace(/\s+/g, ' ')
    // A source line cut short by a length limit ("[5] MOFCOM announcement of the…") is a title.
    .replace(/\[\d+\][^•]*…/g, ' ');
  // Whole allowed items first (a source title before the URL pattern can cut it), as whole words.
  for (const a of allowed(data))
    rest = rest.replace(new RegExp(`(?<![A-Za-z0-9])${escape(a)}(?![A-Za-z0-9])`, 'g'), ' ');
  for (const p of PATTERNS) rest = rest.replace(p, ' ');
  const out: Leftover[] = [];
  for (const m of rest.matchAll(/[A-Za-z]{2,}/g)) {
    const i = m.index ?? 0;
    out.push({ word: m[0], around: rest.slice(Math.max(0, i - 30), i + m[0].length + 30).replace(/\s+/g, ' ') });
  }
  return out;
}

/** Every string a reader sees in rendered JSON (Block Kit, an Adaptive Card, an activity): its text-like fields. */
export function visibleStrings(value: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key = ''): void => {
    if (typeof v === 'string') {
      if (['text', 'title', 'value', 'fallbackText', 'summary', 'label', 'errorMessage'].includes(key)) out.push(v);
      return;
    }
    if (Array.isArray(v)) for (const x of v) walk(x, key);
    else if (v && typeof v === 'object') {
      // A Slack button's value is the command it runs (not shown); a card action's data likewise;
      // an Adaptive Card input's value and its choices' values are codes (their titles are shown).
      const type = (v as { type?: unknown }).type;
      const hiddenValue =
        type === 'button' ||
        (typeof type === 'string' && type.startsWith('Input.')) ||
        (type === undefined && 'title' in v);
      for (const [k, x] of Object.entries(v)) if (k !== 'data' && !(hiddenValue && k === 'value')) walk(x, k);
    }
  };
  walk(value);
  return out;
}
