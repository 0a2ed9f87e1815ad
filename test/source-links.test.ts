/**
 * Sources a reader can open: a source with a full URL is a link in Slack (`<url|title>`), in Teams
 * (a markdown link) and in the terminal (the URL itself); a bare host stays text. No title or URL
 * can smuggle a mention or markup into any renderer.
 */
import { toBlockKit } from '../adapters/slack/block-kit';
import { toAdaptiveCard } from '../adapters/teams/adaptive-card';
import { toTerminalText } from '../adapters/cli/render';
import { links, message, toPlainText, type LinkItem } from '../src/text/message';
import { sourceHref, sourceItem } from '../src/treaty/sources';
import { textsFor } from '../src/text/texts';
import { cardLibraryErrors, cardSchemaErrors } from './support/teams-schemas';

describe('sourceHref: only a full URL becomes a link', () => {
  it.each<[string, string | undefined]>([
    ['https://www.channelnewsasia.com/singapore/x-5428766', 'https://www.channelnewsasia.com/singapore/x-5428766'],
    [
      'http://wangwentao2.mofcom.gov.cn/Events/art/2025/a.html',
      'http://wangwentao2.mofcom.gov.cn/Events/art/2025/a.html',
    ],
    [
      'cn.rajahtannasia.com/viewpoints/substantial-conclusion/',
      'https://cn.rajahtannasia.com/viewpoints/substantial-conclusion/',
    ],
    ['udn.com/news/story/7331/9102877', 'https://udn.com/news/story/7331/9102877'],
    ['https://example.org', 'https://example.org'],
    // A host alone names a site, not the page: text.
    ['asean.org', undefined],
    ['asean.org/', undefined],
    ['mti.gov.sg', undefined],
    ['javascript:alert(1)', undefined],
    ['ftp://example.org/file', undefined],
    ['https://exa mple.org/x', undefined],
    ['not a url', undefined],
    ['', undefined],
    [undefined as unknown as string, undefined],
  ])('%s → %s', (url, expected) => {
    expect(sourceHref(url)).toBe(expected);
  });

  it('a source item links the title, or shows the URL as found / the publisher as text', () => {
    expect(
      sourceItem(en, { id: 'a', title: 'CNA', url: 'https://cna.example/s/1', published: '2025-10-28' }, '[1] '),
    ).toEqual({
      before: '[1] ',
      label: 'CNA',
      url: 'https://cna.example/s/1',
      after: ' (28 Oct 2025)',
    });
    expect(sourceItem(en, { id: 'b', title: 'ASEAN', url: 'asean.org' }, '[2] ')).toEqual({
      before: '[2] ',
      label: 'ASEAN',
      after: ' — asean.org',
    });
    expect(sourceItem(en, { id: 'c', title: 'PNA', publisher: 'Philippine News Agency' })).toEqual({
      before: '',
      label: 'PNA',
      after: ' — Philippine News Agency, no URL recorded',
    });
  });
});

const en = textsFor('en');
const items: LinkItem[] = [
  { before: '[1] ', label: 'MOFCOM & co', url: 'https://example.org/a?b=1&c=2', after: ' (2025-10-28)' },
  { before: '[2] ', label: 'ASEAN', after: ' — asean.org' },
];
const hostileTitle = '<!channel> <@U123> [x](https://evil.example) *bold* @here';
const hostile: LinkItem[] = [
  { before: '[1] ', label: hostileTitle, url: 'https://e.org/x|y>z<!here>(1)', after: ' <!everyone>' },
  { before: '[2] ', label: 'Scheme trick', url: 'javascript:alert(1)' },
];

describe('Slack renders links as <url|title>, everything escaped', () => {
  it('exact mrkdwn for a link and a text-only source', () => {
    expect(toBlockKit(message('S', [links(items)])).blocks).toEqual([
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          verbatim: true,
          text: '• [1] <https://example.org/a?b=1&amp;c=2|MOFCOM &amp; co> (2025-10-28)\n• [2] ASEAN — asean.org',
        },
      },
    ]);
  });

  it('a hostile title or URL cannot mention, ping or open another link', () => {
    const out = JSON.stringify(toBlockKit(message('S', [links(hostile)])));
    expect(out).not.toMatch(/<[!@#]/);
    expect(out).not.toMatch(/@(channel|here|everyone)/);
    expect(out).toContain('<https://e.org/x%7Cy%3Ez%3C!here%3E(1)|&lt;!channel&gt;');
    // Not http(s): shown as text, no link.
    expect(out).toContain('• [2] Scheme trick"');
    expect(out).not.toContain('javascript:');
  });

  it('long source lists split between items, never inside a link', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({
      before: `[${i + 1}] `,
      label: `Source ${i + 1} ${'x'.repeat(40)}`,
      url: `https://example.org/${i}`,
    }));
    const blocks = toBlockKit(message('S', [links(many)])).blocks;
    expect(blocks.length).toBeGreaterThan(1);
    for (const b of blocks) {
      const text = b.type === 'section' && 'text' in b ? b.text.text : '';
      expect(text.length).toBeLessThanOrEqual(3000);
      for (const line of text.split('\n'))
        expect(line).toMatch(/^• \[\d+\] <https:\/\/example\.org\/\d+\|Source \d+ x+>$/);
    }
  });
});

describe('Teams renders links as markdown links, valid Adaptive Card 1.5', () => {
  it('exact TextBlock and a valid card', () => {
    const card = toAdaptiveCard(message('S', [links(items)]));
    expect(card.body).toEqual([
      {
        type: 'TextBlock',
        text: '• [1] [MOFCOM & co](https://example.org/a?b=1&c=2) (2025-10-28)\n\n• [2] ASEAN — asean.org',
        wrap: true,
      },
    ]);
    expect(cardSchemaErrors(card)).toEqual([]);
    expect(cardLibraryErrors(card)).toEqual([]);
  });

  it('a hostile title or URL stays inert: no <at>, no extra link, no markup', () => {
    const card = toAdaptiveCard(message('S', [links(hostile)]));
    expect(card.body).toEqual([
      {
        type: 'TextBlock',
        // A URL with < or > is not linked at all; the title's markdown and mentions are escaped.
        text: '• [1] ‹!channel› ‹@U123› \\[x](https://evil.example) \\*bold\\* @here ‹!everyone›\n\n• [2] Scheme trick',
        wrap: true,
      },
    ]);
    expect(cardSchemaErrors(card)).toEqual([]);
  });

  it('parentheses in a URL are encoded and brackets in a title cannot end the link text', () => {
    const card = toAdaptiveCard(
      message('S', [links([{ label: 'Report [draft] *1*', url: 'https://e.org/wiki/A_(b)' }])]),
    );
    expect(card.body[0].text).toBe('• [Report (draft) \\*1\\*](https://e.org/wiki/A_%28b%29)');
    expect(cardLibraryErrors(card)).toEqual([]);
  });
});

describe('the terminal shows the URL itself', () => {
  it('title line wrapped, URL on its own line, never cut', () => {
    const long = `https://www.channelnewsasia.com/singapore/${'a'.repeat(90)}`;
    const text = toTerminalText(
      message('S', [links([{ before: '[1] ', label: 'CNA report', url: long, after: ' (2025-10-28)' }, items[1]])]),
      { width: 60 },
    );
    expect(text.split('\n')).toEqual(['  • [1] CNA report (2025-10-28)', `    ${long}`, '  • [2] ASEAN — asean.org']);
    expect(toPlainText(message('S', [links(items)]))).toBe(
      '  • [1] MOFCOM & co (2025-10-28) — https://example.org/a?b=1&c=2\n  • [2] ASEAN — asean.org',
    );
  });
});
