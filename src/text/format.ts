/**
 * Dates, weekdays, times, numbers and lists in a reader's language, by Intl (and luxon) in the
 * language's locale (`lang.locale` of its catalog): "28 Oct 2025" / 2025年10月28日, "Nov 2022" /
 * 2022年11月, "2015" / 2015年, every Monday / 每周一. A date is never shown finer than its
 * precision, and conflicting values are all shown ("21 or 22 Nov 2015 (sources differ)").
 * Formatters are built once per locale and options.
 */
import { LRUCache } from 'lru-cache';
import { DateTime } from 'luxon';
import type { DatedFact, DateValue } from '../treaty/model';
import { localeOf, t, type Lang } from './i18n';

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const listFormats = new Map<string, Intl.ListFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

const PRECISION_OPTIONS: Record<DateValue['precision'], Intl.DateTimeFormatOptions> = {
  day: { day: 'numeric', month: 'short', year: 'numeric' },
  month: { month: 'short', year: 'numeric' },
  year: { year: 'numeric' },
};

function dateFormat(lang: Lang, precision: DateValue['precision']): Intl.DateTimeFormat {
  const locale = localeOf(lang);
  const id = `${locale}|${precision}`;
  let f = dateFormats.get(id);
  if (!f) {
    // Calendar dates carry no zone: formatted as UTC midnight, in UTC.
    f = new Intl.DateTimeFormat(locale, { ...PRECISION_OPTIONS[precision], timeZone: 'UTC' });
    dateFormats.set(id, f);
  }
  return f;
}

/** `YYYY[-MM[-DD]]` as a UTC instant (missing parts are the first of the year or month). */
const utcOf = (date: string): Date => {
  const [y, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
};

// The same few dates (the data's, today's) are formatted over and over: each text is kept.
const formattedDates = new LRUCache<string, string>({ max: 5000 });

/** One value at its own precision: "2015" / 2015年, "Nov 2022" / 2022年11月, "28 Oct 2025" / 2025年10月28日. */
export function formatDateValue(lang: Lang, v: Pick<DateValue, 'date' | 'precision'>): string {
  const id = `${lang}|${v.precision}|${v.date}`;
  let text = formattedDates.get(id);
  if (text === undefined) {
    text = dateFormat(lang, v.precision).format(utcOf(v.date));
    formattedDates.set(id, text);
  }
  return text;
}

/** A whole `YYYY-MM-DD` date: "28 Oct 2025" / 2025年10月28日. */
export const formatDay = (lang: Lang, date: string): string => formatDateValue(lang, { date, precision: 'day' });

/** Items joined as the language joins them: "a, b and c" / "a、b和c"; `or` for alternatives. */
export function formatList(lang: Lang, items: readonly string[], type: 'and' | 'or' = 'and'): string {
  const locale = localeOf(lang);
  const id = `${locale}|${type}`;
  let f = listFormats.get(id);
  if (!f) {
    f = new Intl.ListFormat(locale, { type: type === 'and' ? 'conjunction' : 'disjunction' });
    listFormats.set(id, f);
  }
  return f.format(items);
}

/** A number in the language's digits and grouping. */
export function formatNumber(lang: Lang, n: number): string {
  const locale = localeOf(lang);
  let f = numberFormats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale);
    numberFormats.set(locale, f);
  }
  return f.format(n);
}

/**
 * Day-precision values of one month as one date with the days as alternatives: "21 or 22 Nov
 * 2015" / 2015年11月21或22日 (the day part of the locale's own pattern is replaced).
 */
function sameMonthDays(lang: Lang, values: readonly DateValue[]): string {
  const days = formatList(
    lang,
    values.map((v) => String(Number(v.date.slice(8)))),
    'or',
  );
  return dateFormat(lang, 'day')
    .formatToParts(utcOf(values[0].date))
    .map((p) => (p.type === 'day' ? days : p.value))
    .join('');
}

/**
 * A fact as honest text. Conflicts are shown, never resolved: "21 or 22 Nov 2015 (sources
 * differ)", "22 Oct 2019 or 2018 (sources differ)". No value → `unknownText` (default: unknown).
 */
export function formatDatedFact(lang: Lang, fact: DatedFact | undefined, unknownText?: string): string {
  const values = fact?.values ?? [];
  if (values.length === 0) return unknownText ?? t(lang, 'date.unknown');
  if (values.length === 1) return formatDateValue(lang, values[0]);
  const sameMonth = values.every((v) => v.precision === 'day' && v.date.slice(0, 7) === values[0].date.slice(0, 7));
  const text = sameMonth
    ? sameMonthDays(lang, values)
    : formatList(
        lang,
        values.map((v) => formatDateValue(lang, v)),
        'or',
      );
  return t(lang, 'date.conflict', { values: text });
}

/** ISO weekday (1 = Monday) by name: "Monday" / 星期一 (`long`), "Mon" / 周一 (`short`). */
export function formatWeekday(lang: Lang, weekday: number, width: 'long' | 'short' = 'long'): string {
  // 2024-01-01 was a Monday.
  return DateTime.fromObject({ year: 2024, month: 1, day: weekday }, { zone: 'utc' })
    .setLocale(localeOf(lang))
    .toFormat(width === 'long' ? 'cccc' : 'ccc');
}

/**
 * An instant in a zone, always naming the zone: "Mon 7 Dec 2026, 09:00 (Asia/Singapore)" /
 * 2026年12月7日（周一）09:00（Asia/Singapore）.
 */
export function formatLocalDateTime(lang: Lang, at: Date, zone: string): string {
  const local = DateTime.fromJSDate(at, { zone });
  return t(lang, 'date.localDateTime', {
    weekday: formatWeekday(lang, local.weekday, 'short'),
    date: formatDay(lang, local.toISODate() ?? ''),
    time: local.toFormat('HH:mm'),
    zone,
  });
}

const displayNames = new Map<string, Intl.DisplayNames>();
/** A language's name in the reader's language: `zh` → "Chinese" / 中文, `en` → "English" / 英语. */
export function formatLangName(lang: Lang, other: Lang): string {
  const locale = localeOf(lang);
  let names = displayNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames(locale, { type: 'language', fallback: 'code' });
    displayNames.set(locale, names);
  }
  return names.of(other) ?? other;
}
