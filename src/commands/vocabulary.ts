/**
 * The words of the grammar, in every language: built once from the catalogs' `grammar` sections
 * (`grammar.command.status` = "status, ratification, …" / "状态, 核准状态, …"), so a new
 * catalog brings its command words with it. The first word of each list is the one shown (in
 * usage, examples and buttons); every word is understood, in any language.
 *
 * A word implies its language when only one non-English catalog lists it (`状态` → zh); English
 * words imply nothing, being the canonical grammar buttons and examples also use.
 */
import { DEFAULT_LANG, LANGS, t, words, type Lang, type MessageKey } from '../text/i18n';
import type { Cadence, SubscriptionKind, Weekday } from '../delivery/model';
import type { CommandName } from './types';

/** Every command, in the order `help` lists them. */
export const COMMAND_NAMES: readonly CommandName[] = [
  'help',
  'status',
  'party',
  'timeline',
  'milestone',
  'areas',
  'area',
  'next',
  'subscribe',
  'unsubscribe',
  'subscriptions',
  'digest',
];

/** What a word means, and which catalogs list it. */
export interface Meaning<V> {
  values: V[];
  langs: Set<Lang>;
}

/** Words (folded to lower case) → their meanings. */
export class WordMap<V> {
  private readonly map = new Map<string, Meaning<V>>();

  /** `[word, value, language of the catalog listing it]`. */
  constructor(entries: Iterable<[string, V, Lang]>) {
    for (const [word, value, lang] of entries) this.add(word.toLowerCase(), value, lang);
  }

  /** One catalog list per value (`grammar.kind.digest` …), read in every language. */
  static fromCatalogs<V>(lists: ReadonlyArray<[V, MessageKey]>, extra: ReadonlyArray<[string, V]> = []): WordMap<V> {
    const entries: Array<[string, V, Lang]> = [];
    for (const lang of LANGS)
      for (const [value, k] of lists) for (const word of words(lang, k)) entries.push([word, value, lang]);
    for (const [word, value] of extra) entries.push([word, value, DEFAULT_LANG]);
    return new WordMap(entries);
  }

  private add(word: string, value: V, lang: Lang): void {
    const m = this.map.get(word) ?? { values: [], langs: new Set<Lang>() };
    if (!m.values.includes(value)) m.values.push(value);
    m.langs.add(lang);
    this.map.set(word, m);
  }

  get(word: string): Meaning<V> | undefined {
    return this.map.get(word.toLowerCase());
  }

  /** Every word understood. */
  words(): string[] {
    return [...this.map.keys()];
  }
}

/** The language a word implies: the one non-English catalog listing it, if exactly one does. */
export function impliedLang(m: Meaning<unknown> | undefined): Lang | undefined {
  if (!m || m.langs.has(DEFAULT_LANG) || m.langs.size !== 1) return undefined;
  return [...m.langs][0];
}

const key = (prefix: string, name: string): MessageKey => `${prefix}.${name}` as MessageKey;

export const COMMAND_WORDS = WordMap.fromCatalogs<CommandName>(
  COMMAND_NAMES.map((n) => [n, key('grammar.command', n)]),
  // The canonical names always work, whatever a catalog says.
  COMMAND_NAMES.map((n) => [n, n]),
);

export const KIND_WORDS = WordMap.fromCatalogs<SubscriptionKind | 'all'>(
  (['digest', 'reminders', 'alerts', 'all'] as const).map((k) => [k, key('grammar.kind', k)]),
);

export const CADENCE_WORDS = WordMap.fromCatalogs<Cadence>(
  (['daily', 'weekly'] as const).map((c) => [c, key('grammar.cadence', c)]),
);

/** `party …` and `area …` inside `subscribe`: the names after them narrow the subscription. */
export const FILTER_WORDS = WordMap.fromCatalogs<'parties' | 'areas'>([
  ['parties', 'grammar.filter.party'],
  ['areas', 'grammar.filter.area'],
]);

const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const WEEKDAY_WORDS = WordMap.fromCatalogs<Weekday>(
  WEEKDAY_KEYS.map((d, i) => [(i + 1) as Weekday, key('grammar.weekday', d)]),
);

/** `timeline --all` in every language (`时间线 全部`). */
export const TIMELINE_ALL_WORDS = WordMap.fromCatalogs<true>([[true, 'grammar.timelineAll']]);

/**
 * Languages by name: `zh`, `chinese`, `中文`, `english`, `英文` … Each catalog's `lang.words` names
 * its own language (in any script), so they imply nothing about the reader's language.
 */
export const LANG_WORDS = new WordMap<Lang>(
  LANGS.flatMap((lang) =>
    [lang, ...words(lang, 'lang.words')].map((w): [string, Lang, Lang] => [w, lang, DEFAULT_LANG]),
  ),
);

/** A word list of the grammar in every language at once (time markers, day units). */
export const anyLangWords = (k: MessageKey): string[] => [...new Set(LANGS.flatMap((l) => words(l, k)))];

/** The word shown for a command in `lang`: `status` / `状态`. */
export const commandWord = (lang: Lang, name: CommandName): string =>
  words(lang, key('grammar.command', name))[0] ?? name;

/** A command line as a reader of `lang` would type it: `party vn` / `缔约方 vn`. */
export const commandText = (lang: Lang, name: CommandName, ...args: string[]): string =>
  [commandWord(lang, name), ...args.filter((a) => a !== '')].join(' ');

/** The word shown for a grammar option in `lang`: kinds, cadences, weekdays, `--all`. */
export const optionWord = (lang: Lang, k: MessageKey): string => words(lang, k)[0] ?? '';

const scripts: Array<{ lang: Lang; re: RegExp }> = LANGS.filter((l) => l !== DEFAULT_LANG).flatMap((lang) => {
  try {
    return [{ lang, re: new RegExp(`\\p{Script=${t(lang, 'lang.script')}}`, 'u') }];
  } catch {
    return [];
  }
});

/**
 * The language a text not understood is probably in: the one non-English catalog whose script
 * (`lang.script`, e.g. Han) the text uses, when exactly one does.
 */
export function scriptLang(text: string): Lang | undefined {
  const hits = scripts.filter((s) => s.re.test(text));
  return hits.length === 1 ? hits[0].lang : undefined;
}

/**
 * Splits run-together words written without spaces ("订阅摘要每周一", "缔约方越南") at the
 * words a vocabulary knows: the longest known word at each position; text between known words
 * is kept as one piece ("订阅", "摘要", "每周一", "9:00"). Only ideographic text is split: Latin
 * words are separated by spaces already.
 */
export function splitKnownWords(token: string, known: (word: string) => boolean, maxLen = 8): string[] {
  if (!/\p{Script=Han}/u.test(token)) return [token];
  const chars = Array.from(token);
  const out: string[] = [];
  let rest = '';
  for (let i = 0; i < chars.length;) {
    let hit = 0;
    for (let n = Math.min(maxLen, chars.length - i); n >= 1; n--) {
      const candidate = chars.slice(i, i + n).join('');
      if (/\p{Script=Han}/u.test(candidate) && known(candidate.toLowerCase())) {
        hit = n;
        break;
      }
    }
    if (hit === 0) {
      rest += chars[i];
      i += 1;
      continue;
    }
    if (rest) out.push(rest);
    rest = '';
    out.push(chars.slice(i, i + hit).join(''));
    i += hit;
  }
  if (rest) out.push(rest);
  return out;
}
