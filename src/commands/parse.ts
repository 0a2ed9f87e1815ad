/**
 * `parseCommand(text)`: the whole command grammar (README, "What users can ask"), in every
 * language with a catalog: English words (`status`, `party vn`) and their translations (`状态`,
 * `缔约方 越南`, written with or without a space) both work. Pure and data-free: lookups of
 * parties, milestones and areas happen when the command runs. Never throws; anything not
 * understood becomes a hint (worded once the reader's language is known) quoting the user's text
 * only through `quoteUserText`.
 */
import { INVISIBLE_CHARS, quoteUserText } from '../text/message';
import { nearest } from '../text/match';
import type { Lang } from '../text/i18n';
import { textsFor, type Texts } from '../text/texts';
import { parseSubscribe, parseUnsubscribe } from './parse-subscribe';
import type { Command, CommandName, ParseResult } from './types';
import { hint } from './usage';
import {
  COMMAND_NAMES,
  COMMAND_WORDS,
  commandText,
  commandWord,
  impliedLang,
  optionWord,
  scriptLang,
  splitKnownWords,
  TIMELINE_ALL_WORDS,
  anyLangWords,
} from './vocabulary';

/** Longest text worth parsing; anything longer is not a command (pasted text, abuse). */
export const MAX_COMMAND_LENGTH = 300;

/**
 * Makes platform text plain: Slack HTML escapes decoded, Slack entities (`<@U1|ann>`, `<!here>`,
 * `<#C1|general>`, `<https://x|label>`) reduced to their visible words, invisible and control
 * characters removed, dashes that phones "smarten" (—all) restored, full-width letters, digits
 * and punctuation as typed by Chinese input methods made plain (`１７：３０` → `17:30`).
 */
export function normalizeInput(input: string): string {
  return input
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/<([@#!])([^>|]*)(?:\|([^>]*))?>/g, (_m, sigil: string, id: string, label?: string) => {
      const name = (label ?? id).replace(/^subteam\^/, '');
      return sigil === '#' ? `#${name}` : `@${name}`;
    })
    .replace(/<([^>|]+)(?:\|([^>]*))?>/g, (_m, url: string, label?: string) => label ?? url)
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(INVISIBLE_CHARS, ' ')
    .replace(/[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g, ' ')
    .replace(/(^|\s)[\u2013\u2014\u2012]{1,2}(?=[a-z])/gi, '$1--')
    .replace(/\s+/g, ' ')
    .trim();
}

const q = (tx: Texts, s: string, max = 40): string => tx.t('common.quoted', { text: quoteUserText(s, max) });

/** A parse failure, worded later in the reader's language. */
const fail = (build: (tx: Texts) => ReturnType<typeof hint>, lang?: Lang): ParseResult => ({
  ok: false,
  hint: (l) => build(textsFor(l)),
  ...(lang ? { lang } : {}),
});

const noArgs = (name: CommandName, args: string[]): ParseResult =>
  args.length === 0
    ? { ok: true, command: { name } as Command }
    : fail((tx) =>
        hint(tx, tx.t('hint.noOptions', { command: commandWord(tx.lang, name), text: q(tx, args.join(' ')) }), {
          usage: name,
          suggest: [commandText(tx.lang, name)],
        }),
      );

const needsQuery = (name: 'party' | 'milestone' | 'area', args: string[]): ParseResult => {
  const query = args.join(' ');
  if (query !== '') return { ok: true, command: { name, query } };
  return fail((tx) =>
    hint(tx, tx.t('hint.needsQuery', { command: name }), {
      usage: name,
      suggest: tx.t(`usage.${name}.suggest`).split(' | '),
    }),
  );
};

function parseNext(args: string[]): ParseResult {
  if (args.length === 0) return { ok: true, command: { name: 'next', days: 30 } };
  const joined = args.join(' ');
  const m = /^(-?\d{1,6})\s*(\S*)$/.exec(joined);
  const unit = m ? m[2].toLowerCase() : '';
  const days = m && (unit === '' || anyLangWords('grammar.daysUnit').includes(unit)) ? Number(m[1]) : NaN;
  if (days >= 1 && days <= 366) return { ok: true, command: { name: 'next', days } };
  const nearestValid = Number.isNaN(days) ? 30 : days < 1 ? 1 : 366;
  return fail((tx) =>
    hint(
      tx,
      Number.isNaN(days)
        ? tx.t('hint.nextNotNumber', { text: q(tx, joined) })
        : tx.t('hint.nextRange', { text: q(tx, joined), command: commandWord(tx.lang, 'next') }),
      { usage: 'next', suggest: [commandText(tx.lang, 'next', String(nearestValid))] },
    ),
  );
}

function parseTimeline(args: string[]): ParseResult {
  if (args.length === 0) return { ok: true, command: { name: 'timeline', all: false } };
  if (args.length === 1 && TIMELINE_ALL_WORDS.get(args[0]))
    return { ok: true, command: { name: 'timeline', all: true } };
  return fail((tx) =>
    hint(tx, tx.t('hint.timelineOption', { text: q(tx, args.join(' ')), command: commandWord(tx.lang, 'timeline') }), {
      usage: 'timeline',
      suggest: [
        commandText(tx.lang, 'timeline'),
        commandText(tx.lang, 'timeline', optionWord(tx.lang, 'grammar.timelineAll')),
      ],
    }),
  );
}

function parseHelp(args: string[]): ParseResult {
  if (args.length === 0) return { ok: true, command: { name: 'help' } };
  const topic = COMMAND_WORDS.get(args[0])?.values[0];
  if (topic && args.length === 1) return { ok: true, command: { name: 'help', topic } };
  const near = nearestCommand(args[0]);
  return fail((tx) => {
    const text = q(tx, args.join(' '));
    return hint(
      tx,
      near
        ? tx.t('hint.noSuchCommandNear', { text, near: commandWord(tx.lang, near) })
        : tx.t('hint.noSuchCommand', { text }),
      { usage: 'help', suggest: [commandText(tx.lang, 'help', near ? commandWord(tx.lang, near) : '')] },
    );
  });
}

/** Command words worth suggesting for a typo: names, longer aliases and ideographic words. */
const SUGGESTIBLE = COMMAND_WORDS.words().filter(
  (w) => COMMAND_NAMES.includes(w as CommandName) || w.length > 3 || /\p{Script=Han}/u.test(w),
);

/** The command a typo most likely meant. */
function nearestCommand(word: string): CommandName | undefined {
  return nearestCommands(word, 1)[0];
}

function nearestCommands(word: string, max: number): CommandName[] {
  const near = nearest(word.toLowerCase(), SUGGESTIBLE, (c) => c, max).flatMap(
    (w) => COMMAND_WORDS.get(w)?.values ?? [],
  );
  return [...new Set(near)];
}

/**
 * The first word and the rest: a command word run together with its argument ("缔约方越南",
 * "取消订阅摘要") is split at the longest command word it starts with.
 */
function splitFirst(text: string): { first: string; args: string[] } {
  const [head = '', ...rest] = text.split(' ').filter(Boolean);
  if (COMMAND_WORDS.get(head) || !/\p{Script=Han}/u.test(head)) return { first: head, args: rest };
  const pieces = splitKnownWords(head, (w) => COMMAND_WORDS.get(w) !== undefined);
  if (!COMMAND_WORDS.get(pieces[0])) return { first: head, args: rest };
  return { first: pieces[0], args: [pieces.slice(1).join(''), ...rest].filter(Boolean) };
}

/** Parses one command line (without the platform's prefix or mention). */
export function parseCommand(input: string): ParseResult {
  let text = normalizeInput(input);
  // People paste the whole slash command, or address the bot by name in a chat.
  text = text.replace(/^(\/|@)?cafta\b[:,]?\s*/i, '');
  const length = Array.from(text).length;
  if (length > MAX_COMMAND_LENGTH) {
    return fail(
      (tx) =>
        hint(tx, tx.t('hint.tooLong', { length, max: MAX_COMMAND_LENGTH }), {
          suggest: [commandText(tx.lang, 'help')],
        }),
      scriptLang(text),
    );
  }
  const { first, args } = splitFirst(text);
  if (first === '') return { ok: true, command: { name: 'help' } };
  const meaning = COMMAND_WORDS.get(first);
  if (!meaning) return unknownCommand(first, args, text);
  const lang = impliedLang(meaning);
  // One word may name two commands (领域: the areas, or with an argument one area).
  const names = meaning.values;
  const name = names.includes('areas') && names.includes('area') ? (args.length > 0 ? 'area' : 'areas') : names[0];
  const parsed = parseNamed(name, args);
  return lang && !parsed.lang ? { ...parsed, lang } : parsed;
}

function parseNamed(name: CommandName, args: string[]): ParseResult {
  switch (name) {
    case 'help':
      return parseHelp(args);
    case 'status':
    case 'subscriptions':
    case 'digest':
      return noArgs(name, args);
    case 'areas':
      if (args.length > 0) {
        const query = args.join(' ');
        return fail((tx) =>
          hint(
            tx,
            tx.t('hint.areasTakesNoName', { text: quoteUserText(query, 40), area: commandWord(tx.lang, 'area') }),
            {
              usage: 'area',
              suggest: [commandText(tx.lang, 'area', quoteUserText(query, 40))],
            },
          ),
        );
      }
      return noArgs('areas', args);
    case 'party':
    case 'milestone':
    case 'area':
      return needsQuery(name, args);
    case 'timeline':
      return parseTimeline(args);
    case 'next':
      return parseNext(args);
    case 'subscribe':
      return parseSubscribe(args);
    case 'unsubscribe':
      return parseUnsubscribe(args);
  }
}

/** A first word that is no command: "did you mean" with buttons, or the list of commands. */
function unknownCommand(first: string, args: string[], text: string): ParseResult {
  const guess = nearestCommands(first, 2);
  const rest = args.length > 0 ? quoteUserText(args.join(' '), 40) : '';
  const lang = scriptLang(text);
  if (guess.length > 0) {
    return fail(
      (tx) =>
        hint(
          tx,
          tx.t('hint.unknownCommandNear', {
            text: q(tx, first),
            guess: tx.list(
              guess.map((g) => commandWord(tx.lang, g)),
              'or',
            ),
          }),
          { usage: guess[0], suggest: guess.map((g) => commandText(tx.lang, g, rest)) },
        ),
      lang,
    );
  }
  return fail(
    (tx) =>
      hint(tx, tx.t('hint.unknownCommand', { text: q(tx, first) }), {
        extra: tx.t('hint.commandList', {
          commands: [...new Set(COMMAND_NAMES.map((n) => commandWord(tx.lang, n)))].join(tx.t('common.listSeparator')),
        }),
        suggest: [commandText(tx.lang, 'help'), commandText(tx.lang, 'status')],
      }),
    lang,
  );
}
