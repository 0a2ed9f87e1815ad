/**
 * The delivery handlers on their own: pure find → render → settle per kind, with fixture data and
 * fixed instants (runDue's claiming and sending are proven in delivery.test.ts).
 */
import { alertHandler } from '../src/delivery/alert-handler';
import { digestHandler } from '../src/delivery/digest-handler';
import type { HandlerContext, Occurrence, OccurrenceResult, Outcome } from '../src/delivery/handler';
import { DELIVERY_HANDLERS } from '../src/delivery/handlers';
import type { Subscription, SubscriptionKind } from '../src/delivery/model';
import { SUBSCRIPTION_KINDS } from '../src/delivery/model';
import { reminderHandler } from '../src/delivery/reminder-handler';
import { fixtureData, fixtureEvent } from './support/treaty-fixture';

const data = fixtureData({
  events: [fixtureEvent('sg-ratification', 'SG', 'ratification', '2026-11-25')],
});
const ctx = (now: string, catchupHours = 24): HandlerContext => ({ data, now: new Date(now), catchupHours });

const sub = (kind: SubscriptionKind, over: Partial<Subscription> = {}): Subscription => ({
  id: 's1',
  platform: 'test',
  workspace: 'W1',
  channel: 'C1',
  address: {},
  kind,
  cadence: 'weekly',
  weekday: 1,
  time: '09:00',
  zone: 'Asia/Singapore',
  nextDueAt: null,
  status: 'active',
  pausedReason: null,
  createdBy: null,
  createdAt: new Date('2026-11-01T00:00:00Z'),
  updatedAt: new Date('2026-11-01T00:00:00Z'),
  state: {},
  lang: 'en',
  filters: { parties: [], areas: [] },
  ...over,
});

const results = <O extends Occurrence>(occurrences: O[], outcomes: Outcome[]): OccurrenceResult<O>[] =>
  occurrences.map((occurrence, i) => ({ occurrence, outcome: outcomes[i] }));

it('every subscription kind has its handler', () => {
  expect(SUBSCRIPTION_KINDS.map((k) => DELIVERY_HANDLERS[k].kind)).toEqual(SUBSCRIPTION_KINDS);
});

describe('digest', () => {
  const due = sub('digest', { nextDueAt: new Date('2026-11-30T01:00:00Z') });

  it('owes nothing before its slot and is left alone', () => {
    const c = ctx('2026-11-30T00:59:00Z');
    expect(digestHandler.findDue(due, c)).toEqual([]);
    expect(digestHandler.settle(due, [], c)).toBeNull();
  });

  it('marks a slot missed beyond catch-up as skipped, and moves on to the next slot', () => {
    const c = ctx('2026-11-30T20:00:00Z', 6);
    const [occ] = digestHandler.findDue(due, c);
    expect(occ).toMatchObject({ kind: 'digest', key: '2026-11-30T01:00:00.000Z', skipReason: /beyond catch-up/ });
    expect(digestHandler.settle(due, [{ occurrence: occ, outcome: 'skipped' }], c)).toEqual({
      nextDueAt: new Date('2026-12-07T01:00:00Z'),
    });
  });

  it('keeps a snapshot only after a send, and stays due on a retry', () => {
    const c = ctx('2026-11-30T01:00:30Z');
    const [occ] = digestHandler.findDue(due, c);
    expect(occ.skipReason).toBeUndefined();
    expect(digestHandler.settle(due, [{ occurrence: occ, outcome: 'sent' }], c)).toMatchObject({
      nextDueAt: new Date('2026-12-07T01:00:00Z'),
      state: { dataVersion: data.version, eventIds: ['sg-ratification'], lastDigestAt: '2026-11-30T01:00:30.000Z' },
    });
    expect(digestHandler.settle(due, [{ occurrence: occ, outcome: 'retry' }], c)).toBeNull();
    expect(digestHandler.render(due, occ, c).summary).toMatch(/^Weekly digest: CAFTA 3.0, 30 Nov 2026/);
  });
});

describe('reminders', () => {
  it('lists slots missed beyond catch-up (to skip) before those still to send', () => {
    // Signing 28 Oct and Framework Agreement 4 Nov, 09:00 Singapore; looked at on 4 Nov with a
    // 24-hour window after an outage since 28 Oct.
    const due = sub('reminders', { nextDueAt: new Date('2026-10-28T01:00:00Z') });
    const c = ctx('2026-11-04T02:00:00Z');
    const found = reminderHandler.findDue(due, c);
    expect(found.map((o) => [o.key, o.skipReason])).toEqual([
      ['signing:2026', 'missed beyond catch-up'],
      ['framework-agreement:2026', undefined],
    ]);
    expect(reminderHandler.render(due, found[0], c).summary).toBe(
      '1st anniversary: CAFTA 3.0 Upgrade Protocol signed (28 Oct 2026)',
    );
  });

  it('moves to the next anniversary only when every occurrence is settled', () => {
    const due = sub('reminders', { nextDueAt: new Date('2026-10-28T01:00:00Z') });
    const c = ctx('2026-10-28T01:00:00Z');
    const found = reminderHandler.findDue(due, c);
    expect(reminderHandler.settle(due, results(found, ['busy']), c)).toBeNull();
    expect(reminderHandler.settle(due, results(found, ['sent']), c)).toEqual({
      nextDueAt: new Date('2026-11-04T01:00:00Z'),
    });
  });
});

describe('alerts', () => {
  const due = { spec: { cadence: 'weekly', weekday: 1, time: '09:00', zone: 'Asia/Singapore' } as const };
  const fresh = sub('alerts', { state: alertHandler.initialState(fixtureData()) });

  it('owes one alert per event recorded after subscribing, keyed by the event id', () => {
    expect(alertHandler.firstDueAt(due.spec, new Date('2026-11-30T01:00:00Z'), data)).toBeNull();
    expect(alertHandler.findDue(fresh, ctx('2026-11-30T01:00:00Z')).map((o) => o.key)).toEqual(['sg-ratification']);
    expect(
      alertHandler.findDue(sub('alerts', { state: alertHandler.initialState(data) }), ctx('2026-11-30T01:00:00Z')),
    ).toEqual([]);
  });

  it('adds only settled events to the baseline and stays due while one is open', () => {
    const c = ctx('2026-11-30T01:00:00Z');
    const found = alertHandler.findDue(fresh, c);
    expect(alertHandler.settle(fresh, results(found, ['retry']), c)).toBeNull();
    expect(alertHandler.settle(fresh, results(found, ['sent']), c)).toEqual({
      nextDueAt: null,
      state: { baselineEventIds: ['sg-ratification'] },
    });
  });
});
