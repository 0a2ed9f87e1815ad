/**
 * Message → readable terminal text: wrapped to the terminal width, facts aligned with hanging
 * indents, lists bulleted, buttons shown as commands you can type. Pure.
 */
import type { Block, Message } from '../../src/text/message';

export interface TerminalOptions {
  /** Columns to wrap at (default 100; the CLI passes the terminal's width). */
  width?: number;
  /** How a command is typed here, e.g. `npm run --silent cafta -- `. Prefixes suggested commands. */
  commandPrefix?: string;
}

const chars = (s: string): string[] => Array.from(s);

/** Wraps one paragraph at word boundaries; words longer than a line are split. */
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
    let w = chars(word);
    if (lineHasWord && chars(line).length + 1 + w.length > width) push();
    while (chars(restIndent).length + w.length > width && w.length > 0) {
      const room = Math.max(1, width - chars(line).length - (lineHasWord ? 1 : 0));
      line += (lineHasWord ? ' ' : '') + w.slice(0, room).join('');
      w = w.slice(room);
      push();
    }
    if (w.length === 0) continue;
    line += (lineHasWord ? ' ' : '') + w.join('');
    lineHasWord = true;
  }
  if (lineHasWord || lines.length === 0) push();
  return lines;
}

function renderBlock(block: Block, width: number, prefix: string): string[] {
  switch (block.type) {
    case 'header':
      return [...wrap(block.text, width), '='.repeat(Math.min(chars(block.text).length, width))];
    case 'text': {
      const mark = block.tone === 'warning' || block.tone === 'attention' ? '! ' : '';
      return wrap(block.text, width, mark, ' '.repeat(mark.length));
    }
    case 'facts': {
      const labelWidth = Math.min(28, Math.max(...block.facts.map((f) => chars(f.label).length)));
      const indent = ' '.repeat(labelWidth + 2);
      return block.facts.flatMap((f) => {
        const label = chars(f.label).length > labelWidth ? f.label : f.label.padEnd(labelWidth);
        return chars(f.label).length > labelWidth
          ? [label, ...wrap(f.value, width, indent)]
          : wrap(f.value, width, `${label}  `, indent);
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
      return wrap(block.text, width);
    case 'actions':
      return wrap(`Try: ${block.actions.map((a) => `${prefix}${a.command}`).join('  |  ')}`, width, '', '     ');
  }
}

/** The whole message as terminal text (no trailing newline). */
export function toTerminalText(msg: Message, opts: TerminalOptions = {}): string {
  const width = Math.max(40, opts.width ?? 100);
  const prefix = opts.commandPrefix ?? '';
  const out: string[] = [];
  msg.blocks.forEach((block, i) => {
    // A blank line before section-like blocks keeps long answers scannable.
    if (i > 0 && (block.type === 'divider' || block.type === 'actions' || block.type === 'context')) out.push('');
    out.push(...renderBlock(block, width, prefix));
  });
  return out.join('\n');
}
