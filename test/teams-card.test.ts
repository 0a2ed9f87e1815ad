/**
 * Pure parts of the Teams adapter: Message → Adaptive Card (exact JSON, escaping, limits, schema)
 * and inbound text → command text (mention stripping, buttons).
 */
import {
  CARD_CONTENT_TYPE,
  MAX_CARD_BYTES,
  escapeCardText,
  firstCodePoints,
  toAdaptiveCard,
  toTeamsMessage,
} from '../adapters/teams/adaptive-card';
import { commandTextOf, stripBotMention } from '../adapters/teams/activity-text';
import { welcomeMessage } from '../adapters/teams/bot';
import { actions, context, divider, facts, header, inLang, link, list, message, text } from '../src/text/message';
import { cardLibraryErrors, cardSchemaErrors } from './support/teams-schemas';

const expectValid = (card: unknown): void => {
  expect(cardSchemaErrors(card)).toEqual([]);
  expect(cardLibraryErrors(card)).toEqual([]);
};

describe('toAdaptiveCard', () => {
  it('renders every block kind to exact Adaptive Card 1.5 JSON', () => {
    const msg = message('Status of 11 parties', [
      header('Ratification status'),
      text('Signed by all parties.', 'good'),
      text('Quiet note', 'muted'),
      facts([
        ['China', 'signed'],
        ['Viet Nam', 'unknown'],
      ]),
      divider(),
      list(['one', 'two']),
      link('Source', 'https://example.org/a'),
      context('Data as of 2026-11-30'),
      actions(
        { label: 'Timeline', command: 'timeline', style: 'primary' },
        { label: 'Stop', command: 'unsubscribe', style: 'danger' },
      ),
    ]);
    const card = toAdaptiveCard(msg);
    expect(card).toEqual({
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      fallbackText: expect.stringContaining('Ratification status'),
      body: [
        {
          type: 'TextBlock',
          text: 'Ratification status',
          wrap: true,
          size: 'Large',
          weight: 'Bolder',
          style: 'heading',
        },
        { type: 'TextBlock', text: 'Signed by all parties.', wrap: true, color: 'Good' },
        { type: 'TextBlock', text: 'Quiet note', wrap: true, isSubtle: true },
        {
          type: 'FactSet',
          facts: [
            { title: 'China', value: 'signed' },
            { title: 'Viet Nam', value: 'unknown' },
          ],
        },
        // A list is one TextBlock, its items markdown paragraphs.
        { type: 'TextBlock', text: '• one\n\n• two', wrap: true, separator: true, spacing: 'Medium' },
        { type: 'TextBlock', text: '[Source](https://example.org/a)', wrap: true },
        { type: 'TextBlock', text: 'Data as of 2026-11-30', wrap: true, size: 'Small', isSubtle: true },
        {
          type: 'ActionSet',
          actions: [
            { type: 'Action.Submit', title: 'Timeline', data: { cafta: 'timeline' }, style: 'positive' },
            { type: 'Action.Submit', title: 'Stop', data: { cafta: 'unsubscribe' }, style: 'destructive' },
          ],
        },
      ],
    });
    expectValid(card);
  });

  it('neutralises markdown, links and mentions in text', () => {
    const hostile = '<at>Everyone</at> **bold** _it_ [click](https://evil.example) # title\n- item\n1. first';
    const card = toAdaptiveCard(message('x', [text(hostile), facts([['**k**', '<at>Bob</at>']])]));
    const json = JSON.stringify(card);
    expect(json).not.toMatch(/<at>/i);
    // The body is markdown-rendered: no live link. (fallbackText is plain text.)
    expect(String(card.body[0].text)).not.toMatch(/(^|[^\\])\[[^\]]*\]\(/);
    expect(card.body[0].text).toBe(
      '‹at›Everyone‹/at› \\*\\*bold\\*\\* \\_it\\_ \\[click](https://evil.example) # title\n\\- item\n1\\. first',
    );
    expectValid(card);
  });

  it('escapes only what would render as markup', () => {
    expect(escapeCardText('a*b_c [x](y) [1, 2] (CN) #t |k> ~')).toBe('a\\*b\\_c \\[x](y) [1, 2] (CN) #t |k› ~');
    expect(escapeCardText('back\\slash \\* and \\d')).toBe('back\\slash \\\\\\* and \\d');
    expect(escapeCardText('- a\n+ b\n 2. c\nx - y')).toBe('\\- a\n\\+ b\n 2\\. c\nx - y');
  });

  it('shows a link without a web scheme as text, never as a link', () => {
    const card = toAdaptiveCard(message('x', [link('Gov', 'javascript:alert(1)'), link('Host', 'example.org/path')]));
    expect(card.body.map((b) => b.text)).toEqual(['Gov: javascript:alert(1)', 'Host: example.org/path']);
  });

  it('shows the summary when a message has no visible block', () => {
    expect(toAdaptiveCard(message('Only a summary', [divider()])).body).toEqual([
      { type: 'TextBlock', text: 'Only a summary', wrap: true },
    ]);
  });

  it('truncates oversized messages to the limit, keeps whole elements and says so', () => {
    const items = Array.from(
      { length: 2000 },
      (_, i) => `Milestone number ${i} with a fairly long description to take up space`,
    );
    const msg = message('Long timeline', [header('Timeline'), list(items)]);
    const card = toAdaptiveCard(msg);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(card.body[0].text).toBe('Timeline');
    expect(String(card.body[card.body.length - 1].text)).toMatch(/Shortened to fit the Teams message size limit/);
    // Whole list chunks are dropped from the end: what is kept is the list's first items, in order.
    const kept = card.body.slice(1, -1).flatMap((b) => String(b.text).split('\n\n'));
    expect(kept.length).toBeGreaterThan(10);
    expect(kept).toEqual(items.slice(0, kept.length).map((i) => `• ${i}`));
    expectValid(card);
  });

  it('puts a long list into a few TextBlocks, each item escaped on its own', () => {
    const items = Array.from({ length: 60 }, (_, i) =>
      i === 1
        ? 'two lines\n- not a markdown list **item**'
        : `Party ${i}: signed, not yet ratified, with sources [1, 2]`,
    );
    const blocks = toAdaptiveCard(message('x', [list(items)])).body;
    expect(blocks.length).toBeGreaterThan(1);
    expect(blocks.length).toBeLessThan(6);
    for (const b of blocks) expect(String(b.text).length).toBeLessThanOrEqual(2000);
    expect(blocks.map((b) => b.spacing)).toEqual([undefined, ...blocks.slice(1).map(() => 'None')]);
    const lines = blocks.flatMap((b) => String(b.text).split('\n\n'));
    expect(lines).toEqual(items.map((i) => escapeCardText(`• ${i}`)));
    expect(lines[1]).toBe('• two lines\n\\- not a markdown list \\*\\*item\\*\\*');
    expectValid(toAdaptiveCard(message('x', [list(items)])));
  });

  it('cuts the fallback text at code points, never inside an emoji, and only when too long', () => {
    const reference = (t: string, max: number): string => {
      const chars = Array.from(t);
      return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : t;
    };
    const samples = [
      '',
      'abc',
      'abcd',
      'abcde',
      '😀😀😀😀',
      '😀😀😀😀😀',
      'a😀b😀c',
      '😀'.repeat(3) + 'abc',
      'x'.repeat(9) + '😀',
    ];
    for (const t of samples)
      for (const max of [1, 2, 3, 4, 5, 8])
        expect([t, max, firstCodePoints(t, max)]).toEqual([t, max, reference(t, max)]);
    const long = toAdaptiveCard(message('x', [text('😀'.repeat(1500))])).fallbackText;
    expect(Array.from(long)).toHaveLength(1000);
    expect(long.endsWith('😀…')).toBe(true);
  });

  it('stays valid when even a single element is too big', () => {
    const card = toAdaptiveCard(message('Huge', [text('x'.repeat(100_000))]), 2000);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(2000);
    expect(card.body[0].text).toBe('Huge');
    expectValid(card);
  });

  it('wraps the card in a Teams message with a notification summary', () => {
    const out = toTeamsMessage(message('Hello', [text('Hi')]));
    expect(out).toEqual({
      type: 'message',
      summary: 'Hello',
      attachments: [{ contentType: CARD_CONTENT_TYPE, content: toAdaptiveCard(message('Hello', [text('Hi')])) }],
    });
  });

  it('the welcome card is valid and its buttons run commands', () => {
    const card = toAdaptiveCard(welcomeMessage('en'));
    expectValid(card);
    const set = card.body.find((b) => b.type === 'ActionSet') as { actions: Array<{ data: { cafta: string } }> };
    expect(set.actions.map((a) => a.data.cafta)).toEqual(['status', 'timeline', 'help']);
  });
});

describe('command text from Teams activities', () => {
  const recipient = { id: '28:bot', name: 'CAFTA' };

  it.each([
    ['<at>CAFTA</at> status', [{ type: 'mention', text: '<at>CAFTA</at>', mentioned: recipient }], 'status'],
    [
      '<at>CAFTA</at>&nbsp;party&nbsp;vn\n',
      [{ type: 'mention', text: '<at>CAFTA</at>', mentioned: recipient }],
      'party vn',
    ],
    // Renamed bot in the entity text, still the bot's id.
    ['<at>Treaty Bot</at> areas', [{ type: 'mention', text: '<at>Treaty Bot</at>', mentioned: recipient }], 'areas'],
    // No entities (some clients): the <at> naming the bot is still removed.
    ['<at>CAFTA</at> timeline --all', [], 'timeline --all'],
    // Someone else's mention is not the bot's: it stays as plain text.
    [
      '<at>CAFTA</at> party <at>Bob</at>',
      [
        { type: 'mention', text: '<at>CAFTA</at>', mentioned: recipient },
        { type: 'mention', text: '<at>Bob</at>', mentioned: { id: '29:bob' } },
      ],
      'party Bob',
    ],
    ['help', undefined, 'help'],
    ['<p>next 30</p>', undefined, 'next 30'],
  ])('%j → %j', (textIn, entities, expected) => {
    expect(stripBotMention({ text: textIn, entities, recipient })).toBe(expected);
  });

  it('prefers a button value over text', () => {
    expect(commandTextOf({ type: 'message', text: '', value: { cafta: ' party cn ' }, recipient })).toBe('party cn');
    expect(
      commandTextOf({ type: 'message', text: '<at>CAFTA</at> help', value: { other: 1 }, recipient, entities: [] }),
    ).toBe('help');
  });
});

describe('toAdaptiveCard with Chinese text', () => {
  it('an oversized Chinese answer (three bytes a character) is cut to the byte limit, with a Chinese note', () => {
    const items = Array.from({ length: 800 }, (_, i) => `第${i}个里程碑：用来占用空间的一段相当长的中文说明文字`);
    const card = toAdaptiveCard(inLang(message('很长的时间线', [header('时间线'), list(items)]), 'zh'));
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(String(card.body[card.body.length - 1].text)).toBe(
      '内容已缩短，以符合 Teams 消息大小的限制。请查询范围更小的内容，例如某一个缔约方或某一个里程碑。',
    );
    expectValid(card);
  });

  it('the welcome card in Chinese is valid and its buttons run Chinese commands', () => {
    const card = toAdaptiveCard(welcomeMessage('zh'));
    expectValid(card);
    const set = card.body.find((b) => b.type === 'ActionSet') as { actions: Array<{ title: string; data: unknown }> };
    expect(set.actions.map((a) => [a.title, a.data])).toEqual([
      ['状态', { cafta: '状态' }],
      ['时间线', { cafta: '时间线' }],
      ['帮助', { cafta: '帮助' }],
    ]);
  });
});
