/**
 * The rough edges a new user met (issue 14, "the rest of the new-user list"), each through the
 * real renderers and, for Slack and Teams, the real SDKs against the local fakes: sub-headings
 * are bold, errors are not shareable, help shows each platform's prefix, Teams shows usage with
 * both brackets, the party hint lists only parties, one name and one date format everywhere,
 * and a reminder names its sources once.
 */
import { receive } from '../src/commands/receive';
import type { CommandContext, CommandDeps } from '../src/commands/types';
import { buildReminder } from '../src/delivery/reminder-handler';
import { anniversariesBetween, type Anniversary } from '../src/treaty/anniversaries';
import { dataIn, readerDates } from '../src/treaty/localize';
import { loadData } from '../src/treaty/data';
import { createMemoryLogger } from '../src/infra/logger';
import { createSqliteStore } from '../src/store/sqlite';
import type { Store } from '../src/store/store';
import { toPlainText, type Block, type Message } from '../src/text/message';
import { textsFor } from '../src/text/texts';
import { toBlockKit } from '../adapters/slack/block-kit';
import { toAdaptiveCard } from '../adapters/teams/adaptive-card';
import { copyData, loadFixtureData } from './support/data-fixture';
import type { FakeSlack } from './support/fake-slack';
import {
  eventBody,
  nowSec,
  postSigned,
  slashBody,
  type SlackApp,
  useSingleWorkspaceApp,
} from './support/slack-request';
import { cardOf, messageActivity, startTeamsHarness, type Harness } from './support/teams-harness';

const data = loadFixtureData();
const NOW = new Date('2026-11-30T03:00:00Z');

async function answer(
  text: string,
  over: Partial<CommandContext> = {},
  dataOver = data,
  shared?: Store,
): Promise<Message> {
  const store = shared ?? createSqliteStore(':memory:');
  if (!shared) await store.migrate();
  const deps: CommandDeps = {
    data: () => dataOver,
    store,
    clock: () => NOW,
    logger: createMemoryLogger(),
    defaultZone: 'Asia/Singapore',
    catchupHours: 24,
    defaultLang: 'en',
  };
  const ctx: CommandContext = {
    channel: { platform: 'test', workspace: 'W', channel: 'C', address: {} },
    ...over,
  };
  try {
    return await receive(text, ctx, deps, { render: (m) => m });
  } finally {
    if (!shared) await store.close();
  }
}

const subheadings = (m: Message): string[] => m.blocks.flatMap((b: Block) => (b.type === 'subheading' ? [b.text] : []));

describe('sub-headings are bold in Slack and Teams', () => {
  it.each([
    ['en', 'status', 'Parties'],
    ['en', 'next 366', 'Anniversaries'],
    ['en', 'next', 'Expected'],
    ['en', 'party vn', 'Sources'],
    ['zh', '状态', '缔约方'],
    ['zh', '缔约方 vn', '来源'],
    ['zh', '即将 366', '周年纪念'],
  ] as const)('%s %s: %s', async (lang, command, heading) => {
    const m = await answer(command, { lang });
    expect(subheadings(m)).toContain(heading);
    const slack = JSON.stringify(toBlockKit(m).blocks);
    expect(slack).toContain(`"text":"*${heading}*"`);
    const card = toAdaptiveCard(m);
    expect(card.body).toContainEqual(expect.objectContaining({ type: 'TextBlock', text: heading, weight: 'Bolder' }));
  });
});

describe('next N covers exactly N days starting today', () => {
  it('next 1 is today alone; next 2 today and tomorrow', async () => {
    expect(toPlainText(await answer('next 1'))).toContain('30 Nov 2026, dates in Asia/Singapore');
    expect(toPlainText(await answer('next 1'))).not.toContain('1 Dec 2026');
    expect(toPlainText(await answer('next 2'))).toContain('30 Nov 2026 to 1 Dec 2026, dates in Asia/Singapore');
    expect(toPlainText(await answer('即将 1'))).toContain('2026年11月30日，日期按Asia/Singapore时区');
  });
});

describe('subscribe alerts with a day or time', () => {
  it.each([
    ['en', 'subscribe alerts fri 10:00', 'they have no day or time, so "fri 10:00" was not used'],
    ['zh', '订阅 通知 每周五 10:00', '没有固定的日期或时间，因此未使用“每周五 10:00”'],
  ] as const)('%s: subscribes the alerts and says they come when the data changes', async (lang, command, note) => {
    const store = createSqliteStore(':memory:');
    await store.migrate();
    try {
      const m = await answer(command, { lang }, data, store);
      expect(toPlainText(m)).toContain(note);
      const [alerts] = await store.listSubscriptions({ platform: 'test', workspace: 'W', channel: 'C' });
      // Nothing of the day or time was applied: the defaults stand.
      expect(alerts).toMatchObject({ kind: 'alerts', weekday: 1, time: '09:00' });
      // With a digest the day and time are meant for it: no note.
      expect(toPlainText(await answer('subscribe digest alerts fri 10:00', { lang }, data, store))).not.toContain(note);
    } finally {
      await store.close();
    }
  });
});

describe('subscribe reminders with a day or cadence', () => {
  it.each([
    ['en', 'subscribe reminders fri 08:00', 'they have no day of the week or cadence, so "fri" was not used'],
    ['zh', '订阅 提醒 每天 08:00', '没有星期或频率，因此未使用“每天”'],
  ] as const)('%s: keeps the time, says the day or cadence was not used', async (lang, command, note) => {
    const store = createSqliteStore(':memory:');
    await store.migrate();
    try {
      await answer('subscribe reminders', { lang }, data, store);
      const m = await answer(command, { lang }, data, store);
      expect(toPlainText(m)).toContain(note);
      // Never "Changed: on Friday" for reminders: only the time changed.
      expect(toPlainText(m)).not.toMatch(/Changed:[^.]*(Friday|daily)|已更改[^。]*(每天|周五)/);
      const [reminders] = await store.listSubscriptions({ platform: 'test', workspace: 'W', channel: 'C' });
      expect(reminders).toMatchObject({ kind: 'reminders', cadence: 'weekly', weekday: 1, time: '08:00' });
      expect(toPlainText(await answer('subscribe digest reminders fri', { lang }, data, store))).not.toContain(note);
    } finally {
      await store.close();
    }
  });
});

describe('the party hint', () => {
  it('lists the parties without Timor-Leste, which is named apart as a member that is not a party', async () => {
    const m = await answer('party usa');
    const text = toPlainText(m);
    const list = /Parties: ([^.]*)\./.exec(text)?.[1] ?? '';
    expect(list).toContain('Viet Nam (VN)');
    expect(list).not.toContain('Timor-Leste');
    expect(text).toContain('Also an ASEAN member but not a party: Timor-Leste (TL).');
    const zh = toPlainText(await answer('缔约方 usa'));
    expect(/缔约方：([^。]*)。/.exec(zh)?.[1]).not.toContain('东帝汶');
    expect(zh).toContain('东盟成员国但非缔约方：东帝汶（TL）。');
  });
});

describe("Brunei's name is the same everywhere", () => {
  it.each([
    ['en', 'party bn', 'Brunei', 'Brunei Darussalam'],
    ['zh', '缔约方 bn', '文莱', '文莱达鲁萨兰国'],
  ] as const)('%s', async (lang, command, name, other) => {
    const party = await answer(command, { lang });
    const status = await answer(lang === 'en' ? 'status' : '状态', { lang });
    for (const m of [party, status]) {
      expect(toPlainText(m)).toContain(name);
      expect(toPlainText(m)).not.toContain(other);
    }
    expect(party.blocks[0]).toEqual({ type: 'header', text: lang === 'en' ? `${name} (BN)` : `${name}（BN）` });
  });
});

describe('one date format in every answer', () => {
  it('an ISO day in a data note is written as the reader writes dates; ids and URLs are left alone', () => {
    expect(readerDates('en', 'Signed on 2026-11-30 (see mofcom-2025-05-21, https://x.example/2025-10-28/a).')).toBe(
      'Signed on 30 Nov 2026 (see mofcom-2025-05-21, https://x.example/2025-10-28/a).',
    );
    expect(readerDates('zh', '于2026-11-30签署')).toBe('于2026年11月30日签署');
  });

  it('party, milestone and entry-into-force notes from the data never show 2026-11-30', async () => {
    const copy = copyData();
    try {
      copy.edit('parties.json', (raw: Array<{ code: string; note?: string }>) => {
        const vn = raw.find((p) => p.code === 'VN');
        if (vn) vn.note = 'Ratification expected after 2026-11-30, says the ministry.';
      });
      copy.edit('l10n/zh.json', (raw: { parties: Record<string, { note?: string }> }) => {
        raw.parties.VN.note = '越南表示将于2026-11-30之后核准。';
      });
      copy.edit('entry-into-force.json', (raw: { note: string }) => {
        raw.note = `${raw.note} Checked again on 2026-11-30.`;
      });
      const edited = loadData(copy.dir);
      for (const [command, lang, expected] of [
        ['party vn', 'en', '30 Nov 2026'],
        ['status', 'en', '30 Nov 2026'],
        ['缔约方 vn', 'zh', '2026年11月30日'],
      ] as const) {
        const m = await answer(command, { lang }, edited);
        const text = toPlainText(m);
        expect(text).not.toMatch(/\b2026-11-30\b/);
        if (command !== 'status') expect(text).toContain(expected);
      }
      expect(dataIn(edited, 'en').entryIntoForce.note).toContain('Checked again on 30 Nov 2026.');
    } finally {
      copy.remove();
    }
  });
});

describe('a reminder lists its sources once, compactly', () => {
  const at = (id: string): Anniversary => {
    const a = anniversariesBetween(data, '2027-01-01', '2027-12-31').find((x) => x.id === id);
    if (!a) throw new Error(`no anniversary ${id}`);
    return a;
  };
  it.each(['en', 'zh'] as const)('%s: one Sources heading, each source once, no per-line prefix', (lang) => {
    const a = at('full-implementation');
    const doubled: Anniversary = { ...a, sources: [...a.sources, ...a.sources] };
    const tx = textsFor(lang);
    const m = buildReminder(tx, dataIn(data, lang), doubled);
    expect(subheadings(m)).toEqual([tx.t('common.sources')]);
    const links = m.blocks.filter((b) => b.type === 'links');
    expect(links).toHaveLength(1);
    const items = links[0].type === 'links' ? links[0].items : [];
    expect(items).toHaveLength(new Set(a.sources).size);
    expect(new Set(items.map((i) => i.label)).size).toBe(items.length);
    for (const i of items) expect(i.before ?? '').toBe('');
    expect(toPlainText(m)).not.toMatch(/Source: |来源：/);
  });
});

describe('Slack: errors are not shareable; help shows the /cafta prefix', () => {
  let fake: FakeSlack | undefined;
  let app: SlackApp;
  useSingleWorkspaceApp('xoxb-new-user', (f, a) => {
    fake = f;
    app = a;
  });
  const slash = async (text: string): Promise<string> => {
    const res = await postSigned(app.events, slashBody(text));
    expect(res.status).toBe(200);
    return res.text;
  };

  it('an answer has "Share in channel"; a miss, a hint and a range error have none', async () => {
    expect(fake).toBeDefined();
    expect(await slash('party vn')).toContain('cafta_share');
    for (const text of ['party usa', 'party vietnm', 'area 10', 'next 400', 'stauts', 'subscribe EST']) {
      const body = await slash(text);
      expect(body).toContain('warning');
      expect(body).not.toContain('cafta_share');
    }
  });

  it('the App Home describes reminders as "on each anniversary at 09:00", never as weekly', async () => {
    const opened = async (): Promise<string> => {
      const before = (fake as FakeSlack).callsTo('views.publish').length;
      await postSigned(
        app.events,
        eventBody({ type: 'app_home_opened', user: 'U0001', channel: 'D0001', tab: 'home', event_ts: `${nowSec()}.1` }),
        { contentType: 'application/json' },
      );
      const calls = await (fake as FakeSlack).waitFor('views.publish', before + 1);
      return JSON.stringify(calls[calls.length - 1].body.view);
    };
    // Nothing subscribed yet: the Home says what each kind does and when.
    const empty = await opened();
    expect(empty).toContain('reminders on each anniversary at 09:00');
    expect(empty).not.toMatch(/reminders[^.]*(weekly|Monday)/i);
    await slash('subscribe reminders');
    await slash('subscribe digest fri 17:30 Asia/Jakarta');
    const home = await opened();
    expect(home).toContain('Anniversary reminders: on each anniversary at 09:00');
    expect(home).toContain('Weekly digest: every Friday at 17:30 (Asia/Jakarta)');
    expect(home).not.toMatch(/Anniversary reminders: every/);
  });

  it('a hint points to help as typed in Slack: /cafta help, /cafta 帮助', async () => {
    for (const text of ['party usa', 'area 10', 'next 400', 'stauts', 'subscribe digest Asia/Jakata']) {
      const body = await slash(text);
      expect(body).toContain('Type /cafta help to see every command.');
    }
    expect(await slash('缔约方 美国')).toContain('输入 /cafta 帮助 查看所有命令。');
  });

  it('help examples are typed as /cafta …', async () => {
    const help = await slash('help');
    expect(help).toContain('/cafta status · /cafta party vn');
    expect(await slash('help party')).toContain('/cafta party vn');
    expect(await slash('帮助')).toContain('/cafta 状态 · /cafta 缔约方 越南');
  });
});

describe('Teams: usage with both brackets; help shows @CAFTA', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startTeamsHarness();
  });
  afterAll(async () => {
    await h.close();
  });
  const ask = async (text: string, locale?: string): Promise<string> => {
    h.connector.reset();
    await h.post(messageActivity({ scope: 'personal', text, id: h.nextId(), serviceUrl: h.connector.url, locale }));
    return JSON.stringify(cardOf(h.connector.requests[0].body));
  };

  it('a hint points to help as typed in Teams: @CAFTA help', async () => {
    expect(await ask('area 10')).toContain('Type @CAFTA help to see every command.');
    expect(await ask('缔约方 美国', 'zh-CN')).toContain('输入 @CAFTA 帮助 查看所有命令。');
  });

  it('help shows ‹name | ISO code | alias› and examples with @CAFTA', async () => {
    const help = await ask('help');
    expect(help).toContain('party ‹name | ISO code | alias›');
    expect(help).not.toMatch(/alias>/);
    expect(help).toContain('@CAFTA status · @CAFTA party vn');
    const zh = await ask('帮助', 'zh-CN');
    expect(zh).toContain('@CAFTA 状态');
    expect(zh).not.toMatch(/别名>/);
  });
});
