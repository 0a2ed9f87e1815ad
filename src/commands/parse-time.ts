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

/* ------------------------------------------------------------------ fixed offsets */

/**
 * A zone per UTC offset (minutes, standard time) for the "nearest time zone" hint, ASEAN and
 * China first where several share an offset.
 */
const ZONE_BY_OFFSET: ReadonlyArray<readonly [number, string]> = [
  [-660, 'Pacific/Pago_Pago'],
  [-600, 'Pacific/Honolulu'],
  [-540, 'America/Anchorage'],
  [-480, 'America/Los_Angeles'],
  [-420, 'America/Denver'],
  [-360, 'America/Chicago'],
  [-300, 'America/New_York'],
  [-240, 'America/Halifax'],
  [-180, 'America/Sao_Paulo'],
  [-120, 'Atlantic/South_Georgia'],
  [-60, 'Atlantic/Azores'],
  [0, 'UTC'],
  [0, 'Europe/London'],
  [60, 'Europe/Paris'],
  [120, 'Europe/Athens'],
  [180, 'Europe/Moscow'],
  [240, 'Asia/Dubai'],
  [300, 'Asia/Karachi'],
  [330, 'Asia/Kolkata'],
  [345, 'Asia/Kathmandu'],
  [360, 'Asia/Dhaka'],
  [390, 'Asia/Yangon'],
  [420, 'Asia/Bangkok'],
  [420, 'Asia/Jakarta'],
  [480, 'Asia/Singapore'],
  [480, 'Asia/Shanghai'],
  [540, 'Asia/Tokyo'],
  [570, 'Australia/Darwin'],
  [600, 'Australia/Sydney'],
  [660, 'Pacific/Noumea'],
  [720, 'Pacific/Auckland'],
  [780, 'Pacific/Tongatapu'],
  [840, 'Pacific/Kiritimati'],
];

/** Time-zone abbreviations (and the runtime's legacy fixed names such as EST) → the zones they stand for. */
const ZONE_BY_ABBREVIATION: Record<string, string[]> = {
  est: ['America/New_York'],
  edt: ['America/New_York'],
  est5edt: ['America/New_York'],
  cst: ['America/Chicago', 'Asia/Shanghai'],
  cdt: ['America/Chicago'],
  cst6cdt: ['America/Chicago'],
  mst: ['America/Denver', 'America/Phoenix'],
  mdt: ['America/Denver'],
  mst7mdt: ['America/Denver'],
  pst: ['America/Los_Angeles'],
  pdt: ['America/Los_Angeles'],
  pst8pdt: ['America/Los_Angeles'],
  hst: ['Pacific/Honolulu'],
  akst: ['America/Anchorage'],
  akdt: ['America/Anchorage'],
  bst: ['Europe/London'],
  cet: ['Europe/Paris'],
  cest: ['Europe/Paris'],
  met: ['Europe/Paris'],
  eet: ['Europe/Athens'],
  eest: ['Europe/Athens'],
  wet: ['Europe/Lisbon'],
  west: ['Europe/Lisbon'],
  ist: ['Asia/Kolkata'],
  sgt: ['Asia/Singapore'],
  myt: ['Asia/Kuala_Lumpur'],
  pht: ['Asia/Manila'],
  ict: ['Asia/Bangkok', 'Asia/Ho_Chi_Minh'],
  wib: ['Asia/Jakarta'],
  wita: ['Asia/Makassar'],
  wit: ['Asia/Jayapura'],
  bnt: ['Asia/Brunei'],
  mmt: ['Asia/Yangon'],
  hkt: ['Asia/Hong_Kong'],
  jst: ['Asia/Tokyo'],
  kst: ['Asia/Seoul'],
  aest: ['Australia/Sydney'],
  aedt: ['Australia/Sydney'],
  acst: ['Australia/Adelaide'],
  awst: ['Australia/Perth'],
  nzst: ['Pacific/Auckland'],
  nzdt: ['Pacific/Auckland'],
};

/** The zones whose offset is nearest `minutes` (all of them when several tie). */
function zonesNear(minutes: number): string[] {
  const best = Math.min(...ZONE_BY_OFFSET.map(([m]) => Math.abs(m - minutes)));
  return ZONE_BY_OFFSET.filter(([m]) => Math.abs(m - minutes) === best).map(([, z]) => z);
}

/**
 * When `token` is a fixed offset or an abbreviation rather than a time zone — `+08:00`, `UTC+8`,
 * `GMT-05:00`, `Etc/GMT-8` (POSIX sign: UTC+8), `EST`, `PST`, `CST6CDT`, `SGT` — the IANA zones
 * nearest to what it means; undefined for anything else. None of these follows daylight saving
 * (or they follow someone else's), so each gets the same hint. UTC and GMT themselves are zones.
 */
export function fixedOffsetZones(token: string): string[] | undefined {
  const t = token.trim();
  const offset = /^(?:utc|gmt)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(t);
  if (offset) {
    const minutes = Number(offset[2]) * 60 + Number(offset[3] ?? 0);
    return zonesNear(offset[1] === '-' ? -minutes : minutes);
  }
  const etc = /^etc\/gmt([+-])(\d{1,2})$/i.exec(t);
  if (etc && Number(etc[2]) !== 0) {
    // POSIX signs are inverted: Etc/GMT-8 is eight hours AHEAD of UTC.
    const hours = Number(etc[2]);
    return zonesNear((etc[1] === '-' ? hours : -hours) * 60);
  }
  return own(ZONE_BY_ABBREVIATION, t.toLowerCase());
}
