/**
 * App Home tab: ratification overview (the core's `status` answer) and this workspace's
 * subscriptions, published with views.publish whenever a user opens the tab.
 */
import type { App } from '@slack/bolt';
import { receive } from '../../src/commands/receive';
import type { CommandDeps } from '../../src/commands/types';
import { commandText } from '../../src/commands/vocabulary';
import { scheduleText, subscriptionKindLabel, pausedReasonText } from '../../src/commands/subscription-text';
import { context, divider, header, message, text, type Message } from '../../src/text/message';
import { textsFor, type Texts } from '../../src/text/texts';
import type { Lang } from '../../src/text/i18n';
import type { Subscription } from '../../src/delivery/model';
import { specOf } from '../../src/delivery/schedule';
import { SLACK_LIMITS, toBlockKit, type SlackBlock } from './block-kit';
import { fitText, slackEscape } from './escape';
import { filtersText } from '../../src/commands/subscription-filters';
import { SUBSCRIPTION_KINDS } from '../../src/delivery/model';
import { dataIn } from '../../src/treaty/localize';
import type { TreatyData } from '../../src/treaty/model';
import {
  capText,
  HOME_ADD_ACTION,
  HOME_DELETE_ACTION,
  HOME_EDIT_ACTION,
  SLACK_CHANNEL_ID,
  subscriptionRef,
} from './subscription-modal';
import { SLACK_PLATFORM } from './installation-store';
import { slackContext } from './run-command';
import type { UserInfo, UserInfoLookup } from './user-info';

/** A direct-message conversation (`D…`), which only the one who subscribed it may see or change. */
const isDirectMessage = (channel: string): boolean => /^D[A-Z0-9]/.test(channel);

/**
 * Whether `userId` may see (and Edit or Delete) a subscription on the App Home: every channel's,
 * but a direct message's only for the one who subscribed it (the Home lists the whole workspace).
 */
export const shownOnHome = (sub: Subscription, userId: string): boolean =>
  !isDirectMessage(sub.channel) || sub.createdBy === userId;

/** One subscription in a line: kind, schedule and zone, next delivery, language; paused ones say why. */
function describe(tx: Texts, sub: Subscription): string {
  return tx.t('home.subscription', {
    kind: subscriptionKindLabel(tx, sub.kind, sub.cadence),
    schedule: scheduleText(tx, sub.kind, specOf(sub)),
    zone: sub.zone,
    hasNext: sub.nextDueAt && sub.status !== 'paused' ? 'yes' : 'no',
    next: sub.nextDueAt ? tx.localDateTime(sub.nextDueAt, sub.zone) : '',
    language: tx.langName(sub.lang),
    paused: sub.status === 'paused' ? 'yes' : 'no',
    reason: pausedReasonText(tx, sub.pausedReason),
  });
}

const plainText = (value: string, max: number): { type: 'plain_text'; text: string; emoji: true } => ({
  type: 'plain_text',
  text: capText(value, max),
  emoji: true,
});

/** "Edit" and "Delete" (with Slack's confirm dialog) for one subscription; values name channel and kind. */
function manageButtons(tx: Texts, sub: Subscription, channelName: string): SlackBlock {
  const ref = subscriptionRef(sub);
  const kind = subscriptionKindLabel(tx, sub.kind, sub.cadence);
  return {
    type: 'actions',
    block_id: `manage:${ref}`.slice(0, 255),
    elements: [
      {
        type: 'button',
        text: plainText(tx.t('slackForm.edit'), SLACK_LIMITS.buttonText),
        action_id: HOME_EDIT_ACTION,
        value: ref,
      },
      {
        type: 'button',
        text: plainText(tx.t('slackForm.delete'), SLACK_LIMITS.buttonText),
        action_id: HOME_DELETE_ACTION,
        value: ref,
        style: 'danger',
        confirm: {
          title: plainText(tx.t('slackForm.deleteConfirmTitle'), 100),
          text: {
            type: 'mrkdwn',
            text: capText(tx.t('slackForm.deleteConfirm', { kind: slackEscape(kind), channel: channelName }), 300),
            verbatim: true,
          },
          confirm: plainText(tx.t('slackForm.deleteYes'), 30),
          deny: plainText(tx.t('slackForm.deleteKeep'), 30),
          style: 'danger',
        },
      },
    ],
  };
}

/**
 * Subscriptions grouped per channel (channel ids, from Slack and validated, become channel
 * links): the channel, then each subscription in a line with its Edit and Delete buttons.
 */
export function subscriptionBlocks(tx: Texts, subs: Subscription[], data?: TreatyData): SlackBlock[] {
  const byChannel = new Map<string, Subscription[]>();
  for (const s of subs) byChannel.set(s.channel, [...(byChannel.get(s.channel) ?? []), s]);
  const blocks: SlackBlock[] = [];
  for (const [channel, list] of [...byChannel.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    // A direct message is no channel to link to: it is named as the viewer's own chat.
    const name = isDirectMessage(channel)
      ? tx.t('home.chat')
      : SLACK_CHANNEL_ID.test(channel)
        ? `<#${channel}>`
        : slackEscape(channel);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: name, verbatim: true } });
    for (const s of inKindOrder(list)) {
      const line = `${describe(tx, s)}${data ? filtersText(tx, data, s.filters) : ''}`;
      blocks.push({
        type: 'section',
        text: { type: 'mrkdwn', text: `• ${fitText(line, SLACK_LIMITS.sectionText - 2)}`, verbatim: true },
      });
      if (SLACK_CHANNEL_ID.test(s.channel))
        blocks.push(manageButtons(tx, s, isDirectMessage(channel) ? tx.t('home.chatRef') : name));
    }
  }
  return blocks;
}

const inKindOrder = (subs: Subscription[]): Subscription[] =>
  [...subs].sort((a, b) => SUBSCRIPTION_KINDS.indexOf(a.kind) - SUBSCRIPTION_KINDS.indexOf(b.kind));

/** The "Add subscription" button that opens the form. */
const addButton = (tx: Texts): SlackBlock => ({
  type: 'actions',
  block_id: 'home_add',
  elements: [
    {
      type: 'button',
      text: plainText(tx.t('slackForm.add'), SLACK_LIMITS.buttonText),
      action_id: HOME_ADD_ACTION,
      value: 'add',
      style: 'primary',
    },
  ],
});

/** Builds the Home view for one user of one workspace, in that user's language. */
export async function buildHomeView(
  teamId: string,
  userId: string,
  deps: CommandDeps,
  user: UserInfo = {},
): Promise<{ type: 'home'; blocks: SlackBlock[] }> {
  const lang: Lang = user.lang ?? deps.defaultLang;
  const tx = textsFor(lang);
  let status: Message;
  try {
    status = await receive(
      commandText(lang, 'status'),
      slackContext({ teamId, channelId: `home-${userId}`, userId }, user),
      deps,
      { render: (msg) => msg },
    );
  } catch (err) {
    deps.logger.error('app home status failed', { error: err instanceof Error ? err.message : String(err) });
    status = {
      ...message(tx.t('home.statusUnavailableSummary'), [
        text(tx.t('home.statusUnavailable', { command: `/cafta ${commandText(lang, 'status')}` }), 'warning'),
      ]),
      lang,
    };
  }
  const subs = (await deps.store.listSubscriptions({ platform: SLACK_PLATFORM, workspace: teamId })).filter((s) =>
    shownOnHome(s, userId),
  );
  const intro: Message = {
    ...message(tx.t('home.subscriptionsSummary'), [
      divider(),
      header(tx.t('home.subscriptionsHeader')),
      subs.length === 0
        ? text(tx.t('home.none', { subscribe: `/cafta ${commandText(lang, 'subscribe')}` }))
        : context(
            tx.t('home.count', {
              count: subs.length,
              subscribe: `/cafta ${commandText(lang, 'subscribe')}`,
              unsubscribe: `/cafta ${commandText(lang, 'unsubscribe')}`,
            }),
          ),
    ]),
    lang,
  };
  const subsBlocks = subscriptionBlocks(tx, subs, dataIn(deps.data(), lang));
  const limit = SLACK_LIMITS.blocksPerHomeView;
  const head = toBlockKit(status, {
    maxBlocks: limit - 4 - Math.min(subsBlocks.length, 40),
    withoutActions: true,
  }).blocks;
  const tail = [...toBlockKit(intro, { withoutActions: true }).blocks, addButton(tx)];
  const room = limit - head.length - tail.length;
  let shown = subsBlocks;
  if (subsBlocks.length > room) {
    // Whole subscriptions only (a line never loses its buttons); the rest are counted.
    let kept = subsBlocks.slice(0, room - 1);
    while (kept.length > 0 && kept[kept.length - 1].type !== 'actions') kept = kept.slice(0, -1);
    const hidden = subsBlocks.slice(kept.length).filter((b) => b.type === 'actions').length;
    shown = [
      ...kept,
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: tx.t('home.more', { count: hidden, subscriptions: `/cafta ${commandText(lang, 'subscriptions')}` }),
            verbatim: true,
          },
        ],
      },
    ];
  }
  return { type: 'home', blocks: [...head, ...tail, ...shown] };
}

export function registerAppHome(app: App, deps: CommandDeps, userInfo: UserInfoLookup): void {
  app.event('app_home_opened', async ({ event, body, client, context: ctx }) => {
    if (event.tab && event.tab !== 'home') return;
    const teamId = ctx.teamId ?? (body as { team_id?: string }).team_id;
    if (!teamId) return;
    try {
      const user = await userInfo.lookup(client, teamId, event.user, 1500);
      const view = await buildHomeView(teamId, event.user, deps, user);
      await client.views.publish({ user_id: event.user, view });
    } catch (err) {
      deps.logger.error('app home publish failed', {
        error: err instanceof Error ? err.message : String(err),
        team: teamId,
      });
    }
  });
}
