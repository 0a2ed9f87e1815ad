/**
 * Times of day and time zones as users write them in `subscribe`: `9`, `09:30`, `9:30pm`, `noon`,
 * the catalogs' spelled forms (`上午9点`, `下午5点半`), IANA zones in any case, a city alone
 * (`jakarta`), and "did you mean" for zone typos. Pure.
 */
import { isValidZone } from '../delivery/schedule';
import { editDistance, foldKey, own, typoBudget } from '../text/match';
import { quoteUserText } from '../text/message';
import type { Texts } from '../text/texts';
import { anyLangWords } from './vocabulary';

/** Why a token is not a time of day (worded by `timeProblemText`). */
export type TimeProblem = {
  why: 'format' | 'minutes' | 'meridiem' | 'meridiemNear' | 'midnight' | 'hours';
  near?: string;
};

/**
 * Reads a time of day: `9`, `09`, `9:30`, `0930`, `21:00`, `9am`, `9:30pm`, `12am` (midnight),
 * and the catalogs' forms with a day-part word before and hour/minute words after (`上午9点`,
 * `下午5点半`, `晚上8点30分`). Returns `HH:MM`, or why not (with the nearest valid form).
 */
export function parseTimeOfDay(token: string): { ok: true; time: string } | ({ ok: false } & TimeProblem) {
  const named = own(NAMED_TIMES, token.trim().toLowerCase());
  if (named) return { ok: true, time: named };
  const spelled = spelledTime(token.trim().toLowerCase());
  const m = spelled ?? /^(\d{1,2})(?::?(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?$/i.exec(token.trim());
  const bad = (why: TimeProblem['why'], near?: string): { ok: false } & TimeProblem => ({
    ok: false,
    why,
    ...(near ? { near } : {}),
  });
  if (!m) return bad('format');
  let hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  const meridiem = m[3]?.toLowerCase().replace(/\./g, '');
  if (minute > 59) return bad('minutes', `${pad(hour % 24)}:59`);
  if (meridiem) {
    if (hour < 1 || hour > 12)
      return hour > 12 && hour < 24 ? bad('meridiemNear', `${pad(hour)}:${pad(minute)}`) : bad('meridiem');
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  } else if (hour === 24 && minute === 0) {
    return bad('midnight');
  } else if (hour > 23) {
    return bad('hours');
  }
  return { ok: true, time: `${pad(hour)}:${pad(minute)}` };
}

/** The hint text for a time that was not understood, in the reader's language. */
export const timeProblemText = (tx: Texts, token: string, p: TimeProblem): string =>
  tx.t('subscribe.badTime', {
    text: tx.t('common.quoted', { text: quoteUserText(token, 40) }),
    why: p.why,
    near: p.near ?? '',
  });

const escapeRe = (w: string): string => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternation = (words: string[]): string =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map(escapeRe)
    .join('|');

let spelledPattern: RegExp | undefined;
/**
 * A time written with the catalogs' words: day part (am/pm words) first, then the hour, an hour
 * word, and minutes (with a minute word) or a half-hour word. Returns groups shaped like the
 * numeric pattern's (hour, minutes, "am"/"pm"), or null.
 */
function spelledTime(token: string): [string, string, string | undefined, string | undefined] | null {
  const am = anyLangWords('grammar.time.am');
  const pm = anyLangWords('grammar.time.pm');
  spelledPattern ??= new RegExp(
    `^(?:(${alternation([...am, ...pm])}))?(\\d{1,2})(?:${alternation(anyLangWords('grammar.time.hour'))})` +
      `(?:(\\d{1,2})(?:${alternation(anyLangWords('grammar.time.minute'))})?|(${alternation(anyLangWords('grammar.time.half'))}))?$`,
    'u',
  );
  const m = spelledPattern.exec(token);
  if (!m) return null;
  const part = m[1] === undefined ? undefined : pm.includes(m[1]) ? 'pm' : 'am';
  const minutes = m[4] !== undefined ? '30' : m[3];
  // "中午12点" is noon: an afternoon word with 12 means 12:00, not 24:00.
  if (part === 'pm' && Number(m[2]) === 12) return [m[0], '12', minutes, undefined];
  return [m[0], m[2], minutes, part];
}

const NAMED_TIMES: Record<string, string> = { noon: '12:00', midday: '12:00', midnight: '00:00' };
const pad = (n: number): string => String(n).padStart(2, '0');
export const looksLikeTime = (t: string): boolean =>
  /^\d/.test(t) ||
  /:/.test(t) ||
  own(NAMED_TIMES, t.toLowerCase()) !== undefined ||
  spelledTime(t.toLowerCase()) !== null;
/* ------------------------------------------------------------------ zones */

let zoneList: string[] | undefined;
/** Every IANA zone the runtime knows (plus UTC, which Intl lists only as a link). */
function allZones(): string[] {
  zoneList ??= [...Intl.supportedValuesOf('timeZone'), 'UTC'];
  return zoneList;
}

/**
 * Canonical spelling of a valid zone: the user's own spelling when already exact, else the
 * runtime's list matched case-insensitively, else each segment title-cased ("asia/ho_chi_minh" →
 * "Asia/Ho_Chi_Minh"). ICU's own canonical form is avoided: it prefers retired names (Asia/Saigon).
 */
export function canonicalZone(token: string): string | undefined {
  if (!isValidZone(token)) return undefined;
  const lower = token.toLowerCase();
  const listed = allZones().find((z) => z === token) ?? allZones().find((z) => z.toLowerCase() === lower);
  if (listed) return listed;
  if (/[A-Z]/.test(token)) return token;
  return token.replace(/(^|[/_-])([a-z])/g, (_m, sep: string, c: string) => `${sep}${c.toUpperCase()}`);
}

/** A zone whose city part is `token` ("jakarta", "new_york", "Ho Chi Minh"), when exactly one matches. */
export function zoneByCity(token: string): string | undefined {
  const key = foldKey(token);
  const hits = allZones().filter((z) => foldKey(z.split('/').pop() ?? '') === key);
  return hits.length === 1 ? hits[0] : undefined;
}

/** Nearest valid zones for a typo ("Asia/Jakata" → Asia/Jakarta), comparing full names and city parts. */
export function suggestZones(token: string): string[] {
  const key = foldKey(token);
  const scored = allZones().map((z) => {
    const full = editDistance(key, foldKey(z));
    const city = editDistance(key, foldKey(z.split('/').pop() ?? ''));
    return { z, d: Math.min(full, city), len: Math.min(z.length, (z.split('/').pop() ?? '').length) };
  });
  return scored
    .filter((s) => s.d <= typoBudget(Math.max(key.length, s.len)) && s.d < key.length)
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map((s) => s.z);
}
