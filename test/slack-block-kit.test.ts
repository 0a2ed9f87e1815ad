/**
 * The Block Kit renderer is pure: Message in, exact JSON out, including Slack's limits and escaping.
 */
import {
  actions,
  context,
  divider,
  facts,
  header,
  link,
  list,
  message,
  text,
  toChannel,
  inLang,
  type Message,
} from '../src/text/message';
import { runCommand } from '../src/commands/index';
import { parseCommand } from '../src/commands/parse';
import { createMemoryLogger } from '../src/infra/logger';
import { loadFixtureData } from './support/data-fixture';
import { commandFromButtonValue, toBlockKit } from '../adapters/slack/block-kit';
import { chunkText, fitText, slackEscape } from '../adapters/slack/escape';

const md = (t: string) => ({ type: 'mrkdwn', text: t, verbatim: true });
const pt = (t: string) => ({ type: 'plain_text', text: t, emoji: true });

describe('toBlockKit: one block of each kind', () => {
  const cases: Array<[string, Message, unknown]> = [
    ['header', message('S', [header('Ratification status')]), [{ type: 'header', text: pt('Ratification status') }]],
    ['text', message('S', [text('Hello world')]), [{ type: 'section', text: md('Hello world') }]],
    [
      'warning text',
      message('S', [text('Not reported', 'warning')]),
      [{ type: 'section', text: md(':warning: Not reported') }],
    ],
    ['good text', message('S', [text('Done', 'good')]), [{ type: 'section', text: md(':white_check_mark: Done') }]],
    [
      'muted text',
      message('S', [text('as of 2026-11-30', 'muted')]),
      [{ type: 'context', elements: [md('as of 2026-11-30')] }],
    ],
    [
      'facts',
      message('S', [
        facts([
          ['Signed', '2025-10-28'],
          ['Ratified', ''],
        ]),
      ]),
      [{ type: 'section', fields: [md('*Signed*\n2025-10-28'), md('*Ratified*\n—')] }],
    ],
    ['list', message('S', [list(['China', 'Viet Nam', ' '])]), [{ type: 'section', text: md('• China\n• Viet Nam') }]],
    ['divider', message('S', [divider()]), [{ type: 'divider' }]],
    [
      'https link',
      message('S', [link('MOFCOM', 'https://example.org/a?b=1&c=2')]),
      [{ type: 'section', text: md('<https://example.org/a?b=1&amp;c=2|MOFCOM>') }],
    ],
    [
      'scheme-less source',
      message('S', [link('China.org', 'china.org.cn/english/2004/Nov/113530.htm')]),
      [{ type: 'section', text: md('<https://china.org.cn/english/2004/Nov/113530.htm|China.org>') }],
    ],
    [
      'unsafe url is text',
      message('S', [link('x', 'javascript:alert(1)')]),
      [{ type: 'section', text: md('x: javascript:alert(1)') }],
    ],
    [
      'link with pipe and >',
      message('S', [link('a|b', 'https://e.org/x|y>z')]),
      [{ type: 'section', text: md('<https://e.org/x%7Cy%3Ez|a|b>') }],
    ],
    [
      'context',
      message('S', [context('Data as of 2026-11-30')]),
      [{ type: 'context', elements: [md('Data as of 2026-11-30')] }],
    ],
    [
      'actions',
      message('S', [
        actions(
          { label: 'Timeline', command: 'timeline' },
          { label: 'Subscribe', command: 'subscribe', style: 'primary' },
        ),
      ]),
      [
        {
          type: 'actions',
          elements: [
            { type: 'button', text: pt('Timeline'), action_id: 'cafta_run:0', value: 'timeline' },
            { type: 'button', text: pt('Subscribe'), action_id: 'cafta_run:1', value: 'subscribe', style: 'primary' },
          ],
        },
      ],
    ],
    ['empty blocks dropped', message('S', [header(' '), text(''), context(''), list([])]), []],
  ];
  it.each(cases)('%s', (_name, msg, blocks) => {
    expect(toBlockKit(msg)).toEqual({ text: 'S', blocks });
  });
});

describe('toBlockKit: escaping (nothing can mention, ping or link)', () => {
  const hostile =
    '<!channel> <!here> <!subteam^S123> <@U123> <#C1> <https://evil.example|click> & @channel @here @everyone';
  const escaped =
    '&lt;!channel&gt; &lt;!here&gt; &lt;!subteam^S123&gt; &lt;@U123&gt; &lt;#C1&gt; &lt;https://evil.example|click&gt; &amp; @\u2060channel @\u2060here @\u2060everyone';

  it('escapes every text field', () => {
    const msg = message(hostile, [
      header(hostile),
      text(hostile),
      facts([[hostile, hostile]]),
      list([hostile]),
      context(hostile),
      link(hostile, 'https://ok.example'),
      actions({ label: hostile, command: `party ${hostile}` }),
    ]);
    const out = toBlockKit(msg, { shareCommand: `party ${hostile}` });
    expect(out.text).toBe(escaped);
    expect(out.blocks[0]).toEqual({ type: 'header', text: pt(fitText(hostile, 150)) });
    expect(out.blocks[1]).toEqual({ type: 'section', text: md(escaped) });
    expect(out.blocks[2]).toEqual({ type: 'section', fields: [md(`*${escaped}*\n${escaped}`)] });
    expect(out.blocks[3]).toEqual({ type: 'section', text: md(`• ${escaped}`) });
    expect(out.blocks[4]).toEqual({ type: 'context', elements: [md(escaped)] });
    expect(out.blocks[5]).toEqual({ type: 'section', text: md(`<https://ok.example|${escaped}>`) });
    const json = JSON.stringify(out);
    expect(json).not.toMatch(/<[!@#]/);
    expect(json).not.toMatch(/@(channel|here|everyone)/);
  });

  it('button values round-trip to the command text', () => {
    const out = toBlockKit(message('S', [actions({ label: 'x', command: 'party <@U1> & co' })]));
    const block = out.blocks[0] as { elements: Array<{ value: string }> };
    expect(block.elements[0].value).toBe('party &lt;@U1&gt; &amp; co');
    expect(commandFromButtonValue(block.elements[0].value)).toBe('party <@U1> & co');
  });

  it('strips control characters but keeps newlines and tabs', () => {
    expect(slackEscape('a\u0000b\u0007c\nd\te\r\nf')).toBe('a b c\nd\te\nf');
  });
});

describe('toBlockKit: Slack limits', () => {
  it('51+ blocks: keeps 49 and ends with a pointer saying how many were left out', () => {
    const msg = message(
      'Long',
      Array.from({ length: 60 }, (_, i) => text(`Part ${i + 1}`)),
    );
    const out = toBlockKit(msg);
    expect(out.blocks).toHaveLength(50);
    expect(out.blocks[48]).toEqual({ type: 'section', text: md('Part 49') });
    expect(out.blocks[49]).toEqual({
      type: 'context',
      elements: [
        md(
          ':scissors: Answer shortened: 11 more parts not shown (Slack shows at most 50 blocks). Try a narrower command, or the terminal for the full text.',
        ),
      ],
    });
  });

  it('exactly 50 blocks pass untouched', () => {
    const out = toBlockKit(
      message(
        'S',
        Array.from({ length: 50 }, (_, i) => text(`P${i}`)),
      ),
    );
    expect(out.blocks).toHaveLength(50);
    expect(out.blocks[49]).toEqual({ type: 'section', text: md('P49') });
  });

  it('keeps the share button within the 50-block limit', () => {
    const out = toBlockKit(
      message(
        'S',
        Array.from({ length: 55 }, (_, i) => text(`P${i}`)),
      ),
      { shareCommand: 'status' },
    );
    expect(out.blocks).toHaveLength(50);
    expect(out.blocks[48]).toEqual({
      type: 'context',
      elements: [
        md(
          ':scissors: Answer shortened: 7 more parts not shown (Slack shows at most 50 blocks). Try a narrower command, or the terminal for the full text.',
        ),
      ],
    });
    expect(out.blocks[49]).toEqual({
      type: 'actions',
      block_id: 'cafta_share',
      elements: [{ type: 'button', text: pt('Share in channel'), action_id: 'cafta_share', value: 'status' }],
    });
  });

  it('3,001-character text is split into two sections, nothing lost', () => {
    const long = 'a'.repeat(3001);
    expect(toBlockKit(message('S', [text(long)])).blocks).toEqual([
      { type: 'section', text: md('a'.repeat(3000)) },
      { type: 'section', text: md('a') },
    ]);
  });

  it('splits long text at a line break when there is one', () => {
    const long = `${'x'.repeat(2000)}\n${'y'.repeat(2000)}`;
    expect(toBlockKit(message('S', [text(long)])).blocks).toEqual([
      { type: 'section', text: md('x'.repeat(2000)) },
      { type: 'section', text: md('y'.repeat(2000)) },
    ]);
  });

  it('escaping counts towards the 3,000 limit (entities are never cut)', () => {
    const parts = chunkText('<'.repeat(1000), 3000);
    expect(parts).toEqual(['&lt;'.repeat(750), '&lt;'.repeat(250)]);
  });

  it('11 fields become a section of 10 and a section of 1', () => {
    const entries = Array.from({ length: 11 }, (_, i): [string, string] => [`L${i}`, `V${i}`]);
    expect(toBlockKit(message('S', [facts(entries)])).blocks).toEqual([
      { type: 'section', fields: entries.slice(0, 10).map(([l, v]) => md(`*${l}*\n${v}`)) },
      { type: 'section', fields: [md('*L10*\nV10')] },
    ]);
  });

  it('a field value is capped so the field stays within 2,000 characters', () => {
    const out = toBlockKit(message('S', [facts([['Note', 'n'.repeat(2500)]])]));
    const field = (out.blocks[0] as { fields: Array<{ text: string }> }).fields[0].text;
    expect(field).toBe(`*Note*\n${'n'.repeat(1992)}…`);
    expect(field.length).toBe(2000);
  });

  it('151-character header is cut to 150 with an ellipsis', () => {
    expect(toBlockKit(message('S', [header('h'.repeat(151))])).blocks).toEqual([
      { type: 'header', text: pt(`${'h'.repeat(149)}…`) },
    ]);
    expect(toBlockKit(message('S', [header('h'.repeat(150))])).blocks).toEqual([
      { type: 'header', text: pt('h'.repeat(150)) },
    ]);
  });

  it('emoji are never cut in half', () => {
    const flood = '🇨🇳'.repeat(100);
    const cut = fitText(flood, 150);
    expect(cut.length).toBeLessThanOrEqual(150);
    expect(cut.endsWith('…')).toBe(true);
    expect(() => encodeURIComponent(cut)).not.toThrow(); // a lone surrogate would throw
  });

  it('26 buttons become two actions blocks, action ids unique', () => {
    const many = Array.from({ length: 26 }, (_, i) => ({ label: `B${i}`, command: `party ${i}` }));
    const out = toBlockKit(message('S', [actions(...many)]));
    expect(out.blocks).toHaveLength(2);
    const ids = out.blocks.flatMap((b) =>
      (b as { elements: Array<{ action_id: string }> }).elements.map((e) => e.action_id),
    );
    expect(new Set(ids).size).toBe(26);
  });

  it('App Home: 100 blocks allowed and actions dropped', () => {
    const msg = message('S', [
      ...Array.from({ length: 99 }, (_, i) => text(`P${i}`)),
      actions({ label: 'x', command: 'status' }),
    ]);
    const out = toBlockKit(msg, { maxBlocks: 100, withoutActions: true, shareCommand: 'status' });
    expect(out.blocks).toHaveLength(99);
    expect(out.blocks.some((b) => b.type === 'actions')).toBe(false);
  });
});

describe('toBlockKit: share button and fallback text', () => {
  it('adds "Share in channel" to reply answers only', () => {
    const reply = toBlockKit(message('S', [text('x')]), { shareCommand: 'status' });
    expect(reply.blocks[1]).toEqual({
      type: 'actions',
      block_id: 'cafta_share',
      elements: [{ type: 'button', text: pt('Share in channel'), action_id: 'cafta_share', value: 'status' }],
    });
    expect(toBlockKit(toChannel(message('S', [text('x')])), { shareCommand: 'status' }).blocks).toHaveLength(1);
  });

  it('falls back to the header when the summary is empty', () => {
    expect(toBlockKit(message('', [header('Status')])).text).toBe('Status');
  });
});

describe('toBlockKit: Slack limits with Chinese text', () => {
  it('the shortening pointer and the share button are worded in the message’s language', () => {
    const msg = inLang(
      message(
        '长',
        Array.from({ length: 60 }, (_, i) => text(`第${i + 1}部分`)),
      ),
      'zh',
    );
    const out = toBlockKit(msg, { shareCommand: '状态' });
    expect(out.blocks).toHaveLength(50);
    expect(out.blocks[48]).toEqual({
      type: 'context',
      elements: [
        md(
          ':scissors: 回答已缩短：另有12部分未显示（Slack 每条消息最多显示50个区块）。请换一个范围更小的命令，或在终端中查看全文。',
        ),
      ],
    });
    expect(out.blocks[49]).toMatchObject({ type: 'actions', elements: [{ text: pt('分享到频道'), value: '状态' }] });
  });

  it('3,001 ideographs are split into sections of at most 3,000 characters, nothing lost', () => {
    const long = '核'.repeat(3001);
    const blocks = toBlockKit(message('S', [text(long)])).blocks as Array<{ text: { text: string } }>;
    expect(blocks.map((b) => Array.from(b.text.text).length)).toEqual([3000, 1]);
  });

  it('every real answer in Chinese stays within every Slack limit', async () => {
    const data = loadFixtureData();
    const deps = {
      data: () => data,
      store: {} as never,
      clock: () => new Date('2026-11-30T03:00:00Z'),
      logger: createMemoryLogger(),
      defaultZone: 'Asia/Shanghai',
      catchupHours: 24,
      defaultLang: 'zh',
    };
    const ctx = { channel: { platform: 't', workspace: 'W', channel: 'C', address: {} }, lang: 'zh' };
    for (const cmd of [
      'status',
      'timeline',
      'timeline --all',
      'milestone signing',
      'areas',
      'area 4',
      'help',
      'next 366',
    ]) {
      const parsed = parseCommand(cmd);
      if (!parsed.ok) throw new Error(cmd);
      const out = toBlockKit(await runCommand(parsed.command, ctx, deps), { shareCommand: cmd });
      expect(out.blocks.length).toBeLessThanOrEqual(50);
      expect(out.text.length).toBeLessThanOrEqual(3000);
      for (const b of out.blocks as Array<Record<string, unknown>>) {
        if (b.type === 'header') expect(Array.from((b.text as { text: string }).text).length).toBeLessThanOrEqual(150);
        if (b.type === 'section' && b.text) expect((b.text as { text: string }).text.length).toBeLessThanOrEqual(3000);
        if (b.type === 'section' && b.fields) {
          expect((b.fields as unknown[]).length).toBeLessThanOrEqual(10);
          for (const f of b.fields as Array<{ text: string }>) expect(f.text.length).toBeLessThanOrEqual(2000);
        }
        if (b.type === 'actions')
          for (const e of b.elements as Array<{ text: { text: string } }>)
            expect(Array.from(e.text.text).length).toBeLessThanOrEqual(75);
      }
    }
  });
});
