/**
 * Slack's side of the one inbound pipeline (src/commands/receive.ts) for every Slack surface
 * (slash command, buttons, share): the Slack origin becomes the asker's context, the answer a
 * SlackAnswer, and a failure a short apology in Slack's words, in the asker's language.
 */
import { message, text as textBlock, type Message } from '../../src/text/message';
import { readerLang, receive, type Presenter, type Request } from '../../src/commands/receive';
import type { CommandContext, CommandDeps } from '../../src/commands/types';
import { commandText } from '../../src/commands/vocabulary';
import { textsFor } from '../../src/text/texts';
import { SLACK_PLATFORM } from './installation-store';
import type { UserInfo } from './user-info';

/** Where a Slack request came from. */
export interface SlackOrigin {
  teamId: string;
  enterpriseId?: string;
  channelId: string;
  userId?: string;
  /** Slack's name for the conversation when it says one (`directmessage`, `mpdm-…`, `general`). */
  channelName?: string;
}

/**
 * Whether a Slack conversation is a chat (a direct or group message) or a channel, for wording
 * ("this chat" as Teams says in a personal chat): direct-message ids start with `D`, and slash
 * commands name them `directmessage` (group DMs `mpdm-…`).
 */
export function slackPlace(channelId: string, channelName?: string): 'chat' | 'channel' {
  if (/^D[A-Z0-9]/.test(channelId)) return 'chat';
  if (channelName === 'directmessage' || channelName?.startsWith('mpdm-')) return 'chat';
  return 'channel';
}

export interface SlackAnswer {
  msg: Message;
  /** Set when the answer may be shared into the channel (read-only commands only). */
  shareCommand?: string;
}

/** The asker's context: this channel, the user, and their zone and language from users.info. */
export function slackContext(origin: SlackOrigin, user: UserInfo): CommandContext {
  const address: { teamId: string; channelId: string; enterpriseId?: string } = {
    teamId: origin.teamId,
    channelId: origin.channelId,
  };
  if (origin.enterpriseId) address.enterpriseId = origin.enterpriseId;
  return {
    channel: { platform: SLACK_PLATFORM, workspace: origin.teamId, channel: origin.channelId, address },
    user: origin.userId,
    prefix: '/cafta ',
    place: slackPlace(origin.channelId, origin.channelName),
    ...(user.zone ? { userZone: user.zone } : {}),
    ...(user.lang ? { lang: user.lang } : {}),
  };
}

/**
 * Whether answering needs users.info (cached): for the language of every answer, unless the
 * words typed already say it (`/cafta 帮助`) and no time zone is needed (help and hints).
 */
export function needsUserInfo(request: Request): boolean {
  return !request.lang || (request.ok && request.command.name !== 'help');
}

/** Only an answer to a read-only command may be shared, and never a miss, hint or apology. */
const slackAnswer = (msg: Message, request: Request): SlackAnswer =>
  request.ok && request.shareable && !msg.problem ? { msg, shareCommand: request.text.trim() } : { msg };

/**
 * Answers command text (or an understood Request) for a Slack origin. Never throws: failures
 * become a short apology (never kept in `reuse`: only answers the command gave are).
 */
export async function answerCommand(
  input: string | Request,
  origin: SlackOrigin,
  user: UserInfo,
  deps: CommandDeps,
  reuse?: Presenter<SlackAnswer>['reuse'],
): Promise<SlackAnswer> {
  const asker = slackContext(origin, user);
  try {
    return await receive(input, asker, deps, reuse ? { render: slackAnswer, reuse } : { render: slackAnswer });
  } catch (err) {
    deps.logger.error('slack command failed', {
      error: err instanceof Error ? err.message : String(err),
      team: origin.teamId,
    });
    const lang = readerLang(typeof input === 'string' ? {} : input, asker, deps);
    const tx = textsFor(lang);
    return {
      msg: {
        ...message(tx.t('render.slack.sorrySummary'), [
          textBlock(tx.t('render.slack.sorry', { help: `/cafta ${commandText(lang, 'help')}` }), 'warning'),
        ]),
        lang,
        problem: 'failed',
      },
    };
  }
}
