/**
 * The one inbound pipeline, as hubot's `robot.receive`: a line of text and the asker's context in,
 * an answer in the platform's form out — parse → (reuse) → run → render. Every adapter (Slack
 * slash commands, buttons and App Home; Teams; the terminal) comes through here and only
 * translates: its request into text + `CommandContext`, and the `Message` into its format (the
 * `render` it passes). How a failure is apologised for stays with each adapter: it is platform
 * wording.
 */
import type { Message } from '../text/message';
import { reusableAnswerKey } from './answer-key';
import { runCommand } from './index';
import { parseCommand } from './parse';
import type { Command, CommandContext, CommandDeps, CommandName } from './types';

/** A line of text as the core understood it, before anything runs. */
export type Request =
  | {
      ok: true;
      /** The text as typed (platform prefix or mention already removed by the adapter). */
      text: string;
      command: Command;
      /** Only reads, and is worth showing everyone: "Share in channel" may re-run it there. */
      shareable: boolean;
    }
  | { ok: false; text: string; hint: Message };

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

/** Parses a line of text. Pure and never throws: text that is not a command gets a hint. */
export function understand(text: string): Request {
  const parsed = parseCommand(text);
  if (!parsed.ok) return { ok: false, text, hint: parsed.hint };
  return { ok: true, text, command: parsed.command, shareable: SHAREABLE.has(parsed.command.name) };
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
 * such as whether to look the asker's zone up) for `asker`. Throws only what the store or a bug
 * throws; anything a user can type gets an answer.
 */
export async function receive<R>(
  input: string | Request,
  asker: CommandContext,
  deps: CommandDeps,
  presenter: Presenter<R>,
): Promise<R> {
  const request = typeof input === 'string' ? understand(input) : input;
  if (!request.ok) return presenter.render(request.hint, request);
  const key = presenter.reuse ? reusableAnswerKey(request.command, asker, deps) : undefined;
  const kept = key === undefined ? undefined : presenter.reuse?.get(key);
  if (kept !== undefined) return kept;
  const rendered = presenter.render(await runCommand(request.command, asker, deps), request);
  return key === undefined || !presenter.reuse ? rendered : presenter.reuse.set(key, rendered);
}
