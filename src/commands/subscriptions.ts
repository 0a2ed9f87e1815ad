/**
 * `subscribe`, `unsubscribe` and `subscriptions` for the channel/conversation a command came from
 * (`ctx.channel`). Answers say what was set up and when the first delivery is, in local time.
 */
import type { Message } from '../text/message';
import { context, facts, header, message, quoteUserText, text } from '../text/message';
import { LANGS, t as catalogText, type Lang } from '../text/i18n';
import { textsFor, type Texts } from '../text/texts';
import type { Subscription, SubscriptionKind } from '../delivery/model';
import { SUBSCRIPTION_KINDS } from '../delivery/model';
import { DELIVERY_HANDLERS } from '../delivery/handlers';
import { isValidZone, specOf, type ScheduleSpec } from '../delivery/schedule';
import { CaftaError, isCaftaError } from '../infra/errors';
import type { ChannelKey } from '../store/store';
import { dataIn } from '../treaty/localize';
import { parseTimeOfDay, timeProblemText } from './parse-time';
import type { Command, CommandContext, CommandDeps } from './types';
import { nextText, pausedReasonText, scheduleText, subscriptionKindLabel } from './subscription-text';
import { commandText, optionWord, scriptLang } from './vocabulary';
import { usageOf } from './usage';

type Subscribe = Extract<Command, { name: 'subscribe' }>;
type Unsubscribe = Extract<Command, { name: 'unsubscribe' }>;

export async function runSubscriptionCommand(cmd: Command, ctx: CommandContext, deps: CommandDeps): Promise<Message> {
  const tx = textsFor(ctx.lang ?? deps.defaultLang);
  switch (cmd.name) {
    case 'subscribe':
      return subscribe(tx, cmd, ctx, deps);
    case 'unsubscribe':
      return unsubscribe(tx, cmd, ctx, deps);
    case 'subscriptions':
      return listForChannel(tx, ctx, deps);
    default:
      // Other commands are routed elsewhere by runCommand: a wiring bug.
      throw new CaftaError('internal', `${cmd.name} is not a subscription command`);
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

/** A command line in the reader's language, quoted in answers: `subscribe digest weekly mon 09:00 Asia/Singapore`. */
const exampleCommand = (tx: Texts, zone: string): string =>
  commandText(
    tx.lang,
    'subscribe',
    optionWord(tx.lang, 'grammar.kind.digest'),
    optionWord(tx.lang, 'grammar.cadence.weekly'),
    optionWord(tx.lang, 'grammar.weekday.mon'),
    '09:00',
    zone,
  );

type ZoneChoice = { ok: true; zone: string; why: 'given' | 'user' | 'default' } | { ok: false; hint: Message };

/** The zone the user typed, else theirs from the platform, else the configured default. */
function chooseZone(tx: Texts, cmd: Subscribe, ctx: CommandContext, deps: CommandDeps): ZoneChoice {
  if (cmd.zone !== undefined) {
    if (isValidZone(cmd.zone)) return { ok: true, zone: cmd.zone, why: 'given' };
    return {
      ok: false,
      hint: message(tx.t('subscription.unknownZone'), [
        text(
          tx.t('subscription.unknownZoneText', { text: tx.t('common.quoted', { text: quoteUserText(cmd.zone, 40) }) }),
          'warning',
        ),
        context(tx.t('subscription.example', { command: exampleCommand(tx, 'Asia/Singapore') })),
      ]),
    };
  }
  if (ctx.userZone && isValidZone(ctx.userZone)) return { ok: true, zone: ctx.userZone, why: 'user' };
  return { ok: true, zone: deps.defaultZone, why: 'default' };
}

/** A word for `lang` a reader of `tx` would type: 英文 for a Chinese reader, `zh` for an English one. */
function langWord(tx: Texts, lang: Lang): string {
  const own = catalogText(tx.lang, 'lang.script');
  const candidates = catalogText(lang, 'lang.words')
    .split(/[,，]/)
    .map((w) => w.trim())
    .filter(Boolean);
  return candidates.find((w) => own !== 'Latin' && scriptLang(w) === tx.lang) ?? lang;
}

async function subscribe(tx: Texts, cmd: Subscribe, ctx: CommandContext, deps: CommandDeps): Promise<Message> {
  const choice = chooseZone(tx, cmd, ctx, deps);
  if (!choice.ok) return choice.hint;
  const kinds = ordered(cmd.kinds.length > 0 ? cmd.kinds : SUBSCRIPTION_KINDS);
  const spec: ScheduleSpec = { cadence: cmd.cadence, weekday: cmd.weekday, time: cmd.time, zone: choice.zone };
  // The language the user gave, else the reader's (their locale, or the words they typed in).
  const lang: Lang = cmd.lang ?? tx.lang;
  const now = deps.clock();
  const base = deps.data();

  // Compute every schedule before writing anything: a bad time must not leave half a subscription.
  const planned: Array<{ kind: SubscriptionKind; nextDueAt: Date | null }> = [];
  for (const kind of kinds) {
    try {
      planned.push({ kind, nextDueAt: DELIVERY_HANDLERS[kind].firstDueAt(spec, now, base) });
    } catch (err) {
      if (isCaftaError(err) && err.code === 'bad_request') return scheduleProblem(tx, spec);
      throw err;
    }
  }

  const key = keyOf(ctx);
  const before = new Set((await deps.store.listSubscriptions(key)).map((s) => s.kind));
  await deps.store.saveChannel(ctx.channel, now);
  const data = dataIn(base, tx.lang);
  const rows: Array<[string, string]> = [];
  for (const { kind, nextDueAt } of planned) {
    const sub = await deps.store.upsertSubscription(
      {
        ...ctx.channel,
        kind,
        ...spec,
        nextDueAt,
        createdBy: ctx.user ?? null,
        state: DELIVERY_HANDLERS[kind].initialState(base),
        lang,
      },
      now,
    );
    const first =
      kind === 'alerts'
        ? tx.t('subscription.alertsOnce')
        : tx.t('subscription.firstOrNext', {
            which: before.has(kind) ? 'next' : 'first',
            when: nextText(tx, data, sub, spec),
          });
    rows.push([
      tx.t('subscription.row', {
        kind: subscriptionKindLabel(tx, kind, spec.cadence),
        verb: before.has(kind) ? 'updated' : 'new',
      }),
      tx.t('subscription.rowValue', { schedule: scheduleText(tx, kind, spec), first }),
    ]);
  }

  const title = tx.t('subscription.title', { updated: kinds.every((k) => before.has(k)) ? 'yes' : 'no' });
  const names = kinds.map((k) => subscriptionKindLabel(tx, k, spec.cadence, true)).join(tx.t('common.listSeparator'));
  const kindArgs =
    kinds.length === 3
      ? [optionWord(tx.lang, 'grammar.kind.all')]
      : kinds.map((k) => optionWord(tx.lang, `grammar.kind.${k}`));
  const otherLang = LANGS.find((l) => l !== lang) ?? lang;
  return message(tx.t('subscription.summary', { title, kinds: names }), [
    header(title),
    text(tx.t('subscription.willReceive', { kinds: names })),
    facts(rows),
    context(
      tx.t('subscription.zoneNote', {
        zone: spec.zone,
        why: choice.why,
        example: commandText(tx.lang, 'subscribe', ...kindArgs, spec.time, 'Europe/London'),
      }),
    ),
    context(
      tx.t('subscription.langNote', {
        language: tx.langName(lang),
        why: cmd.lang ? 'given' : 'reader',
        example: commandText(tx.lang, 'subscribe', ...kindArgs, langWord(tx, otherLang)),
      }),
    ),
    context(
      tx.t('subscription.seeAll', {
        subscriptions: commandText(tx.lang, 'subscriptions'),
        unsubscribe: commandText(tx.lang, 'unsubscribe'),
      }),
    ),
  ]);
}

/** The schedule could not be computed (a time or zone no parser let through): say which, store nothing. */
function scheduleProblem(tx: Texts, spec: ScheduleSpec): Message {
  const time = parseTimeOfDay(spec.time);
  const problem = !time.ok
    ? timeProblemText(tx, spec.time, time)
    : tx.t('subscription.unknownZoneText', { text: tx.t('common.quoted', { text: quoteUserText(spec.zone, 40) }) });
  return message(tx.t('subscription.scheduleError'), [
    text(problem, 'warning'),
    context(tx.t('subscription.example', { command: exampleCommand(tx, 'Asia/Singapore') })),
  ]);
}

async function unsubscribe(tx: Texts, cmd: Unsubscribe, ctx: CommandContext, deps: CommandDeps): Promise<Message> {
  const key = keyOf(ctx);
  const wanted = ordered(cmd.kinds.length > 0 ? cmd.kinds : SUBSCRIPTION_KINDS);
  const existing = inKindOrder(await deps.store.listSubscriptions(key));
  const removing = existing.filter((s) => wanted.includes(s.kind));
  if (removing.length === 0) {
    const what =
      wanted.length === 3
        ? tx.t('subscription.anySubscriptions')
        : tx.list(
            wanted.map((k) => subscriptionKindLabel(tx, k, 'weekly', true)),
            'or',
          );
    return message(tx.t('subscription.nothingToRemove'), [
      text(tx.t('subscription.hadNone', { what })),
      context(tx.t('subscription.seeWhat', { subscriptions: commandText(tx.lang, 'subscriptions') })),
    ]);
  }
  await deps.store.deleteSubscriptions(
    key,
    removing.map((s) => s.kind),
  );
  const remaining = existing.filter((s) => !wanted.includes(s.kind));
  const names = (subs: Subscription[]): string =>
    subs.map((s) => subscriptionKindLabel(tx, s.kind, s.cadence, true)).join(tx.t('common.listSeparator'));
  return message(tx.t('subscription.unsubscribedSummary', { kinds: names(removing) }), [
    header(tx.t('subscription.unsubscribed')),
    text(tx.t('subscription.removed', { kinds: names(removing) })),
    text(
      remaining.length > 0
        ? tx.t('subscription.stillReceives', { kinds: names(remaining) })
        : tx.t('subscription.receivesNothing'),
    ),
    context(tx.t('subscription.subscribeAgain', { subscribe: commandText(tx.lang, 'subscribe') })),
  ]);
}

async function listForChannel(tx: Texts, ctx: CommandContext, deps: CommandDeps): Promise<Message> {
  const subs = await deps.store.listSubscriptions(keyOf(ctx));
  if (subs.length === 0) {
    return message(tx.t('subscription.noneSummary'), [
      header(tx.t('subscription.header')),
      text(tx.t('subscription.none')),
      context(
        tx.t('subscription.noneTry', {
          subscribe: commandText(tx.lang, 'subscribe'),
          example: commandText(
            tx.lang,
            'subscribe',
            optionWord(tx.lang, 'grammar.kind.digest'),
            optionWord(tx.lang, 'grammar.cadence.daily'),
            '08:30',
            'Asia/Jakarta',
          ),
        }),
      ),
    ]);
  }
  const data = dataIn(deps.data(), tx.lang);
  const rows: Array<[string, string]> = inKindOrder(subs).map((s) => subscriptionRow(tx, data, s));
  return message(tx.t('subscription.listSummary', { count: subs.length }), [
    header(tx.t('subscription.header')),
    facts(rows),
    context(tx.t('subscription.timesLocal', { date: tx.day(data.asOf) })),
    context(
      tx.t('subscription.change', {
        subscribe: commandText(tx.lang, 'subscribe'),
        unsubscribe: usageOf(tx, 'unsubscribe').syntax,
      }),
    ),
  ]);
}

/** One subscription as a fact: kind, then schedule, next delivery and language (or why it is paused). */
function subscriptionRow(tx: Texts, data: Parameters<typeof nextText>[1], s: Subscription): [string, string] {
  const label = subscriptionKindLabel(tx, s.kind, s.cadence);
  const language = tx.t('subscription.inLang', { language: tx.langName(s.lang) });
  if (s.status === 'paused') {
    return [
      tx.t('subscription.paused', { kind: label }),
      tx.t('subscription.pausedText', {
        reason: pausedReasonText(tx, s.pausedReason),
        command: commandText(tx.lang, 'subscribe', optionWord(tx.lang, `grammar.kind.${s.kind}`)),
      }),
    ];
  }
  const when =
    s.kind === 'alerts'
      ? scheduleText(tx, s.kind, specOf(s))
      : tx.t('subscription.whenNext', {
          schedule: scheduleText(tx, s.kind, specOf(s)),
          next: nextText(tx, data, s, specOf(s)),
        });
  return [label, `${when}${language}`];
}
