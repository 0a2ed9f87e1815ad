/**
 * CAFTA_DEFAULT_LANG: the language for askers whose language is unknown (default en); a locale
 * resolves to its catalog language; anything else stops the start naming the variable.
 */
import { loadConfig } from '../src/infra/config';
import { isCaftaError } from '../src/infra/errors';

describe('CAFTA_DEFAULT_LANG', () => {
  it('defaults to English and accepts a language or a locale', () => {
    expect(loadConfig({}).defaultLang).toBe('en');
    expect(loadConfig({ CAFTA_DEFAULT_LANG: 'zh' }).defaultLang).toBe('zh');
    expect(loadConfig({ CAFTA_DEFAULT_LANG: ' zh-CN ' }).defaultLang).toBe('zh');
    expect(loadConfig({ CAFTA_DEFAULT_LANG: 'zh_TW.UTF-8' }).defaultLang).toBe('zh');
  });

  it.each(['fr', 'chinese', 'C'])('"%s" is config_invalid naming the variable and the choices', (value) => {
    let error: unknown;
    try {
      loadConfig({ CAFTA_DEFAULT_LANG: value });
    } catch (e) {
      error = e;
    }
    expect(isCaftaError(error) && error.code).toBe('config_invalid');
    expect((error as Error).message).toMatch(/^CAFTA_DEFAULT_LANG must be one of en, zh .*got "/);
  });
});
