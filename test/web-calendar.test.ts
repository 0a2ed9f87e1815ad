/**
 * GET /calendar.ics: RFC 5545 (parsed here with ical.js), all-day events with stable UIDs and
 * their sources, anniversaries for 3 years, recorded steps and projections; ?lang and ?party.
 */
import ICAL from 'ical.js';
import { calendarIcs } from '../adapters/web/calendar';
import { loadData } from '../src/treaty/data';
import { anniversariesBetween } from '../src/treaty/anniversaries';
import { addFixtureEvents, copyData, loadFixtureData } from './support/data-fixture';
import { leftoverLatin } from './support/latin-scan';
import { startWebApp, type WebApp } from './support/web-app';

interface Parsed {
  name: string;
  events: Array<{ uid: string; summary: string; description: string; start: string; end: string; allDay: boolean }>;
}

function parse(text: string): Parsed {
  const cal = new ICAL.Component(ICAL.parse(text));
  return {
    name: String(cal.getFirstPropertyValue('x-wr-calname') ?? cal.getFirstPropertyValue('name') ?? ''),
    events: cal.getAllSubcomponents('vevent').map((c) => {
      const e = new ICAL.Event(c);
      return {
        uid: e.uid,
        summary: e.summary,
        description: e.description,
        start: e.startDate.toString(),
        end: e.endDate.toString(),
        allDay: e.startDate.isDate,
      };
    }),
  };
}

describe('GET /calendar.ics', () => {
  let app: WebApp;
  beforeAll(async () => {
    app = await startWebApp();
  });
  afterAll(() => app.close());

  it('is an iCalendar feed of all-day anniversaries for the next 3 years, with sources', async () => {
    const res = await app.get('/calendar.ics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('etag')).toMatch(/^".+"$/);
    const text = await res.text();
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    const cal = parse(text);
    expect(cal.name).toBe('CAFTA 3.0 Upgrade Protocol');
    // Exactly the anniversaries from local today (Singapore) for three years: nothing invented.
    const expected = anniversariesBetween(loadFixtureData(), '2026-11-30', '2029-11-30');
    expect(expected.length).toBeGreaterThan(20);
    expect(cal.events).toHaveLength(expected.length);
    expect(cal.events.map((e) => e.uid)).toEqual(
      expect.arrayContaining(expected.map((a) => `anniversary-${a.occurrence}@cafta-bot`)),
    );
    for (const e of cal.events) {
      expect(e.allDay).toBe(true);
      expect(e.description).toContain('Sources:');
    }
    const signing = cal.events.find((e) => e.uid === 'anniversary-signing:2027@cafta-bot');
    expect(signing).toMatchObject({ start: '2027-10-28', end: '2027-10-29' });
    expect(signing?.summary).toMatch(/^2nd anniversary: .*\(28 Oct 2025\)$/);
    expect(signing?.description).toMatch(/https:\/\//);
    // Round anniversaries are named as such.
    const round = cal.events.find((e) => e.uid === 'anniversary-goods-agreement:2029@cafta-bot');
    expect(round?.summary).toMatch(/^★ round anniversary: 25th anniversary/);
    // UIDs are unique and stable from one request to the next.
    expect(new Set(cal.events.map((e) => e.uid)).size).toBe(cal.events.length);
    expect(parse(await (await app.get('/calendar.ics')).text()).events.map((e) => e.uid)).toEqual(
      cal.events.map((e) => e.uid),
    );
    expect((await app.get('/calendar.ics', { 'if-none-match': res.headers.get('etag') ?? '' })).status).toBe(304);
  });

  it('speaks Chinese with ?lang=zh, with the same UIDs', async () => {
    const en = parse(await (await app.get('/calendar.ics')).text());
    const zh = parse(await (await app.get('/calendar.ics?lang=zh')).text());
    expect(zh.name).toBe('中国—东盟自贸区3.0版升级议定书');
    expect(zh.events.map((e) => e.uid)).toEqual(en.events.map((e) => e.uid));
    expect(zh.events.find((e) => e.uid === 'anniversary-signing:2027@cafta-bot')?.summary).toMatch(
      /2周年（2025年10月28日）$/,
    );
    expect(zh.events[0].description).toContain('来源：');
    // Nothing English but source titles, addresses and codes.
    const words = [zh.name, ...zh.events.flatMap((e) => [e.summary, e.description])].join('\n');
    expect(leftoverLatin(words, loadFixtureData())).toEqual([]);
  });

  it('answers a clear 400 for a party that is not one of the eleven', async () => {
    for (const bad of ['tl', 'atlantis', '<!channel>']) {
      const res = await app.get(`/calendar.ics?party=${encodeURIComponent(bad)}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      const text = await res.text();
      expect(text).toMatch(/is not a party to the 3\.0 Protocol\. Use one of: cn, bn, .* and vn\.$/);
    }
  });
});

describe('calendar events from recorded steps (FIXTURE events)', () => {
  it('lists ratifications, notifications and projections; ?party keeps one party and the common milestones', () => {
    const fx = copyData();
    try {
      fx.edit<{ rule: unknown }>('entry-into-force.json', (c) => {
        c.rule = { model: 'per-party', daysAfterNotification: 30 };
      });
      addFixtureEvents(fx.dir, [
        { party: 'VN', kind: 'ratification', date: '2026-06-01' },
        { party: 'VN', kind: 'notification', date: '2026-06-10' },
        { party: 'SG', kind: 'ratification', date: '2026-07-01' },
      ]);
      const data = loadData(fx.dir);
      const all = parse(calendarIcs(data, 'en', '2026-11-30'));
      const uids = all.events.map((e) => e.uid);
      expect(uids).toEqual(
        expect.arrayContaining([
          'vn-ratification-2026-06-01@cafta-bot',
          'vn-notification-2026-06-10@cafta-bot',
          'sg-ratification-2026-07-01@cafta-bot',
          'projected-entry-into-force-vn@cafta-bot',
          'anniversary-vn-ratification:2027@cafta-bot',
        ]),
      );
      const projected = all.events.find((e) => e.uid === 'projected-entry-into-force-vn@cafta-bot');
      expect(projected).toMatchObject({ start: '2026-07-10', summary: 'Projected: entry into force for Viet Nam' });
      expect(all.events.find((e) => e.uid === 'vn-notification-2026-06-10@cafta-bot')?.summary).toBe(
        'Viet Nam: notifies the depositary',
      );

      const vn = parse(
        calendarIcs(
          data,
          'en',
          '2026-11-30',
          data.parties.find((p) => p.code === 'VN'),
        ),
      );
      const vnUids = vn.events.map((e) => e.uid);
      expect(vn.name).toBe('CAFTA 3.0: Viet Nam');
      expect(vnUids).toContain('vn-ratification-2026-06-01@cafta-bot');
      expect(vnUids).toContain('anniversary-signing:2027@cafta-bot');
      expect(vnUids.some((u) => u.startsWith('sg-'))).toBe(false);
      expect(vnUids.length).toBeLessThan(uids.length);
      // A milestone that concerns only some parties is left out for another party.
      const someOnly = data.milestones.filter((m) => m.parties && !m.parties.includes('VN')).map((m) => m.id);
      for (const id of someOnly) expect(vnUids.some((u) => u.startsWith(`anniversary-${id}:`))).toBe(false);
    } finally {
      fx.remove();
    }
  });
});
