/**
 * Everything in Chinese for a Chinese reader: every command (typed in Chinese or English words),
 * every hint and every delivery kind, rendered as Block Kit, as an Adaptive Card and as terminal
 * text, leaves no Latin word outside the allowed ones (codes, URLs, source titles, proper names,
 * the data version). Rendered once, on a fixture copy with one FIXTURE ratification recorded.
 */
import { runCommand } from '../src/commands/index';
import { understand, readerLang } from '../src/commands/receive';
import type { CommandContext, CommandDeps } from '../src/commands/types';
import { buildDigest, readDigestState } from '../src/delivery/digest';
import { buildAlert } from '../src/delivery/alert-handler';
import { buildReminder } from '../src/delivery/reminder-handler';
import { reminderSlotsBetween } from '../src/delivery/schedule';
import { createMemoryLogger } from '../src/infra/logger';
import { createSqliteStore } from '../src/store/sqlite';
import type { Store } from '../src/store/store';
import { inLang, type Message } from '../src/text/message';
import { textsFor } from '../src/text/texts';
import { loadData } from '../src/treaty/data';
import { dataIn } from '../src/treaty/localize';
import type { TreatyData } from '../src/treaty/model';
import { toBlockKit } from '../adapters/slack/block-kit';
import { toAdaptiveCard } from '../adapters/teams/adaptive-card';
import { toTerminalText } from '../adapters/cli/render';
import { addFixtureEvents, copyData, loadFixtureData, type DataFixture } from './support/data-fixture';
import { leftoverLatin, visibleStrings } from './support/latin-scan';

const NOW = new Date('2026-11-30T03:00:00Z');
const zh = textsFor('zh');
const fixture = loadFixtureData();

/** Commands as a Chinese reader sends them: Chinese words, and English words with a zh locale. */
const COMMANDS = [
  '帮助',
  ...['help', 'status', 'party', 'timeline', 'milestone', 'areas', 'area', 'next'].map((c) => `help ${c}`),
  ...['subscribe', 'unsubscribe', 'subscriptions', 'digest'].map((c) => `帮助 ${c}`),
  '状态',
  'status',
  ...fixture.parties.map((p) => `缔约方 ${p.code.toLowerCase()}`),
  '成员 越南',
  '时间线',
  '时间线 全部',
  ...fixture.milestones.map((m) => `里程碑 ${m.id}`),
  '里程碑 签署',
  '领域',
  ...fixture.areas.map((a) => `领域 ${a.number}`),
  '领域 数字',
  '即将',
  '即将 366',
  'next 7',
  '订阅 摘要 每周五 17:30 Asia/Shanghai',
  '订阅 提醒 通知',
  '订阅 提醒 上午8点',
  // Filters and edits that keep settings.
  '订阅 通知 缔约方 越南 泰国',
  '订阅 摘要 领域 数字经济 缔约方 越南',
  '订阅 摘要 每周三',
  '我的订阅',
  '摘要',
  '订阅 通知 缔约方 全部',
  '订阅 通知 缔约方 泰果',
  '订阅 通知 缔约方 东帝汶',
  '订阅 摘要 领域 火星',
  '订阅 通知 缔约方',
  '订阅 摘要 每周五 17:30 Asia/Jakata',
  '我的订阅',
  '摘要',
  '取消订阅 提醒',
  '取消订阅 提醒',
  '订阅 摘要 每天 08:30 Asia/Jakarta 英文',
  '摘要',
  '我的订阅',
  '取消订阅',
  '我的订阅',
  // Hints.
  '状况',
  '你好',
  '缔约方',
  '缔约方 越喃',
  'party vietnm',
  '里程碑 签暑',
  '领域 99',
  '即将 500',
  '即将 很多',
  '时间线 最近',
  '状态 越南',
  '帮助 天气',
  '订阅 25:61',
  '订阅 下午13点',
  '订阅 Asia/Jakata',
  '订阅 每天 周一',
  '订阅 UTC+8',
  '订阅 每周 每天',
  '订阅 摘要摘药',
  '订阅 火星',
  '取消订阅 摘药',
  'x'.repeat(400),
];

let fx: DataFixture;
let data: TreatyData;
let store: Store;
const outputs = new Map<string, Message>();

const asker: CommandContext = {
  channel: { platform: 'test', workspace: 'W1', channel: 'C1', address: {} },
  user: 'U1',
  lang: 'zh',
};

beforeAll(async () => {
  fx = copyData();
  addFixtureEvents(fx.dir, [{ party: 'SG', kind: 'ratification', date: '2026-11-25' }]);
  data = loadData(fx.dir);
  store = createSqliteStore(':memory:');
  await store.migrate();
  const deps: CommandDeps = {
    data: () => data,
    store,
    clock: () => NOW,
    logger: createMemoryLogger(),
    defaultZone: 'Asia/Singapore',
    catchupHours: 24,
    defaultLang: 'en',
  };
  for (const [i, text] of COMMANDS.entries()) {
    const request = understand(text);
    const lang = readerLang(request, asker, deps);
    const msg = request.ok ? await runCommand(request.command, { ...asker, lang }, deps) : request.hint(lang);
    outputs.set(`${i} ${text.slice(0, 40)}`, inLang(msg, lang));
  }
  // A paused subscription (its stored reason is English with the platform's code).
  const [sub] = await store.listSubscriptions({ platform: 'test', workspace: 'W1', channel: 'C1' });
  if (sub)
    await store.updateSubscription(
      sub.id,
      { status: 'paused', pausedReason: 'the channel is archived (is_archived); delivery paused' },
      NOW,
    );
  const noChannel = await runCommand(
    { name: 'subscriptions' },
    { ...asker, channel: { ...asker.channel, channel: '' } },
    deps,
  );
  outputs.set('no channel', noChannel);
  outputs.set('paused subscription', await runCommand({ name: 'subscriptions' }, asker, deps));

  // Deliveries, as their handlers build them for a zh subscription.
  const local = dataIn(data, 'zh');
  const before = readDigestState({ dataVersion: fixture.version, eventIds: [], lastDigestAt: '2026-11-23T01:00:00Z' });
  outputs.set('digest weekly', buildDigest(zh, local, before, NOW, 'Asia/Shanghai', { cadence: 'weekly' }));
  outputs.set('digest daily', buildDigest(zh, local, null, NOW, 'Asia/Shanghai', { cadence: 'daily' }));
  outputs.set('alert', buildAlert(zh, local, local.events[0]));
  const slots = reminderSlotsBetween(
    { time: '09:00', zone: 'Asia/Shanghai' },
    data,
    new Date('2026-10-01T00:00:00Z'),
    new Date('2027-12-31T00:00:00Z'),
  );
  for (const key of ['signing:2026', 'framework-agreement:2027', 'goods-agreement:2026', 'sg-ratification:2027']) {
    const slot = slots.find((s) => s.occurrence === key);
    if (!slot) throw new Error(`no reminder slot ${key}`);
    outputs.set(`reminder ${key}`, buildReminder(zh, local, slot));
  }
});
afterAll(async () => {
  await store.close();
  fx.remove();
});

const NAMES = [
  ...COMMANDS.map((text, i) => `${i} ${text.slice(0, 40)}`),
  'no channel',
  'paused subscription',
  'digest weekly',
  'digest daily',
  'alert',
  ...['signing:2026', 'framework-agreement:2027', 'goods-agreement:2026', 'sg-ratification:2027'].map(
    (k) => `reminder ${k}`,
  ),
];

const rendered = (name: string): Record<'blockKit' | 'card' | 'terminal', string> => {
  const msg = outputs.get(name);
  if (!msg) throw new Error(`nothing rendered for ${name}`);
  return {
    blockKit: visibleStrings(toBlockKit(msg, { shareCommand: 'status' })).join('\n'),
    card: visibleStrings(toAdaptiveCard(msg)).join('\n'),
    terminal: toTerminalText(msg, { commandPrefix: 'cafta ' }),
  };
};

describe('a Chinese reader gets no English sentence', () => {
  it.each(NAMES)('%s', (name) => {
    expect(outputs.get(name)?.lang).toBe('zh');
    for (const [renderer, text] of Object.entries(rendered(name))) {
      expect({ renderer, leftover: leftoverLatin(text, data) }).toEqual({ renderer, leftover: [] });
    }
  });

  it('the scan itself finds an English sentence, naming the phrase', () => {
    expect(leftoverLatin('状态：signed, not yet ratified', data).map((l) => l.word)).toEqual([
      'signed',
      'not',
      'yet',
      'ratified',
    ]);
    expect(
      leftoverLatin(
        '来源：CNA: ASEAN-China free trade upgrade should be ratified swiftly, says Lawrence Wong (quotes Singapore MTI)',
        data,
      ),
    ).toEqual([]);
  });

  it('answers are in Chinese words: headings, facts and buttons that run Chinese commands', () => {
    const status = toTerminalText(outputs.get(`${COMMANDS.indexOf('状态')} 状态`) as Message);
    expect(status).toContain('中国—东盟自贸区3.0版升级议定书：核准状态');
    expect(status).toContain('越南（VN）：已签署，尚未核准');
    expect(status).toContain('试试：时间线 | 即将 | 订阅');
    const hint = outputs.get(`${COMMANDS.indexOf('缔约方 越喃')} 缔约方 越喃`) as Message;
    expect(hint.summary).toBe('没有与“越喃”匹配的缔约方。您是不是要找 越南（vn）？');
    expect(hint.blocks.flatMap((b) => (b.type === 'actions' ? b.actions.map((a) => a.command) : []))).toEqual([
      '缔约方 越南',
    ]);
    const english = outputs.get(`${COMMANDS.indexOf('party vietnm')} party vietnm`) as Message;
    expect(english.summary).toBe('没有与“vietnm”匹配的缔约方。您是不是要找 越南（vn）？');
  });

  it('the digest preview says when the channel’s digest goes out in another language', () => {
    const i = COMMANDS.lastIndexOf('摘要');
    expect(toTerminalText(outputs.get(`${i} 摘要`) as Message)).toContain('本频道的摘要以英语发送。');
  });

  it('dates, weekdays and schedules are written the Chinese way', () => {
    const subscribed = toTerminalText(
      outputs.get(
        `${COMMANDS.indexOf('订阅 摘要 每周五 17:30 Asia/Shanghai')} 订阅 摘要 每周五 17:30 Asia/Shanghai`,
      ) as Message,
    );
    expect(subscribed).toContain('每周五 17:30；首次：2026年12月4日（周五）17:30（Asia/Shanghai）');
    const timeline = toTerminalText(outputs.get(`${COMMANDS.indexOf('时间线')} 时间线`) as Message);
    expect(timeline).toContain('2015年11月21日 [');
    expect(timeline).toMatch(/或2015年11月22日 \[\d+\]（来源说法不一）/);
    expect(timeline).toContain('（仅知年份）');
    const reminder = toTerminalText(outputs.get('reminder framework-agreement:2027') as Message);
    expect(reminder).toContain('《中国—东盟全面经济合作框架协议》签署25周年');
    expect(reminder).toContain('整数周年：距2002年11月4日已满25年。');
  });
});
