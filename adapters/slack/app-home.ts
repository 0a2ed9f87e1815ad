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
import { slackEscape } from './escape';
import { SLACK_PLATFORM } from './installation-store';
import { slackContext } from './run-command';
import type { UserInfo, UserInfoLookup } from './user-info';

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

/** Subscriptions grouped per channel; channel ids (from Slack, validated) become channel links. */
export function subscriptionBlocks(tx: Texts, subs: Subscription[]): SlackBlock[] {
  const byChannel = new Map<string, Subscription[]>();
  for (const s of subs) byChannel.set(s.channel, [...(byChannel.get(s.channel) ?? []), s]);
  const blocks: SlackBlock[] = [];
  for (const [channel, list] of [...byChannel.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const name = /^[CGD][A-Z0-9]{2,}$/.test(channel) ? `<#${channel}>` : slackEscape(channel);
    const lines = list.map((s) => `• ${slackEscape(describe(tx, s))}`).join('\n');
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `${name}\n${lines}`.slice(0, SLACK_LIMITS.sectionText), verbatim: true },
    });
  }
  return blocks;
}

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
  const subs = await deps.store.listSubscriptions({ platform: SLACK_PLATFORM, workspace: teamId });
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
  const subsBlocks = subscriptionBlocks(tx, subs);
  const limit = SLACK_LIMITS.blocksPerHomeView;
  const head = toBlockKit(status, {
    maxBlocks: limit - 3 - Math.min(subsBlocks.length, 40),
    withoutActions: true,
  }).blocks;
  const tail = toBlockKit(intro, { withoutActions: true }).blocks;
  const room = limit - head.length - tail.length;
  const shown =
    subsBlocks.length > room
      ? [
          ...subsBlocks.slice(0, room - 1),
          {
            type: 'context',
            elements: [
              { type: 'mrkdwn', text: tx.t('home.more', { count: subsBlocks.length - room + 1 }), verbatim: true },
            ],
          } as SlackBlock,
        ]
      : subsBlocks;
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
