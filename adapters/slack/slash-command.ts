/**
 * `/cafta …`: answered in the ack body (Slack's 3-second window) as an ephemeral Block Kit
 * message. If the core is slow we ack "working on it" and deliver the answer via response_url.
 *
 * Answers that only change with the data, the reader's language and (for `next`) the local date
 * in their zone (answer-key.ts) are kept, rendered, per that key and the text to share, in a
 * bounded LRU: an asker whose answer is kept gets it without the command running again or a
 * timer being set. A data reload changes the data version, hence the key.
 */
import type { AllMiddlewareArgs, AnyMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { LRUCache } from 'lru-cache';
import { answerKeyOf, understand, type Request } from '../../src/commands/receive';
import type { CommandDeps } from '../../src/commands/types';
import { readerLang } from '../../src/commands/receive';
import { deepFreeze } from '../../src/infra/freeze';
import { textsFor } from '../../src/text/texts';
import { toBlockKit } from './block-kit';
import { ackJson } from './bolt-app';
import { answerCommand, needsUserInfo, slackContext, type SlackAnswer, type SlackOrigin } from './run-command';
import { isBareSubscribe } from '../../src/commands/types';
import { openFailedText, openSubscriptionModal } from './subscription-forms';
import type { UserInfo, UserInfoLookup } from './user-info';

export interface SlashCommandOptions {
  commandDeps: CommandDeps;
  userInfo: UserInfoLookup;
  /** Longest wait for users.info before falling back to CAFTA_DEFAULT_TZ and CAFTA_DEFAULT_LANG. */
  zoneBudgetMs?: number;
  /** Longest wait for the answer before acking and answering via response_url. */
  answerBudgetMs?: number;
  /** Rendered answers kept (most recently used). Default 500; 0 keeps none. */
  keptAnswers?: number;
}

type SlackResponse = Record<string, unknown>;

/** The ack / response_url body of an answer, rendered once per answer object (a kept answer is one). */
const responses = new WeakMap<SlackAnswer, SlackResponse>();
/** The same, serialised, for kept answers (acked as JSON without serialising again). */
const serialised = new WeakMap<SlackAnswer, string>();

function serialisedResponse(answer: SlackAnswer): string {
  let json = serialised.get(answer);
  if (json === undefined) {
    json = JSON.stringify(slackResponse(answer));
    serialised.set(answer, json);
  }
  return json;
}

/** The ack / response_url body for an answer. */
export function slackResponse(answer: SlackAnswer): SlackResponse {
  let response = responses.get(answer);
  if (!response) {
    const rendered = toBlockKit(answer.msg, { shareCommand: answer.shareCommand });
    response = { response_type: answer.msg.audience === 'channel' ? 'in_channel' : 'ephemeral', ...rendered };
    responses.set(answer, response);
  }
  return response;
}

/**
 * Kept answers, deep-frozen (one object goes to many askers). The key adds the text a "Share in
 * channel" button would re-run, which differs between `status` and ` Status `.
 */
function keptAnswers(max: number) {
  const kept = max > 0 ? new LRUCache<string, SlackAnswer>({ max }) : null;
  const shareText = (request: Request): string => (request.ok && request.shareable ? request.text.trim() : '');
  return {
    keyOf(request: Request, origin: SlackOrigin, user: UserInfo, deps: CommandDeps): string | undefined {
      if (!kept) return undefined;
      const key = answerKeyOf(request, slackContext(origin, user), deps);
      return key === undefined ? undefined : `${key}|${shareText(request)}`;
    },
    get: (key: string): SlackAnswer | undefined => kept?.get(key),
    /** What answerCommand keeps an answer it built through (its key is receive()'s). */
    reuseFor(key: string | undefined) {
      if (!kept || key === undefined) return undefined;
      return {
        get: (): SlackAnswer | undefined => kept.get(key),
        set: (_k: string, answer: SlackAnswer): SlackAnswer => {
          kept.set(key, deepFreeze(answer));
          return answer;
        },
      };
    },
  };
}

export function registerSlashCommand(app: App, opts: SlashCommandOptions): void {
  const zoneBudgetMs = opts.zoneBudgetMs ?? 1500;
  const answerBudgetMs = opts.answerBudgetMs ?? 2500;
  const kept = keptAnswers(opts.keptAnswers ?? 500);

  // Any command name: workspaces may rename /cafta when it clashes with another app. A global
  // middleware rather than a command listener: Bolt runs every listener's matchers (7 of them:
  // buttons, views, shortcuts, events) for each request; a command answered here skips them all
  // (measured: ~6% of the server's CPU per /cafta). Anything else goes on to the listeners.
  app.use(async (args) => {
    if (!isSlashCommand(args)) return args.next();
    return answerSlashCommand(args);
  });

  const answerSlashCommand = async ({
    command,
    ack,
    respond,
    client,
    context,
  }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const started = Date.now();
    const origin: SlackOrigin = {
      teamId: command.team_id,
      enterpriseId: command.enterprise_id || undefined,
      channelId: command.channel_id,
      userId: command.user_id,
      ...(typeof command.channel_name === 'string' ? { channelName: command.channel_name } : {}),
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

    const key = kept.keyOf(request, origin, user, opts.commandDeps);
    const found = key === undefined ? undefined : kept.get(key);
    if (found) {
      await ackJson(context, ack, serialisedResponse(found));
      return;
    }
    const work = answerCommand(request, origin, user, opts.commandDeps, kept.reuseFor(key));
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
  };
}

/** A slash command's middleware arguments (Bolt sets `command` for them, and only for them). */
const isSlashCommand = (
  args: AnyMiddlewareArgs & AllMiddlewareArgs,
): args is SlackCommandMiddlewareArgs & AllMiddlewareArgs =>
  'command' in args && typeof (args.body as { command?: unknown }).command === 'string';
