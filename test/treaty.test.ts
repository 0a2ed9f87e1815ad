import { loadData } from '../src/treaty/data';
import type { DatedFact, TreatyData } from '../src/treaty/model';
import {
  allPartyStatuses,
  earliestKey,
  partyStatus,
  projectEntryIntoForce,
  signatureOf,
  statusCounts,
  timeline,
} from '../src/treaty/queries';
import {
  anniversariesBetween,
  anniversaryLabel,
  anniversaryTitle,
  isRoundAnniversary,
  localDate,
  upcoming,
} from '../src/treaty/anniversaries';
import { formatDatedFact as factIn } from '../src/text/format';
import { textsFor } from '../src/text/texts';
import { ordinal } from '../src/text/match';
import { copyData, loadFixtureData, type DataFixture } from './support/data-fixture';

const data = loadFixtureData();
const en = textsFor('en');
const formatDatedFact = (f: DatedFact | undefined, unknown?: string): string => factIn('en', f, unknown);
const fact = (...values: Array<[string, 'day' | 'month' | 'year']>): DatedFact => ({
  values: values.map(([date, precision]) => ({ date, precision, sources: [] })),
});

describe('formatDatedFact is honest about precision and conflicts', () => {
  it.each<[string, DatedFact, string]>([
    ['year', fact(['2015', 'year']), '2015'],
    ['month', fact(['2022-11', 'month']), 'Nov 2022'],
    ['day', fact(['2025-10-28', 'day']), '28 Oct 2025'],
    ['day, no leading zero', fact(['2010-01-01', 'day']), '1 Jan 2010'],
    ['conflict in one month', fact(['2015-11-21', 'day'], ['2015-11-22', 'day']), '21 or 22 Nov 2015 (sources differ)'],
    [
      'three-way conflict',
      fact(['2022-11-11', 'day'], ['2022-11-12', 'day'], ['2022-11-13', 'day']),
      '11, 12 or 13 Nov 2022 (sources differ)',
    ],
    [
      'conflict across precisions',
      fact(['2019-10-22', 'day'], ['2018', 'year']),
      '22 Oct 2019 or 2018 (sources differ)',
    ],
    ['unknown', fact(), 'unknown'],
  ])('%s', (_name, f, expected) => {
    expect(formatDatedFact(f)).toBe(expected);
  });

  it('uses the caller’s words for unknown', () => {
    expect(formatDatedFact(undefined, 'not reported as of 30 Nov 2026')).toBe('not reported as of 30 Nov 2026');
  });

  it('the real data shows the 2.0 signing conflict', () => {
    expect(formatDatedFact(data.milestones.find((m) => m.id === 'upgrade-2-0-signed')?.date)).toBe(
      '21 or 22 Nov 2015 (sources differ)',
    );
  });
});

describe('party states and counts from events', () => {
  it('today: 11 parties signed, none ratified, Timor-Leste not a party', () => {
    const states = allPartyStatuses(data);
    expect(states.filter((s) => s.state === 'signed')).toHaveLength(11);
    expect(states[states.length - 1]).toMatchObject({ state: 'not-a-party', party: { code: 'TL' } });
    expect(statusCounts(data)).toEqual({
      parties: 11,
      signed: 11,
      ratified: 0,
      notified: 0,
      inForce: 0,
      unknown: 0,
      nonParties: 1,
    });
  });

  it('recorded events move a party on, and counts are cumulative', () => {
    const vnDate = { values: [{ date: '2026-03-02', precision: 'day' as const, sources: ['mofcom-2025-11-13'] }] };
    const withEvents: TreatyData = {
      ...data,
      events: [
        { id: 'vn-ratification', party: 'VN', kind: 'ratification', date: vnDate, sources: [] },
        { id: 'vn-notification', party: 'VN', kind: 'notification', date: vnDate, sources: [] },
        { id: 'cn-ratification', party: 'CN', kind: 'ratification', date: vnDate, sources: [] },
      ],
    };
    const vn = withEvents.parties.find((p) => p.code === 'VN');
    const cn = withEvents.parties.find((p) => p.code === 'CN');
    expect(vn && partyStatus(withEvents, vn).state).toBe('notified');
    expect(cn && partyStatus(withEvents, cn).state).toBe('ratified');
    expect(statusCounts(withEvents)).toMatchObject({ signed: 11, ratified: 2, notified: 1, inForce: 0 });
  });

  it('a party covered by the signature for ASEAN is signed; one with neither signature is unknown', () => {
    const mm0 = data.parties.find((p) => p.code === 'MM');
    expect(mm0 && signatureOf(data, mm0)).toMatchObject({ kind: 'asean', asean: { signatory: { code: 'MY' } } });
    expect(mm0 && partyStatus(data, mm0).state).toBe('signed');
    const edited: TreatyData = {
      ...data,
      parties: data.parties.map((p) =>
        p.code === 'MM' ? { ...p, signed: { values: [] }, aseanSignature: undefined } : p,
      ),
    };
    const mm = edited.parties.find((p) => p.code === 'MM');
    expect(mm && partyStatus(edited, mm).state).toBe('unknown');
    expect(statusCounts(edited)).toMatchObject({ signed: 10, unknown: 1 });
  });
});

describe('timeline', () => {
  it('is oldest first by earliest value, undated last; party-specific only with --all', () => {
    const ids = timeline(data).map((m) => m.id);
    expect(ids[0]).toBe('framework-agreement');
    expect(ids[ids.length - 1]).toBe('ratification-and-entry-into-force');
    expect(ids).not.toContain('singapore-signs');
    const all = timeline(data, { all: true });
    expect(all.map((m) => m.id)).toEqual(
      expect.arrayContaining(['singapore-signs', 'timor-leste-admitted', 'upgrade-2-0-first-in-force']),
    );
    const keys = all.map((m) => earliestKey(m.date));
    expect([...keys].sort()).toEqual(keys);
    expect(all.findIndex((m) => m.id === 'singapore-signs')).toBeLessThan(all.findIndex((m) => m.id === 'signing'));
  });

  it('a year-only date sorts before day dates of that year; a conflict sorts by its earliest value', () => {
    expect(earliestKey(fact(['2015', 'year']))).toBe('2015-00-00');
    expect(earliestKey(fact(['2019-10-22', 'day'], ['2018', 'year']))).toBe('2018-00-00');
  });
});

describe('anniversaries in several zones (fixed instants)', () => {
  // 2026-10-27T10:30Z is 28 Oct 00:30 in Kiritimati (UTC+14), 27 Oct 18:30 in Shanghai, 06:30 in New York.
  const instant = new Date('2026-10-27T10:30:00Z');

  it.each([
    ['Pacific/Kiritimati', '2026-10-28', true],
    ['Asia/Shanghai', '2026-10-27', false],
    ['America/New_York', '2026-10-27', false],
  ])('%s: local date and whether the signing anniversary is today', (zone, local, isToday) => {
    expect(localDate(instant, zone)).toBe(local);
    const today = upcoming(data, instant, 1, zone, en).anniversaries.map((a) => a.occurrence);
    expect(today.includes('signing:2026')).toBe(isToday);
  });

  it('every single-day milestone has an anniversary (disputed or coarse dates none); round ones are flagged', () => {
    const year = anniversariesBetween(data, '2027-01-01', '2027-12-31');
    expect(year.map((a) => [a.id, a.on, a.years, a.round])).toEqual([
      ['full-implementation', '2027-01-01', 17, false],
      ['services-agreement', '2027-01-14', 20, true],
      ['negotiations-concluded', '2027-05-20', 2, false],
      ['upgrade-2-0-first-in-force', '2027-07-01', 11, false],
      ['tariff-reductions', '2027-07-20', 22, false],
      ['investment-agreement', '2027-08-15', 18, false],
      ['early-harvest', '2027-10-06', 24, false],
      ['substantial-conclusion', '2027-10-10', 3, false],
      ['singapore-signs', '2027-10-24', 2, false],
      ['timor-leste-admitted', '2027-10-26', 2, false],
      ['signing', '2027-10-28', 2, false],
      ['framework-agreement', '2027-11-04', 25, true],
      ['goods-agreement', '2027-11-29', 23, false],
    ]);
    // Disputed days (2.0 signing 21/22 Nov 2015, launch 11/13 Nov 2022, 2019 vs 2018) and the
    // year-only CLMV milestone never get one.
    const ids = year.map((a) => a.id);
    for (const id of ['upgrade-2-0-signed', 'negotiations-launched', 'upgrade-2-0-in-force-all', 'clmv-zero-tariff'])
      expect(ids).not.toContain(id);
    const signing = anniversariesBetween(data, '2026-10-28', '2026-10-28')[0];
    expect(signing).toMatchObject({ id: 'signing', years: 1, round: true });
    expect(anniversaryLabel(en, data, signing)).toBe(
      '1st anniversary: CAFTA 3.0 Upgrade Protocol signed (28 Oct 2025)',
    );
  });

  it('never gives an anniversary before the first full year', () => {
    expect(anniversariesBetween(data, '2025-10-01', '2025-12-31').map((a) => a.id)).not.toContain('signing');
  });

  it('upcoming from 30 Nov 2026 (Singapore) over 7 days is empty but says what comes next', () => {
    const u = upcoming(data, new Date('2026-11-30T01:00:00Z'), 7, 'Asia/Singapore', en);
    // Exactly 7 days, today included: 30 Nov to 6 Dec.
    expect(u).toMatchObject({ from: '2026-11-30', to: '2026-12-06', anniversaries: [] });
    expect(u.nextAfter?.occurrence).toBe('full-implementation:2027');
    expect(u.expected.map((e) => e.text).join('\n')).toMatch(
      /ratification by 11 of 11 parties.*none reported as of 3 Dec 2026/,
    );
    expect(u.expected.map((e) => e.text).join('\n')).toContain(
      'Entry into force: unknown: clause not yet found (checked 3 Dec 2026)',
    );
  });

  it('next N covers exactly N days starting today', () => {
    // 1 Jan 2027 (full implementation) is 1 day after 31 Dec: `1` is 31 Dec alone, `2` includes it.
    const at = new Date('2026-12-31T04:00:00Z');
    const one = upcoming(data, at, 1, 'Asia/Singapore', en);
    expect(one).toMatchObject({ from: '2026-12-31', to: '2026-12-31', anniversaries: [] });
    expect(one.nextAfter?.occurrence).toBe('full-implementation:2027');
    const two = upcoming(data, at, 2, 'Asia/Singapore', en);
    expect(two).toMatchObject({ from: '2026-12-31', to: '2027-01-01' });
    expect(two.anniversaries.map((a) => a.occurrence)).toEqual(['full-implementation:2027']);
  });

  it('the window crosses a year end', () => {
    const u = upcoming(data, new Date('2026-12-25T12:00:00Z'), 10, 'America/New_York', en);
    expect(u.anniversaries.map((a) => a.occurrence)).toEqual(['full-implementation:2027']);
  });

  it('recorded ratifications get anniversaries; notifications do not', () => {
    const d = (date: string): DatedFact => ({ values: [{ date, precision: 'day', sources: [] }] });
    const withEvents: TreatyData = {
      ...data,
      events: [
        { id: 'vn-ratification', party: 'VN', kind: 'ratification', date: d('2026-02-10'), sources: [] },
        { id: 'vn-notification', party: 'VN', kind: 'notification', date: d('2026-02-12'), sources: [] },
      ],
    };
    expect(
      anniversariesBetween(withEvents, '2027-02-01', '2027-02-28').map((a) => [
        a.occurrence,
        anniversaryTitle(en, withEvents, a),
      ]),
    ).toEqual([['vn-ratification:2027', 'Viet Nam ratifies the 3.0 Protocol']]);
  });

  it.each([
    [1, true],
    [2, false],
    [5, true],
    [10, true],
    [12, false],
    [25, true],
  ])('%i years round = %s', (n, round) => {
    expect(isRoundAnniversary(n)).toBe(round);
  });

  it.each([
    [1, '1st'],
    [2, '2nd'],
    [3, '3rd'],
    [4, '4th'],
    [11, '11th'],
    [12, '12th'],
    [13, '13th'],
    [21, '21st'],
    [22, '22nd'],
    [25, '25th'],
    [101, '101st'],
  ])('ordinal(%i) = %s', (n, text) => expect(ordinal(n)).toBe(text));
});

describe('entry-into-force projection (fixture copies of the data)', () => {
  let fx: DataFixture;
  beforeEach(() => {
    fx = copyData();
  });
  afterEach(() => fx.remove());

  const notify = (code: string, date: string): Record<string, unknown> => ({
    id: `${code.toLowerCase()}-notification`,
    party: code,
    kind: 'notification',
    date: { values: [{ date, precision: 'day', sources: ['mofcom-2025-11-13'] }] },
    sources: ['mofcom-2025-11-13'],
  });

  it('today the clause is unknown', () => {
    expect(projectEntryIntoForce(data, en)).toEqual({
      state: 'unknown',
      text: 'unknown: clause not yet found (checked 3 Dec 2026)',
    });
  });

  it('threshold with an ASEAN minimum: waits, then projects from the notification that completes it', () => {
    fx.edit<Record<string, unknown>>('entry-into-force.json', (c) => {
      c.rule = { model: 'threshold', threshold: 3, aseanMinimum: 2, days: 60 };
    });
    fx.edit<Record<string, unknown>>('events.json', (e) => {
      e.events = [notify('CN', '2027-01-10'), notify('VN', '2027-02-01')];
    });
    expect(projectEntryIntoForce(loadData(fx.dir), en)).toMatchObject({ state: 'waiting', have: 2, need: 1 });
    // Singapore's notification is the 3rd overall and the 2nd from an ASEAN member: both conditions met.
    fx.edit<Record<string, unknown>>('events.json', (e) => {
      e.events = [notify('CN', '2027-01-10'), notify('VN', '2027-02-01'), notify('SG', '2027-03-15')];
    });
    const p = projectEntryIntoForce(loadData(fx.dir), en);
    expect(p).toEqual({
      state: 'projected',
      date: '2027-05-14',
      text: '14 May 2027 (60 days after the 3rd notification, 15 Mar 2027)',
    });
  });

  it('threshold not met when the ASEAN minimum is missing', () => {
    fx.edit<Record<string, unknown>>('entry-into-force.json', (c) => {
      c.rule = { model: 'threshold', threshold: 2, aseanMinimum: 2, days: 30 };
    });
    fx.edit<Record<string, unknown>>('events.json', (e) => {
      e.events = [notify('CN', '2027-01-10'), notify('VN', '2027-02-01')];
    });
    expect(projectEntryIntoForce(loadData(fx.dir), en)).toMatchObject({ state: 'waiting', have: 2, need: 1 });
  });

  it('per-party: a date for each party that notified', () => {
    fx.edit<Record<string, unknown>>('entry-into-force.json', (c) => {
      c.rule = { model: 'per-party', daysAfterNotification: 30 };
    });
    fx.edit<Record<string, unknown>>('events.json', (e) => {
      e.events = [notify('VN', '2027-02-01')];
    });
    const p = projectEntryIntoForce(loadData(fx.dir), en);
    expect(p.state === 'per-party' && p.parties.filter((x) => x.date)).toEqual([{ code: 'VN', date: '2027-03-03' }]);
    expect(p.text).toContain('VN 3 Mar 2027');
  });

  it('fixed date shows up in upcoming when inside the window', () => {
    fx.edit<Record<string, unknown>>('entry-into-force.json', (c) => {
      c.rule = { model: 'fixed-date', date: '2027-01-01' };
    });
    const d = loadData(fx.dir);
    const u = upcoming(d, new Date('2026-12-20T00:00:00Z'), 30, 'Asia/Shanghai', en);
    expect(u.expected.find((e) => e.date)).toMatchObject({
      date: '2027-01-01',
      text: 'Entry into force: 1 Jan 2027 (fixed date in the Protocol)',
    });
  });
});
