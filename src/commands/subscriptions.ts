/**
 * `subscribe`, `unsubscribe` and `subscriptions` for the channel/conversation a command came from
 * (`ctx.channel`). Answers say what was set up and when the first delivery is, in local time.
 */
import type { Message } from '../text/message';
import { context, facts, header, message, quoteUserText, text } from '../text/message';
import type { Subscription, SubscriptionKind } from '../delivery/model';
import { SUBSCRIPTION_KINDS } from '../delivery/model';
import { DELIVERY_HANDLERS } from '../delivery/handlers';
import { isValidZone, specOf, type ScheduleSpec } from '../delivery/schedule';
import { isCaftaError } from '../infra/errors';
import type { ChannelKey } from '../store/store';
import type { Command, CommandContext, CommandDeps } from './types';
import { ALERTS_WHEN, subscriptionKindLabel, nextText, scheduleText } from './subscription-text';

type Subscribe = Extract<Command, { name: 'subscribe' }>;
type Unsubscribe = Extract<Command, { name: 'unsubscribe' }>;

export async function runSubscriptionCommand(cmd: Command, ctx: CommandContext, deps: CommandDeps): Promise<Message> {
  switch (cmd.name) {
    case 'subscribe':
      return subscribe(cmd, ctx, deps);
    case 'unsubscribe':
      return unsubscribe(cmd, ctx, deps);
    case 'subscriptions':
      return listForChannel(ctx, deps);
    default:
      return message('Not a subscription command', [text(`"${cmd.name}" is not a subscription command.`, 'warning')]);
  }
}

const keyOf = (ctx: CommandContext): ChannelKey => ({
  platform: ctx.channel.platform,
  workspace: ctx.channel.workspace,
  channel: ctx.channel.channel,
});

/** Kinds in their canonical order, without duplicates (`all` arrives already expanded). */
const ordered = (kinds: readonly SubscriptionKind[]): SubscriptionKind[] =>
  SUBSCRIPTION_KINDS.filter((k) => kinds.includes(k));
const inKindOrder = (subs: Subscription[]): Subscription[] =>
  [...subs].sort((a, b) => SUBSCRIPTION_KINDS.indexOf(a.kind) - SUBSCRIPTION_KINDS.indexOf(b.kind));

type ZoneChoice = { ok: true; zone: string; why: string } | { ok: false; hint: Message };

/** The zone the user typed, else theirs from the platform, else the configured default. */
function chooseZone(cmd: Subscribe, ctx: CommandContext, deps: CommandDeps): ZoneChoice {
  if (cmd.zone !== undefined) {
    if (isValidZone(cmd.zone)) return { ok: true, zone: cmd.zone, why: 'the time zone you gave' };
    return {
      ok: false,
      hint: message('Unknown time zone', [
        text(
          `"${quoteUserText(cmd.zone, 40)}" is not an IANA time zone. Use one such as Asia/Singapore, Asia/Jakarta or Europe/London.`,
          'warning',
        ),
        context('Example: subscribe digest weekly mon 09:00 Asia/Singapore'),
      ]),
    };
  }
  if (ctx.userZone && isValidZone(ctx.userZone)) return { ok: true, zone: ctx.userZone, why: 'your time zone' };
  return { ok: true, zone: deps.defaultZone, why: 'the default time zone' };
}

async function subscribe(cmd: Subscribe, ctx: CommandContext, deps: CommandDeps): Promise<Message> {
  const choice = chooseZone(cmd, ctx, deps);
  if (!choice.ok) return choice.hint;
  const kinds = ordered(cmd.kinds.length > 0 ? cmd.kinds : SUBSCRIPTION_KINDS);
  const spec: ScheduleSpec = { cadence: cmd.cadence, weekday: cmd.weekday, time: cmd.time, zone: choice.zone };
  const now = deps.clock();
  const data = deps.data();

  // Compute every schedule before writing anything: a bad time must not leave half a subscription.
  const planned: Array<{ kind: SubscriptionKind; nextDueAt: Date | null }> = [];
  for (const kind of kinds) {
    try {
      planned.push({ kind, nextDueAt: DELIVERY_HANDLERS[kind].firstDueAt(spec, now, data) });
    } catch (err) {
      if (isCaftaError(err) && err.code === 'bad_request') {
        return message('Could not set up the schedule', [
          text(err.message, 'warning'),
          context('Example: subscribe digest weekly mon 09:00 Asia/Singapore'),
        ]);
      }
      throw err;
    }
  }

  const key = keyOf(ctx);
  const before = new Set((await deps.store.listSubscriptions(key)).map((s) => s.kind));
  await deps.store.saveChannel(ctx.channel, now);
  const rows: Array<[string, string]> = [];
  for (const { kind, nextDueAt } of planned) {
    const sub = await deps.store.upsertSubscription(
      {
        ...ctx.channel,
        kind,
        ...spec,
        nextDueAt,
        createdBy: ctx.user ?? null,
        state: DELIVERY_HANDLERS[kind].initialState(data),
      },
      now,
    );
    const verb = before.has(kind) ? 'updated' : 'new';
    const first =
      kind === 'alerts'
        ? 'sent once per new record'
        : `${before.has(kind) ? 'next' : 'first'}: ${nextText(sub, spec, data)}`;
    rows.push([`${subscriptionKindLabel(kind, spec.cadence)} (${verb})`, `${scheduleText(kind, spec)}; ${first}`]);
  }

  const updated = kinds.every((k) => before.has(k));
  const title = updated ? 'Subscription updated' : 'Subscribed';
  return message(`${title}: ${kinds.map((k) => subscriptionKindLabel(k, spec.cadence).toLowerCase()).join(', ')}`, [
    header(title),
    text(
      `This channel will receive: ${kinds.map((k) => subscriptionKindLabel(k, spec.cadence).toLowerCase()).join(', ')}.`,
    ),
    facts(rows),
    context(
      `Times are in ${spec.zone} (${choice.why}). To change the zone add one, e.g. "subscribe ${kinds.length === 3 ? 'all' : kinds.join(' ')} ${spec.time} Europe/London".`,
    ),
    context('See everything with "subscriptions"; stop with "unsubscribe".'),
  ]);
}

async function unsubscribe(cmd: Unsubscribe, ctx: CommandContext, deps: CommandDeps): Promise<Message> {
  const key = keyOf(ctx);
  const wanted = ordered(cmd.kinds.length > 0 ? cmd.kinds : SUBSCRIPTION_KINDS);
  const existing = inKindOrder(await deps.store.listSubscriptions(key));
  const removing = existing.filter((s) => wanted.includes(s.kind));
  if (removing.length === 0) {
    return message('Nothing to unsubscribe', [
      text(
        `This channel had no ${wanted.length === 3 ? 'subscriptions' : wanted.map((k) => subscriptionKindLabel(k, 'weekly').toLowerCase()).join(' or ')}; nothing changed.`,
      ),
      context('See what this channel receives with "subscriptions".'),
    ]);
  }
  await deps.store.deleteSubscriptions(
    key,
    removing.map((s) => s.kind),
  );
  const remaining = existing.filter((s) => !wanted.includes(s.kind));
  const names = (subs: Subscription[]): string =>
    subs.map((s) => subscriptionKindLabel(s.kind, s.cadence).toLowerCase()).join(', ');
  return message(`Unsubscribed: ${names(removing)}`, [
    header('Unsubscribed'),
    text(`Removed: ${names(removing)}.`),
    text(
      remaining.length > 0
        ? `This channel still receives: ${names(remaining)}.`
        : 'This channel now receives nothing from CAFTA.',
    ),
    context('Subscribe again any time with "subscribe".'),
  ]);
}

async function listForChannel(ctx: CommandContext, deps: CommandDeps): Promise<Message> {
  const subs = await deps.store.listSubscriptions(keyOf(ctx));
  if (subs.length === 0) {
    return message('No subscriptions in this channel', [
      header('Subscriptions'),
      text('This channel receives nothing yet.'),
      context(
        'Try "subscribe" (weekly digest, anniversary reminders and alerts, Mondays 09:00) or "subscribe digest daily 08:30 Asia/Jakarta".',
      ),
    ]);
  }
  const data = deps.data();
  const sorted = inKindOrder(subs);
  const rows: Array<[string, string]> = sorted.map((s) => {
    const label = subscriptionKindLabel(s.kind, s.cadence);
    if (s.status === 'paused') {
      return [
        `${label} (paused)`,
        `Paused: ${s.pausedReason ?? 'no reason recorded'}. To resume, run "subscribe ${s.kind}" again here.`,
      ];
    }
    const when =
      s.kind === 'alerts' ? ALERTS_WHEN : `${scheduleText(s.kind, specOf(s))}; next: ${nextText(s, specOf(s), data)}`;
    return [label, when];
  });
  return message(`This channel has ${subs.length} subscription${subs.length === 1 ? '' : 's'}`, [
    header('Subscriptions'),
    facts(rows),
    context(`Times are local to each subscription's zone. Data as of ${data.asOf}.`),
    context('Change with "subscribe …"; stop with "unsubscribe [digest|reminders|alerts|all]".'),
  ]);
}
