/**
 * Slack's side of the one inbound pipeline (src/commands/receive.ts) for every Slack surface
 * (slash command, buttons, share): the Slack origin becomes the asker's context, the answer a
 * SlackAnswer, and a failure a short apology in Slack's words.
 */
import { message, text as textBlock, type Message } from '../../src/text/message';
import { receive, type Request } from '../../src/commands/receive';
import type { CommandContext, CommandDeps } from '../../src/commands/types';
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

/** Whether answering could use the asker's time zone (saves a users.info call otherwise). */
export function needsUserZone(request: Request): boolean {
  return request.ok && request.command.name !== 'help';
}

const slackAnswer = (msg: Message, request: Request): SlackAnswer =>
  request.ok && request.shareable ? { msg, shareCommand: request.text.trim() } : { msg };

/** Answers command text (or an understood Request) for a Slack origin. Never throws: failures become a short apology. */
export async function answerCommand(
  input: string | Request,
  origin: SlackOrigin,
  userZone: string | undefined,
  deps: CommandDeps,
): Promise<SlackAnswer> {
  try {
    return await receive(input, slackContext(origin, userZone), deps, { render: slackAnswer });
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
