/**
 * The one inbound pipeline, as hubot's `robot.receive`: a line of text and the asker's context in,
 * an answer in the platform's form out — parse → (reuse) → run → render. Every adapter (Slack
 * slash commands, buttons and App Home; Teams; the terminal) comes through here and only
 * translates: its request into text + `CommandContext`, and the `Message` into its format (the
 * `render` it passes). How a failure is apologised for stays with each adapter: it is platform
 * wording.
 */
import { LRUCache } from 'lru-cache';
import { deepFreeze } from '../infra/freeze';
import { inLang, type Message } from '../text/message';
import type { Lang } from '../text/i18n';
import { reusableAnswerKey } from './answer-key';
import { runCommand } from './index';
import { parseCommand } from './parse';
import type { Command, CommandContext, CommandDeps, CommandName, Hint } from './types';
import { withTypedHelp } from './usage';

/** A line of text as the core understood it, before anything runs. */
export type Request =
  | {
      ok: true;
      /** The text as typed (platform prefix or mention already removed by the adapter). */
      text: string;
      command: Command;
      /** Only reads, and is worth showing everyone: "Share in channel" may re-run it there. */
      shareable: boolean;
      /** The language the words typed imply (see `ParseResult`). */
      lang?: Lang;
    }
  | { ok: false; text: string; hint: Hint; lang?: Lang };

/** Commands with side effects (and `help`) are never re-run for the channel. */
const SHAREABLE: ReadonlySet<CommandName> = new Set<CommandName>([
  'status',
  'party',
  'timeline',
  'milestone',
  'areas',
  'area',
  'next',
  'subscriptions',
  'digest',
]);

/** Texts understood lately (the same few commands come again and again), frozen: shared by askers. */
const understood = new LRUCache<string, Request>({ max: 1000 });
const MAX_KEPT_TEXT = 200;

/** Parses a line of text. Pure and never throws: text that is not a command gets a hint. */
export function understand(text: string): Request {
  if (text.length > MAX_KEPT_TEXT) return parseRequest(text);
  let request = understood.get(text);
  if (!request) {
    request = deepFreeze(parseRequest(text));
    understood.set(text, request);
  }
  return request;
}

function parseRequest(text: string): Request {
  const parsed = parseCommand(text);
  const lang = parsed.lang ? { lang: parsed.lang } : {};
  if (!parsed.ok) return { ok: false, text, hint: parsed.hint, ...lang };
  return { ok: true, text, command: parsed.command, shareable: SHAREABLE.has(parsed.command.name), ...lang };
}

/**
 * The language an answer is written in, in order: the asker's explicit choice (the terminal's
 * `--lang`), the language of the words typed (`状态`), the asker's locale, `CAFTA_DEFAULT_LANG`.
 * (Deliveries are written in their subscription's own language instead.)
 */
export function readerLang(
  request: Pick<Request, 'lang'>,
  asker: Pick<CommandContext, 'lang' | 'langExplicit'>,
  deps: Pick<CommandDeps, 'defaultLang'>,
): Lang {
  if (asker.langExplicit && asker.lang) return asker.lang;
  return request.lang ?? asker.lang ?? deps.defaultLang;
}

/**
 * The reuse key (answer-key.ts) of the answer `receive` would give `request` from `asker`, or
 * undefined when that answer must be built each time: an adapter may look its kept answer up
 * before anything else runs.
 */
export function answerKeyOf(request: Request, asker: CommandContext, deps: CommandDeps): string | undefined {
  if (!request.ok) return undefined;
  return reusableAnswerKey(request.command, { ...asker, lang: readerLang(request, asker, deps) }, deps);
}

/** How an adapter presents answers. */
export interface Presenter<R> {
  /** The platform's form of an answer (Block Kit, an Adaptive Card activity, terminal text…). */
  render(message: Message, request: Request): R;
  /**
   * Rendered answers kept by reuse key (see answer-key.ts): an answer found here is sent again
   * without running the command. What it keeps is handed to many askers, so it must not change.
   */
  reuse?: { get(key: string): R | undefined; set(key: string, value: R): R };
}

/**
 * Answers `input` (text, or a Request an adapter already understood to decide something first,
 * such as whether to look the asker's zone up) for `asker`, in the reader's language
 * (`readerLang`): commands then see `ctx.lang` set to it. Throws only what the store or a bug
 * throws; anything a user can type gets an answer.
 */
export async function receive<R>(
  input: string | Request,
  asker: CommandContext,
  deps: CommandDeps,
  presenter: Presenter<R>,
): Promise<R> {
  const request = typeof input === 'string' ? understand(input) : input;
  const lang = readerLang(request, asker, deps);
  if (!request.ok)
    return presenter.render(withTypedHelp(inLang(request.hint(lang), lang), asker.prefix, lang), request);
  const reader: CommandContext = { ...asker, lang };
  const key = presenter.reuse ? answerKeyOf(request, asker, deps) : undefined;
  const kept = key === undefined ? undefined : presenter.reuse?.get(key);
  if (kept !== undefined) return kept;
  const answer = inLang(await runCommand(request.command, reader, deps), lang);
  const rendered = presenter.render(withTypedHelp(answer, asker.prefix, lang), request);
  return key === undefined || !presenter.reuse ? rendered : presenter.reuse.set(key, rendered);
}
