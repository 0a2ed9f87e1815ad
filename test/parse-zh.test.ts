/**
 * Chinese command words alongside the English ones, as Chinese users type them (with or without
 * spaces, full-width digits and punctuation), the language they imply, and hints in Chinese with
 * buttons that run Chinese commands.
 */
import { parseCommand } from '../src/commands/parse';
import { parseTimeOfDay } from '../src/commands/parse-time';
import type { Command } from '../src/commands/types';
import { toPlainText, type Message } from '../src/text/message';

const ALL = ['digest', 'reminders', 'alerts'];

const parsed = (input: string): { command: Command; lang?: string } => {
  const r = parseCommand(input);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(input)} to parse, got: ${toPlainText(r.hint('zh'))}`);
  return { command: r.command, lang: r.lang };
};
const hintOf = (input: string, lang = 'zh'): { msg: Message; implied?: string } => {
  const r = parseCommand(input);
  if (r.ok) throw new Error(`expected a hint for ${JSON.stringify(input)}, got ${JSON.stringify(r.command)}`);
  return { msg: r.hint(lang), implied: r.lang };
};
const buttons = (m: Message): string[] =>
  m.blocks.flatMap((b) => (b.type === 'actions' ? b.actions.map((a) => a.command) : []));

describe('Chinese command words', () => {
  it.each<[string, Command]>([
    ['帮助', { name: 'help' }],
    ['帮助 订阅', { name: 'help', topic: 'subscribe' }],
    ['状态', { name: 'status' }],
    ['缔约方 越南', { name: 'party', query: '越南' }],
    ['成员 vn', { name: 'party', query: 'vn' }],
    ['缔约方越南', { name: 'party', query: '越南' }],
    ['时间线', { name: 'timeline', all: false }],
    ['时间线 全部', { name: 'timeline', all: true }],
    ['里程碑 签署', { name: 'milestone', query: '签署' }],
    ['领域', { name: 'areas' }],
    ['领域 数字', { name: 'area', query: '数字' }],
    ['领域5', { name: 'area', query: '5' }],
    ['即将', { name: 'next', days: 30 }],
    ['即将 90', { name: 'next', days: 90 }],
    ['即将 90天', { name: 'next', days: 90 }],
    ['即将 ９０', { name: 'next', days: 90 }],
    ['我的订阅', { name: 'subscriptions' }],
    ['摘要', { name: 'digest' }],
    ['取消订阅', { name: 'unsubscribe', kinds: ALL } as Command],
    ['取消订阅 摘要', { name: 'unsubscribe', kinds: ['digest'] } as Command],
    ['取消订阅提醒', { name: 'unsubscribe', kinds: ['reminders'] } as Command],
    ['退订 通知、提醒', { name: 'unsubscribe', kinds: ['reminders', 'alerts'] } as Command],
  ])('%j is answered in Chinese', (input, command) => {
    expect(parsed(input)).toEqual({ command, lang: 'zh' });
  });

  it('English words imply no language (the reader’s locale decides)', () => {
    expect(parsed('status')).toEqual({ command: { name: 'status' } });
    expect(parsed('party 越南')).toEqual({ command: { name: 'party', query: '越南' } });
  });
});

describe('subscribe in Chinese', () => {
  type Sub = Extract<Command, { name: 'subscribe' }>;
  const sub = (over: Partial<Sub> = {}): Omit<Sub, 'words'> => ({ name: 'subscribe', kinds: ALL, ...over }) as Sub;

  it.each<[string, Omit<Sub, 'words'>]>([
    ['订阅', sub()],
    ['订阅 摘要 每周五 17:30', sub({ kinds: ['digest'], weekday: 5, time: '17:30' })],
    [
      '订阅 摘要 每周一 09:00 Asia/Shanghai',
      sub({ kinds: ['digest'], weekday: 1, time: '09:00', zone: 'Asia/Shanghai' }),
    ],
    ['订阅摘要每周五17:30', sub({ kinds: ['digest'], weekday: 5, time: '17:30' })],
    ['订阅　摘要　星期五　１７：３０', sub({ kinds: ['digest'], weekday: 5, time: '17:30' })],
    ['订阅 提醒 每天 上午8点', sub({ kinds: ['reminders'], time: '08:00', undated: ['每天'] })],
    ['订阅 摘要 下午5点半', sub({ kinds: ['digest'], time: '17:30' })],
    ['订阅 摘要 晚上8点15分', sub({ kinds: ['digest'], time: '20:15' })],
    ['订阅 摘要 中午12点', sub({ kinds: ['digest'], time: '12:00' })],
    ['订阅 周日 全部', sub({ weekday: 7 })],
    ['订阅 星期天', sub({ weekday: 7 })],
    ['订阅 通知 英文', sub({ kinds: ['alerts'], lang: 'en' })],
    ['订阅 摘要，提醒 中文', sub({ kinds: ['digest', 'reminders'], lang: 'zh' })],
    ['订阅 通知 缔约方 越南 泰国', sub({ kinds: ['alerts'], parties: [2, 3] })],
    ['订阅通知缔约方越南', sub({ kinds: ['alerts'], parties: [2] })],
    ['订阅 摘要 领域 数字经济 每周五', sub({ kinds: ['digest'], areas: [2], weekday: 5 })],
    ['订阅 通知 缔约方 全部', sub({ kinds: ['alerts'], parties: 'all' })],
  ])('%j', (input, command) => {
    const { command: got, lang } = parsed(input);
    const { words: _words, ...rest } = got as Sub;
    expect({ command: rest, lang }).toEqual({ command, lang: 'zh' });
  });

  it.each([
    ['subscribe digest zh', 'zh'],
    ['subscribe digest chinese', 'zh'],
    ['subscribe digest 中文', 'zh'],
    ['subscribe alerts english', 'en'],
    ['subscribe alerts EN', 'en'],
    ['subscribe alerts 英文', 'en'],
    ['subscribe alerts zh-TW', 'zh'],
  ])('%s → subscription language %s; the answer language is the reader’s', (input, lang) => {
    const r = parsed(input);
    expect(r.command).toMatchObject({ name: 'subscribe', lang });
    expect(r.lang).toBeUndefined();
  });

  it.each([
    ['9点', '09:00'],
    ['9点半', '09:30'],
    ['上午9点', '09:00'],
    ['下午5点', '17:00'],
    ['下午5点30分', '17:30'],
    ['晚上8点', '20:00'],
    ['21点', '21:00'],
  ])('time %s = %s', (input, time) => expect(parseTimeOfDay(input)).toEqual({ ok: true, time }));
});

describe('hints in Chinese', () => {
  it('a typo of a Chinese command: did you mean, with a button running the Chinese command', () => {
    const { msg, implied } = hintOf('状况');
    expect(implied).toBe('zh');
    expect(msg.summary).toBe('无法识别的命令“状况”。您是不是要找 状态？');
    expect(buttons(msg)).toEqual(['状态']);
  });

  it('Chinese text that is no command is answered in Chinese, listing the Chinese commands', () => {
    const { msg, implied } = hintOf('你好');
    expect(implied).toBe('zh');
    expect(toPlainText(msg)).toContain(
      '可用命令：帮助、状态、缔约方、时间线、里程碑、领域、即将、订阅、取消订阅、我的订阅、摘要。',
    );
  });

  it('subscribe options: a clash, an impossible time, an offset, each worded in Chinese', () => {
    expect(hintOf('订阅 每天 周一').msg.summary).toBe('只有每周摘要才需要指定星期几：请去掉星期几，或改为 每周。');
    expect(hintOf('订阅 25:00').msg.summary).toMatch(/^“25:00”不是有效的时间：小时为00至23。/);
    expect(hintOf('订阅 UTC+8').msg.summary).toMatch(
      /^“UTC\+8”是固定时差或时区缩写，不是时区.*最接近的IANA时区：Asia\/Singapore或Asia\/Shanghai。$/,
    );
    expect(hintOf('订阅 EST').msg.summary).toMatch(/^“EST”是固定时差或时区缩写，不是时区.*America\/New_York。$/);
    expect(hintOf('订阅 Etc/GMT-8').msg.summary).toMatch(
      /^“Etc\/GMT-8”是固定时差或时区缩写.*Asia\/Singapore或Asia\/Shanghai。$/,
    );
    expect(hintOf('订阅 每周 每天').msg.summary).toBe('给出了两个频率（“每周” 和 “每天”）：请只选一个。');
    const near = hintOf('订阅 摘药');
    expect(near.msg.summary).toBe('“摘药”不是 订阅 的选项。您是不是要找 摘要？');
    expect(buttons(near.msg)).toEqual(['订阅 摘要']);
    // The whole command again, only the mistaken word replaced.
    expect(buttons(hintOf('订阅 摘要 每周五 17:30 Asia/Jakata').msg)).toEqual(['订阅 摘要 每周五 17:30 Asia/Jakarta']);
    expect(buttons(hintOf('订阅摘要每周五17:30 Asia/Jakata').msg)).toEqual(['订阅 摘要 每周五 17:30 Asia/Jakarta']);
  });

  it('the same hint for an English reader is English, with English buttons', () => {
    const { msg } = hintOf('stauts', 'en');
    expect(msg.summary).toBe('Unknown command "stauts". Did you mean status?');
    expect(buttons(msg)).toEqual(['status']);
    expect(toPlainText(hintOf('stauts', 'zh').msg)).toContain('试试：状态');
  });
});
