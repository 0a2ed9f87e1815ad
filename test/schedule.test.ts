/**
 * Digest catch-up, anniversary reminders (round anniversaries, Feb-29 policy) and each kind's first due instant.
 */
import { isCaftaError } from '../src/infra/errors';
import {
  digestCatchUp,
  dueReminders,
  nextReminderAfter,
  reminderSlotsBetween,
  type ScheduleSpec,
} from '../src/delivery/schedule';
import {
  anniversaryDateIn,
  anniversarySubjects,
  anniversaryTitle,
  isRoundAnniversary,
} from '../src/treaty/anniversaries';
import { textsFor } from '../src/text/texts';
import { DELIVERY_HANDLERS } from '../src/delivery/handlers';
import type { SubscriptionKind } from '../src/delivery/model';
import type { TreatyData } from '../src/treaty/model';
import { fixtureData, fixtureEvent } from './support/treaty-fixture';

const at = (iso: string) => new Date(iso);
const sg: ScheduleSpec = { cadence: 'daily', weekday: 1, time: '09:00', zone: 'Asia/Singapore' };

describe('digest catch-up', () => {
  const due = at('2026-11-30T01:00:00Z'); // 09:00 in Singapore

  it.each([
    // now, catch-up hours, expected action, occurrence, next
    ['2026-11-30T00:59:00Z', 24, 'wait', null, '2026-11-30T01:00:00.000Z'],
    ['2026-11-30T01:00:00Z', 24, 'send', '2026-11-30T01:00:00.000Z', '2026-12-01T01:00:00.000Z'],
    ['2026-11-30T01:00:30Z', 24, 'send', '2026-11-30T01:00:00.000Z', '2026-12-01T01:00:00.000Z'],
    ['2026-11-30T20:00:00Z', 24, 'send', '2026-11-30T01:00:00.000Z', '2026-12-01T01:00:00.000Z'],
    ['2026-11-30T20:00:00Z', 6, 'skip', '2026-11-30T01:00:00.000Z', '2026-12-01T01:00:00.000Z'],
    // A three-day outage: only the latest slot is considered — one message, never three.
    ['2026-12-03T00:30:00Z', 24, 'send', '2026-12-02T01:00:00.000Z', '2026-12-03T01:00:00.000Z'],
    ['2026-12-03T00:30:00Z', 12, 'skip', '2026-12-02T01:00:00.000Z', '2026-12-03T01:00:00.000Z'],
    ['2026-11-30T01:00:00Z', 0, 'send', '2026-11-30T01:00:00.000Z', '2026-12-01T01:00:00.000Z'],
    ['2026-11-30T01:00:01Z', 0, 'skip', '2026-11-30T01:00:00.000Z', '2026-12-01T01:00:00.000Z'],
  ])('now %s, catch-up %dh → %s %s', (now, hours, action, occurrence, next) => {
    const r = digestCatchUp(sg, due, at(now), hours);
    expect(r.action).toBe(action);
    expect(r.action === 'wait' ? null : r.occurrence.toISOString()).toBe(occurrence);
    expect(r.next.toISOString()).toBe(next);
  });

  it('a weekly digest after a three-week outage yields only the latest Monday', () => {
    const weekly: ScheduleSpec = { cadence: 'weekly', weekday: 1, time: '09:00', zone: 'Asia/Jakarta' };
    const r = digestCatchUp(weekly, at('2026-11-09T02:00:00Z'), at('2026-11-30T05:00:00Z'), 24);
    expect(r).toMatchObject({ action: 'send', lateMs: 3 * 3_600_000 });
    expect(r.action !== 'wait' && r.occurrence.toISOString()).toBe('2026-11-30T02:00:00.000Z');
    expect(r.next.toISOString()).toBe('2026-12-07T02:00:00.000Z');
  });
});

describe('anniversaries', () => {
  const data = fixtureData();

  it('keeps every single-day milestone, except one the data opts out; years and disputed days have none', () => {
    // early-harvest is opted out with "anniversary": false; clmv is year-only; upgrade-2-0 is disputed.
    expect(
      anniversarySubjects(data)
        .map((a) => a.id)
        .sort(),
    ).toEqual([
      'conclusion',
      'framework-agreement',
      'full-implementation',
      'goods-agreement',
      'signing',
      'timor-leste-admitted',
    ]);
  });

  it('adds recorded party events with a day-precision date', () => {
    const withEvent = fixtureData({ events: [fixtureEvent('sg-ratification', 'SG', 'ratification', '2026-03-02')] });
    const ev = anniversarySubjects(withEvent).find((a) => a.id === 'sg-ratification');
    expect(ev).toMatchObject({ kind: 'ratification', party: 'SG', date: '2026-03-02' });
    expect(ev && anniversaryTitle(textsFor('en'), withEvent, ev)).toBe('Singapore ratifies the 3.0 Protocol');
  });

  it('lists reminders in local time, with years since the milestone', () => {
    const spec = { time: '09:00', zone: 'Asia/Shanghai' };
    const slots = reminderSlotsBetween(spec, data, at('2026-10-01T00:00:00Z'), at('2027-11-30T00:00:00Z'));
    expect(slots.map((s) => `${s.occurrence} ${s.at.toISOString()} ${s.years}`)).toEqual([
      'timor-leste-admitted:2026 2026-10-26T01:00:00.000Z 1',
      'signing:2026 2026-10-28T01:00:00.000Z 1',
      'framework-agreement:2026 2026-11-04T01:00:00.000Z 24',
      'goods-agreement:2026 2026-11-29T01:00:00.000Z 22',
      'full-implementation:2027 2027-01-01T01:00:00.000Z 17',
      'conclusion:2027 2027-05-20T01:00:00.000Z 2',
      'timor-leste-admitted:2027 2027-10-26T01:00:00.000Z 2',
      'signing:2027 2027-10-28T01:00:00.000Z 2',
      'framework-agreement:2027 2027-11-04T01:00:00.000Z 25',
      'goods-agreement:2027 2027-11-29T01:00:00.000Z 23',
    ]);
  });

  it('never reminds on the day of the milestone itself (year 0)', () => {
    const slots = reminderSlotsBetween(
      { time: '09:00', zone: 'Asia/Singapore' },
      data,
      at('2025-10-01T00:00:00Z'),
      at('2025-12-31T00:00:00Z'),
    );
    expect(slots.map((s) => s.occurrence)).toEqual(['framework-agreement:2025', 'goods-agreement:2025']);
  });

  it.each([
    [1, true],
    [2, false],
    [4, false],
    [5, true],
    [10, true],
    [15, true],
    [22, false],
    [25, true],
    [0, false],
  ])('%d years round: %s', (years, round) => {
    expect(isRoundAnniversary(years)).toBe(round);
  });

  it.each([
    [2025, '2025-02-28'],
    [2027, '2027-02-28'],
    [2028, '2028-02-29'],
    [2100, '2100-02-28'],
    [2400, '2400-02-29'],
  ])('Feb-29 origin in %d → %s', (year, expected) => {
    expect(anniversaryDateIn('2024-02-29', year)).toBe(expected);
  });

  it('due reminders respect the catch-up window', () => {
    const spec = { time: '09:00', zone: 'America/New_York' };
    const since = at('2026-11-01T00:00:00Z');
    // Framework (4 Nov 09:00 EST = 14:00Z) missed by 25 days: skipped; goods (29 Nov) 2h late: sent.
    const r = dueReminders(spec, data, since, at('2026-11-29T16:00:00Z'), 24);
    expect(r.send.map((s) => s.occurrence)).toEqual(['goods-agreement:2026']);
    expect(r.skipped.map((s) => s.occurrence)).toEqual(['framework-agreement:2026']);
  });
});

describe('firstDueAt', () => {
  const data = fixtureData();
  const firstDueAt = (kind: SubscriptionKind, spec: ScheduleSpec, now: Date, d: TreatyData) =>
    DELIVERY_HANDLERS[kind].firstDueAt(spec, now, d);
  const weeklyJakarta: ScheduleSpec = { cadence: 'weekly', weekday: 1, time: '09:00', zone: 'Asia/Jakarta' };

  it('digest: the next slot strictly after now', () => {
    // 2026-11-30 is a Monday; 09:00 WIB = 02:00Z exactly now → next week.
    expect(firstDueAt('digest', weeklyJakarta, at('2026-11-30T02:00:00Z'), data)?.toISOString()).toBe(
      '2026-12-07T02:00:00.000Z',
    );
    expect(firstDueAt('digest', weeklyJakarta, at('2026-11-30T01:59:00Z'), data)?.toISOString()).toBe(
      '2026-11-30T02:00:00.000Z',
    );
  });

  it('reminders: the next anniversary at the subscription time', () => {
    const ny: ScheduleSpec = { ...weeklyJakarta, zone: 'America/New_York' };
    expect(firstDueAt('reminders', ny, at('2026-11-29T13:00:00Z'), data)?.toISOString()).toBe(
      '2026-11-29T14:00:00.000Z',
    );
    expect(
      firstDueAt(
        'reminders',
        { ...weeklyJakarta, zone: 'Asia/Shanghai' },
        at('2026-11-30T12:00:00Z'),
        data,
      )?.toISOString(),
    ).toBe('2027-01-01T01:00:00.000Z');
    expect(nextReminderAfter(ny, fixtureData({ milestones: [] }), at('2026-11-29T13:00:00Z'))).toBeNull();
  });

  it('alerts wait for a data change', () => {
    expect(firstDueAt('alerts', weeklyJakarta, at('2026-11-30T02:00:00Z'), data)).toBeNull();
  });

  it.each([
    [{ ...weeklyJakarta, time: '25:00' }, /time of day/],
    [{ ...weeklyJakarta, zone: 'Mars/Olympus' }, /IANA time zone/],
  ])('rejects a bad spec with a coded error', (spec, msg) => {
    try {
      firstDueAt('digest', spec, at('2026-11-30T02:00:00Z'), data);
      throw new Error('expected a rejection');
    } catch (err) {
      expect(isCaftaError(err) && err.code).toBe('bad_request');
      expect((err as Error).message).toMatch(msg);
    }
  });
});
