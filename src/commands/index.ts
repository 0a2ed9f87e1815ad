/**
 * `runCommand(cmd, ctx, deps)`: routes a parsed command (parse.ts) to what answers it.
 */
import { context, inLang, message, text, type Message } from '../text/message';
import { textsFor } from '../text/texts';
import type { Command, CommandContext, CommandDeps } from './types';
import { commandWord } from './vocabulary';
import { runInfoCommand } from './info';
import { runSubscriptionCommand } from './subscriptions';
import { runDigestCommand } from './digest-command';

/**
 * Runs a parsed command, answering in `ctx.lang` (else `CAFTA_DEFAULT_LANG`); the Message says
 * which language it is in. Never throws for anything a user can cause: it answers with a hint.
 */
export async function runCommand(cmd: Command, ctx: CommandContext, deps: CommandDeps): Promise<Message> {
  const lang = ctx.lang ?? deps.defaultLang;
  return inLang(await route(cmd, { ...ctx, lang }, deps), lang);
}

async function route(cmd: Command, ctx: CommandContext, deps: CommandDeps): Promise<Message> {
  // A request that names no workspace or channel (a malformed platform payload) has no address to
  // deliver to: refuse plainly rather than store a subscription nobody can ever receive.
  if (CHANNEL_COMMANDS.has(cmd.name) && (!ctx.channel.workspace?.trim() || !ctx.channel.channel?.trim()))
    return noChannel(cmd.name, ctx.lang ?? deps.defaultLang);
  switch (cmd.name) {
    case 'subscribe':
    case 'unsubscribe':
    case 'subscriptions':
      return runSubscriptionCommand(cmd, ctx, deps);
    case 'digest':
      return runDigestCommand(ctx, deps);
    default:
      return runInfoCommand(cmd, ctx, deps);
  }
}

/** Commands that act on the channel/conversation the request came from (and so use the store). */
export const CHANNEL_COMMANDS: ReadonlySet<Command['name']> = new Set([
  'subscribe',
  'unsubscribe',
  'subscriptions',
  'digest',
]);

function noChannel(name: Command['name'], lang: string): Message {
  const tx = textsFor(lang);
  const word = (n: Command['name']): string => commandWord(tx.lang, n);
  return message(tx.t('channel.needed', { command: word(name) }), [
    text(tx.t('channel.neededText', { command: word(name) }), 'warning'),
    context(tx.t('channel.tryAgain', { status: word('status'), timeline: word('timeline'), next: word('next') })),
  ]);
}
