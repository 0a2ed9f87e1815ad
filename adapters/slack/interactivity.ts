/**
 * Buttons on answers. `cafta_run:<n>` runs the button's command through the same core and answers
 * the clicker ephemerally; `cafta_share` re-runs a read-only command and posts it in the channel.
 */
import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { understand } from '../../src/commands/receive';
import type { CommandDeps } from '../../src/commands/types';
import { commandFromButtonValue, RUN_ACTION_PREFIX, SHARE_ACTION_ID } from './block-kit';
import { answerCommand, needsUserInfo, type SlackOrigin } from './run-command';
import { slackResponse } from './slash-command';
import { MODAL_CALLBACK_ID } from './subscription-modal';
import type { FormButton } from './subscription-forms';
import type { UserInfoLookup } from './user-info';

const originOf = (body: BlockAction): SlackOrigin | null => {
  const teamId = body.team?.id ?? body.user.team_id;
  const channelId = body.channel?.id ?? body.container?.channel_id;
  if (!teamId || !channelId) return null;
  const channelName = body.channel?.name;
  return {
    teamId,
    enterpriseId: body.enterprise?.id,
    channelId,
    userId: body.user.id,
    ...(typeof channelName === 'string' ? { channelName } : {}),
  };
};

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function registerInteractivity(
  app: App,
  opts: { commandDeps: CommandDeps; userInfo: UserInfoLookup; formButtons: Record<string, FormButton> },
): void {
  const { logger } = opts.commandDeps;

  /** `cafta_run:<n>`: runs the button's command and answers the clicker ephemerally. */
  const runButton = async ({ body, action, respond, client }: ButtonArgs): Promise<void> => {
    const origin = originOf(body);
    if (!origin) return; // a button outside a channel (e.g. App Home) has nowhere to answer
    const request = understand(commandFromButtonValue(action.value ?? ''));
    const user = needsUserInfo(request)
      ? await opts.userInfo.lookup(client, origin.teamId, origin.userId ?? '', 1500)
      : {};
    const answer = await answerCommand(request, origin, user, opts.commandDeps);
    await respond({ ...slackResponse(answer), replace_original: false }).catch((err: unknown) =>
      logger.warn('button answer failed', { error: err instanceof Error ? err.message : String(err) }),
    );
  };

  /** `cafta_share`: re-runs a read-only command and posts it in the channel. */
  const shareButton = async ({ body, action, respond, client }: ButtonArgs): Promise<void> => {
    const origin = originOf(body);
    if (!origin) return;
    const request = understand(commandFromButtonValue(action.value ?? ''));
    if (!request.ok || !request.shareable) return; // never re-run a command with side effects
    // Shared in the language the sharer read it in (their zone does not apply to the channel).
    const { lang } = request.lang
      ? { lang: undefined }
      : await opts.userInfo.lookup(client, origin.teamId, origin.userId ?? '', 1500);
    const answer = await answerCommand(request, origin, lang ? { lang } : {}, opts.commandDeps);
    const shared = slackResponse({ msg: { ...answer.msg, audience: 'channel' } });
    await respond({ ...shared, response_type: 'in_channel', replace_original: false }).catch((err: unknown) =>
      logger.warn('share failed', { error: err instanceof Error ? err.message : String(err) }),
    );
  };

  // One listener for every block action (Bolt runs each registered listener's matchers on every
  // request, a slash command included: fewer listeners, less work per request). Anything not ours
  // (a button from an older version of the app) is acknowledged at once: the user sees no error
  // icon and Slack no timeout.
  const ours = new RegExp(`^${RUN_ACTION_PREFIX}\\d+$`);
  app.action<BlockAction<ButtonAction>>(/.*/, async (args) => {
    await args.ack();
    const id = args.action.action_id;
    if (ours.test(id)) return runButton(args);
    if (id === SHARE_ACTION_ID) return shareButton(args);
    if (Object.hasOwn(opts.formButtons, id)) return opts.formButtons[id](args);
    logger.debug('unknown slack action acknowledged', { type: args.body.type });
  });
  app.view({ callback_id: new RegExp(`^(?!${MODAL_CALLBACK_ID}$)`), type: 'view_submission' }, async ({ ack }) =>
    ack(),
  );
  app.view({ callback_id: /.*/, type: 'view_closed' }, async ({ ack }) => ack());
  app.shortcut(/.*/, async ({ ack }) => ack());
}
