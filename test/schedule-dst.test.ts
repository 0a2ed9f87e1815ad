/**
 * The DST policy of src/delivery/schedule.ts as a table, around real 2026/2027 transitions:
 * gap → wall time shifted forward by the gap; overlap → the first (earlier) instant;
 * a weekly/daily slot is never lost to a gap nor doubled by an overlap.
 */
import { DateTime } from 'luxon';
import { latestSlotAtOrBefore, localToInstant, nextSlotAfter, type ScheduleSpec } from '../src/delivery/schedule';

const d = (s: string) => {
  const [year, month, day] = s.split('-').map(Number);
  return { year, month, day };
};

describe('localToInstant: DST policy table', () => {
  it.each([
    // zone, local date, local time, expected UTC instant, why
    ['America/New_York', '2026-03-08', '02:30', '2026-03-08T07:30:00.000Z', 'gap: sent at 03:30 EDT'],
    ['America/New_York', '2026-03-08', '02:00', '2026-03-08T07:00:00.000Z', 'gap start: 03:00 EDT'],
    ['America/New_York', '2026-03-08', '01:59', '2026-03-08T06:59:00.000Z', 'just before the gap: EST'],
    ['America/New_York', '2026-03-08', '03:00', '2026-03-08T07:00:00.000Z', 'first valid time after the gap'],
    ['America/New_York', '2026-11-01', '01:30', '2026-11-01T05:30:00.000Z', 'overlap: the first instant (EDT)'],
    ['America/New_York', '2026-11-01', '02:00', '2026-11-01T07:00:00.000Z', 'after the overlap: EST'],
    ['America/New_York', '2027-03-14', '02:30', '2027-03-14T07:30:00.000Z', 'gap 2027'],
    ['America/New_York', '2027-11-07', '01:00', '2027-11-07T05:00:00.000Z', 'overlap 2027: EDT'],
    ['Europe/London', '2026-03-29', '01:30', '2026-03-29T01:30:00.000Z', 'gap: 02:30 BST'],
    ['Europe/London', '2026-10-25', '01:30', '2026-10-25T00:30:00.000Z', 'overlap: 01:30 BST'],
    ['Europe/London', '2027-03-28', '01:00', '2027-03-28T01:00:00.000Z', 'gap start 2027: 02:00 BST'],
    ['Europe/London', '2027-10-31', '01:59', '2027-10-31T00:59:00.000Z', 'overlap 2027: BST'],
    ['Europe/London', '2026-07-01', '09:00', '2026-07-01T08:00:00.000Z', 'summer: BST'],
    ['Australia/Lord_Howe', '2026-10-04', '02:15', '2026-10-03T15:45:00.000Z', '30-min gap: 02:45 +11'],
    ['Australia/Lord_Howe', '2026-04-05', '01:45', '2026-04-04T14:45:00.000Z', '30-min overlap: first (+11)'],
    ['Australia/Lord_Howe', '2027-04-04', '01:30', '2027-04-03T14:30:00.000Z', '30-min overlap 2027: +11'],
    ['Australia/Lord_Howe', '2027-10-03', '02:00', '2027-10-02T15:30:00.000Z', '30-min gap 2027: 02:30 +11'],
    ['Asia/Jakarta', '2026-03-08', '02:30', '2026-03-07T19:30:00.000Z', 'no DST: +07'],
    ['Asia/Shanghai', '2026-11-01', '01:30', '2026-10-31T17:30:00.000Z', 'no DST: +08'],
  ])('%s %s %s → %s (%s)', (zone, date, time, expected) => {
    const [h, m] = time.split(':').map(Number);
    expect(localToInstant(zone, d(date), h, m).toISOString()).toBe(expected);
  });
});

describe('weekly slots across transitions', () => {
  const ny = (time: string, weekday: ScheduleSpec['weekday'] = 7): ScheduleSpec => ({
    cadence: 'weekly',
    weekday,
    time,
    zone: 'America/New_York',
  });

  it('a Sunday 02:30 digest is not lost to the spring-forward gap', () => {
    const first = nextSlotAfter(ny('02:30'), new Date('2026-03-01T12:00:00Z'));
    expect(first.toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(nextSlotAfter(ny('02:30'), first).toISOString()).toBe('2026-03-15T06:30:00.000Z');
  });

  it('a Sunday 01:30 digest is sent once on the fall-back day, not twice', () => {
    const first = nextSlotAfter(ny('01:30'), new Date('2026-10-31T12:00:00Z'));
    expect(first.toISOString()).toBe('2026-11-01T05:30:00.000Z');
    // The second 01:30 (06:30Z, EST) is not a slot: the next one is a week later.
    expect(nextSlotAfter(ny('01:30'), first).toISOString()).toBe('2026-11-08T06:30:00.000Z');
    expect(latestSlotAtOrBefore(ny('01:30'), new Date('2026-11-01T06:30:00Z')).toISOString()).toBe(first.toISOString());
  });
});

describe('every local date yields exactly one slot (2026–2027)', () => {
  const zones = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Jakarta', 'Asia/Shanghai'];
  const times = ['01:30', '02:15', '02:30'];
  const start = new Date('2025-12-31T00:00:00Z');
  const end = new Date('2028-01-01T00:00:00Z');

  it.each(zones)('%s: daily and weekly slots are consecutive local dates at the right time', (zone) => {
    for (const time of times) {
      for (const cadence of ['daily', 'weekly'] as const) {
        const spec: ScheduleSpec = { cadence, weekday: 7, time, zone };
        const dates: string[] = [];
        const wrong: string[] = [];
        let prev: Date | null = null;
        for (let at = nextSlotAfter(spec, start); at < end; at = nextSlotAfter(spec, at)) {
          const local = DateTime.fromJSDate(at, { zone });
          // The local wall time is the asked time, or later by at most the gap (never earlier).
          const [h, m] = time.split(':').map(Number);
          const shift = local.hour * 60 + local.minute - (h * 60 + m);
          if (shift < 0 || shift > 60) wrong.push(`${at.toISOString()} is ${local.toISO()} for ${time}`);
          if (prev && latestSlotAtOrBefore(spec, new Date(at.getTime() - 1)).getTime() !== prev.getTime())
            wrong.push(`before ${at.toISOString()}`);
          if (latestSlotAtOrBefore(spec, at).getTime() !== at.getTime()) wrong.push(`at ${at.toISOString()}`);
          dates.push(local.toISODate() ?? '');
          prev = at;
        }
        expect(wrong).toEqual([]);
        const step = cadence === 'daily' ? 1 : 7;
        for (let i = 1; i < dates.length; i += 1) {
          const gapDays = DateTime.fromISO(dates[i]).diff(DateTime.fromISO(dates[i - 1]), 'days').days;
          expect(gapDays).toBe(step);
        }
        // 2026-01-01 … 2027-12-31 is 730 days, 104 or 105 Sundays (+ the 31 Dec 2025 edge).
        expect(dates.length).toBeGreaterThanOrEqual(cadence === 'daily' ? 730 : 104);
        expect(dates.length).toBeLessThanOrEqual(cadence === 'daily' ? 732 : 105);
      }
    }
  });
});
