/**
 * One way into the core for every Slack surface (slash command, buttons, share):
 * text → parseCommand → runCommand → Message, with the Slack channel as the context.
 */
import { message, text as textBlock, type Message } from '../../src/text/message';
import { runCommand } from '../../src/commands/index';
import { parseCommand } from '../../src/commands/parse';
import type { CommandContext, CommandDeps, CommandName } from '../../src/commands/types';
import { SLACK_PLATFORM } from './installation-store';

/** Where a Slack request came from. */
export interface SlackOrigin {
  teamId: string;
  enterpriseId?: string;
  channelId: string;
  userId?: string;
}

export interface SlackAnswer {
  msg: Message;
  /** Set when the answer may be shared into the channel (read-only commands only). */
  shareCommand?: string;
}

/** Commands with side effects are never re-run by "Share in channel". */
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

export function slackContext(origin: SlackOrigin, userZone: string | undefined): CommandContext {
  const address: { teamId: string; channelId: string; enterpriseId?: string } = {
    teamId: origin.teamId,
    channelId: origin.channelId,
  };
  if (origin.enterpriseId) address.enterpriseId = origin.enterpriseId;
  return {
    channel: { platform: SLACK_PLATFORM, workspace: origin.teamId, channel: origin.channelId, address },
    user: origin.userId,
    userZone,
  };
}

/** Whether answering `text` could use the asker's time zone (saves a users.info call otherwise). */
export function needsUserZone(text: string): boolean {
  const parsed = parseCommand(text);
  return parsed.ok && parsed.command.name !== 'help';
}

/** Whether `text` is a read-only command that "Share in channel" may re-run. */
export function isShareable(text: string): boolean {
  const parsed = parseCommand(text);
  return parsed.ok && SHAREABLE.has(parsed.command.name);
}

/** Runs command text for a Slack origin. Never throws: failures become a short apology. */
export async function answerCommand(
  text: string,
  origin: SlackOrigin,
  userZone: string | undefined,
  deps: CommandDeps,
): Promise<SlackAnswer> {
  try {
    const parsed = parseCommand(text);
    if (!parsed.ok) return { msg: parsed.hint };
    const msg = await runCommand(parsed.command, slackContext(origin, userZone), deps);
    return SHAREABLE.has(parsed.command.name) ? { msg, shareCommand: text.trim() } : { msg };
  } catch (err) {
    deps.logger.error('slack command failed', {
      error: err instanceof Error ? err.message : String(err),
      team: origin.teamId,
    });
    return {
      msg: message('Sorry, that did not work', [
        textBlock(
          'Sorry, that did not work on our side. Please try again in a minute; `/cafta help` lists what I can do.',
          'warning',
        ),
      ]),
    };
  }
}
