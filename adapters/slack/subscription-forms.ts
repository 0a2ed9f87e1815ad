/**
 * Subscriptions without the grammar, in Slack: `/cafta subscribe` alone (or `订阅`), the App
 * Home's "Add subscription" and each subscription's "Edit" open the modal (views.open with the
 * trigger_id); its submission is validated (`response_action: "errors"`, inline per field), saved
 * through the core's `applySubscriptionEdit` (the same path as the grammar and the Teams form),
 * confirmed ephemerally in the channel (chat.postEphemeral) and the App Home is refreshed
 * (views.publish). "Delete" (with Slack's confirm dialog) removes one subscription. Every request
 * reaches here signature-checked (bolt-app.ts); anything malformed gets a clear answer, never a 500.
 */
import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  ViewResponseAction,
  ViewSubmitAction,
  webApi,
} from '@slack/bolt';
import { editAnswer } from '../../src/commands/subscriptions';
import {
  applySubscriptionEdit,
  validateSubscriptionEdit,
  type SubscriptionSettings,
} from '../../src/commands/subscription-edit';
import type { CommandDeps } from '../../src/commands/types';
import { commandText, optionWord } from '../../src/commands/vocabulary';
import { SUBSCRIPTION_KINDS, type Subscription } from '../../src/delivery/model';
import type { Lang } from '../../src/text/i18n';
import { textsFor, type Texts } from '../../src/text/texts';
import { dataIn } from '../../src/treaty/localize';
import { buildHomeView, shownOnHome } from './app-home';
import { toBlockKit } from './block-kit';
import { SLACK_PLATFORM } from './installation-store';
import { slackContext, type SlackOrigin } from './run-command';
import {
  buildSubscriptionModal,
  initialFromSubscription,
  MODAL_CALLBACK_ID,
  modalErrors,
  readMetadata,
  readSubmission,
  readSubscriptionRef,
  HOME_ADD_ACTION,
  HOME_DELETE_ACTION,
  HOME_EDIT_ACTION,
  type ModalInitial,
} from './subscription-modal';
import type { UserInfo, UserInfoLookup } from './user-info';

const USER_BUDGET_MS = 1500;

export interface FormDeps {
  commandDeps: CommandDeps;
  userInfo: UserInfoLookup;
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Opens the modal (new, or editing `edit`); false when Slack refused (an expired trigger, say). */
export async function openSubscriptionModal(
  client: webApi.WebClient,
  deps: CommandDeps,
  opts: { triggerId: string; lang: Lang; user: UserInfo; channel?: string; edit?: Subscription },
): Promise<boolean> {
  const tx = textsFor(opts.lang);
  const initial: ModalInitial = opts.edit
    ? initialFromSubscription(opts.edit)
    : {
        kinds: [...SUBSCRIPTION_KINDS],
        cadence: 'weekly',
        weekday: 1,
        time: '09:00',
        zone: opts.user.zone ?? deps.defaultZone,
        lang: opts.lang,
        parties: [],
        areas: [],
      };
  const view = buildSubscriptionModal(tx, dataIn(deps.data(), opts.lang), initial, {
    channel: opts.edit?.channel ?? opts.channel,
    kind: opts.edit?.kind,
    lang: opts.lang,
  });
  try {
    await client.views.open({ trigger_id: opts.triggerId, view });
    return true;
  } catch (err) {
    deps.logger.warn('slack views.open failed', { error: errorText(err) });
    return false;
  }
}

/** What to say when the form cannot open: the grammar still works. */
export function openFailedText(tx: Texts): string {
  const example = commandText(
    tx.lang,
    'subscribe',
    optionWord(tx.lang, 'grammar.kind.digest'),
    optionWord(tx.lang, 'grammar.weekday.fri'),
    '09:00',
  );
  return tx.t('slackForm.openFailed', { example: `/cafta ${example}` });
}

/** Republishes one user's App Home (after a save or a delete); failures are logged, never thrown. */
export async function publishHome(
  client: webApi.WebClient,
  deps: CommandDeps,
  teamId: string,
  userId: string,
  user: UserInfo,
): Promise<void> {
  try {
    const view = await buildHomeView(teamId, userId, deps, user);
    await client.views.publish({ user_id: userId, view });
  } catch (err) {
    deps.logger.error('app home publish failed', { error: errorText(err), team: teamId });
  }
}

const teamOf = (body: { team?: { id?: string } | null; user?: { team_id?: string } }, fallback?: string) =>
  body.team?.id ?? body.user?.team_id ?? fallback;

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
/** A form button's handler, run by the one block-action listener (interactivity.ts) after its ack. */
export type FormButton = (args: ButtonArgs) => Promise<void>;

/** The App Home's form buttons by action id: "Add subscription", "Edit" and "Delete". */
export function subscriptionFormButtons(opts: FormDeps): Record<string, FormButton> {
  const deps = opts.commandDeps;
  const { logger } = deps;
  const langOf = (user: UserInfo): Lang => user.lang ?? deps.defaultLang;

  return {
    // App Home: "Add subscription".
    [HOME_ADD_ACTION]: async ({ body, client, context }) => {
      const teamId = teamOf(body, context.teamId);
      if (!teamId) return;
      const user = await opts.userInfo.lookup(client, teamId, body.user.id, USER_BUDGET_MS);
      await openSubscriptionModal(client, deps, { triggerId: body.trigger_id, lang: langOf(user), user });
    },

    // App Home: "Edit" next to a subscription.
    [HOME_EDIT_ACTION]: async ({ body, action, client, context }) => {
      const teamId = teamOf(body, context.teamId);
      const ref = readSubscriptionRef(action.value);
      if (!teamId || !ref) {
        logger.warn('slack edit button with an unreadable value', { team: teamId });
        return;
      }
      const user = await opts.userInfo.lookup(client, teamId, body.user.id, USER_BUDGET_MS);
      const subs = await deps.store.listSubscriptions({
        platform: SLACK_PLATFORM,
        workspace: teamId,
        channel: ref.channel,
      });
      const edit = subs.find((s) => s.kind === ref.kind && shownOnHome(s, body.user.id));
      // Gone since the Home was drawn (deleted elsewhere): show the Home as it is now.
      if (!edit) return publishHome(client, deps, teamId, body.user.id, user);
      await openSubscriptionModal(client, deps, { triggerId: body.trigger_id, lang: langOf(user), user, edit });
    },

    // App Home: "Delete" (Slack asked for confirmation before sending this).
    [HOME_DELETE_ACTION]: async ({ body, action, client, context }) => {
      const teamId = teamOf(body, context.teamId);
      const ref = readSubscriptionRef(action.value);
      if (!teamId || !ref) {
        logger.warn('slack delete button with an unreadable value', { team: teamId });
        return;
      }
      const where = { platform: SLACK_PLATFORM, workspace: teamId, channel: ref.channel };
      // Someone else's direct message is not theirs to stop (a Home drawn before it was hidden).
      const target = (await deps.store.listSubscriptions(where)).find((s) => s.kind === ref.kind);
      if (target && shownOnHome(target, body.user.id)) await deps.store.deleteSubscriptions(where, [ref.kind]);
      const user = await opts.userInfo.lookup(client, teamId, body.user.id, USER_BUDGET_MS);
      await publishHome(client, deps, teamId, body.user.id, user);
    },
  };
}

/** The modal's submission (its buttons go through subscriptionFormButtons). */
export function registerSubscriptionForms(app: App, opts: FormDeps): void {
  const deps = opts.commandDeps;
  const { logger } = deps;
  const langOf = (user: UserInfo): Lang => user.lang ?? deps.defaultLang;

  // The modal's submission.
  app.view<ViewSubmitAction>(
    { callback_id: MODAL_CALLBACK_ID, type: 'view_submission' },
    async ({ ack, body, view, client, context }) => {
      let acked = false;
      const answer = async (response?: ViewResponseAction): Promise<void> => {
        acked = true;
        await ack(response);
      };
      const meta = readMetadata(view.private_metadata);
      const teamId = teamOf(body, context.teamId);
      const userId = body.user.id;
      const user = teamId ? await opts.userInfo.lookup(client, teamId, userId, USER_BUDGET_MS) : {};
      const tx = textsFor(meta.lang ?? langOf(user));
      try {
        const { raw, channel } = readSubmission(view.state?.values);
        const form = validateSubscriptionEdit(deps.data(), raw);
        if (!form.ok || !channel || !teamId) {
          await answer({
            response_action: 'errors',
            errors: modalErrors(tx, form.ok ? [] : form.errors, !channel || !teamId),
          });
          return;
        }
        const origin: SlackOrigin = { teamId, enterpriseId: body.enterprise?.id, channelId: channel, userId };
        const asker = slackContext(origin, user);
        const defaults: SubscriptionSettings = {
          cadence: 'weekly',
          weekday: 1,
          time: '09:00',
          zone: user.zone ?? deps.defaultZone,
          lang: tx.lang,
          filters: { parties: [], areas: [] },
        };
        const saved = await applySubscriptionEdit(
          deps,
          { channel: asker.channel, user: userId },
          form.form.kinds,
          form.form.edit,
          defaults,
          deps.clock(),
        );
        if (!saved.ok) {
          await answer({ response_action: 'errors', errors: modalErrors(tx, saved.errors, false) });
          return;
        }
        // An edit that moved a subscription to another channel: the old one goes.
        if (meta.kind && meta.channel && meta.channel !== channel && form.form.kinds.includes(meta.kind)) {
          await deps.store.deleteSubscriptions({ platform: SLACK_PLATFORM, workspace: teamId, channel: meta.channel }, [
            meta.kind,
          ]);
        }
        await answer();
        const confirm = toBlockKit({
          ...editAnswer(tx, deps.data(), saved.results, asker.place ?? 'channel'),
          lang: tx.lang,
        });
        await client.chat
          .postEphemeral({ channel, user: userId, text: confirm.text, blocks: confirm.blocks })
          .catch((err: unknown) => logger.warn('slack form confirmation failed', { error: errorText(err) }));
        await publishHome(client, deps, teamId, userId, user);
      } catch (err) {
        logger.error('slack form submission failed', { error: errorText(err), team: teamId });
        if (!acked) {
          await answer({
            response_action: 'errors',
            errors: { kinds: tx.t('render.slack.sorryShort') },
          });
        }
      }
    },
  );
}
