/**
 * `/cafta …`: answered in the ack body (Slack's 3-second window) as an ephemeral Block Kit
 * message. If the core is slow we ack "working on it" and deliver the answer via response_url.
 */
import type { App } from '@slack/bolt';
import { understand } from '../../src/commands/receive';
import type { CommandDeps } from '../../src/commands/types';
import { readerLang } from '../../src/commands/receive';
import { textsFor } from '../../src/text/texts';
import { toBlockKit } from './block-kit';
import { answerCommand, needsUserInfo, slackContext, type SlackAnswer, type SlackOrigin } from './run-command';
import { isBareSubscribe } from '../../src/commands/types';
import { openFailedText, openSubscriptionModal } from './subscription-forms';
import type { UserInfoLookup } from './user-info';

export interface SlashCommandOptions {
  commandDeps: CommandDeps;
  userInfo: UserInfoLookup;
  /** Longest wait for users.info before falling back to CAFTA_DEFAULT_TZ and CAFTA_DEFAULT_LANG. */
  zoneBudgetMs?: number;
  /** Longest wait for the answer before acking and answering via response_url. */
  answerBudgetMs?: number;
}

/** The ack / response_url body for an answer. */
export function slackResponse(answer: SlackAnswer): Record<string, unknown> {
  const rendered = toBlockKit(answer.msg, { shareCommand: answer.shareCommand });
  return { response_type: answer.msg.audience === 'channel' ? 'in_channel' : 'ephemeral', ...rendered };
}

export function registerSlashCommand(app: App, opts: SlashCommandOptions): void {
  const zoneBudgetMs = opts.zoneBudgetMs ?? 1500;
  const answerBudgetMs = opts.answerBudgetMs ?? 2500;

  // Any command name: workspaces may rename /cafta when it clashes with another app.
  app.command(/.*/, async ({ command, ack, respond, client }) => {
    const started = Date.now();
    const origin: SlackOrigin = {
      teamId: command.team_id,
      enterpriseId: command.enterprise_id || undefined,
      channelId: command.channel_id,
      userId: command.user_id,
    };
    const text = typeof command.text === 'string' ? command.text : '';
    const request = understand(text);
    // `/cafta subscribe` (or `订阅`) alone opens the form; the grammar stays for everything else.
    if (
      request.ok &&
      isBareSubscribe(request.command) &&
      origin.teamId &&
      origin.channelId &&
      typeof command.trigger_id === 'string' &&
      command.trigger_id !== ''
    ) {
      await ack();
      const user = await opts.userInfo.lookup(client, origin.teamId, origin.userId ?? '', zoneBudgetMs);
      const lang = readerLang(request, slackContext(origin, user), opts.commandDeps);
      const opened = await openSubscriptionModal(client, opts.commandDeps, {
        triggerId: command.trigger_id,
        lang,
        user,
        channel: origin.channelId,
      });
      if (!opened) {
        await respond({ response_type: 'ephemeral', text: openFailedText(textsFor(lang)) }).catch((err: unknown) =>
          opts.commandDeps.logger.warn('response_url post failed', {
            error: err instanceof Error ? err.message : String(err),
          }),
        );
      }
      return;
    }
    const user = needsUserInfo(request)
      ? await opts.userInfo.lookup(client, origin.teamId, origin.userId ?? '', zoneBudgetMs)
      : {};

    const work = answerCommand(request, origin, user, opts.commandDeps);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), Math.max(0, answerBudgetMs - (Date.now() - started)));
    });
    const answer = await Promise.race([work, late]);
    if (timer) clearTimeout(timer);
    if (answer) {
      await ack(slackResponse(answer));
      return;
    }
    const lang = readerLang(request, slackContext(origin, user), opts.commandDeps);
    await ack({ response_type: 'ephemeral', text: textsFor(lang).t('render.slack.workingOnIt') });
    const slow = await work;
    await respond({ ...slackResponse(slow), replace_original: true }).catch((err: unknown) =>
      opts.commandDeps.logger.warn('response_url post failed', {
        error: err instanceof Error ? err.message : String(err),
      }),
    );
  });
}
