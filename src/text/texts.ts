/**
 * `textsFor(lang)`: one language's catalog and formatters bundled, so code that builds a message
 * writes `tx.t('status.header')`, `tx.day(data.asOf)`, `tx.fact(milestone.date)` without passing
 * the language to every call. One bundle per language, made once.
 */
import {
  formatDatedFact,
  formatDateValue,
  formatDay,
  formatLangName,
  formatList,
  formatLocalDateTime,
  formatNumber,
  formatWeekday,
} from './format';
import { isLang, DEFAULT_LANG, t, words, type Lang, type MessageKey } from './i18n';
import type { MessageValues } from './message-format';
import type { DatedFact, DateValue } from '../treaty/model';

export interface Texts {
  readonly lang: Lang;
  /** A catalog message in this language. */
  t(key: MessageKey, values?: MessageValues): string;
  /** A catalog word list (command words): the first is the one shown, all are understood. */
  words(key: MessageKey): string[];
  /** `YYYY-MM-DD` as a date. */
  day(date: string): string;
  /** One date value at its precision. */
  date(v: Pick<DateValue, 'date' | 'precision'>): string;
  /** A dated fact, conflicts shown; `unknownText` when it has no value. */
  fact(f: DatedFact | undefined, unknownText?: string): string;
  list(items: readonly string[], type?: 'and' | 'or'): string;
  number(n: number): string;
  weekday(isoWeekday: number, width?: 'long' | 'short'): string;
  localDateTime(at: Date, zone: string): string;
  /** A language's name in this language: `zh` → "Chinese" / 中文. */
  langName(lang: Lang): string;
}

const bundles = new Map<Lang, Texts>();

/** The bundle for `lang` (a language without a catalog gets the default language's). */
export function textsFor(lang: Lang): Texts {
  const l = isLang(lang) ? lang : DEFAULT_LANG;
  let tx = bundles.get(l);
  if (!tx) {
    tx = {
      lang: l,
      t: (key, values) => t(l, key, values),
      words: (key) => words(l, key),
      day: (date) => formatDay(l, date),
      date: (v) => formatDateValue(l, v),
      fact: (f, unknownText) => formatDatedFact(l, f, unknownText),
      list: (items, type) => formatList(l, items, type),
      number: (n) => formatNumber(l, n),
      weekday: (n, width) => formatWeekday(l, n, width),
      localDateTime: (at, zone) => formatLocalDateTime(l, at, zone),
      langName: (other) => formatLangName(l, other),
    };
    bundles.set(l, tx);
  }
  return tx;
}
