/**
 * The alerts kind: one message per ratification, notification or entry into force recorded after
 * the subscription began, keyed by the event id. Alerts subscriptions are made due by a change of
 * `alertHash` (see `checkAlerts` in run-due.ts), not by a schedule.
 */
import { createHash } from 'node:crypto';
import { context, facts, header, message, text, toChannel, type Message } from '../text/message';
import { textsFor, type Texts } from '../text/texts';
import type { RatificationEvent, TreatyData } from '../treaty/model';
import { dataIn } from '../treaty/localize';
import { commandText } from '../commands/vocabulary';
import { ratificationKindLabel, partiesOf, partyName, sourceBlocks } from './digest-parts';
import type { DeliveryHandler, Occurrence } from './handler';
import { isSettled } from './handler';

export interface AlertOccurrence extends Occurrence {
  kind: 'alert';
  event: RatificationEvent;
}

/** The event ids an alerts subscription already knows (never alerted). */
const baselineOf = (state: Record<string, unknown>): string[] =>
  Array.isArray(state.baselineEventIds) ? state.baselineEventIds.filter((x): x is string => typeof x === 'string') : [];

export const alertHandler: DeliveryHandler<AlertOccurrence> = {
  kind: 'alerts',

  firstDueAt: () => null,

  // Events already recorded never alert: only ones that appear after subscribing do.
  initialState: (data) => ({ baselineEventIds: data.events.map((e) => e.id) }),

  // Only the chosen parties' events alert (all parties when none were chosen).
  findDue: (sub, { data }) =>
    newAlertEvents(data, baselineOf(sub.state))
      .filter((e) => alertsFor(sub.filters.parties, e))
      .map((event) => ({ kind: 'alert', key: event.id, event })),

  render: (sub, { event }, { data }) => {
    const local = dataIn(data, sub.lang);
    return buildAlert(textsFor(sub.lang), local, local.events.find((e) => e.id === event.id) ?? event);
  },

  settle(sub, results, { data }) {
    // Other parties' new events are known from now on: clearing the filter later does not alert them.
    const others = newAlertEvents(data, baselineOf(sub.state))
      .filter((e) => !alertsFor(sub.filters.parties, e))
      .map((e) => e.id);
    const done = [...results.filter((r) => isSettled(r.outcome)).map((r) => r.occurrence.key), ...others];
    const allSettled = results.every((r) => isSettled(r.outcome));
    if (done.length === 0 && !allSettled) return null;
    return {
      ...(allSettled ? { nextDueAt: null } : {}),
      ...(done.length > 0 ? { state: { ...sub.state, baselineEventIds: [...baselineOf(sub.state), ...done] } } : {}),
    };
  },
};

/**
 * Fingerprint of the alert-worthy records (ratification, notification, entry into force). Stored
 * with `compareAndSetMeta` so exactly one replica notices a change and marks alerts due.
 */
export function alertHash(data: TreatyData): string {
  const rows = data.events
    .map((e) => [e.id, e.kind, e.party, e.date.values.map((v) => v.date)])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16);
}

/** Whether a subscription narrowed to `parties` (lower-case codes; empty: all) is alerted of `event`. */
export const alertsFor = (parties: readonly string[], event: Pick<RatificationEvent, 'party'>): boolean =>
  parties.length === 0 || parties.includes(event.party.toLowerCase());

/** Events recorded now that are not in an alerts subscription's baseline, oldest id order. */
export function newAlertEvents(data: TreatyData, baseline: readonly string[]): RatificationEvent[] {
  const known = new Set(baseline);
  return data.events.filter((e) => !known.has(e.id));
}

/** An alert for one newly recorded ratification, notification or entry into force, in `tx`'s language. */
export function buildAlert(tx: Texts, data: TreatyData, event: RatificationEvent): Message {
  const who = partyName(data, event.party);
  const kind = ratificationKindLabel(tx, event.kind);
  const date = tx.fact(event.date);
  const title = tx.t('alert.title', { party: who, kind });
  const parties = partiesOf(data);
  const sameKind = new Set(data.events.filter((e) => e.kind === event.kind).map((e) => e.party)).size;
  return {
    ...toChannel(
      message(tx.t('alert.summary', { title, date }), [
        header(title),
        text(tx.t('alert.text', { party: who, kind, date }), 'attention'),
        ...(event.summary ? [text(event.summary)] : []),
        facts([
          [tx.t('alert.fact.parties', { kind }), tx.t('status.of', { n: sameKind, total: parties.length })],
          [tx.t('alert.fact.asOf'), tx.day(data.asOf)],
        ]),
        ...sourceBlocks(tx, data, event.sources),
        context(
          tx.t('alert.footer', {
            party: commandText(tx.lang, 'party', event.party.toLowerCase()),
            status: commandText(tx.lang, 'status'),
          }),
        ),
      ]),
    ),
    lang: tx.lang,
  };
}
