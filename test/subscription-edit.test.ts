/**
 * Edits that keep settings, and filters, through the grammar as users type it (parse → run)
 * against the SQLite store and the fixture data, plus the core function forms use
 * (`applySubscriptionEdit`, `validateSubscriptionEdit`). Clock: Monday 30 Nov 2026, 03:00 UTC.
 */
import { loadFixtureData } from './support/data-fixture';
import { commandFixture } from './support/command-fixture';
import { toPlainText, type Message } from '../src/text/message';
import type { ChannelAddress } from '../src/delivery/model';
import { runCommand } from '../src/commands/index';
import { parseCommand } from '../src/commands/parse';
import type { CommandContext } from '../src/commands/types';
import {
  applySubscriptionEdit,
  fieldErrorText,
  validateSubscriptionEdit,
  type SubscriptionSettings,
} from '../src/commands/subscription-edit';
import { textsFor } from '../src/text/texts';

const NOW = new Date('2026-11-30T03:00:00.000Z');
const data = loadFixtureData();
const channel: ChannelAddress = { platform: 'chat', workspace: 'W1', channel: 'C1', address: { channel: 'C1' } };
const key = { platform: 'chat', workspace: 'W1', channel: 'C1' };

const fixture = commandFixture(NOW, data);

/** Runs a line as a user types it; a hint is returned as is. */
async function say(line: string, ctx: Partial<CommandContext> = {}): Promise<Message> {
  const r = parseCommand(line);
  const lang = ctx.lang ?? r.lang ?? 'en';
  if (!r.ok) return r.hint(lang);
  return runCommand(r.command, { channel, user: 'U1', lang, ...ctx }, fixture.deps);
}
const plain = async (line: string, ctx: Partial<CommandContext> = {}): Promise<string> =>
  toPlainText(await say(line, ctx));
const buttons = (m: Message): string[] =>
  m.blocks.flatMap((b) => (b.type === 'actions' ? b.actions.map((a) => a.command) : []));
const stored = async (kind: string) => (await fixture.store.listSubscriptions(key)).find((s) => s.kind === kind);

describe('subscribe on an existing subscription changes only what is typed', () => {
  it('keeps time and zone when only the day changes, and says what changed and what stayed', async () => {
    await say('subscribe digest 5pm America/New_York');
    const before = await stored('digest');
    expect(before).toMatchObject({ cadence: 'weekly', weekday: 1, time: '17:00', zone: 'America/New_York' });
    const out = await plain('subscribe digest fri');
    const after = await stored('digest');
    expect(after).toMatchObject({ id: before?.id, weekday: 5, time: '17:00', zone: 'America/New_York', lang: 'en' });
    expect(out).toContain('Subscription updated');
    expect(out).toContain('Changed: on Friday (was on Monday).');
    expect(out).toContain('Kept: weekly, at 17:00, time zone America/New_York, in English, all parties and all areas.');
    // Friday 4 Dec 2026, 17:00 in New York.
    expect(after?.nextDueAt).toEqual(new Date('2026-12-04T22:00:00.000Z'));
  });

  it('a day turns a daily digest weekly; the same settings again change nothing', async () => {
    await say('subscribe digest daily 08:30');
    await say('subscribe digest wed');
    expect(await stored('digest')).toMatchObject({ cadence: 'weekly', weekday: 3, time: '08:30' });
    const out = await plain('subscribe digest wed');
    expect(out).toContain('Nothing changed.');
  });

  it('a new kind next to existing ones gets the defaults; the existing one keeps its own', async () => {
    await say('subscribe digest 17:30 Asia/Jakarta');
    const out = await plain('subscribe digest reminders 07:00');
    expect(await stored('digest')).toMatchObject({ time: '07:00', zone: 'Asia/Jakarta' });
    // The new reminders take the default zone (no user zone known), the time typed.
    expect(await stored('reminders')).toMatchObject({ time: '07:00', zone: 'Asia/Singapore' });
    expect(out).toContain('Weekly digest (updated)');
    expect(out).toContain('Anniversary reminders (new)');
  });

  it('keeps the schedule and its next due instant when only the language changes', async () => {
    await say('subscribe digest fri 17:30');
    const before = await stored('digest');
    await say('subscribe digest zh');
    expect(await stored('digest')).toMatchObject({ lang: 'zh', nextDueAt: before?.nextDueAt, weekday: 5 });
  });

  it('an alert already due stays due when the alerts subscription is edited', async () => {
    await say('subscribe alerts');
    const alerts = await stored('alerts');
    await fixture.store.updateSubscription(alerts?.id ?? '', { nextDueAt: NOW }, NOW);
    await say('subscribe alerts 10:00 Asia/Jakarta party vn');
    expect(await stored('alerts')).toMatchObject({ nextDueAt: NOW, filters: { parties: ['vn'], areas: [] } });
  });

  it('works with Chinese command words', async () => {
    await say('订阅 摘要 每周五 17:30');
    const out = await plain('订阅 摘要 下午6点');
    expect(await stored('digest')).toMatchObject({ weekday: 5, time: '18:00' });
    expect(out).toContain('已更改：18:00（原为17:30）。');
    expect(out).toContain('保持不变：');
  });
});

describe('filters: party and area', () => {
  it('sets parties by code and name, shows them, and clears them with "party all"', async () => {
    let out = await plain('subscribe alerts party vn thailand');
    expect((await stored('alerts'))?.filters).toEqual({ parties: ['th', 'vn'], areas: [] });
    expect(out).toContain('parties: Thailand and Viet Nam');
    out = await plain('subscriptions');
    expect(out).toMatch(/Alerts[^\n]*parties: Thailand and Viet Nam/);
    out = await plain('subscribe alerts party all');
    expect((await stored('alerts'))?.filters).toEqual({ parties: [], areas: [] });
    expect(out).toContain('Changed: all parties (was parties: Thailand and Viet Nam).');
    expect(await plain('subscriptions')).not.toContain('parties:');
  });

  it('reads names of several words, Chinese names and area names or numbers', async () => {
    await say('subscribe digest party viet nam 越南 brunei darussalam area digital green 9');
    expect((await stored('digest'))?.filters).toEqual({ parties: ['bn', 'vn'], areas: [1, 2, 9] });
    await say('订阅 摘要 领域 全部');
    expect((await stored('digest'))?.filters).toEqual({ parties: ['bn', 'vn'], areas: [] });
  });

  it('areas given for alerts or reminders only: said that areas narrow digests', async () => {
    expect(await plain('subscribe alerts area digital')).toContain('Areas narrow digests only');
    expect(await plain('subscribe digest area digital')).not.toContain('Areas narrow digests only');
  });

  it('a misspelt party gets a button running the whole command with only that name fixed', async () => {
    const msg = await say('subscribe alerts party vn thailnd 17:30');
    expect(toPlainText(msg)).toMatch(/"thailnd" is not a party I know\. Did you mean Thailand\?/);
    expect(buttons(msg)).toContain('subscribe alerts party vn th 17:30');
    expect(await fixture.store.listSubscriptions(key)).toEqual([]);
  });

  it('a misspelt area gets a did-you-mean and a button running the whole command with only that name fixed', async () => {
    const msg = await say('subscribe digest area digitl green fri');
    expect(toPlainText(msg)).toMatch(/"digitl" is not an area I know\. Did you mean Digital Economy\?/);
    expect(buttons(msg)).toContain('subscribe digest area 1 green fri');
    expect(await fixture.store.listSubscriptions(key)).toEqual([]);
    const zh = toPlainText(await say('订阅 摘要 领域 grean'));
    expect(zh).toContain('您是想找绿色经济吗');
  });

  it('Timor-Leste is not a party: said plainly, nothing stored', async () => {
    const out = await plain('subscribe alerts party timor-leste');
    expect(out).toContain('Timor-Leste is an ASEAN member but not a party');
    expect(await fixture.store.listSubscriptions(key)).toEqual([]);
  });

  it('"party" with no names asks which, listing them', async () => {
    const out = await plain('subscribe alerts party');
    expect(out).toContain('Which parties?');
    expect(out).toContain('Viet Nam (vn)');
    expect(out).not.toContain('Timor');
  });

  it('an unknown area says so, in Chinese for Chinese words', async () => {
    const out = await plain('订阅 摘要 领域 火星');
    expect(out).toContain('“火星”不是已知的领域。');
  });
});

describe('the core function forms use', () => {
  const defaults: SubscriptionSettings = {
    cadence: 'weekly',
    weekday: 1,
    time: '09:00',
    zone: 'UTC',
    lang: 'en',
    filters: { parties: [], areas: [] },
  };
  const target = { channel, user: 'U1' };

  it('creates from defaults, then edits only given fields, reporting changed and kept', async () => {
    const made = await applySubscriptionEdit(fixture.deps, target, ['digest'], { time: '10:00' }, defaults, NOW);
    expect(made.ok && made.results[0]).toMatchObject({ before: null, kind: 'digest' });
    const edited = await applySubscriptionEdit(
      fixture.deps,
      target,
      ['digest'],
      { filters: { parties: ['VN'] } },
      { ...defaults, time: '23:00' },
      NOW,
    );
    if (!edited.ok) throw new Error('edit refused');
    expect(edited.results[0].changed).toEqual(['parties']);
    expect(edited.results[0].kept).toEqual(['cadence', 'weekday', 'time', 'zone', 'lang', 'areas']);
    expect(edited.results[0].subscription).toMatchObject({ time: '10:00', filters: { parties: ['vn'], areas: [] } });
  });

  it('refuses bad values field by field and writes nothing', async () => {
    const r = await applySubscriptionEdit(
      fixture.deps,
      target,
      ['digest', 'alerts'],
      { zone: 'Mars/Base', filters: { parties: ['tl'], areas: [10] } },
      defaults,
      NOW,
    );
    expect(r.ok ? [] : r.errors.map((e) => e.field)).toEqual(['zone', 'parties', 'areas']);
    expect(await fixture.store.listSubscriptions(key)).toEqual([]);
  });

  it('validates raw form values: one error per field, hostile values quoted safely', () => {
    const good = validateSubscriptionEdit(data, {
      kinds: 'digest,alerts',
      cadence: 'weekly',
      weekday: '5',
      time: '17:30',
      zone: 'Asia/Jakarta',
      lang: 'zh',
      parties: 'vn,th',
      areas: ['1', '9'],
    });
    expect(good).toEqual({
      ok: true,
      form: {
        kinds: ['digest', 'alerts'],
        edit: {
          cadence: 'weekly',
          weekday: 5,
          time: '17:30',
          zone: 'Asia/Jakarta',
          lang: 'zh',
          filters: { parties: ['vn', 'th'], areas: [1, 9] },
        },
      },
    });
    const bad = validateSubscriptionEdit(data, {
      kinds: ['digest', 'spam'],
      cadence: 'hourly',
      weekday: 8,
      time: '25:00',
      zone: '<!channel>',
      lang: 'xx',
      parties: ['zz'],
      areas: '0',
    });
    if (bad.ok) throw new Error('expected errors');
    expect(bad.errors.map((e) => e.field)).toEqual([
      'kinds',
      'cadence',
      'weekday',
      'time',
      'zone',
      'lang',
      'parties',
      'areas',
    ]);
    const texts = bad.errors.map((e) => fieldErrorText(textsFor('en'), e));
    expect(texts[2]).toBe('"8" is not a day of the week.');
    expect(texts[3]).toMatch(/hours go from 00 to 23/);
    expect(validateSubscriptionEdit(data, {})).toMatchObject({ ok: false, errors: [{ field: 'kinds' }] });
  });
});
