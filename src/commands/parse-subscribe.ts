/**
 * The `subscribe` / `unsubscribe` token grammar (times and zones in parse-time.ts): kinds, cadence, weekday, time, IANA zone and
 * language in any order, in any catalog's words (`subscribe digest fri 17:30`, `订阅 摘要
 * 每周五 下午5点半 中文`, also run together: `订阅摘要每周五17:30`). Anything not understood gets
 * a specific hint; nothing is silently defaulted.
 */
import { quoteUserText } from '../text/message';
import type { Cadence, SubscriptionKind, Weekday } from '../delivery/model';
import { SUBSCRIPTION_KINDS } from '../delivery/model';
import { nearest } from '../text/match';
import {
  canonicalZone,
  fixedOffsetZones,
  looksLikeTime,
  parseTimeOfDay,
  suggestZones,
  timeProblemText,
  zoneByCity,
} from './parse-time';
import { LANGS, resolveLang, type Lang } from '../text/i18n';
import { textsFor, type Texts } from '../text/texts';
import { hint } from './usage';
import type { Command, FilterWords, ParseResult } from './types';
import {
  CADENCE_WORDS,
  commandText,
  commandWord,
  FILTER_WORDS,
  impliedLang,
  KIND_WORDS,
  LANG_WORDS,
  splitKnownWords,
  WEEKDAY_WORDS,
  type Meaning,
} from './vocabulary';

const VOCABULARY = [...KIND_WORDS.words(), ...CADENCE_WORDS.words(), ...WEEKDAY_WORDS.words(), ...FILTER_WORDS.words()];
/** Words the option vocabulary knows, for splitting run-together words. */
const isOptionWord = (w: string): boolean =>
  KIND_WORDS.get(w) !== undefined ||
  FILTER_WORDS.get(w) !== undefined ||
  CADENCE_WORDS.get(w) !== undefined ||
  WEEKDAY_WORDS.get(w) !== undefined ||
  LANG_WORDS.get(w) !== undefined;

const q = (tx: Texts, s: string): string => tx.t('common.quoted', { text: quoteUserText(s, 40) });

/** A locale as platforms write it, `zh-TW`, `en_GB`: a subscription language. */
const LOCALE_TAG = /^[a-z]{2,3}[-_][A-Za-z0-9]{2,8}$/i;

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
  parties?: FilterWords;
  areas?: FilterWords;
  given: Partial<Record<SingleOption, string>>;
  /** The language the option words imply (the first that implies one). */
  typed?: Lang;
  /** After `party` or `area`: the names that follow are read as that filter's. */
  filter?: 'parties' | 'areas';
  /** Every word, for hints that offer the whole command again. */
  tokens: string[];
}
type SingleOption = 'cadence' | 'weekday' | 'time' | 'zone' | 'lang';

/** Notes the language a word implies, once. */
const noteLang = (words: { typed?: Lang }, m: Meaning<unknown> | undefined): void => {
  words.typed ??= impliedLang(m);
};

export function parseSubscribe(args: string[]): Ok | Fail {
  const tokens = tokensOf(args);
  const words: SubscribeWords = { kinds: new Set(), given: {}, tokens };
  for (const [at, token] of tokens.entries()) {
    const problem = readSubscribeWord(token, at, words);
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
  // Alerts follow the data, not a clock: a day or time typed for them alone is noted, not applied.
  const timing = (['cadence', 'weekday', 'time'] as const).flatMap((o) => words.given[o] ?? []);
  const alertsOnly = words.kinds.size === 1 && words.kinds.has('alerts');
  // Reminders come on each anniversary: a day or cadence typed for them alone is noted, not applied.
  const dating = (['cadence', 'weekday'] as const).flatMap((o) => words.given[o] ?? []);
  const remindersOnly = words.kinds.size === 1 && words.kinds.has('reminders');
  const command: Command = {
    name: 'subscribe',
    kinds: words.kinds.size > 0 ? SUBSCRIPTION_KINDS.filter((k) => words.kinds.has(k)) : [...SUBSCRIPTION_KINDS],
    words: tokens,
    ...(alertsOnly && timing.length > 0 ? { untimed: timing } : {}),
    ...(remindersOnly && dating.length > 0 ? { undated: dating } : {}),
  };
  for (const option of alertsOnly
    ? (['zone', 'lang', 'parties', 'areas'] as const)
    : remindersOnly
      ? (['time', 'zone', 'lang', 'parties', 'areas'] as const)
      : (['cadence', 'weekday', 'time', 'zone', 'lang', 'parties', 'areas'] as const))
    if (words[option] !== undefined) Object.assign(command, { [option]: words[option] });
  return withLang({ ok: true, command }, words.typed);
}

const withLang = <R extends ParseResult>(r: R, lang: Lang | undefined): R => (lang ? { ...r, lang } : r);

/** The word shown for a cadence in the reader's language. */
const cadenceWord = (tx: Texts, c: Cadence): string => tx.words(`grammar.cadence.${c}`)[0] ?? c;

/**
 * Whether a word after `party …` / `area …` is a name of that filter rather than another option.
 * Names win over zones by city (`party singapore`) and over bare numbers (`area 4 9`); any word
 * the options know, a time with more than digits, or a zone with a slash ends the list.
 */
function isFilterName(token: string, filter: 'parties' | 'areas'): boolean {
  if (isOptionWord(token) || FILTER_WORDS.get(token) || LOCALE_TAG.test(token) || token.includes('/')) return false;
  if (filter === 'areas' && /^#?\d{1,2}$/.test(token)) return true;
  return !looksLikeTime(token);
}

/** One word of `subscribe`: the option it sets, or why it is not one. */
function readSubscribeWord(token: string, at: number, words: SubscribeWords): Fail | undefined {
  const filterWord = FILTER_WORDS.get(token);
  if (filterWord) {
    noteLang(words, filterWord);
    words.filter = filterWord.values[0];
    if (words[words.filter] === undefined) words[words.filter] = [];
    return undefined;
  }
  const filter = words.filter;
  if (filter) {
    const list = words[filter];
    if (Array.isArray(list) && list.length === 0 && KIND_WORDS.get(token)?.values[0] === 'all') {
      words[filter] = 'all';
      words.filter = undefined;
      return undefined;
    }
    if (isFilterName(token, filter) && list !== 'all') {
      list?.push(at);
      return undefined;
    }
    words.filter = undefined;
  }
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
  const fixed = fixedOffsetZones(token);
  if (fixed) {
    return fail((tx) => ({
      problem: tx.t('subscribe.offset', { text: q(tx, token), zones: tx.list(fixed, 'or') }),
      suggest: fixed.map((z) => withWordReplaced(tx.lang, 'subscribe', words.tokens, at, z)),
    }));
  }
  if (looksLikeTime(token)) {
    const t = parseTimeOfDay(token);
    if (t.ok) return setOnce(words, 'time', t.time, token);
    // The nearest valid time, when there is one, as the whole command again.
    const near = t.near ?? (t.why === 'midnight' ? '00:00' : undefined);
    return fail((tx) => ({
      problem: timeProblemText(tx, token, t),
      suggest: near ? [withWordReplaced(tx.lang, 'subscribe', words.tokens, at, near)] : undefined,
    }));
  }
  const zone = canonicalZone(token) ?? (token.includes('/') ? undefined : zoneByCity(token));
  if (zone) return setOnce(words, 'zone', zone, token);
  return notAnOption(words.tokens, at);
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

/** The whole command again, as a reader of `lang` types it, with the word at `at` replaced. */
export const withWordReplaced = (
  lang: Lang,
  name: 'subscribe' | 'unsubscribe',
  tokens: readonly string[],
  at: number,
  word: string,
): string => commandText(lang, name, ...tokens.map((t, i) => (i === at ? word : t)));

/**
 * The hint for a word that is no subscribe option: the nearest option or zone, else the list.
 * Its buttons run the user's whole command with only that word replaced.
 */
function notAnOption(tokens: readonly string[], at: number): Fail {
  const token = tokens[at];
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
      suggest: [withWordReplaced(tx.lang, 'subscribe', tokens, at, word)],
    }));
  const zones = suggestZones(token);
  if (zones.length > 0) {
    return fail((tx) => ({
      problem: tx.t('subscribe.unknownZoneNear', { text: q(tx, token), zones: tx.list(zones, 'or') }),
      suggest: zones.map((z) => withWordReplaced(tx.lang, 'subscribe', tokens, at, z)),
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
  const tokens = tokensOf(args);
  for (const [at, token] of tokens.entries()) {
    const kind = KIND_WORDS.get(token);
    if (!kind) {
      const word = nearest(token.toLowerCase(), KIND_WORDS.words(), (w) => w, 1)[0];
      return withLang(
        failWith('unsubscribe')((tx) => ({
          problem: word
            ? tx.t('subscribe.notUnsubscribableNear', { text: q(tx, token), word })
            : tx.t('subscribe.notUnsubscribable', { text: q(tx, token) }),
          suggest: word ? [withWordReplaced(tx.lang, 'unsubscribe', tokens, at, word)] : undefined,
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
