/** STUB — implemented by the store work: subscribe, unsubscribe, subscriptions. */
import type { Message } from '../message';
import { message, text } from '../message';
import type { Command, CommandContext, CommandDeps } from './types';

export async function runSubscriptionCommand(cmd: Command, ctx: CommandContext, deps: CommandDeps): Promise<Message> {
  void ctx; void deps;
  return message('Not implemented yet', [text(`${cmd.name}: not implemented yet`)]);
}
