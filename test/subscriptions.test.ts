/**
 * subscribe / unsubscribe / subscriptions against the SQLite store, the real data/ and a fixed
 * clock: Monday 30 Nov 2026, 03:00 UTC (11:00 in Singapore, 03:00 in London).
 */
import { loadFixtureData } from './support/data-fixture';
import { commandFixture } from './support/command-fixture';
import { toPlainText, type Message } from '../src/text/message';
import type { TreatyData } from '../src/treaty/model';
import type { ChannelAddress } from '../src/delivery/model';
import { runCommand } from '../src/commands/index';
import type { Command, CommandContext } from '../src/commands/types';

const NOW = new Date('2026-11-30T03:00:00.000Z');
const data: TreatyData = loadFixtureData();
const channel: ChannelAddress = { platform: 'chat', workspace: 'W1', channel: 'C1', address: { channel: 'C1' } };
const key = { platform: 'chat', workspace: 'W1', channel: 'C1' };

const fixture = commandFixture(NOW, data);

const sub = (over: Partial<Extract<Command, { name: 'subscribe' }>> = {}): Command => ({
  name: 'subscribe',
  kinds: ['digest', 'reminders', 'alerts'],
  cadence: 'weekly',
  weekday: 1,
  time: '09:00',
  words: ['all'],
  ...over,
});
const run = async (cmd: Command, ctx: Partial<CommandContext> = {}): Promise<string> =>
  toPlainText(await runCommand(cmd, { channel, user: 'U1', ...ctx }, fixture.deps));
const runMsg = (cmd: Command, ctx: Partial<CommandContext> = {}): Promise<Message> =>
  runCommand(cmd, { channel, user: 'U1', ...ctx }, fixture.deps);

describe('subscribe', () => {
  it('sets up all three kinds in the default zone and says when each first arrives', async () => {
    const msg = await runMsg(sub());
    const out = toPlainText(msg);
    expect(msg.audience).toBe('reply');
    expect(out).toContain('Subscribed');
    expect(out).toContain('every Monday at 09:00; first: Mon 7 Dec 2026, 09:00 (Asia/Singapore)');
    // 1 Jan 2010: CAFTA 1.0 fully implemented (data/milestones.json) is the next day-precise anniversary.
    expect(out).toMatch(
      /on each anniversary at 09:00; first: Fri 1 Jan 2027, 09:00 \(Asia\/Singapore\): 17 years since /,
    );
    expect(out).toContain('when the data records a ratification, notification or entry into force');
    expect(out).toContain('Times are in Asia/Singapore (the default time zone)');

    const subs = await fixture.store.listSubscriptions(key);
    expect(subs.map((s) => s.kind).sort()).toEqual(['alerts', 'digest', 'reminders']);
    const byKind = Object.fromEntries(subs.map((s) => [s.kind, s]));
    expect(byKind.digest.nextDueAt).toEqual(new Date('2026-12-07T01:00:00.000Z'));
    expect(byKind.reminders.nextDueAt).toEqual(new Date('2027-01-01T01:00:00.000Z'));
    expect(byKind.alerts.nextDueAt).toBeNull();
    expect(byKind.digest.state).toEqual({ dataVersion: data.version, eventIds: data.events.map((e) => e.id) });
    expect(byKind.alerts.state).toEqual({ baselineEventIds: data.events.map((e) => e.id) });
    expect(byKind.digest).toMatchObject({
      zone: 'Asia/Singapore',
      createdBy: 'U1',
      address: { channel: 'C1' },
      status: 'active',
    });
    expect(await fixture.store.getChannel(key)).toEqual(channel);
  });

  it("uses the user's own zone when none is typed, and says so", async () => {
    const out = await run(sub({ kinds: ['digest'] }), { userZone: 'Europe/London' });
    // 03:00 in London on a Monday: today's 09:00 is still ahead.
    expect(out).toContain('first: Mon 30 Nov 2026, 09:00 (Europe/London)');
    expect(out).toContain('Times are in Europe/London (your time zone)');
    expect((await fixture.store.listSubscriptions(key))[0].nextDueAt).toEqual(new Date('2026-11-30T09:00:00.000Z'));
  });

  it('a typed zone wins over the user zone; daily cadence and other weekdays are honoured', async () => {
    let out = await run(sub({ kinds: ['digest'], cadence: 'daily', time: '08:30', zone: 'Asia/Jakarta' }), {
      userZone: 'Europe/London',
    });
    expect(out).toContain('Daily digest (new)');
    expect(out).toContain('every day at 08:30; first: Tue 1 Dec 2026, 08:30 (Asia/Jakarta)');
    expect(out).toContain('(the time zone you gave)');
    out = await run(sub({ kinds: ['digest'], weekday: 5, time: '17:00', zone: 'America/New_York' }));
    expect(out).toContain('every Friday at 17:00; next: Fri 4 Dec 2026, 17:00 (America/New_York)');
  });

  it('an unknown zone gets a specific hint and stores nothing', async () => {
    const out = await run(sub({ zone: 'Mars/Olympus_Mons' }));
    expect(out).toContain('"Mars/Olympus_Mons" is not an IANA time zone');
    expect(out).toContain('Asia/Singapore');
    expect(await fixture.store.countSubscriptions()).toBe(0);
  });

  it('an impossible time gets a hint and stores nothing (not even the kinds before it)', async () => {
    const msg = await runMsg(sub({ time: '25:61' }));
    expect(msg.summary).toBe('Could not set up the schedule');
    expect(toPlainText(msg)).toContain('"25:61" is not a time of day: minutes go up to 59');
    expect(await fixture.store.countSubscriptions()).toBe(0);
  });

  it('an unusable platform zone falls back to the default instead of failing', async () => {
    const out = await run(sub({ kinds: ['digest'] }), { userZone: 'Not/AZone' });
    expect(out).toContain('Times are in Asia/Singapore (the default time zone)');
  });

  it('re-subscribing updates in place, keeps the id and reactivates a paused subscription', async () => {
    await run(sub({ kinds: ['digest'] }));
    const [before] = await fixture.store.listSubscriptions(key);
    await fixture.store.updateSubscription(before.id, { status: 'paused', pausedReason: 'channel archived' }, NOW);
    const out = await run(sub({ kinds: ['digest'], weekday: 3, time: '07:15' }));
    expect(out).toContain('Subscription updated');
    expect(out).toContain('Weekly digest (updated)');
    expect(out).toContain('every Wednesday at 07:15; next: Wed 2 Dec 2026, 07:15 (Asia/Singapore)');
    const [after] = await fixture.store.listSubscriptions(key);
    expect(after).toMatchObject({ id: before.id, status: 'active', pausedReason: null, weekday: 3, time: '07:15' });
  });

  it('adding a kind next to an existing one says which is new and which updated', async () => {
    await run(sub({ kinds: ['digest'] }));
    const out = await run(sub({ kinds: ['digest', 'alerts'] }));
    expect(out).toContain('Subscribed');
    expect(out).toContain('Weekly digest (updated)');
    expect(out).toContain('Alerts (new)');
  });
});

describe('unsubscribe', () => {
  it('removes the named kinds and says what is left', async () => {
    await run(sub());
    const out = await run({ name: 'unsubscribe', kinds: ['digest', 'alerts'] });
    expect(out).toContain('Removed: weekly digest, alerts.');
    expect(out).toContain('This channel still receives: anniversary reminders.');
    expect((await fixture.store.listSubscriptions(key)).map((s) => s.kind)).toEqual(['reminders']);
  });

  it('says plainly when there was nothing to remove', async () => {
    await run(sub({ kinds: ['reminders'] }));
    let out = await run({ name: 'unsubscribe', kinds: ['digest'] });
    expect(out).toContain('This channel had no weekly digest; nothing changed.');
    await run({ name: 'unsubscribe', kinds: ['digest', 'reminders', 'alerts'] });
    out = await run({ name: 'unsubscribe', kinds: ['digest', 'reminders', 'alerts'] });
    expect(out).toContain('This channel had no subscriptions; nothing changed.');
    expect(await fixture.store.countSubscriptions()).toBe(0);
  });

  it('only touches this channel', async () => {
    const other: ChannelAddress = { ...channel, channel: 'C2', address: { channel: 'C2' } };
    await run(sub({ kinds: ['digest'] }), { channel: other });
    await run(sub({ kinds: ['digest'] }));
    const out = await run({ name: 'unsubscribe', kinds: ['digest', 'reminders', 'alerts'] });
    expect(out).toContain('This channel now receives nothing from CAFTA.');
    expect(await fixture.store.listSubscriptions({ ...key, channel: 'C2' })).toHaveLength(1);
  });
});

describe('subscriptions', () => {
  it('says when nothing is set up and how to start', async () => {
    const out = await run({ name: 'subscriptions' });
    expect(out).toContain('This channel receives nothing yet.');
    expect(out).toContain('subscribe');
  });

  it('lists kinds with schedule, zone and next delivery; paused ones with the reason and how to resume', async () => {
    await run(sub({ zone: 'Asia/Shanghai' }));
    const [digest] = (await fixture.store.listSubscriptions(key)).filter((s) => s.kind === 'digest');
    await fixture.store.updateSubscription(
      digest.id,
      { status: 'paused', pausedReason: 'the channel was archived' },
      NOW,
    );
    const out = await run({ name: 'subscriptions' });
    expect(out).toContain('Weekly digest (paused)');
    expect(out).toContain('Paused: the channel was archived. To resume, run "subscribe digest" again here.');
    expect(out).toMatch(
      /Anniversary reminders\s+on each anniversary at 09:00; next: Fri 1 Jan 2027, 09:00 \(Asia\/Shanghai\)/,
    );
    expect(out).toContain('when the data records a ratification, notification or entry into force');
    expect(out).toContain('Data as of 3 Dec 2026.');
    expect(out).toContain(
      'Alerts                  when the data records a ratification, notification or entry into force · in English',
    );
    // in canonical order: digest, reminders, alerts
    expect(out.indexOf('Weekly digest')).toBeLessThan(out.indexOf('Anniversary reminders'));
    expect(out.indexOf('Anniversary reminders')).toBeLessThan(out.indexOf('Alerts'));
  });
});

describe('a request that names no channel', () => {
  // A malformed platform payload (e.g. a slash command without team_id or channel_id) must not
  // leave a subscription with an empty address that no delivery could ever reach.
  it.each([
    ['no workspace', { ...channel, workspace: '' }],
    ['no channel', { ...channel, channel: '' }],
    ['whitespace only', { ...channel, workspace: ' ', channel: ' ' }],
  ])('%s: subscribe, unsubscribe, subscriptions and digest refuse plainly and store nothing', async (_name, where) => {
    for (const cmd of [
      sub(),
      { name: 'unsubscribe', kinds: ['digest'] },
      { name: 'subscriptions' },
      { name: 'digest' },
    ] as Command[]) {
      const msg = await runMsg(cmd, { channel: where });
      expect(msg.summary).toBe(`${cmd.name} needs a channel`);
      expect(toPlainText(msg)).toContain('did not say which one it came from, so nothing was changed');
    }
    expect(await fixture.store.countSubscriptions()).toBe(0);
    expect(
      await fixture.store.getChannel({ platform: where.platform, workspace: where.workspace, channel: where.channel }),
    ).toBeNull();
  });

  it('read-only commands still answer', async () => {
    expect(await run({ name: 'status' }, { channel: { ...channel, workspace: '', channel: '' } })).toContain(
      '11 of 11',
    );
  });
});
