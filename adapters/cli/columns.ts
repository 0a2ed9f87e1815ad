/**
 * How many terminal columns text takes: East Asian wide and full-width characters (汉字, ，。）
 * take two, everything else one. Chinese lines wrapped by character count would run to twice the
 * terminal's width, and facts padded by character count would not line up.
 */

/** Code point ranges a terminal draws two columns wide (East Asian Width W and F). */
const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x20000, 0x3fffd],
];

const widthOf = (ch: string): number => {
  const cp = ch.codePointAt(0) ?? 0;
  return WIDE.some(([a, b]) => cp >= a && cp <= b) ? 2 : 1;
};

/** Columns `text` takes in a terminal. */
export const columns = (text: string): number => {
  let n = 0;
  for (const ch of text) n += widthOf(ch);
  return n;
};

/** True when `text` has characters that may be broken between (ideographs). */
export const breaksAnywhere = (text: string): boolean => /[\u3400-\u9fff\uf900-\ufaff]/.test(text);

/** `text` padded with spaces to `width` columns. */
export const padColumns = (text: string, width: number): string =>
  text + ' '.repeat(Math.max(0, width - columns(text)));

/** Characters of a number or Latin word, which a line break must not split. */
const LATIN_RUN = /[A-Za-z0-9.:/_()'%&-]/;

/** Punctuation a line should not start with: it stays on the line before. */
const NO_LINE_START = /^[，。、；：！？）》」』’”,.;:!?)\]]/;

/**
 * The longest start of `text` that fits in `room` columns, plus the closing punctuation right
 * after it. A number or Latin word inside ideographic text ("21:30", "1.0版", "bilaterals.org")
 * is not cut in two: the cut moves before it, and when that leaves nothing `head` is empty (the
 * caller starts a new line) — unless `lineStart`, where something must be taken.
 */
export function fitColumns(text: string, room: number, lineStart = true): { head: string; rest: string } {
  const chars = Array.from(text);
  let used = 0;
  let i = 0;
  while (i < chars.length && (i === 0 || used + widthOf(chars[i]) <= room)) {
    used += widthOf(chars[i]);
    i += 1;
  }
  if (i < chars.length && LATIN_RUN.test(chars[i]) && i > 0 && LATIN_RUN.test(chars[i - 1])) {
    let start = i;
    while (start > 0 && LATIN_RUN.test(chars[start - 1])) start -= 1;
    if (start > 0) i = start;
    else if (!lineStart) return { head: '', rest: text };
  }
  while (i < chars.length && NO_LINE_START.test(chars[i])) i += 1;
  return { head: chars.slice(0, i).join(''), rest: chars.slice(i).join('') };
}
