/**
 * `parseCommand(text)`: the whole command grammar (README, "What users can ask"). Pure and data-free: lookups
 * of parties, milestones and areas happen when the command runs. Never throws; anything not
 * understood becomes a hint quoting the user's text only through `quoteUserText`.
 */
import { INVISIBLE_CHARS, quoteUserText } from '../text/message';
import { nearest, own } from '../text/match';
import { parseSubscribe, parseUnsubscribe } from './parse-subscribe';
import type { CommandName, ParseResult } from './types';
import { COMMAND_NAMES, hint } from './usage';

/** Longest text worth parsing; anything longer is not a command (pasted text, abuse). */
export const MAX_COMMAND_LENGTH = 300;

/** Other words people use for a command. */
const ALIASES: Record<string, CommandName> = {
  '?': 'help',
  '-h': 'help',
  '--help': 'help',
  usage: 'help',
  commands: 'help',
  ratification: 'status',
  ratifications: 'status',
  parties: 'status',
  country: 'party',
  member: 'party',
  history: 'timeline',
  milestones: 'timeline',
  chapters: 'areas',
  chapter: 'area',
  upcoming: 'next',
  anniversaries: 'next',
  sub: 'subscribe',
  unsub: 'unsubscribe',
  subs: 'subscriptions',
  subscription: 'subscriptions',
};

/**
 * Makes platform text plain: Slack HTML escapes decoded, Slack entities (`<@U1|ann>`, `<!here>`,
 * `<#C1|general>`, `<https://x|label>`) reduced to their visible words, invisible and control
 * characters removed, dashes that phones "smarten" (—all) restored.
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
    .replace(INVISIBLE_CHARS, ' ')
    .replace(/[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g, ' ')
    .replace(/(^|\s)[\u2013\u2014\u2012]{1,2}(?=[a-z])/gi, '$1--')
    .replace(/\s+/g, ' ')
    .trim();
}

const q = (s: string, max = 40): string => `"${quoteUserText(s, max)}"`;

const noArgs = (name: CommandName, args: string[]): ParseResult =>
  args.length === 0
    ? { ok: true, command: { name } as Extract<ParseResult, { ok: true }>['command'] }
    : {
        ok: false,
        hint: hint(`${name} takes no options; ${q(args.join(' '))} was not understood.`, {
          usage: name,
          suggest: [name],
        }),
      };

const needsQuery = (name: 'party' | 'milestone' | 'area', args: string[], examples: string[]): ParseResult => {
  const query = args.join(' ');
  if (query === '') {
    return {
      ok: false,
      hint: hint(
        `Which ${name}? Add a ${name === 'party' ? 'name, ISO code or alias' : name === 'area' ? 'name or number' : 'id or keyword'}.`,
        { usage: name, suggest: examples },
      ),
    };
  }
  return { ok: true, command: { name, query } };
};

function parseNext(args: string[]): ParseResult {
  if (args.length === 0) return { ok: true, command: { name: 'next', days: 30 } };
  const joined = args.join(' ');
  const m = /^(\d{1,6})\s*(d|day|days)?$/i.exec(joined);
  const days = m ? Number(m[1]) : NaN;
  if (m && days >= 1 && days <= 366) return { ok: true, command: { name: 'next', days } };
  const nearestValid = Number.isNaN(days) ? 30 : days < 1 ? 1 : 366;
  const problem = m
    ? `${q(joined)} is out of range: next looks 1 to 366 days ahead.`
    : `${q(joined)} is not a number of days.`;
  return { ok: false, hint: hint(problem, { usage: 'next', suggest: [`next ${nearestValid}`] }) };
}

function parseTimeline(args: string[]): ParseResult {
  if (args.length === 0) return { ok: true, command: { name: 'timeline', all: false } };
  if (args.length === 1 && /^(--?all|all|-a)$/i.test(args[0]))
    return { ok: true, command: { name: 'timeline', all: true } };
  return {
    ok: false,
    hint: hint(`${q(args.join(' '))} is not a timeline option.`, {
      usage: 'timeline',
      suggest: ['timeline', 'timeline --all'],
    }),
  };
}

function parseHelp(args: string[]): ParseResult {
  if (args.length === 0) return { ok: true, command: { name: 'help' } };
  const word = args[0].toLowerCase();
  const topic = COMMAND_NAMES.find((n) => n === word) ?? own(ALIASES, word);
  if (topic && args.length === 1) return { ok: true, command: { name: 'help', topic } };
  const near = nearest(word, COMMAND_NAMES, (n) => n, 1)[0];
  const problem = near
    ? `There is no command ${q(args.join(' '))}. Did you mean ${near}?`
    : `There is no command ${q(args.join(' '))}.`;
  return { ok: false, hint: hint(problem, { usage: 'help', suggest: near ? [`help ${near}`] : ['help'] }) };
}

/** Parses one command line (without the platform's prefix or mention). */
export function parseCommand(input: string): ParseResult {
  let text = normalizeInput(input);
  // People paste the whole slash command, or address the bot by name in a chat.
  text = text.replace(/^(\/|@)?cafta\b[:,]?\s*/i, '');
  if (Array.from(text).length > MAX_COMMAND_LENGTH) {
    return {
      ok: false,
      hint: hint(
        `That is too long for a command (${Array.from(text).length} characters; the limit is ${MAX_COMMAND_LENGTH}).`,
        { suggest: ['help'] },
      ),
    };
  }
  const [first = '', ...args] = text.split(' ').filter(Boolean);
  if (first === '') return { ok: true, command: { name: 'help' } };
  const word = first.toLowerCase();
  const name = COMMAND_NAMES.find((n) => n === word) ?? own(ALIASES, word);

  switch (name) {
    case 'help':
      return parseHelp(args);
    case 'status':
      return noArgs('status', args);
    case 'areas':
      if (args.length > 0)
        return {
          ok: false,
          hint: hint(`areas lists all nine areas; for one area use area ${quoteUserText(args.join(' '), 40)}.`, {
            usage: 'area',
            suggest: [`area ${quoteUserText(args.join(' '), 40)}`],
          }),
        };
      return noArgs('areas', args);
    case 'subscriptions':
      return noArgs('subscriptions', args);
    case 'digest':
      return noArgs('digest', args);
    case 'party':
      return needsQuery('party', args, ['party vn', 'party China']);
    case 'milestone':
      return needsQuery('milestone', args, ['milestone signing', 'timeline']);
    case 'area':
      return needsQuery('area', args, ['area 1', 'areas']);
    case 'timeline':
      return parseTimeline(args);
    case 'next':
      return parseNext(args);
    case 'subscribe':
      return parseSubscribe(args);
    case 'unsubscribe':
      return parseUnsubscribe(args);
    case undefined:
      break;
  }

  const candidates = [...COMMAND_NAMES, ...Object.keys(ALIASES).filter((a) => a.length > 3)];
  const near = nearest(word, candidates, (c) => c, 2).map((c) => own(ALIASES, c) ?? (c as CommandName));
  const guess = [...new Set(near)];
  const rest = args.length > 0 ? ` ${quoteUserText(args.join(' '), 40)}` : '';
  if (guess.length > 0) {
    return {
      ok: false,
      hint: hint(`Unknown command ${q(first)}. Did you mean ${guess.join(' or ')}?`, {
        usage: guess[0],
        suggest: guess.map((g) => `${g}${rest}`),
      }),
    };
  }
  return {
    ok: false,
    hint: hint(`Unknown command ${q(first)}.`, {
      extra:
        'Commands: help, status, party, timeline, milestone, areas, area, next, subscribe, unsubscribe, subscriptions, digest.',
      suggest: ['help', 'status'],
    }),
  };
}
