/**
 * Neutral Message → Slack Block Kit, PURE. Enforces Slack's limits here (not in the core) and
 * escapes every string, so nothing carried in a Message can become a link, a mention or a ping.
 */
import { linkItemText, type Block, type LinkItem, type Message } from '../../src/text/message';
import { DEFAULT_LANG } from '../../src/text/i18n';
import { textsFor } from '../../src/text/texts';
import { chunkText, fitText, slackEscape } from './escape';

/** Slack limits we design for (https://docs.slack.dev/reference/block-kit). */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  blocksPerHomeView: 100,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  buttonsPerActions: 25,
  buttonUrl: 3000,
  imageUrl: 3000,
  imageAltText: 2000,
  fallbackText: 3000,
} as const;

/** A Slack text object: plain text or mrkdwn. `verbatim` stops Slack auto-linking names and URLs. */
export type SlackText =
  { type: 'plain_text'; text: string; emoji: true } | { type: 'mrkdwn'; text: string; verbatim: true };

export interface SlackButton {
  type: 'button';
  text: { type: 'plain_text'; text: string; emoji: true };
  action_id: string;
  /** The command a `cafta_run` button runs; a link button has `url` instead. */
  value?: string;
  /** A link button opens this page (its click is only acknowledged). */
  url?: string;
  style?: 'primary' | 'danger';
  /** Slack's own "are you sure?" dialog before the click is sent (App Home's Delete). */
  confirm?: {
    title: { type: 'plain_text'; text: string; emoji: true };
    text: SlackText;
    confirm: { type: 'plain_text'; text: string; emoji: true };
    deny: { type: 'plain_text'; text: string; emoji: true };
    style?: 'primary' | 'danger';
  };
}

/** Action ids of link buttons (`cafta_link:<n>`): nothing runs, the catch-all acknowledges them. */
export const LINK_ACTION_PREFIX = 'cafta_link:';

/** The Block Kit blocks this renderer emits (a subset of Slack's). */
export type SlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji: true } }
  | { type: 'section'; text: SlackText }
  | { type: 'section'; fields: SlackText[] }
  | { type: 'divider' }
  | { type: 'context'; elements: SlackText[] }
  | { type: 'actions'; block_id?: string; elements: SlackButton[] }
  | { type: 'image'; image_url: string; alt_text: string };

/** What chat.postMessage, a slash-command ack or response_url takes: blocks plus the text fallback. */
export interface BlockKitMessage {
  text: string;
  blocks: SlackBlock[];
}

export interface BlockKitOptions {
  /**
   * Command text to re-run in the channel when "Share in channel" is clicked. Only used for
   * `reply` (ephemeral) messages; a channel message is already shared.
   */
  shareCommand?: string;
  /** 50 for messages (default), 100 for the App Home view. */
  maxBlocks?: number;
  /** Drop action buttons (App Home has no response_url to answer them). */
  withoutActions?: boolean;
}

/** action_id of command buttons: `cafta_run:<n>`, unique within a message as Slack requires. */
export const RUN_ACTION_PREFIX = 'cafta_run:';
export const SHARE_ACTION_ID = 'cafta_share';

const mrkdwn = (value: string): SlackText => ({ type: 'mrkdwn', text: value, verbatim: true });
const plain = (value: string): { type: 'plain_text'; text: string; emoji: true } => ({
  type: 'plain_text',
  text: value,
  emoji: true,
});

const TONE_PREFIX: Record<string, string> = {
  good: ':white_check_mark: ',
  attention: ':exclamation: ',
  warning: ':warning: ',
};

/** Only web links become clickable; a scheme-less "host/path" source is shown as https. */
function safeUrl(url: string): string | null {
  const trimmed = url.trim();
  const withScheme = /^https?:\/\//i.test(trimmed)
    ? trimmed
    : /^[a-z0-9-]+(\.[a-z0-9-]+)+(\/\S*)?$/i.test(trimmed)
      ? `https://${trimmed}`
      : null;
  if (!withScheme || /\s/.test(withScheme)) return null;
  // `|` and `>` end a Slack link; `<` and `&` must be entities. Percent-encoding keeps the URL valid.
  return withScheme.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C');
}

/**
 * One `links` item as mrkdwn: escaped text around `<url|label>` (label escaped, URL made safe).
 * An item too long for a section is shown as plain text rather than cut inside its link.
 */
function linkItem(item: LinkItem): string {
  const url = item.url ? webUrl(item.url) : null;
  const line = `• ${slackEscape(item.before ?? '')}${url ? `<${url}|${slackEscape(item.label)}>` : slackEscape(item.label)}${slackEscape(item.after ?? '')}`;
  return line.length <= SLACK_LIMITS.sectionText
    ? line
    : `• ${fitText(linkItemText(item), SLACK_LIMITS.sectionText - 2)}`;
}

/** An absolute http(s) URL made safe inside `<…|…>`, or null: a links item is never guessed at. */
function webUrl(url: string): string | null {
  return /^https?:\/\/\S+$/i.test(url.trim()) ? safeUrl(url) : null;
}

/**
 * Rendered blocks by neutral block (all but buttons, numbered per message): a block shared by many
 * messages (a digest part, a cached answer) is rendered once. Blocks are never changed once made.
 */
const renderedBlocks = new WeakMap<Block, SlackBlock[]>();

function renderBlock(block: Block, counter: { n: number }, opts: BlockKitOptions): SlackBlock[] {
  if (block.type === 'actions') return renderOneBlock(block, counter, opts);
  let rendered = renderedBlocks.get(block);
  if (!rendered) {
    rendered = renderOneBlock(block, counter, opts);
    renderedBlocks.set(block, rendered);
  }
  return rendered;
}

/** One neutral block as Slack blocks (none when it would be empty); the case per block type. */
function renderOneBlock(block: Block, counter: { n: number }, opts: BlockKitOptions): SlackBlock[] {
  switch (block.type) {
    case 'header': {
      const value = fitText(block.text, SLACK_LIMITS.headerText);
      return value.trim() ? [{ type: 'header', text: plain(value) }] : [];
    }
    case 'text':
      return textBlocks(block);
    case 'subheading': {
      const value = fitText(block.text, SLACK_LIMITS.sectionText - 2);
      return value.trim() ? [{ type: 'section', text: mrkdwn(`*${value.replace(/\*/g, '')}*`) }] : [];
    }
    case 'facts':
      return factBlocks(block);
    case 'list': {
      const items = block.items.filter((item) => item.trim());
      if (items.length === 0) return [];
      return chunkText(items.map((item) => `• ${item}`).join('\n'), SLACK_LIMITS.sectionText).map((part) => ({
        type: 'section',
        text: mrkdwn(part),
      }));
    }
    case 'divider':
      return [{ type: 'divider' }];
    case 'link': {
      const url = safeUrl(block.url);
      const label = fitText(block.label.trim() ? block.label : block.url, 1000);
      const body = url ? `<${url}|${label}>` : `${label}: ${fitText(block.url, 1500)}`;
      return [{ type: 'section', text: mrkdwn(body) }];
    }
    case 'links':
      return linkBlocks(block);
    case 'context':
      return block.text.trim()
        ? [{ type: 'context', elements: [mrkdwn(fitText(block.text, SLACK_LIMITS.sectionText))] }]
        : [];
    case 'actions':
      return opts.withoutActions ? [] : actionBlocks(block, counter);
    case 'image': {
      // Only a web URL Slack can fetch, within its limits; otherwise the picture is left out.
      const ok = /^https?:\/\/\S+$/i.test(block.url) && block.url.length <= SLACK_LIMITS.imageUrl;
      return ok
        ? [{ type: 'image', image_url: block.url, alt_text: fitText(block.alt, SLACK_LIMITS.imageAltText) }]
        : [];
    }
    case 'linkButtons': {
      if (opts.withoutActions) return [];
      const buttons: SlackButton[] = block.links
        .filter((l) => /^https?:\/\/\S+$/i.test(l.url) && l.url.length <= SLACK_LIMITS.buttonUrl)
        .map((l) => ({
          type: 'button',
          text: plain(fitText(l.label, SLACK_LIMITS.buttonText)),
          action_id: `${LINK_ACTION_PREFIX}${counter.n++}`,
          url: l.url,
        }));
      return inGroupsOf(buttons, SLACK_LIMITS.buttonsPerActions).map((group) => ({ type: 'actions', elements: group }));
    }
  }
}

/** `items` in consecutive groups of at most `size`. */
const inGroupsOf = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** Text as sections (split at the section limit), the tone as a prefix; muted text as context. */
function textBlocks(block: Extract<Block, { type: 'text' }>): SlackBlock[] {
  if (!block.text.trim()) return [];
  if (block.tone === 'muted') {
    return chunkText(block.text, SLACK_LIMITS.sectionText).map((part) => ({
      type: 'context',
      elements: [mrkdwn(part)],
    }));
  }
  const prefix = block.tone ? (TONE_PREFIX[block.tone] ?? '') : '';
  return chunkText(block.text, SLACK_LIMITS.sectionText - prefix.length).map((part, i) => ({
    type: 'section',
    text: mrkdwn(i === 0 ? `${prefix}${part}` : part),
  }));
}

/** Facts as section fields, as many sections as Slack's fields-per-section limit needs. */
function factBlocks(block: Extract<Block, { type: 'facts' }>): SlackBlock[] {
  const fields = block.facts.map((f) => {
    const label = fitText(f.label, 200);
    const budget = SLACK_LIMITS.fieldText - label.length - 3;
    return mrkdwn(`*${label}*\n${fitText(f.value.trim() ? f.value : '—', budget)}`);
  });
  return inGroupsOf(fields, SLACK_LIMITS.fieldsPerSection).map((group) => ({ type: 'section', fields: group }));
}

/** Whole items per section, so a link is never cut in half by the 3,000-character limit. */
function linkBlocks(block: Extract<Block, { type: 'links' }>): SlackBlock[] {
  const sections: string[] = [];
  for (const line of block.items.map(linkItem)) {
    const last = sections.length - 1;
    if (last >= 0 && sections[last].length + 1 + line.length <= SLACK_LIMITS.sectionText) sections[last] += `\n${line}`;
    else sections.push(line);
  }
  return sections.map((part) => ({ type: 'section', text: mrkdwn(part) }));
}

/** Buttons that run their command (`cafta_run:<n>`, numbered across the message), a few per actions block. */
function actionBlocks(block: Extract<Block, { type: 'actions' }>, counter: { n: number }): SlackBlock[] {
  const buttons: SlackButton[] = block.actions.map((a) => {
    const button: SlackButton = {
      type: 'button',
      text: plain(fitText(a.label, SLACK_LIMITS.buttonText)),
      action_id: `${RUN_ACTION_PREFIX}${counter.n++}`,
      value: fitText(a.command, SLACK_LIMITS.buttonValue),
    };
    if (a.style) button.style = a.style;
    return button;
  });
  return inGroupsOf(buttons, SLACK_LIMITS.buttonsPerActions).map((group) => ({ type: 'actions', elements: group }));
}

/**
 * Renders a Message as Block Kit plus a text fallback (notifications, screen readers).
 * Never produces a payload Slack would reject: long text is split across sections, extra
 * fields go to further sections, and beyond the block limit the answer ends with a pointer.
 */
export function toBlockKit(msg: Message, opts: BlockKitOptions = {}): BlockKitMessage {
  const tx = textsFor(msg.lang ?? DEFAULT_LANG);
  const counter = { n: 0 };
  const rendered = msg.blocks.flatMap((b) => renderBlock(b, counter, opts));
  const share =
    msg.audience === 'reply' &&
    opts.shareCommand !== undefined &&
    opts.shareCommand.trim() !== '' &&
    !opts.withoutActions;
  const budget = (opts.maxBlocks ?? SLACK_LIMITS.blocksPerMessage) - (share ? 1 : 0);
  let blocks = rendered;
  if (rendered.length > budget) {
    const kept = rendered.slice(0, budget - 1);
    const omitted = rendered.length - kept.length;
    blocks = [
      ...kept,
      {
        type: 'context',
        elements: [mrkdwn(tx.t('render.slack.shortened', { omitted, max: budget + (share ? 1 : 0) }))],
      },
    ];
  }
  if (share) {
    blocks = [
      ...blocks,
      {
        type: 'actions',
        block_id: SHARE_ACTION_ID,
        elements: [
          {
            type: 'button',
            text: plain(tx.t('render.slack.shareInChannel')),
            action_id: SHARE_ACTION_ID,
            value: fitText(opts.shareCommand ?? '', SLACK_LIMITS.buttonValue),
          },
        ],
      },
    ];
  }
  const firstHeader = msg.blocks.find((b) => b.type === 'header');
  const summary = msg.summary.trim()
    ? msg.summary
    : firstHeader && firstHeader.type === 'header'
      ? firstHeader.text
      : 'CAFTA 3.0';
  return { text: fitText(summary, SLACK_LIMITS.fallbackText), blocks };
}

/** Button values are escaped like all text; this gives back the command text to run. */
export function commandFromButtonValue(value: string): string {
  return value
    .replace(/\u2060/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
