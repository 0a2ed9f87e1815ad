/**
 * Digest, reminder and alert content against the real data/ (and a temp copy with a FIXTURE
 * event to prove change detection). Fixed instants; no wall clock.
 */
import { loadData } from '../src/treaty/data';
import { buildDigest, changesSince, digestSnapshot, readDigestState } from '../src/delivery/digest';
import { alertHash, buildAlert, newAlertEvents } from '../src/delivery/alert-handler';
import { buildReminder } from '../src/delivery/reminder-handler';
import { toPlainText } from '../src/text/message';
import { formatDay as dayIn } from '../src/text/format';
import { textsFor } from '../src/text/texts';
import { reminderSlotsBetween } from '../src/delivery/schedule';
import { addFixtureEvents, copyData, loadFixtureData } from './support/data-fixture';

const real = loadFixtureData();
const en = textsFor('en');
const formatDay = (date: string): string => dayIn('en', date);
const now = new Date('2026-11-30T01:00:00Z'); // Monday 09:00 in Singapore
const lastWeek = new Date('2026-11-23T01:00:00Z');

describe('digest against the real data', () => {
  const state = digestSnapshot(real, lastWeek);
  const msg = buildDigest(en, real, state, now, 'Asia/Singapore', { cadence: 'weekly' });
  const plain = toPlainText(msg);

  it('says plainly that nothing changed since the last digest', () => {
    expect(plain).toContain('Nothing changed since your last digest on 23 Nov 2026.');
    expect(msg.summary).toBe('Weekly digest: CAFTA 3.0, 30 Nov 2026: nothing changed');
    expect(msg.audience).toBe('channel');
  });

  it('lists every party (not Timor-Leste) with its status from the data', () => {
    const factsBlock = msg.blocks.find((b) => b.type === 'facts');
    const parties = real.parties.filter((p) => p.role === 'party');
    expect(factsBlock?.type === 'facts' && factsBlock.facts.map((f) => f.label)).toEqual(
      parties.map((p) => p.shortName),
    );
    expect(plain).not.toContain('Timor-Leste');
    expect(plain).toContain(`Signed 28 Oct 2025; ratification not reported as of ${formatDay(real.eventsCheckedOn)}`);
    expect(plain).toContain('ratified 0, notified 0, in force 0');
    expect(plain).toContain(real.eventsNote);
  });

  it('gives the data as-of date and says entry into force cannot be projected', () => {
    expect(plain).toContain(`Data as of ${formatDay(real.asOf)}`);
    expect(plain).toMatch(/Entry into force: unknown: clause not yet found \(checked \d+ \w{3} \d{4}\)/);
    expect(plain).toContain('Domestic ratification by 11 of 11 parties: no dates announced');
    // 30 Nov + 30 days ends 30 Dec: the 1 Jan anniversary is outside the window, named as next.
    expect(plain).toContain('No anniversaries or dated events in the next 30 days.');
    expect(plain).toContain('Next anniversary: 1 Jan 2027, 17th anniversary: CAFTA 1.0 fully implemented');
  });

  it('lists anniversaries within 30 days, calling out round ones', () => {
    const oct = toPlainText(buildDigest(en, real, state, new Date('2026-10-20T01:00:00Z'), 'Asia/Singapore'));
    expect(oct).toContain(
      '28 Oct 2026: 1st anniversary: CAFTA 3.0 Upgrade Protocol signed (28 Oct 2025) (a round anniversary)',
    );
    expect(oct).toContain(
      '4 Nov 2026: 24th anniversary: Framework Agreement on Comprehensive Economic Co-operation signed (4 Nov 2002)\n',
    );
    const next = toPlainText(buildDigest(en, real, state, new Date('2027-10-20T01:00:00Z'), 'Asia/Singapore'));
    expect(next).toContain(
      '4 Nov 2027: 25th anniversary: Framework Agreement on Comprehensive Economic Co-operation signed (4 Nov 2002) (a round anniversary)',
    );
  });

  it('without a previous digest, counts from the subscription date', () => {
    const fresh = readDigestState({ dataVersion: real.version, eventIds: [] });
    expect(
      toPlainText(buildDigest(en, real, fresh, now, 'Asia/Singapore', { since: new Date('2026-11-10T03:00:00Z') })),
    ).toContain('Nothing changed since you subscribed on 10 Nov 2026.');
  });

  it('says when only the data was revised', () => {
    const old = { ...state, dataVersion: 'aaaaaaaaaaaa' };
    expect(changesSince(en, real, old)).toEqual([
      `The treaty data was revised (now as of ${formatDay(real.asOf)}); no ratification, notification or entry into force changed.`,
    ]);
  });
});

describe('digest with a FIXTURE event in a temp copy of data/', () => {
  const copy = copyData();
  afterAll(() => copy.remove());
  addFixtureEvents(copy.dir, [{ party: 'SG', kind: 'ratification', date: '2026-11-25' }]);
  const changed = loadData(copy.dir);
  const state = digestSnapshot(real, lastWeek);

  it('reports the new event and the new status', () => {
    const msg = buildDigest(en, changed, state, now, 'Asia/Singapore', { cadence: 'weekly' });
    const plain = toPlainText(msg);
    expect(plain).toContain('What changed since your last digest on 23 Nov 2026:');
    expect(plain).toContain('New: Singapore: ratification 25 Nov 2026');
    expect(plain).toMatch(/Singapore\s+Ratified 25 Nov 2026; notification not reported as of 3 Dec 2026/);
    expect(plain).toContain('ratified 1, notified 0, in force 0');
    expect(msg.summary).toContain(': 1 change');
  });

  it('sees the same data as unchanged after its own snapshot', () => {
    expect(changesSince(en, changed, digestSnapshot(changed, now))).toEqual([]);
  });

  it('notices a corrected date of a known event', () => {
    const again = copyData();
    try {
      addFixtureEvents(again.dir, [{ party: 'SG', kind: 'ratification', date: '2026-11-26' }]);
      expect(changesSince(en, loadData(again.dir), digestSnapshot(changed, now))).toEqual([
        'Corrected: Singapore: ratification 26 Nov 2026',
      ]);
    } finally {
      again.remove();
    }
  });

  it('alerts: new events against a baseline and a hash that moves only with alert-worthy records', () => {
    expect(newAlertEvents(changed, []).map((e) => e.id)).toEqual(['sg-ratification']);
    expect(newAlertEvents(changed, ['sg-ratification'])).toEqual([]);
    expect(alertHash(changed)).not.toBe(alertHash(real));
    expect(alertHash({ ...real, asOf: '2030-01-01', version: 'x' })).toBe(alertHash(real));
    const alert = toPlainText(buildAlert(en, changed, changed.events[0]));
    expect(alert).toContain('New record: Singapore ratification');
    expect(alert).toContain(
      "The data now records Singapore's ratification of the CAFTA 3.0 Upgrade Protocol: 25 Nov 2026.",
    );
    expect(alert).toMatch(/Parties with ratification\s+1 of 11/);
  });
});

describe('reminders', () => {
  const slots = reminderSlotsBetween(
    { time: '09:00', zone: 'Asia/Singapore' },
    real,
    new Date('2026-10-01T00:00:00Z'),
    new Date('2027-12-01T00:00:00Z'),
  );
  const byKey = (key: string) => {
    const slot = slots.find((s) => s.occurrence === key);
    if (!slot) throw new Error(`no slot ${key}`);
    return toPlainText(buildReminder(en, real, slot));
  };

  it('calls out the 1st anniversary of the signing', () => {
    const t = byKey('signing:2026');
    expect(t).toContain('1st anniversary: CAFTA 3.0 Upgrade Protocol signed');
    expect(t).toContain('Today, 28 Oct 2026, is the 1st anniversary of this milestone (28 Oct 2025).');
    expect(t).toContain('A round anniversary: 1 year since 28 Oct 2025.');
  });

  it('calls out the 25th anniversary of the Framework Agreement', () => {
    expect(byKey('framework-agreement:2027')).toContain('A round anniversary: 25 years since 4 Nov 2002.');
  });

  it('keeps ordinary anniversaries plain', () => {
    const t = byKey('goods-agreement:2026');
    expect(t).toContain('Anniversary: Agreement on Trade in Goods (and Dispute Settlement Mechanism) signed');
    expect(t).toContain('22nd anniversary');
    expect(t).not.toContain('round anniversary');
  });
});

describe('digest parts shared across channels', () => {
  const zh = textsFor('zh');
  const state = digestSnapshot(real, lastWeek);
  // A fresh load of the same files: nothing cached for it yet, so its digest is built from scratch.
  const freshCopy = (): typeof real => loadFixtureData();
  const build = (data: typeof real, at: Date, zone: string, tx = en) =>
    buildDigest(tx, data, state, at, zone, { cadence: 'weekly' });

  it('gives the same digest from shared parts as a fresh build, and shares them', () => {
    const first = build(real, now, 'Asia/Singapore');
    const again = build(real, now, 'Asia/Singapore');
    expect(again).toEqual(build(freshCopy(), now, 'Asia/Singapore'));
    expect(again).toEqual(first);
    // The status part is one object for both channels, frozen: no reader may change it.
    const facts = (m: typeof first) => m.blocks.find((b) => b.type === 'facts');
    expect(facts(again)).toBe(facts(first));
    expect(Object.isFrozen(facts(again))).toBe(true);
    // Another zone on the same local date shares "coming up", and still matches a fresh build.
    expect(build(real, now, 'Asia/Shanghai')).toEqual(build(freshCopy(), now, 'Asia/Shanghai'));
  });

  it('builds new parts for another local date, language or data', () => {
    const base = toPlainText(build(real, now, 'Asia/Singapore'));
    // 20 Oct → the signing anniversary is within 30 days; 30 Nov it is not.
    const oct = new Date('2026-10-20T01:00:00Z');
    expect(toPlainText(build(real, oct, 'Asia/Singapore'))).toBe(
      toPlainText(build(freshCopy(), oct, 'Asia/Singapore')),
    );
    expect(toPlainText(build(real, oct, 'Asia/Singapore'))).not.toBe(base);
    // 23:30 UTC on 27 Oct is already 28 Oct (the anniversary) in Singapore but not in New York.
    const edge = new Date('2026-10-27T23:30:00Z');
    const sg = build(real, edge, 'Asia/Singapore');
    const ny = build(real, edge, 'America/New_York');
    expect(sg).toEqual(build(freshCopy(), edge, 'Asia/Singapore'));
    expect(ny).toEqual(build(freshCopy(), edge, 'America/New_York'));
    expect(toPlainText(sg)).not.toBe(toPlainText(ny));
    // Chinese readers get Chinese parts, as a fresh build gives them.
    const chinese = build(real, now, 'Asia/Singapore', zh);
    expect(chinese).toEqual(build(freshCopy(), now, 'Asia/Singapore', zh));
    expect(toPlainText(chinese)).not.toBe(base);
    // Changed data (a new record) is a new data object: its status part says so.
    const copy = copyData();
    try {
      addFixtureEvents(copy.dir, [{ party: 'SG', kind: 'ratification', date: '2026-11-25' }]);
      const changed = toPlainText(build(loadData(copy.dir), now, 'Asia/Singapore'));
      expect(changed).toContain('ratified 1');
      expect(base).toContain('ratified 0');
    } finally {
      copy.remove();
    }
  });
});
