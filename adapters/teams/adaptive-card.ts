/**
 * Message → Adaptive Card (version 1.5, the highest Teams renders everywhere). Pure: no I/O.
 *
 * Every string in a Message is plain text, so everything is escaped here: markdown punctuation
 * is backslash-escaped and `<` is neutralised, so user text cannot become a link, formatting or
 * an `<at>` mention. The renderer, not the core, enforces the Teams size limit.
 */
import { toPlainText, type Block, type LinkItem, type Message, type Tone } from '../../src/text/message';
import { DEFAULT_LANG } from '../../src/text/i18n';
import { textsFor } from '../../src/text/texts';

export const CARD_VERSION = '1.5';
export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Teams rejects activities over ~28 KB; keep the card well under to leave room for the envelope. */
export const MAX_CARD_BYTES = 26 * 1024;
const MAX_FALLBACK_CHARS = 1000;

export type CardElement = Record<string, unknown>;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: string;
  body: CardElement[];
  fallbackText: string;
}

/**
 * Escapes the markdown that Adaptive Card TextBlocks render (emphasis, links, lists) and mention
 * syntax, so text shows literally. Only what could be markup is escaped, because some Teams
 * clients (mobile) show escape backslashes: "(CN)" or "[1, 2]" stay untouched.
 */
export function escapeCardText(input: string): string {
  return (
    input
      // A backslash before punctuation would itself be an escape.
      .replace(/\\(?=[!-/:-@[-`{-~])/g, '\\\\')
      .replace(/[*_]/g, (c) => `\\${c}`)
      // Only a "[" that opens "[text](url)" makes a link.
      .replace(/\[(?=[^\]]*\]\()/g, '\\[')
      // `<at>` is how Teams marks mentions; a lookalike keeps the text readable and inert. `>`
      // gets the matching lookalike, so `<name | ISO code>` shows as ‹name | ISO code› (a bare
      // `>` at a line start would also be a quote).
      .replace(/</g, '‹')
      .replace(/>/g, '›')
      // A line starting with "-", "+" or "1." would become a list.
      .replace(/^(\s*)([-+])(?=\s)/gm, '$1\\$2')
      .replace(/^(\s*)(\d+)\.(?=\s)/gm, '$1$2\\.')
  );
}

const TONE_COLOR: Partial<Record<Tone, string>> = { good: 'Good', attention: 'Attention', warning: 'Warning' };

const textBlock = (value: string, extra: CardElement = {}): CardElement => ({
  type: 'TextBlock',
  text: escapeCardText(value),
  wrap: true,
  ...extra,
});

/** Most characters of list items one TextBlock holds; the size limit then drops whole chunks. */
const LIST_CHUNK_CHARS = 2000;

/**
 * A list as few TextBlocks as possible: items are paragraphs ("\n\n", the markdown line break
 * every Teams client renders) of one block, up to LIST_CHUNK_CHARS each. One block per item made
 * a status card ~1 KB bigger (every reply pays for those bytes) with the same text.
 */
function listBlocks(items: readonly string[]): CardElement[] {
  return chunkedBlocks(items.map((item) => escapeCardText(`• ${item}`)));
}

/**
 * A `links` list: each item's text escaped, its label a markdown link when its URL is a web URL.
 * Parentheses and spaces in the URL are percent-encoded so the link cannot end early or swallow
 * text; anything that is not http(s) stays text.
 */
function linkLines(items: readonly LinkItem[]): CardElement[] {
  return chunkedBlocks(
    items.map((item) => {
      const url = item.url && isLinkableUrl(item.url) ? item.url.replace(/\(/g, '%28').replace(/\)/g, '%29') : null;
      // Brackets would end the link text early: shown as parentheses inside a link.
      const label = url
        ? `[${escapeCardText(item.label.replace(/\[/g, '(').replace(/\]/g, ')'))}](${url})`
        : escapeCardText(item.label);
      return `${escapeCardText(`• ${item.before ?? ''}`)}${label}${escapeCardText(item.after ?? '')}`;
    }),
  );
}

/** Already-escaped lines as few TextBlocks as possible (see LIST_CHUNK_CHARS). */
function chunkedBlocks(lines: readonly string[]): CardElement[] {
  const blocks: CardElement[] = [];
  let chunk: string[] = [];
  let chars = 0;
  const flush = (): void => {
    if (chunk.length === 0) return;
    // Items are escaped one by one (a leading "-" in an item must not start a markdown list).
    blocks.push({
      type: 'TextBlock',
      text: chunk.join('\n\n'),
      wrap: true,
      ...(blocks.length === 0 ? {} : { spacing: 'None' }),
    });
    chunk = [];
    chars = 0;
  };
  for (const line of lines) {
    if (chunk.length > 0 && chars + line.length > LIST_CHUNK_CHARS) flush();
    chunk.push(line);
    chars += line.length + 2;
  }
  flush();
  return blocks;
}

const isWebUrl = (url: string): boolean => /^https?:\/\/[^\s<>()]+$/i.test(url);
const isLinkableUrl = (url: string): boolean => /^https?:\/\/[^\s<>]+$/i.test(url);

function renderBlock(block: Block): CardElement[] {
  switch (block.type) {
    case 'header':
      return [textBlock(block.text, { size: 'Large', weight: 'Bolder', style: 'heading' })];
    case 'text': {
      const tone = block.tone ?? 'default';
      const color = TONE_COLOR[tone];
      return [textBlock(block.text, { ...(color ? { color } : {}), ...(tone === 'muted' ? { isSubtle: true } : {}) })];
    }
    case 'facts':
      if (block.facts.length === 0) return [];
      return [
        {
          type: 'FactSet',
          facts: block.facts.map((f) => ({ title: escapeCardText(f.label), value: escapeCardText(f.value) })),
        },
      ];
    case 'list':
      return listBlocks(block.items);
    case 'links':
      return linkLines(block.items);
    case 'divider':
      return [];
    case 'link':
      // A markdown link only for a real web URL; anything else is shown as text, never a link.
      return [
        isWebUrl(block.url)
          ? { type: 'TextBlock', text: `[${escapeCardText(block.label)}](${block.url})`, wrap: true }
          : textBlock(`${block.label}: ${block.url}`),
      ];
    case 'context':
      return [textBlock(block.text, { size: 'Small', isSubtle: true })];
    case 'subheading':
      return [textBlock(block.text, { weight: 'Bolder' })];
    case 'actions':
      if (block.actions.length === 0) return [];
      return [
        {
          type: 'ActionSet',
          actions: block.actions.map((a) => ({
            type: 'Action.Submit',
            title: a.label,
            data: { cafta: a.command },
            ...(a.style ? { style: a.style === 'primary' ? 'positive' : 'destructive' } : {}),
          })),
        },
      ];
    case 'image':
      return isLinkableUrl(block.url) ? [{ type: 'Image', url: block.url, altText: block.alt, size: 'Stretch' }] : [];
    case 'linkButtons': {
      const links = block.links.filter((l) => isLinkableUrl(l.url));
      if (links.length === 0) return [];
      return [
        { type: 'ActionSet', actions: links.map((l) => ({ type: 'Action.OpenUrl', title: l.label, url: l.url })) },
      ];
    }
  }
}

function fallbackFor(msg: Message): string {
  // Plain text, but still never a mention: `<at>` only pings via entities, yet keep it inert.
  const plain = toPlainText(msg).replace(/</g, '‹').replace(/>/g, '›');
  return firstCodePoints(plain, MAX_FALLBACK_CHARS);
}

/**
 * `text` if it has at most `max` code points, else its first `max - 1` and "…". Walks only as far
 * as needed: splitting a whole long answer into code points was a quarter of a card's render time.
 */
export function firstCodePoints(text: string, max: number): string {
  // UTF-16 length is never below the code point count: short texts need no walk at all.
  if (text.length <= max) return text;
  let count = 0;
  let end = 0;
  for (const ch of text) {
    if (count === max - 1) {
      // Cut here only if more than one code point remains; exactly `max` fit whole.
      return end + ch.length === text.length ? text : `${text.slice(0, end)}…`;
    }
    count += 1;
    end += ch.length;
  }
  return text;
}

const byteSize = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

/** Renders a Message as an Adaptive Card 1.5, truncating (with a note) to stay within the size limit. */
export function toAdaptiveCard(msg: Message, maxBytes = MAX_CARD_BYTES): AdaptiveCard {
  const body: CardElement[] = [];
  let separateNext = false;
  for (const block of msg.blocks) {
    if (block.type === 'divider') {
      separateNext = body.length > 0;
      continue;
    }
    const elements = renderBlock(block);
    if (elements.length && separateNext) {
      elements[0] = { ...elements[0], separator: true, spacing: 'Medium' };
      separateNext = false;
    }
    body.push(...elements);
  }
  if (body.length === 0) body.push(textBlock(msg.summary || ' '));
  const card: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    body,
    fallbackText: fallbackFor(msg),
  };
  if (byteSize(card) <= maxBytes) return card;

  const truncated = textsFor(msg.lang ?? DEFAULT_LANG).t('render.teams.truncated');
  const note = textBlock(truncated, { isSubtle: true, size: 'Small', separator: true });
  card.fallbackText = Array.from(card.fallbackText).slice(0, 300).join('');
  // Drop whole elements from the end so nothing is cut mid-sentence; keep at least the first.
  while (body.length > 1 && byteSize({ ...card, body: [...body, note] }) > maxBytes) body.pop();
  if (byteSize({ ...card, body: [...body, note] }) > maxBytes) {
    body[0] = textBlock(msg.summary.slice(0, 500));
  }
  return { ...card, body: [...body, note] };
}

/** The Bot Framework attachment carrying a card. */
export function toCardAttachment(card: AdaptiveCard): { contentType: string; content: AdaptiveCard } {
  return { contentType: CARD_CONTENT_TYPE, content: card };
}

/** A whole outgoing Teams message for a Message: card + notification summary. */
export function toTeamsMessage(msg: Message): {
  type: 'message';
  summary: string;
  attachments: Array<{ contentType: string; content: AdaptiveCard }>;
} {
  const summary = Array.from(msg.summary).slice(0, 200).join('');
  return { type: 'message', summary, attachments: [toCardAttachment(toAdaptiveCard(msg))] };
}
