/**
 * Filters in delivery, through runDue with a recording Sender on the fixture data (plus clearly
 * labelled FIXTURE events): alerts only for the chosen parties, digests leading with the chosen
 * parties and areas, reminders of the common milestones plus the chosen parties' own dates.
 */
import { loadData } from '../src/treaty/data';
import { toPlainText } from '../src/text/message';
import type { Store } from '../src/store/store';
import { reminderSlotsBetween } from '../src/delivery/schedule';
import { addFixtureEvents, copyData, type DataFixture } from './support/data-fixture';
import { addSub, deliveryDeps, memoryStore } from './support/delivery-harness';
import { recordingSender } from './support/recording-sender';

const created = new Date('2026-11-24T00:00:00Z');
const mondaySlot = new Date('2026-11-30T01:00:00Z'); // Monday 09:00 Asia/Singapore

let store: Store;
let copy: DataFixture;
beforeEach(async () => {
  store = await memoryStore();
  copy = copyData();
});
afterEach(async () => {
  await store.close();
  copy.remove();
});

describe('alerts', () => {
  it('an alert for Thailand does not reach a Viet Nam-only subscription; one for Viet Nam does', async () => {
    const before = loadData(copy.dir);
    const vnOnly = await addSub(
      store,
      before,
      { kind: 'alerts', channel: 'VN', filters: { parties: ['vn'], areas: [] } },
      created,
    );
    await addSub(store, before, { kind: 'alerts', channel: 'ALL' }, created);
    let current = before;
    const sender = recordingSender();
    const { run } = deliveryDeps(store, () => current, { test: sender });
    expect(await run(mondaySlot)).toMatchObject({ sent: 0 });

    addFixtureEvents(copy.dir, [{ party: 'TH', kind: 'ratification', date: '2026-11-25' }]);
    current = loadData(copy.dir);
    expect(await run(new Date(mondaySlot.getTime() + 60_000))).toMatchObject({ alertsMarked: 2, sent: 1 });
    expect(sender.sent.map((s) => `${s.target.channel} ${s.msg.summary}`)).toEqual([
      'ALL New record: Thailand ratification (25 Nov 2026)',
    ]);
    // Thailand's event is known to the filtered subscription now: clearing the filter later does not alert it.
    expect((await store.getSubscription(vnOnly.id))?.state).toEqual({ baselineEventIds: ['th-ratification'] });

    addFixtureEvents(copy.dir, [{ party: 'VN', kind: 'ratification', date: '2026-11-26' }]);
    current = loadData(copy.dir);
    expect(await run(new Date(mondaySlot.getTime() + 120_000))).toMatchObject({ sent: 2 });
    expect(
      sender.sent
        .slice(1)
        .map((s) => `${s.target.channel} ${s.msg.summary}`)
        .sort(),
    ).toEqual([
      'ALL New record: Viet Nam ratification (26 Nov 2026)',
      'VN New record: Viet Nam ratification (26 Nov 2026)',
    ]);
    expect((await store.listDeliveries(vnOnly.id)).map((d) => d.occurrence)).toEqual(['vn-ratification']);
  });
});

describe('digests', () => {
  it('lead with the chosen parties and areas; the rest is one short line each', async () => {
    const before = loadData(copy.dir);
    await addSub(store, before, { kind: 'digest', channel: 'F', filters: { parties: ['vn'], areas: [1] } }, created);
    await addSub(store, before, { kind: 'digest', channel: 'U' }, created);
    addFixtureEvents(copy.dir, [
      { party: 'TH', kind: 'ratification', date: '2026-11-25' },
      { party: 'VN', kind: 'ratification', date: '2026-11-26' },
    ]);
    const current = loadData(copy.dir);
    const sender = recordingSender();
    const { run } = deliveryDeps(store, () => current, { test: sender });
    expect(await run(new Date(mondaySlot.getTime() + 30_000))).toMatchObject({ sent: 2 });
    const text = (channel: string): string => {
      const sent = sender.sent.find((s) => s.target.channel === channel);
      if (!sent) throw new Error(`no digest for ${channel}`);
      return toPlainText(sent.msg);
    };

    const filtered = text('F');
    expect(filtered).toContain('New: Viet Nam: ratification');
    expect(filtered).not.toContain('New: Thailand');
    expect(filtered).toContain('One change for other parties');
    expect(filtered).toContain('Your areas');
    expect(filtered).toMatch(/1\. Digital Economy/);
    expect(filtered).not.toMatch(/2\. Green Economy/);
    expect(filtered).toContain('8 other areas');
    expect(filtered).toContain('10 other parties: China, Brunei');
    // The areas and Viet Nam come before the other parties' line.
    expect(filtered.indexOf('Your areas')).toBeLessThan(filtered.indexOf('10 other parties'));
    expect(filtered).not.toMatch(/^Thailand\s/m);

    const unfiltered = text('U');
    expect(unfiltered).toContain('New: Thailand: ratification');
    expect(unfiltered).toContain('New: Viet Nam: ratification');
    expect(unfiltered).toMatch(/^Thailand\s/m);
    expect(unfiltered).not.toContain('Your areas');
    expect(unfiltered).not.toContain('other parties');
  });
});

describe('reminders', () => {
  it("cover the common milestones plus the chosen parties' own dates", async () => {
    addFixtureEvents(copy.dir, [
      { party: 'TH', kind: 'ratification', date: '2025-12-03' },
      { party: 'VN', kind: 'ratification', date: '2025-12-05' },
    ]);
    const data = loadData(copy.dir);
    const spec = { time: '09:00', zone: 'Asia/Singapore' };
    const from = new Date('2026-01-01T00:00:00Z');
    const to = new Date('2027-01-01T00:00:00Z');
    const all = reminderSlotsBetween(spec, data, from, to).map((s) => s.occurrence);
    const vn = reminderSlotsBetween(spec, data, from, to, ['vn']).map((s) => s.occurrence);
    expect(all).toEqual(expect.arrayContaining(['th-ratification:2026', 'vn-ratification:2026']));
    expect(vn).toContain('vn-ratification:2026');
    expect(vn).not.toContain('th-ratification:2026');
    // Every milestone anniversary is kept.
    expect(vn.filter((o) => !o.includes('-ratification'))).toEqual(all.filter((o) => !o.includes('-ratification')));
    expect(vn.filter((o) => !o.includes('-ratification')).length).toBeGreaterThan(0);

    // Through runDue: on 3 Dec only the unfiltered subscription hears of Thailand.
    const at = new Date('2026-12-01T00:00:00Z');
    const vnSub = await addSub(
      store,
      data,
      { kind: 'reminders', channel: 'VN', filters: { parties: ['vn'], areas: [] } },
      at,
    );
    await addSub(store, data, { kind: 'reminders', channel: 'ALL' }, at);
    expect(vnSub.nextDueAt?.toISOString()).not.toBe('2026-12-03T01:00:00.000Z');
    const sender = recordingSender();
    const { run } = deliveryDeps(store, () => data, { test: sender });
    await run(new Date('2026-12-03T01:00:30Z'));
    await run(new Date('2026-12-05T01:00:30Z'));
    const got = sender.sent.map((s) => `${s.target.channel} ${s.msg.summary}`);
    expect(got.filter((g) => g.includes('Thailand'))).toEqual([expect.stringMatching(/^ALL /)]);
    expect(got.filter((g) => g.includes('Viet Nam')).sort()).toEqual([
      expect.stringMatching(/^ALL /),
      expect.stringMatching(/^VN /),
    ]);
  });
});
