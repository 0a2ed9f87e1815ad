/**
 * Command entry points: `parseCommand(text)` and `runCommand(cmd, ctx, deps)`.
 */
import type { Message } from '../message';
import type { Command, CommandContext, CommandDeps } from './types';
import { runInfoCommand } from './info';
import { runSubscriptionCommand } from './subscriptions';
import { runDigestCommand } from './digest-command';

export { parseCommand } from './parse';
export type { Command, CommandContext, CommandDeps, ParseResult } from './types';

/** Runs a parsed command. Never throws for anything a user can cause: it answers with a hint. */
export async function runCommand(cmd: Command, ctx: CommandContext, deps: CommandDeps): Promise<Message> {
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
