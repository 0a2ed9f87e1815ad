/**
 * Message catalogs: every language has every key of the English catalog, with the same
 * placeholders and the same plural/select shapes; the languages are the catalog files present
 * (an added file is picked up with no code change); locales resolve to a catalog language.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { compileMessage } from '../src/text/message-format';
import { CATALOG_DIR, DEFAULT_LANG, LANGS, loadCatalogs, negotiateLang, resolveLang, t, words } from '../src/text/i18n';

type Element = ReturnType<IntlMessageFormat['getAst']>[number];

/**
 * A message's placeholders: name → kind. Selects carry their option keys (they are chosen by
 * code, so every language needs the same ones); plurals only say "plural" (languages have
 * different plural categories: English one/other, Chinese other).
 */
function shapeOf(source: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (els: Element[]): void => {
    for (const el of els) {
      const e = el as Element & { value?: string; options?: Record<string, { value: Element[] }>; pluralType?: string };
      switch (el.type) {
        case 1:
          out[e.value ?? ''] ??= 'argument';
          break;
        case 2:
        case 3:
        case 4:
          out[e.value ?? ''] = ['number', 'date', 'time'][el.type - 2];
          break;
        case 5:
          out[e.value ?? ''] = `select:${Object.keys(e.options ?? {})
            .sort()
            .join('|')}`;
          break;
        case 6:
          out[e.value ?? ''] = e.pluralType === 'ordinal' ? 'selectordinal' : 'plural';
          break;
      }
      for (const o of Object.values(e.options ?? {})) walk(o.value);
    }
  };
  walk(new IntlMessageFormat(source, 'en', undefined, { ignoreTag: true }).getAst());
  return out;
}

const catalogs = loadCatalogs(CATALOG_DIR);
const sorted = (shape: Record<string, string>): string => JSON.stringify(Object.entries(shape).sort());

describe('message catalogs', () => {
  it('the languages are the catalog files present, English first', () => {
    const files = readdirSync(CATALOG_DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''));
    expect(LANGS[0]).toBe(DEFAULT_LANG);
    expect([...LANGS].sort()).toEqual(files.sort());
    expect(LANGS).toEqual(expect.arrayContaining(['en', 'zh']));
  });

  it.each(LANGS.filter((l) => l !== DEFAULT_LANG))('%s has exactly the English keys', (lang) => {
    const en = catalogs.keys(DEFAULT_LANG).sort();
    const other = catalogs.keys(lang).sort();
    expect(other.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !other.includes(k))).toEqual([]);
  });

  it.each(LANGS.filter((l) => l !== DEFAULT_LANG))(
    '%s has the same placeholders, selects and plurals as English',
    (lang) => {
      const differing = catalogs
        .keys(DEFAULT_LANG)
        .filter((key) => catalogs.source(lang, key) !== undefined)
        .map((key) => ({
          key,
          en: sorted(shapeOf(catalogs.source(DEFAULT_LANG, key) ?? '')),
          [lang]: sorted(shapeOf(catalogs.source(lang, key) ?? '')),
        }))
        .filter((d) => d.en !== d[lang]);
      expect(differing).toEqual([]);
    },
  );

  it('the shape check tells a plural from a plain placeholder and select options apart', () => {
    expect(sorted(shapeOf('{n, plural, one {# day} other {# days}}'))).toBe(
      sorted(shapeOf('{n, plural, other {#天}}')),
    );
    expect(sorted(shapeOf('{n, plural, one {# day} other {# days}}'))).not.toBe(sorted(shapeOf('{n}天')));
    expect(sorted(shapeOf('{p, select, month {m} year {y} other {}}'))).not.toBe(
      sorted(shapeOf('{p, select, month {m} other {}}')),
    );
    expect(sorted(shapeOf('{a} {b}'))).not.toBe(sorted(shapeOf('{a}')));
  });

  it.each(LANGS)('every %s message parses and formats', (lang) => {
    for (const key of catalogs.keys(lang)) {
      expect(() => shapeOf(catalogs.source(lang, key) ?? '')).not.toThrow();
    }
    expect(words(lang, 'lang.words')).toContain(lang);
  });

  it('formats placeholders and selects in the reader language', () => {
    expect(t('en', 'date.conflict', { values: '21 or 22 Nov 2015' })).toBe('21 or 22 Nov 2015 (sources differ)');
    expect(t('zh', 'date.conflict', { values: '2015年11月21或22日' })).toBe('2015年11月21或22日（来源说法不一）');
    expect(t('zh', 'date.precisionOnly', { precision: 'year' })).toBe('（仅知年份）');
  });

  it('resolves platform and shell locales to a catalog language; zh-* is Simplified Chinese', () => {
    expect(resolveLang('zh-CN')).toBe('zh');
    expect(resolveLang('zh-TW')).toBe('zh');
    expect(resolveLang('zh-Hant-HK')).toBe('zh');
    expect(resolveLang('zh_CN.UTF-8')).toBe('zh');
    expect(resolveLang('en-US')).toBe('en');
    expect(resolveLang('EN_gb.utf8@euro')).toBe('en');
    expect(negotiateLang('fr-FR,zh-TW;q=0.9,en;q=0.8')).toBe('zh');
    expect(negotiateLang('en;q=0.5, zh-CN')).toBe('zh');
    expect(negotiateLang('zh;q=0, fr, *')).toBeUndefined();
    for (const none of [undefined, '', 'C', 'POSIX', 'C.UTF-8', 'fr-FR', 'not a locale'])
      expect(resolveLang(none)).toBeUndefined();
  });
});

describe('adding a language is adding a catalog file', () => {
  const MS = 'ms';
  const malay = (): string => {
    const en = JSON.parse(readFileSync(join(CATALOG_DIR, 'en.json'), 'utf8')) as Record<string, Record<string, string>>;
    return JSON.stringify({
      ...en,
      lang: { ...en.lang, locale: 'ms-MY', name: 'Bahasa Melayu', words: 'ms, melayu, bahasa melayu' },
      date: { ...en.date, unknown: 'tidak diketahui' },
    });
  };

  afterEach(() => jest.dontMock('node:fs'));

  it('the shipped module picks up a new <lang>.json with no code change', () => {
    const added = join(CATALOG_DIR, `${MS}.json`);
    jest.isolateModules(() => {
      jest.doMock('node:fs', () => {
        const fs = jest.requireActual<typeof import('node:fs')>('node:fs');
        return {
          ...fs,
          readdirSync: (dir: string) =>
            dir === CATALOG_DIR ? [...fs.readdirSync(dir), `${MS}.json`] : fs.readdirSync(dir),
          readFileSync: (file: string, enc: BufferEncoding) => (file === added ? malay() : fs.readFileSync(file, enc)),
        };
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const i18n = require('../src/text/i18n') as typeof import('../src/text/i18n');
      expect(i18n.LANGS).toEqual(['en', MS, 'zh']);
      expect(i18n.resolveLang('ms_MY.UTF-8')).toBe(MS);
      expect(i18n.t(MS, 'date.unknown')).toBe('tidak diketahui');
      expect(i18n.localeOf(MS)).toBe('ms-MY');
    });
  });

  it('a catalog without a message falls back to English; an unknown language answers in English', () => {
    const dir = CATALOG_DIR;
    const c = loadCatalogs(dir);
    expect(c.format('xx', 'date.unknown')).toBe('unknown');
  });
});

describe('compiled messages format exactly as intl-messageformat does', () => {
  /** Value sets that visit every select option and several plural categories of a message. */
  function samples(source: string): Array<Record<string, string | number>> {
    const shape = shapeOf(source);
    const base: Record<string, string | number> = {};
    const variants: Array<[string, Array<string | number>]> = [];
    for (const [name, kind] of Object.entries(shape)) {
      if (kind.startsWith('select:')) variants.push([name, kind.slice(7).split('|')]);
      else if (kind === 'plural' || kind === 'selectordinal')
        variants.push([name, [0, 1, 2, 3, 5, 11, 12, 21, 22, 1000]]);
      else base[name] = `‹${name}›`;
    }
    const out: Array<Record<string, string | number>> = [{ ...base }];
    for (const [name, options] of variants)
      for (const o of options) for (const v of [...out]) out.push({ ...v, [name]: o });
    return out.filter((v) => variants.every(([n]) => v[n] !== undefined)).slice(0, 200);
  }

  it.each(LANGS)('%s: every message, every select option, several plural counts', (lang) => {
    const locale = catalogs.source(lang, 'lang.locale') ?? 'en-GB';
    for (const key of catalogs.keys(lang)) {
      const source = catalogs.source(lang, key) ?? '';
      const ours = compileMessage(source, locale);
      const theirs = new IntlMessageFormat(source, locale, undefined, { ignoreTag: true });
      for (const values of samples(source))
        expect([key, ours.format(values)]).toEqual([key, String(theirs.format(values))]);
    }
  });
});
