/**
 * Message → readable terminal text: wrapped to the terminal width, facts aligned with hanging
 * indents, lists bulleted, buttons shown as commands you can type. Pure.
 */
import type { Block, Message } from '../../src/text/message';
import { DEFAULT_LANG } from '../../src/text/i18n';
import { textsFor, type Texts } from '../../src/text/texts';
import { breaksAnywhere, columns, fitColumns, padColumns } from './columns';

export interface TerminalOptions {
  /** Columns to wrap at (default 100; the CLI passes the terminal's width). */
  width?: number;
  /** How a command is typed here, e.g. `npm run --silent cafta -- `. Prefixes suggested commands. */
  commandPrefix?: string;
}

/**
 * Wraps one paragraph at word boundaries, counting terminal columns (an ideograph takes two);
 * words longer than a line are split, and ideographic text, which has no spaces, is broken
 * between characters to fill each line.
 */
export function wrap(text: string, width: number, firstIndent = '', restIndent = firstIndent): string[] {
  const lines: string[] = [];
  let line = firstIndent;
  let lineHasWord = false;
  const push = (): void => {
    lines.push(line.replace(/\s+$/, ''));
    line = restIndent;
    lineHasWord = false;
  };
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let w = word;
    const sep = (): number => (lineHasWord ? 1 : 0);
    if (lineHasWord && columns(line) + 1 + columns(w) > width && !breaksAnywhere(w)) push();
    // Fill the line with as much as fits, while the rest is still too long for a line of its own
    // (or, for ideographic text, whenever it does not fit where it is).
    while (
      w !== '' &&
      (columns(restIndent) + columns(w) > width || (breaksAnywhere(w) && columns(line) + sep() + columns(w) > width))
    ) {
      const room = width - columns(line) - sep();
      if (room < 2 && lineHasWord) {
        push();
        continue;
      }
      const { head, rest } = fitColumns(w, Math.max(1, room), !lineHasWord);
      if (head === '') {
        push();
        continue;
      }
      line += (lineHasWord ? ' ' : '') + head;
      w = rest;
      push();
    }
    if (w === '') continue;
    line += (lineHasWord ? ' ' : '') + w;
    lineHasWord = true;
  }
  if (lineHasWord || lines.length === 0) push();
  return lines;
}

function renderBlock(block: Block, width: number, prefix: string, tx: Texts): string[] {
  switch (block.type) {
    case 'header':
      return [...wrap(block.text, width), '='.repeat(Math.min(columns(block.text), width))];
    case 'text': {
      const mark = block.tone === 'warning' || block.tone === 'attention' ? '! ' : '';
      return wrap(block.text, width, mark, ' '.repeat(mark.length));
    }
    case 'facts': {
      const labelWidth = Math.min(28, Math.max(...block.facts.map((f) => columns(f.label))));
      const indent = ' '.repeat(labelWidth + 2);
      return block.facts.flatMap((f) => {
        const long = columns(f.label) > labelWidth;
        return long
          ? [f.label, ...wrap(f.value, width, indent)]
          : wrap(f.value, width, `${padColumns(f.label, labelWidth)}  `, indent);
      });
    }
    case 'list':
      return block.items.flatMap((item) => wrap(item, width, '  • ', '    '));
    case 'divider':
      return ['-'.repeat(Math.min(40, width))];
    case 'link':
      return wrap(`${block.label}: ${block.url}`, width);
    case 'links':
      // The URL on a line of its own, never wrapped: terminals make a whole URL clickable.
      return block.items.flatMap((item) => [
        ...wrap(`${item.before ?? ''}${item.label}${item.after ?? ''}`, width, '  • ', '    '),
        ...(item.url ? [`    ${item.url}`] : []),
      ]);
    case 'context':
    case 'subheading':
      return wrap(block.text, width);
    case 'actions':
      return wrap(
        tx.t('render.try', { commands: block.actions.map((a) => `${prefix}${a.command}`).join('  |  ') }),
        width,
        '',
        '     ',
      );
    case 'image':
      // The URL on its own line, never wrapped, as for sources.
      return [...wrap(block.alt, width), `    ${block.url}`];
    case 'linkButtons':
      return block.links.flatMap((l) => [...wrap(`${l.label}:`, width), `    ${l.url}`]);
  }
}

/** The whole message as terminal text (no trailing newline). */
export function toTerminalText(msg: Message, opts: TerminalOptions = {}): string {
  const width = Math.max(40, opts.width ?? 100);
  const prefix = opts.commandPrefix ?? '';
  const tx = textsFor(msg.lang ?? DEFAULT_LANG);
  const out: string[] = [];
  msg.blocks.forEach((block, i) => {
    // A blank line before section-like blocks keeps long answers scannable.
    if (i > 0 && (block.type === 'divider' || block.type === 'actions' || block.type === 'context')) out.push('');
    out.push(...renderBlock(block, width, prefix, tx));
  });
  return out.join('\n');
}
