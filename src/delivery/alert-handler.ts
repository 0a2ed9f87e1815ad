/**
 * The alerts kind: one message per ratification, notification or entry into force recorded after
 * the subscription began, keyed by the event id. Alerts subscriptions are made due by a change of
 * `alertHash` (see `checkAlerts` in run-due.ts), not by a schedule.
 */
import { createHash } from 'node:crypto';
import { context, facts, header, message, text, toChannel, type Message } from '../text/message';
import type { RatificationEvent, TreatyData } from '../treaty/model';
import { formatDatedFact, formatDay } from '../treaty/queries';
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

  findDue: (sub, { data }) =>
    newAlertEvents(data, baselineOf(sub.state)).map((event) => ({ kind: 'alert', key: event.id, event })),

  render: (_sub, { event }, { data }) => buildAlert(data, event),

  settle(sub, results) {
    const done = results.filter((r) => isSettled(r.outcome)).map((r) => r.occurrence.key);
    const allSettled = done.length === results.length;
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

/** Events recorded now that are not in an alerts subscription's baseline, oldest id order. */
export function newAlertEvents(data: TreatyData, baseline: readonly string[]): RatificationEvent[] {
  const known = new Set(baseline);
  return data.events.filter((e) => !known.has(e.id));
}

/** An alert for one newly recorded ratification, notification or entry into force. */
export function buildAlert(data: TreatyData, event: RatificationEvent): Message {
  const who = partyName(data, event.party);
  const title = `New record: ${who} ${ratificationKindLabel(event.kind)}`;
  const parties = partiesOf(data);
  const sameKind = new Set(data.events.filter((e) => e.kind === event.kind).map((e) => e.party)).size;
  return toChannel(
    message(`${title} (${formatDatedFact(event.date)})`, [
      header(title),
      text(
        `The data now records ${who}'s ${ratificationKindLabel(event.kind)} of the CAFTA 3.0 Upgrade Protocol: ${formatDatedFact(event.date)}.`,
        'attention',
      ),
      ...(event.summary ? [text(event.summary)] : []),
      facts([
        [`Parties with ${ratificationKindLabel(event.kind)}`, `${sameKind} of ${parties.length}`],
        ['Data as of', formatDay(data.asOf)],
      ]),
      ...sourceBlocks(data, event.sources),
      context(`Try "party ${event.party.toLowerCase()}" or "status".`),
    ]),
  );
}
