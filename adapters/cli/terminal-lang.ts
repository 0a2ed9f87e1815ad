/**
 * The terminal user's language: `--lang <lang>` (or `--lang=<lang>`) anywhere on the command line
 * is their explicit choice for this answer; otherwise `CAFTA_LANG`, else the POSIX locale
 * (`LC_ALL`, `LC_MESSAGES`, `LANG`, e.g. `zh_CN.UTF-8`) is their locale, which Chinese command
 * words still override. Languages are the catalogs' (`en`, `zh`; every `zh_*` locale is `zh`).
 */
import { LANGS, resolveLang, type Lang } from '../../src/text/i18n';

export type TerminalLang =
  /** `argv` without the option; `lang` undefined when nothing says (CAFTA_DEFAULT_LANG applies). */
  | { ok: true; argv: string[]; lang?: Lang; explicit: boolean }
  /** A value that names no language: `variable` is `--lang` or `CAFTA_LANG`. */
  | { ok: false; variable: '--lang' | 'CAFTA_LANG'; value: string };

const LANG_OPTION = /^--lang(?:=(.*))?$/;

export function terminalLang(argv: string[], env: Record<string, string | undefined>): TerminalLang {
  const rest: string[] = [];
  let given: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const m = LANG_OPTION.exec(argv[i]);
    if (!m) {
      rest.push(argv[i]);
      continue;
    }
    given = m[1] ?? argv[++i] ?? '';
  }
  if (given !== undefined) {
    const lang = resolveLang(given);
    return lang ? { ok: true, argv: rest, lang, explicit: true } : { ok: false, variable: '--lang', value: given };
  }
  const configured = env.CAFTA_LANG?.trim();
  if (configured) {
    const lang = resolveLang(configured);
    return lang
      ? { ok: true, argv: rest, lang, explicit: false }
      : { ok: false, variable: 'CAFTA_LANG', value: configured };
  }
  // POSIX order: LC_ALL overrides LC_MESSAGES, which overrides LANG. "C" or an unknown language says nothing.
  const posix = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v.trim() !== '');
  const lang = resolveLang(posix);
  return { ok: true, argv: rest, ...(lang ? { lang } : {}), explicit: false };
}

/** The choices, for the message about a value that names no language. */
export const LANG_CHOICES = LANGS.join(', ');
