/**
 * App Home tab: ratification overview (the core's `status` answer) and this workspace's
 * subscriptions, published with views.publish whenever a user opens the tab.
 */
import { DateTime } from 'luxon';
import type { App } from '@slack/bolt';
import { receive } from '../../src/commands/receive';
import type { CommandDeps } from '../../src/commands/types';
import { context, divider, header, message, text, type Message } from '../../src/text/message';
import type { Subscription } from '../../src/delivery/model';
import { SLACK_LIMITS, toBlockKit, type SlackBlock } from './block-kit';
import { slackEscape } from './escape';
import { SLACK_PLATFORM } from './installation-store';
import { slackContext } from './run-command';

const DAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function describe(sub: Subscription): string {
  const when =
    sub.kind === 'alerts'
      ? 'when the data records a change'
      : sub.cadence === 'daily'
        ? `daily ${sub.time}`
        : `weekly ${DAYS[sub.weekday]} ${sub.time}`;
  const next = sub.nextDueAt
    ? `, next ${DateTime.fromJSDate(sub.nextDueAt).setZone(sub.zone).toFormat('ccc d LLL yyyy HH:mm')}`
    : '';
  const paused = sub.status === 'paused' ? ` — paused${sub.pausedReason ? `: ${sub.pausedReason}` : ''}` : '';
  return `${sub.kind}, ${when} (${sub.zone})${next}${paused}`;
}

/** Subscriptions grouped per channel; channel ids (from Slack, validated) become channel links. */
export function subscriptionBlocks(subs: Subscription[]): SlackBlock[] {
  const byChannel = new Map<string, Subscription[]>();
  for (const s of subs) byChannel.set(s.channel, [...(byChannel.get(s.channel) ?? []), s]);
  const blocks: SlackBlock[] = [];
  for (const [channel, list] of [...byChannel.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const name = /^[CGD][A-Z0-9]{2,}$/.test(channel) ? `<#${channel}>` : slackEscape(channel);
    const lines = list.map((s) => `• ${slackEscape(describe(s))}`).join('\n');
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `${name}\n${lines}`.slice(0, SLACK_LIMITS.sectionText), verbatim: true },
    });
  }
  return blocks;
}

/** Builds the Home view for one user of one workspace. */
export async function buildHomeView(
  teamId: string,
  userId: string,
  deps: CommandDeps,
): Promise<{ type: 'home'; blocks: SlackBlock[] }> {
  let status: Message;
  try {
    status = await receive('status', slackContext({ teamId, channelId: `home-${userId}`, userId }, undefined), deps, {
      render: (msg) => msg,
    });
  } catch (err) {
    deps.logger.error('app home status failed', { error: err instanceof Error ? err.message : String(err) });
    status = message('Status unavailable', [
      text('The ratification overview is unavailable right now. Try `/cafta status` in a channel.', 'warning'),
    ]);
  }
  const subs = await deps.store.listSubscriptions({ platform: SLACK_PLATFORM, workspace: teamId });
  const intro = message('Subscriptions', [
    divider(),
    header('Subscriptions in this workspace'),
    subs.length === 0
      ? text(
          'No channel here is subscribed yet. Type `/cafta subscribe` in a channel for a weekly digest, anniversary reminders and alerts.',
        )
      : context(
          `${subs.length} subscription${subs.length === 1 ? '' : 's'}; change them with /cafta subscribe or /cafta unsubscribe in the channel.`,
        ),
  ]);
  const subsBlocks = subscriptionBlocks(subs);
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
            elements: [{ type: 'mrkdwn', text: `…and ${subsBlocks.length - room + 1} more channels.`, verbatim: true }],
          } as SlackBlock,
        ]
      : subsBlocks;
  return { type: 'home', blocks: [...head, ...tail, ...shown] };
}

export function registerAppHome(app: App, deps: CommandDeps): void {
  app.event('app_home_opened', async ({ event, body, client, context: ctx }) => {
    if (event.tab && event.tab !== 'home') return;
    const teamId = ctx.teamId ?? (body as { team_id?: string }).team_id;
    if (!teamId) return;
    try {
      const view = await buildHomeView(teamId, event.user, deps);
      await client.views.publish({ user_id: event.user, view });
    } catch (err) {
      deps.logger.error('app home publish failed', {
        error: err instanceof Error ? err.message : String(err),
        team: teamId,
      });
    }
  });
}
