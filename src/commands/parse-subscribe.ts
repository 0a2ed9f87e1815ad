/**
 * The `subscribe` / `unsubscribe` token grammar: kinds, cadence, weekday, time and IANA zone in
 * any order. Anything not understood gets a specific hint; nothing is silently defaulted.
 */
import { isValidZone } from '../delivery/schedule';
import { quoteUserText, type Message } from '../text/message';
import type { Cadence, SubscriptionKind, Weekday } from '../delivery/model';
import { SUBSCRIPTION_KINDS } from '../delivery/model';
import { editDistance, foldKey, nearest, own, typoBudget } from '../text/match';
import { hint } from './usage';
import type { Command } from './types';

const KIND_WORDS: Record<string, SubscriptionKind | 'all'> = {
  digest: 'digest',
  digests: 'digest',
  reminder: 'reminders',
  reminders: 'reminders',
  alert: 'alerts',
  alerts: 'alerts',
  all: 'all',
  everything: 'all',
};
const CADENCE_WORDS: Record<string, Cadence> = { daily: 'daily', weekly: 'weekly' };
const WEEKDAY_WORDS: Record<string, Weekday> = {
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  weds: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
  sun: 7,
  sunday: 7,
};
const VOCABULARY = [...Object.keys(KIND_WORDS), ...Object.keys(CADENCE_WORDS), ...Object.keys(WEEKDAY_WORDS)];

const q = (s: string): string => `"${quoteUserText(s, 40)}"`;

/* ------------------------------------------------------------------ time */

/**
 * Reads a time of day: `9`, `09`, `9:30`, `0930`, `21:00`, `9am`, `9:30pm`, `12am` (midnight).
 * Returns `HH:MM`, or a hint naming the nearest valid form.
 */
export function parseTimeOfDay(token: string): { ok: true; time: string } | { ok: false; problem: string } {
  const named = own(NAMED_TIMES, token.trim().toLowerCase());
  if (named) return { ok: true, time: named };
  const m = /^(\d{1,2})(?::?(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?$/i.exec(token.trim());
  const bad = (why: string): { ok: false; problem: string } => ({
    ok: false,
    problem: `${q(token)} is not a time of day${why}. Use 24-hour HH:MM from 00:00 to 23:59 (e.g. 09:00, 21:30) or 9am, 9:30pm.`,
  });
  if (!m) return bad('');
  let hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  const meridiem = m[3]?.toLowerCase().replace(/\./g, '');
  if (minute > 59) return bad(`: minutes go up to 59 (nearest: ${pad(hour % 24)}:59)`);
  if (meridiem) {
    if (hour < 1 || hour > 12)
      return bad(
        hour > 12 && hour < 24
          ? `: with am/pm the hour is 1 to 12 (did you mean ${pad(hour)}:${pad(minute)}?)`
          : ': with am/pm the hour is 1 to 12',
      );
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  } else if (hour === 24 && minute === 0) {
    return bad(' (did you mean 00:00, midnight?)');
  } else if (hour > 23) {
    return bad(': hours go from 00 to 23');
  }
  return { ok: true, time: `${pad(hour)}:${pad(minute)}` };
}

const NAMED_TIMES: Record<string, string> = { noon: '12:00', midday: '12:00', midnight: '00:00' };
const pad = (n: number): string => String(n).padStart(2, '0');
const looksLikeTime = (t: string): boolean =>
  /^\d/.test(t) || /:/.test(t) || own(NAMED_TIMES, t.toLowerCase()) !== undefined;
/** "UTC+8", "GMT-05:00", "+07:00": offsets ignore daylight saving, so a zone name is asked for. */
const looksLikeOffset = (t: string): boolean => /^(utc|gmt)?\s*[+-]\d{1,2}(:?\d{2})?$/i.test(t);

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
function zoneByCity(token: string): string | undefined {
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

/* ------------------------------------------------------------------ subscribe */

type Fail = { ok: false; hint: Message };
const fail = (problem: string, suggest?: string[], extra?: string): Fail => ({
  ok: false,
  hint: hint(problem, { usage: 'subscribe', suggest, extra }),
});

/** Joins "9" "am" into "9am" so both spellings work. */
function mergeMeridiem(tokens: string[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    const prev = out[out.length - 1];
    if (/^[ap]\.?m\.?$/i.test(t) && prev !== undefined && /^\d{1,2}(:?\d{2})?$/.test(prev))
      out[out.length - 1] = `${prev}${t}`;
    else out.push(t);
  }
  return out;
}

/** What `subscribe`'s words set so far, and the word first given for each option (quoted back on a clash). */
interface SubscribeWords {
  kinds: Set<SubscriptionKind>;
  cadence?: Cadence;
  weekday?: Weekday;
  time?: string;
  zone?: string;
  given: Partial<Record<SingleOption, string>>;
}
type SingleOption = 'cadence' | 'weekday' | 'time' | 'zone';
const OPTION_NAMES: Record<SingleOption, string> = {
  cadence: 'cadence',
  weekday: 'weekday',
  time: 'time',
  zone: 'time zone',
};

export function parseSubscribe(args: string[]): { ok: true; command: Command } | Fail {
  const words: SubscribeWords = { kinds: new Set(), given: {} };
  for (const token of mergeMeridiem(args)) {
    const problem = readSubscribeWord(token, words);
    if (problem) return problem;
  }
  if (words.cadence === 'daily' && words.weekday !== undefined) {
    return fail('A weekday only applies to weekly digests: drop the weekday, or say weekly.');
  }
  const command: Command = {
    name: 'subscribe',
    kinds: words.kinds.size > 0 ? SUBSCRIPTION_KINDS.filter((k) => words.kinds.has(k)) : [...SUBSCRIPTION_KINDS],
    cadence: words.cadence ?? 'weekly',
    weekday: words.weekday ?? 1,
    time: words.time ?? '09:00',
  };
  if (words.zone) command.zone = words.zone;
  return { ok: true, command };
}

/** One word of `subscribe`: the option it sets, or why it is not one. */
function readSubscribeWord(token: string, words: SubscribeWords): Fail | undefined {
  const lower = token.toLowerCase();
  const kind = own(KIND_WORDS, lower);
  if (kind) {
    for (const k of kind === 'all' ? SUBSCRIPTION_KINDS : [kind]) words.kinds.add(k);
    return undefined;
  }
  const cadence = own(CADENCE_WORDS, lower);
  if (cadence) return setOnce(words, 'cadence', cadence, token);
  const weekday = own(WEEKDAY_WORDS, lower);
  if (weekday) return setOnce(words, 'weekday', weekday, token);
  if (looksLikeOffset(token)) {
    return fail(
      `${q(token)} is an offset, not a time zone: offsets do not follow daylight saving. Use an IANA name such as Asia/Singapore, Asia/Jakarta or Europe/London.`,
    );
  }
  if (looksLikeTime(token)) {
    const t = parseTimeOfDay(token);
    return t.ok ? setOnce(words, 'time', t.time, token) : fail(t.problem);
  }
  const zone = canonicalZone(token) ?? (token.includes('/') ? undefined : zoneByCity(token));
  if (zone) return setOnce(words, 'zone', zone, token);
  return notAnOption(token);
}

/** Sets an option given at most once; a second, different value is a clash the user must resolve. */
function setOnce<K extends SingleOption>(
  words: SubscribeWords,
  option: K,
  value: NonNullable<SubscribeWords[K]>,
  token: string,
): Fail | undefined {
  const current = words[option];
  if (current !== undefined && current !== value)
    return fail(`Two ${OPTION_NAMES[option]}s given (${q(words.given[option] ?? '')} and ${q(token)}): choose one.`);
  words.given[option] ??= token;
  words[option] = value;
  return undefined;
}

/** The hint for a word that is no subscribe option: the nearest option or zone, else the list. */
function notAnOption(token: string): Fail {
  const word = nearest(token.toLowerCase(), VOCABULARY, (w) => w, 1)[0];
  if (word && !token.includes('/'))
    return fail(`${q(token)} is not a subscribe option. Did you mean ${word}?`, [`subscribe ${word}`]);
  const zones = suggestZones(token);
  if (zones.length > 0) {
    return fail(
      `${q(token)} is not a time zone I know. Did you mean ${zones.join(' or ')}?`,
      zones.map((s) => `subscribe ${s}`),
    );
  }
  return fail(
    `${q(token)} is not understood.`,
    undefined,
    'Options: digest, reminders, alerts, all · daily, weekly · mon … sun · a time like 09:00 or 9am · an IANA time zone like Asia/Singapore.',
  );
}

export function parseUnsubscribe(args: string[]): { ok: true; command: Command } | Fail {
  const kinds = new Set<SubscriptionKind>();
  for (const token of args) {
    const kind = own(KIND_WORDS, token.toLowerCase());
    if (!kind) {
      const word = nearest(token, Object.keys(KIND_WORDS), (w) => w, 1)[0];
      const problem = word
        ? `${q(token)} is not something you can unsubscribe from. Did you mean ${word}?`
        : `${q(token)} is not something you can unsubscribe from.`;
      return {
        ok: false,
        hint: hint(problem, { usage: 'unsubscribe', suggest: word ? [`unsubscribe ${word}`] : undefined }),
      };
    }
    for (const k of kind === 'all' ? SUBSCRIPTION_KINDS : [kind]) kinds.add(k);
  }
  return {
    ok: true,
    command: {
      name: 'unsubscribe',
      kinds: kinds.size > 0 ? SUBSCRIPTION_KINDS.filter((k) => kinds.has(k)) : [...SUBSCRIPTION_KINDS],
    },
  };
}
