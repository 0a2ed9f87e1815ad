/**
 * Usage of every command in the reader's language (shared by `help` and by hints) and the hint
 * Message builder. Syntax, explanation and examples are catalog texts (`usage.<command>.*`);
 * usage is written without a prefix: each platform has its own (`/cafta`, `@CAFTA`, `cafta`).
 */
import { actions, context, message, text, type Message, type MessageAction } from '../text/message';
import type { Lang, MessageKey } from '../text/i18n';
import { textsFor, type Texts } from '../text/texts';
import type { CommandName } from './types';
import { commandWord } from './vocabulary';

export interface Usage {
  syntax: string;
  what: string;
  examples: string[];
}

const key = (name: CommandName, part: 'syntax' | 'what' | 'examples'): MessageKey =>
  `usage.${name}.${part}` as MessageKey;

/** One command's usage in `tx`'s language. */
export const usageOf = (tx: Texts, name: CommandName): Usage => ({
  syntax: tx.t(key(name, 'syntax')),
  what: tx.t(key(name, 'what')),
  examples: tx.t(key(name, 'examples')).split(' | '),
});

/** "Usage: party <name | ISO code | alias> — e.g. party vn, party Indonesia". */
export function usageLine(tx: Texts, name: CommandName): string {
  const u = usageOf(tx, name);
  return tx.t('usage.line', { syntax: u.syntax, examples: u.examples.join(tx.t('usage.exampleSeparator')) });
}

/**
 * A hint: what was not understood (already quoted safely by the caller), the nearest valid
 * form, and buttons for suggested commands (command text in the reader's language).
 */
export function hint(
  tx: Texts,
  problem: string,
  opts: { usage?: CommandName; suggest?: string[]; extra?: string; problem?: Message['problem'] } = {},
): Message {
  const blocks = [text(problem, 'warning')];
  if (opts.extra) blocks.push(text(opts.extra));
  if (opts.usage) blocks.push(text(usageLine(tx, opts.usage)));
  const suggest = (opts.suggest ?? []).filter((c) => c.trim() !== '');
  if (suggest.length > 0) {
    blocks.push(actions(...suggest.slice(0, 5).map((command): MessageAction => ({ label: command, command }))));
  }
  blocks.push(context(tx.t('hint.footer', { help: commandWord(tx.lang, 'help') })));
  return { ...message(problem, blocks), lang: tx.lang, problem: opts.problem ?? 'malformed' };
}

/**
 * A hint's "Type help to see every command" with help as the asker's platform types it (`/cafta
 * help`, `@CAFTA help`): a bare `help` typed in a Slack channel reaches nobody.
 */
export function withTypedHelp(msg: Message, prefix: string | undefined, lang: Lang): Message {
  if (!prefix || !msg.problem) return msg;
  const tx = textsFor(lang);
  const bare = tx.t('hint.footer', { help: commandWord(tx.lang, 'help') });
  const typed = tx.t('hint.footer', { help: `${prefix}${commandWord(tx.lang, 'help')}` });
  if (!msg.blocks.some((b) => b.type === 'context' && b.text === bare)) return msg;
  return {
    ...msg,
    blocks: msg.blocks.map((b) => (b.type === 'context' && b.text === bare ? context(typed) : b)),
  };
}
