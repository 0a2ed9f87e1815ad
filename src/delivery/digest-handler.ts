/**
 * The digest kind: one message per slot (weekly or daily, local time), caught up once after an
 * outage, remembering what it reported so the next digest can say what changed.
 */
import type { TreatyData } from '../treaty/model';
import { dataIn } from '../treaty/localize';
import { textsFor } from '../text/texts';
import { buildDigest, digestSnapshot, readDigestState } from './digest';
import type { DeliveryHandler, Occurrence } from './handler';
import { isSettled } from './handler';
import { digestCatchUp, nextSlotAfter, slotKey, specOf } from './schedule';

/** A digest slot: `slot` is its instant, `next` the slot to look at once this one is settled. */
export interface DigestOccurrence extends Occurrence {
  kind: 'digest';
  slot: Date;
  next: Date;
}

export const digestHandler: DeliveryHandler<DigestOccurrence> = {
  kind: 'digest',

  firstDueAt: (spec, now) => nextSlotAfter(spec, now),

  initialState: (data: TreatyData) => ({ dataVersion: data.version, eventIds: data.events.map((e) => e.id) }),

  findDue(sub, { now, catchupHours }) {
    const decision = digestCatchUp(specOf(sub), sub.nextDueAt, now, catchupHours);
    if (decision.action === 'wait') return [];
    const occurrence: DigestOccurrence = {
      kind: 'digest',
      key: slotKey(decision.occurrence),
      slot: decision.occurrence,
      next: decision.next,
    };
    if (decision.action === 'skip')
      occurrence.skipReason = `missed by ${Math.round(decision.lateMs / 60_000)} min (beyond catch-up)`;
    return [occurrence];
  },

  render: (sub, _occurrence, { data, now, publicUrl }) =>
    buildDigest(textsFor(sub.lang), dataIn(data, sub.lang), readDigestState(sub.state), now, sub.zone, {
      cadence: sub.cadence,
      since: sub.createdAt,
      publicUrl,
      filters: sub.filters,
    }),

  settle(sub, results, { data, now }) {
    if (results.length === 0) return null;
    const { occurrence, outcome, delivery } = results[0];
    const last = readDigestState(sub.state).lastDigestAt;
    const stale = !last || Date.parse(last) < occurrence.slot.getTime();
    // Also after `done` with an old snapshot: the sender may have died before saving it.
    if (outcome === 'sent' || (outcome === 'done' && delivery?.status === 'sent' && stale))
      return { nextDueAt: occurrence.next, state: { ...sub.state, ...digestSnapshot(data, now) } };
    return isSettled(outcome) ? { nextDueAt: occurrence.next } : null;
  },
};
