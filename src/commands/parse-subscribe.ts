/**
 * The `subscribe` / `unsubscribe` token grammar: kinds, cadence, weekday, time, IANA zone and
 * language in any order, in any catalog's words (`subscribe digest fri 17:30`, `订阅 摘要
 * 每周五 下午5点半 中文`, also run together: `订阅摘要每周五17:30`). Anything not understood gets
 * a specific hint; nothing is silently defaulted.
 */
import { isValidZone } from '../delivery/schedule';
import { quoteUserText } from '../text/message';
import type { Cadence, SubscriptionKind, Weekday } from '../delivery/model';
import { SUBSCRIPTION_KINDS } from '../delivery/model';
import { editDistance, foldKey, nearest, own, typoBudget } from '../text/match';
import { LANGS, resolveLang, type Lang } from '../text/i18n';
import { textsFor, type Texts } from '../text/texts';
import { hint } from './usage';
import type { Command, ParseResult } from './types';
import {
  anyLangWords,
  CADENCE_WORDS,
  commandText,
  commandWord,
  impliedLang,
  KIND_WORDS,
  LANG_WORDS,
  splitKnownWords,
  WEEKDAY_WORDS,
  type Meaning,
} from './vocabulary';

const VOCABULARY = [...KIND_WORDS.words(), ...CADENCE_WORDS.words(), ...WEEKDAY_WORDS.words()];
/** Words the option vocabulary knows, for splitting run-together words. */
const isOptionWord = (w: string): boolean =>
  KIND_WORDS.get(w) !== undefined ||
  CADENCE_WORDS.get(w) !== undefined ||
  WEEKDAY_WORDS.get(w) !== undefined ||
  LANG_WORDS.get(w) !== undefined;

const q = (tx: Texts, s: string): string => tx.t('common.quoted', { text: quoteUserText(s, 40) });

/* ------------------------------------------------------------------ time */

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
  tx.t('subscribe.badTime', { text: q(tx, token), why: p.why, near: p.near ?? '' });

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
const looksLikeTime = (t: string): boolean =>
  /^\d/.test(t) ||
  /:/.test(t) ||
  own(NAMED_TIMES, t.toLowerCase()) !== undefined ||
  spelledTime(t.toLowerCase()) !== null;
/** A locale as platforms write it, `zh-TW`, `en_GB`: a subscription language. */
const LOCALE_TAG = /^[a-z]{2,3}[-_][A-Za-z0-9]{2,8}$/i;
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

type Fail = Extract<ParseResult, { ok: false }>;
type Ok = Extract<ParseResult, { ok: true }>;
interface Problem {
  problem: string;
  suggest?: string[];
  extra?: string;
}
const failWith =
  (usage: 'subscribe' | 'unsubscribe') =>
  (build: (tx: Texts) => Problem): Fail => ({
    ok: false,
    hint: (lang) => {
      const tx = textsFor(lang);
      const p = build(tx);
      return hint(tx, p.problem, { usage, suggest: p.suggest, extra: p.extra });
    },
  });
const fail = failWith('subscribe');

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

/**
 * The words of `subscribe`/`unsubscribe` as typed: list punctuation is a separator
 * ("摘要、提醒", "digest, alerts"), and ideographic words run together are split at the words
 * the options know ("摘要每周五17:30" → 摘要, 每周五, 17:30).
 */
function tokensOf(args: string[]): string[] {
  return mergeMeridiem(
    args
      .flatMap((a) => a.split(/[,;、，；]+/))
      .filter(Boolean)
      .flatMap((a) => splitKnownWords(a, isOptionWord)),
  );
}

/** What `subscribe`'s words set so far, and the word first given for each option (quoted back on a clash). */
interface SubscribeWords {
  kinds: Set<SubscriptionKind>;
  cadence?: Cadence;
  weekday?: Weekday;
  time?: string;
  zone?: string;
  lang?: Lang;
  given: Partial<Record<SingleOption, string>>;
  /** The language the option words imply (the first that implies one). */
  typed?: Lang;
}
type SingleOption = 'cadence' | 'weekday' | 'time' | 'zone' | 'lang';

/** Notes the language a word implies, once. */
const noteLang = (words: { typed?: Lang }, m: Meaning<unknown> | undefined): void => {
  words.typed ??= impliedLang(m);
};

export function parseSubscribe(args: string[]): Ok | Fail {
  const words: SubscribeWords = { kinds: new Set(), given: {} };
  for (const token of tokensOf(args)) {
    const problem = readSubscribeWord(token, words);
    if (problem) return withLang(problem, words.typed);
  }
  if (words.cadence === 'daily' && words.weekday !== undefined) {
    return withLang(
      fail((tx) => ({
        problem: tx.t('subscribe.weekdayWithDaily', {
          weekly: cadenceWord(tx, 'weekly'),
        }),
      })),
      words.typed,
    );
  }
  const command: Command = {
    name: 'subscribe',
    kinds: words.kinds.size > 0 ? SUBSCRIPTION_KINDS.filter((k) => words.kinds.has(k)) : [...SUBSCRIPTION_KINDS],
    cadence: words.cadence ?? 'weekly',
    weekday: words.weekday ?? 1,
    time: words.time ?? '09:00',
  };
  if (words.zone) command.zone = words.zone;
  if (words.lang) command.lang = words.lang;
  return withLang({ ok: true, command }, words.typed);
}

const withLang = <R extends ParseResult>(r: R, lang: Lang | undefined): R => (lang ? { ...r, lang } : r);

/** The word shown for a cadence in the reader's language. */
const cadenceWord = (tx: Texts, c: Cadence): string => tx.words(`grammar.cadence.${c}`)[0] ?? c;

/** One word of `subscribe`: the option it sets, or why it is not one. */
function readSubscribeWord(token: string, words: SubscribeWords): Fail | undefined {
  const kind = KIND_WORDS.get(token);
  if (kind) {
    noteLang(words, kind);
    const k = kind.values[0];
    for (const x of k === 'all' ? SUBSCRIPTION_KINDS : [k]) words.kinds.add(x);
    return undefined;
  }
  const cadence = CADENCE_WORDS.get(token);
  if (cadence) {
    noteLang(words, cadence);
    return setOnce(words, 'cadence', cadence.values[0], token);
  }
  const weekday = WEEKDAY_WORDS.get(token);
  if (weekday) {
    noteLang(words, weekday);
    return setOnce(words, 'weekday', weekday.values[0], token);
  }
  const lang = LANG_WORDS.get(token)?.values[0] ?? (LOCALE_TAG.test(token) ? resolveLang(token) : undefined);
  if (lang) return setOnce(words, 'lang', lang, token);
  if (looksLikeOffset(token)) return fail((tx) => ({ problem: tx.t('subscribe.offset', { text: q(tx, token) }) }));
  if (looksLikeTime(token)) {
    const t = parseTimeOfDay(token);
    return t.ok ? setOnce(words, 'time', t.time, token) : fail((tx) => ({ problem: timeProblemText(tx, token, t) }));
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
  if (current !== undefined && current !== value) {
    const first = words.given[option] ?? '';
    return fail((tx) => ({
      problem: tx.t('subscribe.clash', { option, first: q(tx, first), second: q(tx, token) }),
    }));
  }
  words.given[option] ??= token;
  words[option] = value;
  return undefined;
}

/** The hint for a word that is no subscribe option: the nearest option or zone, else the list. */
function notAnOption(token: string): Fail {
  const word =
    /\p{Script=Han}/u.test(token) || !token.includes('/')
      ? nearest(token.toLowerCase(), VOCABULARY, (w) => w, 1)[0]
      : undefined;
  if (word)
    return fail((tx) => ({
      problem: tx.t('subscribe.notAnOptionNear', {
        text: q(tx, token),
        word,
        command: commandWord(tx.lang, 'subscribe'),
      }),
      suggest: [commandText(tx.lang, 'subscribe', word)],
    }));
  const zones = suggestZones(token);
  if (zones.length > 0) {
    return fail((tx) => ({
      problem: tx.t('subscribe.unknownZoneNear', { text: q(tx, token), zones: tx.list(zones, 'or') }),
      suggest: zones.map((z) => commandText(tx.lang, 'subscribe', z)),
    }));
  }
  return fail((tx) => ({
    problem: tx.t('subscribe.notUnderstood', { text: q(tx, token) }),
    extra: tx.t('subscribe.options', { langs: tx.list(LANGS.map((l) => tx.langName(l))) }),
  }));
}

export function parseUnsubscribe(args: string[]): Ok | Fail {
  const kinds = new Set<SubscriptionKind>();
  const typed: { typed?: Lang } = {};
  for (const token of tokensOf(args)) {
    const kind = KIND_WORDS.get(token);
    if (!kind) {
      const word = nearest(token.toLowerCase(), KIND_WORDS.words(), (w) => w, 1)[0];
      return withLang(
        failWith('unsubscribe')((tx) => ({
          problem: word
            ? tx.t('subscribe.notUnsubscribableNear', { text: q(tx, token), word })
            : tx.t('subscribe.notUnsubscribable', { text: q(tx, token) }),
          suggest: word ? [commandText(tx.lang, 'unsubscribe', word)] : undefined,
        })),
        typed.typed,
      );
    }
    noteLang(typed, kind);
    const k = kind.values[0];
    for (const x of k === 'all' ? SUBSCRIPTION_KINDS : [k]) kinds.add(x);
  }
  return withLang(
    {
      ok: true,
      command: {
        name: 'unsubscribe',
        kinds: kinds.size > 0 ? SUBSCRIPTION_KINDS.filter((k) => kinds.has(k)) : [...SUBSCRIPTION_KINDS],
      },
    },
    typed.typed,
  );
}
