/**
 * The neutral Message: what every command and delivery produces, and what each platform renderer
 * (Block Kit, Adaptive Card, plain text) turns into its own format.
 *
 * All strings are PLAIN TEXT. Renderers escape them for their platform, so user input carried in
 * a message can never become markup, a link or a mention. Emphasis is structural (header, facts,
 * `tone`), not inline markup.
 */

import { DEFAULT_LANG } from './i18n';
import { textsFor } from './texts';

export type Tone = 'default' | 'good' | 'attention' | 'warning' | 'muted';

/** A button. `command` is command text run through the core when clicked (e.g. `party vn`). */
export interface MessageAction {
  label: string;
  command: string;
  style?: 'primary' | 'danger';
}

/**
 * One line of a `links` block: `before`, then `label`, then `after`. When `url` is set the label
 * is a link a reader can click (Slack `<url|label>`, a Teams markdown link, the URL itself in a
 * terminal). `url` must be an absolute http(s) URL; renderers show anything else as text.
 */
export interface LinkItem {
  before?: string;
  label: string;
  url?: string;
  after?: string;
}

export type Block =
  | { type: 'header'; text: string }
  | { type: 'text'; text: string; tone?: Tone }
  /** A heading inside an answer ("Sources", "Expected"): bold where the platform has bold. */
  | { type: 'subheading'; text: string }
  | { type: 'facts'; facts: Array<{ label: string; value: string }> }
  | { type: 'list'; items: string[] }
  | { type: 'divider' }
  | { type: 'link'; label: string; url: string }
  /** A bulleted list whose items may carry a link (source lists). */
  | { type: 'links'; items: LinkItem[] }
  | { type: 'context'; text: string }
  | { type: 'actions'; actions: MessageAction[] }
  /** A picture at an absolute http(s) URL, with its text alternative (Slack image block, Teams Image). */
  | { type: 'image'; url: string; alt: string }
  /** Buttons that open a web page (absolute http(s) URLs); no command runs. */
  | { type: 'linkButtons'; links: Array<{ label: string; url: string }> };

export interface Message {
  /** One-line summary: notification text and the fallback where blocks cannot be shown. */
  summary: string;
  blocks: Block[];
  /**
   * `reply`: answer only the asker (Slack ephemeral; Teams reply; terminal output).
   * `channel`: visible to the whole channel (shared answers, scheduled deliveries).
   */
  audience: 'reply' | 'channel';
  /**
   * The language the texts are in (a catalog language, see i18n.ts). Renderers word what they
   * add themselves — a "Share in channel" button, a note that an answer was shortened — in it.
   * Absent: the default language.
   */
  lang?: string;
  /**
   * Set when the answer is not the information asked for: `notFound` (a lookup miss, "did you
   * mean"), `malformed` (the command or an option is not valid) or `failed` (it could not run).
   * Such answers are not offered for sharing; the terminal exits 2 for `malformed`.
   */
  problem?: 'notFound' | 'malformed' | 'failed';
}

/* ------------------------------------------------------------------ builders */

export const header = (text: string): Block => ({ type: 'header', text });
export const text = (value: string, tone?: Tone): Block =>
  tone ? { type: 'text', text: value, tone } : { type: 'text', text: value };
export const subheading = (value: string): Block => ({ type: 'subheading', text: value });
export const facts = (entries: Array<[string, string]>): Block => ({
  type: 'facts',
  facts: entries.map(([label, value]) => ({ label, value })),
});
export const list = (items: string[]): Block => ({ type: 'list', items });
export const divider = (): Block => ({ type: 'divider' });
export const link = (label: string, url: string): Block => ({ type: 'link', label, url });
export const links = (items: LinkItem[]): Block => ({ type: 'links', items });

/** A link item as one line of plain text: "[1] Title (2025) — https://…". */
export const linkItemText = (item: LinkItem): string =>
  `${item.before ?? ''}${item.label}${item.after ?? ''}${item.url ? ` — ${item.url}` : ''}`;
export const context = (value: string): Block => ({ type: 'context', text: value });
export const actions = (...items: MessageAction[]): Block => ({ type: 'actions', actions: items });
export const image = (url: string, alt: string): Block => ({ type: 'image', url, alt });
export const linkButtons = (...items: Array<{ label: string; url: string }>): Block => ({
  type: 'linkButtons',
  links: items,
});

/** Builds a reply-audience Message. */
export function message(summary: string, blocks: Block[]): Message {
  return { summary, blocks, audience: 'reply' };
}

/** Same message, marked as written in `lang`. */
export function inLang(msg: Message, lang: string): Message {
  return msg.lang === lang ? msg : { ...msg, lang };
}

/** Same message, visible to the whole channel. */
export function toChannel(msg: Message): Message {
  return { ...msg, audience: 'channel' };
}

/**
 * Control characters, zero-width and bidi formatting characters, word joiners and the BOM: text
 * a user cannot see. Both command parsing and quoting replace them with a space.
 */
// eslint-disable-next-line no-control-regex
export const INVISIBLE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

/**
 * Makes arbitrary user text safe to quote back: strips control characters, collapses
 * whitespace and caps the length. Platform escaping (mentions, markup) is still the renderer's job.
 */
export function quoteUserText(input: string, max = 60): string {
  const cleaned = input.replace(INVISIBLE_CHARS, ' ').replace(/\s+/g, ' ').trim();
  const chars = Array.from(cleaned);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : cleaned;
}

/** Plain-text fallback of a whole Message (used by the terminal and as notification text). */
export function toPlainText(msg: Message): string {
  const tx = textsFor(msg.lang ?? DEFAULT_LANG);
  const out: string[] = [];
  for (const block of msg.blocks) {
    switch (block.type) {
      case 'header':
        out.push(block.text, '='.repeat(Math.min(Array.from(block.text).length, 72)));
        break;
      case 'text':
        out.push(block.tone === 'warning' || block.tone === 'attention' ? `! ${block.text}` : block.text);
        break;
      case 'facts': {
        const width = Math.min(24, Math.max(...block.facts.map((f) => Array.from(f.label).length)));
        for (const f of block.facts) out.push(`${f.label.padEnd(width)}  ${f.value}`);
        break;
      }
      case 'list':
        for (const item of block.items) out.push(`  • ${item}`);
        break;
      case 'divider':
        out.push('-'.repeat(40));
        break;
      case 'link':
        out.push(`${block.label}: ${block.url}`);
        break;
      case 'links':
        for (const item of block.items) out.push(`  • ${linkItemText(item)}`);
        break;
      case 'context':
      case 'subheading':
        out.push(block.text);
        break;
      case 'actions':
        out.push(tx.t('render.try', { commands: block.actions.map((a) => a.command).join(' | ') }));
        break;
      case 'image':
        out.push(`${block.alt} — ${block.url}`);
        break;
      case 'linkButtons':
        for (const l of block.links) out.push(`${l.label}: ${l.url}`);
        break;
    }
  }
  return out.join('\n');
}
