/**
 * Usage text for every command (shared by `help` and by hints) and the hint Message builder.
 * Usage is written without a prefix: each platform has its own (`/cafta`, `@CAFTA`, `cafta`).
 */
import { actions, context, message, text, type Message, type MessageAction } from '../text/message';
import type { CommandName } from './types';

export interface Usage {
  syntax: string;
  what: string;
  examples: string[];
}

export const USAGE: Record<CommandName, Usage> = {
  help: { syntax: 'help [command]', what: 'this help, or help for one command', examples: ['help', 'help subscribe'] },
  status: {
    syntax: 'status',
    what: "every party's ratification status, with counts and the data date",
    examples: ['status'],
  },
  party: {
    syntax: 'party <name | ISO code | alias>',
    what: 'one party: signature, ratification, notification, entry into force',
    examples: ['party vn', 'party Indonesia', 'party 中国'],
  },
  timeline: {
    syntax: 'timeline [--all]',
    what: 'milestones, oldest first (--all adds those concerning only some parties)',
    examples: ['timeline', 'timeline --all'],
  },
  milestone: {
    syntax: 'milestone <id | keyword>',
    what: 'one milestone in full',
    examples: ['milestone signing', 'milestone framework'],
  },
  areas: { syntax: 'areas', what: 'the nine areas of the 3.0 upgrade', examples: ['areas'] },
  area: { syntax: 'area <name | number>', what: 'one area of the upgrade', examples: ['area 1', 'area digital'] },
  next: {
    syntax: 'next [days]',
    what: 'anniversaries and expected events from today (days: 1 to 366, default 30)',
    examples: ['next', 'next 90'],
  },
  subscribe: {
    syntax: 'subscribe [digest|reminders|alerts|all] [daily|weekly] [mon..sun] [HH:MM] [IANA time zone]',
    what: 'scheduled digests, anniversary reminders and ratification alerts for this channel (defaults: all, weekly, mon, 09:00, your time zone)',
    examples: ['subscribe', 'subscribe digest weekly fri 17:30 Asia/Jakarta', 'subscribe reminders 8am'],
  },
  unsubscribe: {
    syntax: 'unsubscribe [digest|reminders|alerts|all]',
    what: 'stop deliveries to this channel (default: all)',
    examples: ['unsubscribe', 'unsubscribe digest'],
  },
  subscriptions: {
    syntax: 'subscriptions',
    what: 'what this channel receives, and when next',
    examples: ['subscriptions'],
  },
  digest: { syntax: 'digest', what: "preview this channel's digest now", examples: ['digest'] },
};

export const COMMAND_NAMES = Object.keys(USAGE) as CommandName[];

/** "Usage: party <name | ISO code | alias> — e.g. party vn". */
export const usageLine = (name: CommandName): string =>
  `Usage: ${USAGE[name].syntax} — e.g. ${USAGE[name].examples.join(', ')}`;

/**
 * A hint: what was not understood (already quoted safely by the caller), the nearest valid
 * form, and buttons for suggested commands.
 */
export function hint(problem: string, opts: { usage?: CommandName; suggest?: string[]; extra?: string } = {}): Message {
  const blocks = [text(problem, 'warning')];
  if (opts.extra) blocks.push(text(opts.extra));
  if (opts.usage) blocks.push(text(usageLine(opts.usage)));
  if (opts.suggest && opts.suggest.length > 0) {
    blocks.push(actions(...opts.suggest.slice(0, 5).map((command): MessageAction => ({ label: command, command }))));
  }
  blocks.push(context('Type help to see every command.'));
  return message(problem, blocks);
}
