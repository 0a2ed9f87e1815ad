/** STUB — implemented by the core-data work: help, status, party, timeline, milestone, areas, area, next, digest. */
import type { Message } from '../message';
import { message, text } from '../message';
import type { Command, CommandContext, CommandDeps } from './types';

export async function runInfoCommand(cmd: Command, ctx: CommandContext, deps: CommandDeps): Promise<Message> {
  void ctx; void deps;
  return message('Not implemented yet', [text(`${cmd.name}: not implemented yet`)]);
}
