/**
 * Message catalogs: every text a reader sees, in ICU MessageFormat, one JSON file per language
 * in `src/text/catalogs/<lang>.json` (nested objects; a key is its path, `status.header`).
 * Plurals, ordinals and selects live in the messages, never in code.
 *
 * The languages are the catalog files present: adding `ms.json` (and `data/l10n/ms.json` for the
 * data's own names) adds Malay, nothing else. English (`en`) is the base every catalog must match
 * key for key (a test compares keys and placeholders). Each message is compiled once, on first use
 * (message-format.ts).
 *
 * `t(lang, key, values)` gives a text; `resolveLang(tag)` maps a platform or POSIX locale
 * (`zh-CN`, `zh_TW.UTF-8`, `en-US`) to a catalog language; `words(lang, key)` reads a catalog
 * entry that is a comma-separated word list (command words users may type).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileMessage, type MessageValues } from './message-format';
import type enCatalog from './catalogs/en.json';

/** A language that has a catalog: `en`, `zh`, … (see `LANGS`). */
export type Lang = string;

/** Dotted paths of the leaves of a nested catalog object. */
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Every message key, checked at compile time against the English catalog. */
export type MessageKey = Leaves<typeof enCatalog>;

/** The base language: every catalog has its keys; missing messages fall back to it. */
export const DEFAULT_LANG: Lang = 'en';

/** A catalog file name: a language tag (`zh`, `pt-BR`) and `.json`. */
const CATALOG_FILE = /^([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.json$/;

/** The catalogs of one folder: what languages exist and their messages. */
export interface Catalogs {
  /** Languages present, the base language first, then in name order. */
  readonly langs: readonly Lang[];
  /** The message source of `key` in `lang` (no fallback), or undefined. */
  source(lang: Lang, key: string): string | undefined;
  /** Every key of one language's catalog. */
  keys(lang: Lang): string[];
  /** The formatted message; a key missing in `lang` falls back to the base language. */
  format(lang: Lang, key: string, values?: MessageValues): string;
}

/** Flattens nested objects into dotted keys; every leaf must be a string. */
function flatten(value: unknown, prefix: string, out: Map<string, string>, file: string): void {
  if (typeof value === 'string') {
    out.set(prefix, value);
    return;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new Error(`${file}: "${prefix}" must be a message (text) or an object of messages`);
  for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out, file);
}

/** Loads every `<lang>.json` of `dir`. Throws when the base catalog is missing or a file is malformed. */
export function loadCatalogs(dir: string): Catalogs {
  const messages = new Map<Lang, Map<string, string>>();
  for (const name of readdirSync(dir).sort()) {
    const m = CATALOG_FILE.exec(name);
    if (!m) continue;
    const flat = new Map<string, string>();
    flatten(JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown, '', flat, name);
    messages.set(m[1], flat);
  }
  if (!messages.has(DEFAULT_LANG)) throw new Error(`no ${DEFAULT_LANG}.json catalog in ${dir}`);
  const langs = [DEFAULT_LANG, ...[...messages.keys()].filter((l) => l !== DEFAULT_LANG)];
  // Per language: each key's compiled formatter (a status answer formats ~100 messages).
  const compiled = new Map<Lang, Map<string, (values?: MessageValues) => string>>();

  const compile = (lang: Lang, key: string): ((values?: MessageValues) => string) | undefined => {
    let byKey = compiled.get(lang);
    if (!byKey) {
      byKey = new Map();
      compiled.set(lang, byKey);
    }
    let format = byKey.get(key);
    if (format) return format;
    const own = messages.get(lang)?.get(key);
    const src = own ?? messages.get(DEFAULT_LANG)?.get(key);
    if (src === undefined) return undefined;
    const from = own === undefined ? DEFAULT_LANG : lang;
    format = compileMessage(src, localeOfCatalog(messages.get(from))).format;
    byKey.set(key, format);
    return format;
  };

  return {
    langs,
    source: (lang, key) => messages.get(lang)?.get(key),
    keys: (lang) => [...(messages.get(lang)?.keys() ?? [])],
    format(lang, key, values) {
      const format = compile(messages.has(lang) ? lang : DEFAULT_LANG, key);
      return format ? format(values) : key;
    },
  };
}

/** The BCP 47 locale a catalog formats numbers, dates and plurals in (`lang.locale`). */
const localeOfCatalog = (flat: Map<string, string> | undefined): string => flat?.get('lang.locale') ?? 'en-GB';

/** Where the shipped catalogs are: next to this module (the build copies them into dist). */
export const CATALOG_DIR = join(__dirname, 'catalogs');

const catalogs = loadCatalogs(CATALOG_DIR);

/** Every language with a catalog, `en` first. */
export const LANGS: readonly Lang[] = catalogs.langs;

/** True when `value` names a language with a catalog (exactly: `zh`, not `zh-CN`; see `resolveLang`). */
export const isLang = (value: unknown): value is Lang => typeof value === 'string' && LANGS.includes(value);

/** The text of `key` in `lang`, its placeholders filled from `values`. */
export function t(lang: Lang, key: MessageKey, values?: MessageValues): string {
  return catalogs.format(lang, key, values);
}

/** The BCP 47 locale of a language, for Intl and luxon (`en-GB`, `zh-CN`). */
export const localeOf = (lang: Lang): string => t(lang, 'lang.locale');

/**
 * A catalog entry that lists words users may type, comma-separated (full-width commas too),
 * folded to lower case and without empty items. Not formatted: word lists have no placeholders.
 */
export function words(lang: Lang, key: MessageKey): string[] {
  const src = catalogs.source(lang, key) ?? catalogs.source(DEFAULT_LANG, key) ?? '';
  return src
    .split(/[,，]/)
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w !== '');
}

/**
 * The catalog language for a locale or language tag as platforms and shells give it: `zh-CN`,
 * `zh-TW`, `zh_CN.UTF-8`, `EN-us`, `en`. The longest prefix of its subtags that names a catalog
 * wins (`zh-Hant-TW` → `zh`: Simplified Chinese serves every `zh-*` locale). Undefined for no
 * tag, `C`/`POSIX`, or a language without a catalog.
 */
export function resolveLang(tag: string | null | undefined, langs: readonly Lang[] = LANGS): Lang | undefined {
  if (typeof tag !== 'string' || tag === '') return undefined;
  const clean = tag
    .trim()
    .replace(/[.@].*$/, '')
    .replace(/_/g, '-')
    .toLowerCase();
  if (!/^[a-z]{1,8}(?:-[a-z0-9]{1,8})*$/.test(clean) || clean === 'c' || clean === 'posix') return undefined;
  const parts = clean.split('-');
  for (let n = parts.length; n > 0; n--) {
    const candidate = parts.slice(0, n).join('-');
    const hit = langs.find((l) => l.toLowerCase() === candidate);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * The best catalog language for an HTTP `Accept-Language` header ("zh-CN,zh;q=0.9,en;q=0.8"):
 * ranges by descending quality, the first that resolves wins; `*` and q=0 are skipped.
 */
export function negotiateLang(header: string | null | undefined, langs: readonly Lang[] = LANGS): Lang | undefined {
  if (!header) return undefined;
  const ranges = header
    .split(',')
    .map((part, i) => {
      const [range, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
      return { range: range.trim(), q: q ? Number(q[1]) : 1, i };
    })
    .filter((r) => r.range !== '' && r.range !== '*' && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranges) {
    const lang = resolveLang(r.range, langs);
    if (lang) return lang;
  }
  return undefined;
}

/** An id as an ICU select key (select keys cannot hold "-"): `entry-into-force` → `entryIntoForce`. */
export const selectKey = (id: string): string => {
  let key = selectKeys.get(id);
  if (key === undefined) {
    key = id.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
    if (selectKeys.size < 1000) selectKeys.set(id, key);
  }
  return key;
};
const selectKeys = new Map<string, string>();
