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
import { isValidZone, specOf } from '../delivery/schedule';
import { CaftaError } from '../infra/errors';
import type { ChannelKey } from '../store/store';
import { dataIn } from '../treaty/localize';
import type { TreatyData } from '../treaty/model';
import {
  applySubscriptionEdit,
  fieldErrorText,
  type EditResult,
  type FieldError,
  type SettingField,
  type SubscriptionEdit,
  type SubscriptionSettings,
} from './subscription-edit';
import { filterNames, filtersText, resolveFilters } from './subscription-filters';
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

/** "this chat" in a personal or group chat, else "this channel". */
const placeOf = (ctx: CommandContext): 'chat' | 'channel' => ctx.place ?? 'channel';

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
  const base = deps.data();
  const filters = resolveFilters(tx, base, cmd);
  if (!filters.ok) return filters.hint;
  const kinds = ordered(cmd.kinds.length > 0 ? cmd.kinds : SUBSCRIPTION_KINDS);
  // A new subscription: weekly, Monday, 09:00, the zone chosen, the reader's language, no filters.
  const defaults: SubscriptionSettings = {
    cadence: 'weekly',
    weekday: 1,
    time: '09:00',
    zone: choice.zone,
    lang: cmd.lang ?? tx.lang,
    filters: { parties: [], areas: [] },
  };
  // An existing one changes only what was typed.
  const edit: SubscriptionEdit = {};
  for (const f of ['cadence', 'weekday', 'time', 'lang'] as const)
    if (cmd[f] !== undefined) Object.assign(edit, { [f]: cmd[f] });
  if (cmd.zone !== undefined) edit.zone = choice.zone;
  if (filters.edit) edit.filters = filters.edit;

  const outcome = await applySubscriptionEdit(
    deps,
    { channel: ctx.channel, user: ctx.user ?? null },
    kinds,
    edit,
    defaults,
    deps.clock(),
  );
  if (!outcome.ok) return editProblem(tx, outcome.errors);
  const results = outcome.results;
  const created = results.some((r) => !r.before);
  const kindArgs =
    kinds.length === 3
      ? [optionWord(tx.lang, 'grammar.kind.all')]
      : kinds.map((k) => optionWord(tx.lang, `grammar.kind.${k}`));
  const notes: Message['blocks'] = [];
  if (cmd.untimed) {
    const typed = tx.t('common.quoted', { text: quoteUserText(cmd.untimed.join(' '), 40) });
    notes.push(text(tx.t('subscribe.alertsUntimed', { text: typed }), 'attention'));
  }
  if (cmd.undated) {
    const typed = tx.t('common.quoted', { text: quoteUserText(cmd.undated.join(' '), 40) });
    notes.push(text(tx.t('subscribe.remindersUndated', { text: typed }), 'attention'));
  }
  // How the zone and language were chosen matters for what was just set up, not for kept settings.
  if (created || cmd.zone !== undefined) {
    const zone = results[0].subscription.zone;
    notes.push(
      context(
        tx.t('subscription.zoneNote', {
          zone,
          why: choice.why,
          example: commandText(tx.lang, 'subscribe', ...kindArgs, '09:00', 'Europe/London'),
        }),
      ),
    );
  }
  if (created || cmd.lang !== undefined) {
    const lang = results[0].subscription.lang;
    const otherLang = LANGS.find((l) => l !== lang) ?? lang;
    notes.push(
      context(
        tx.t('subscription.langNote', {
          language: tx.langName(lang),
          why: cmd.lang ? 'given' : 'reader',
          example: commandText(tx.lang, 'subscribe', ...kindArgs, langWord(tx, otherLang)),
        }),
      ),
    );
  }
  // Areas narrow digests only: said when they were given for kinds that ignore them.
  if (Array.isArray(cmd.areas) && !kinds.includes('digest')) notes.push(context(tx.t('edit.areasDigestOnly')));
  return editAnswer(tx, base, results, placeOf(ctx), notes);
}

/**
 * The answer to a saved edit (typed, or a form's): what this channel or chat will receive, and
 * for each subscription what is new, or what changed and what stayed, then `notes`.
 */
export function editAnswer(
  tx: Texts,
  base: TreatyData,
  results: readonly EditResult[],
  place: 'chat' | 'channel',
  notes: Message['blocks'] = [],
): Message {
  const data = dataIn(base, tx.lang);
  const title = tx.t('subscription.title', { updated: results.every((r) => r.before) ? 'yes' : 'no' });
  const names = results
    .map((r) => subscriptionKindLabel(tx, r.kind, r.subscription.cadence, true))
    .join(tx.t('common.listSeparator'));
  return message(tx.t('subscription.summary', { title, kinds: names }), [
    header(title),
    text(tx.t('subscription.willReceive', { kinds: names, place })),
    facts(results.map((r) => resultRow(tx, data, r))),
    ...notes,
    context(
      tx.t('subscription.seeAll', {
        subscriptions: commandText(tx.lang, 'subscriptions'),
        unsubscribe: commandText(tx.lang, 'unsubscribe'),
      }),
    ),
  ]);
}

/** One subscription after `subscribe`: new (its schedule, filters and first delivery) or what changed and stayed. */
function resultRow(tx: Texts, data: TreatyData, r: EditResult): [string, string] {
  const sub = r.subscription;
  const spec = specOf(sub);
  const label = tx.t('subscription.row', {
    kind: subscriptionKindLabel(tx, r.kind, sub.cadence),
    verb: r.before ? 'updated' : 'new',
  });
  const first =
    r.kind === 'alerts'
      ? tx.t('subscription.alertsOnce')
      : tx.t('subscription.firstOrNext', { which: r.before ? 'next' : 'first', when: nextText(tx, data, sub, spec) });
  if (!r.before) {
    const narrowed = filtersText(tx, data, sub.filters);
    return [label, `${tx.t('subscription.rowValue', { schedule: scheduleText(tx, r.kind, spec), first })}${narrowed}`];
  }
  const before = r.before;
  const changed =
    r.changed.length === 0
      ? tx.t('edit.nothingChanged')
      : tx.t('edit.changed', {
          changes: tx.list(
            r.changed.map((f) =>
              tx.t('edit.changedFrom', { now: settingText(tx, data, f, sub), was: settingText(tx, data, f, before) }),
            ),
          ),
        });
  const kept =
    r.kept.length === 0 ? [] : [tx.t('edit.kept', { kept: tx.list(r.kept.map((f) => settingText(tx, data, f, sub))) })];
  const then = tx.t('edit.then', { schedule: scheduleText(tx, r.kind, spec), first });
  return [label, [changed, ...kept, then].join(tx.t('edit.sentenceSeparator'))];
}

/** A setting in words, as the answer lists it: "at 17:30", "every Friday", "parties: Viet Nam, Thailand". */
function settingText(tx: Texts, data: TreatyData, f: SettingField, s: Subscription): string {
  switch (f) {
    case 'parties':
    case 'areas':
      return filterNames(tx, data, f, s.filters) ?? tx.t('edit.allOf', { which: f });
    case 'lang':
      return tx.t('edit.setting', { field: f, value: tx.langName(s.lang) });
    case 'weekday':
      return tx.t('edit.setting', { field: f, value: tx.weekday(s.weekday, 'long') });
    default:
      return tx.t('edit.setting', { field: f, value: s[f] });
  }
}

/** An edit refused: each field's problem. */
function editProblem(tx: Texts, errors: readonly FieldError[]): Message {
  return message(tx.t('subscription.scheduleError'), [
    ...errors.map((e) => text(fieldErrorText(tx, e), 'warning')),
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
      text(tx.t('subscription.hadNone', { what, place: placeOf(ctx) })),
      context(
        tx.t('subscription.seeWhat', { subscriptions: commandText(tx.lang, 'subscriptions'), place: placeOf(ctx) }),
      ),
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
        ? tx.t('subscription.stillReceives', { kinds: names(remaining), place: placeOf(ctx) })
        : tx.t('subscription.receivesNothing', { place: placeOf(ctx) }),
    ),
    context(tx.t('subscription.subscribeAgain', { subscribe: commandText(tx.lang, 'subscribe') })),
  ]);
}

async function listForChannel(tx: Texts, ctx: CommandContext, deps: CommandDeps): Promise<Message> {
  const subs = await deps.store.listSubscriptions(keyOf(ctx));
  if (subs.length === 0) {
    return message(tx.t('subscription.noneSummary', { place: placeOf(ctx) }), [
      header(tx.t('subscription.header')),
      text(tx.t('subscription.none', { place: placeOf(ctx) })),
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
  return message(tx.t('subscription.listSummary', { count: subs.length, place: placeOf(ctx) }), [
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
  return [label, `${when}${language}${filtersText(tx, data, s.filters)}`];
}
