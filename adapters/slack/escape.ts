/**
 * Slack text escaping, PURE. Slack turns `<!channel>`, `<!here>`, `<!subteam^…>`, `<@U…>` and
 * `<url|label>` into mentions and links, so `&`, `<` and `>` must always be entities. We also
 * defuse bare "@channel"/"@here"/"@everyone" with a word joiner: harmless without `link_names`,
 * but it means no sender option can ever turn user text into a ping.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const BROADCAST = /@(channel|here|everyone)\b/gi;

/** Removes control characters (except newline and tab) and defuses broadcast words. */
function defuse(raw: string): string {
  return raw.replace(/\r\n?/g, '\n').replace(CONTROL, ' ').replace(BROADCAST, '@\u2060$1');
}

const escapeChar = (ch: string): string => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch);

/** Escapes a whole string for any Slack text field. */
export function slackEscape(raw: string): string {
  return defuse(raw).replace(/[&<>]/g, escapeChar);
}

/**
 * Escapes and caps at `limit` characters (of the escaped text, as Slack counts it), ending with
 * "…" when cut. Cuts between code points, never inside an entity or a surrogate pair.
 */
export function fitText(raw: string, limit: number): string {
  const escaped = slackEscape(raw);
  if (escaped.length <= limit) return escaped;
  let out = '';
  for (const ch of Array.from(defuse(raw))) {
    const piece = escapeChar(ch);
    if (out.length + piece.length + 1 > limit) break;
    out += piece;
  }
  return `${out}…`;
}

/**
 * Escapes and splits text into parts of at most `limit` characters, preferring to break at a
 * newline, then at a space, so a long answer reads on across sections instead of being lost.
 */
export function chunkText(raw: string, limit: number): string[] {
  // Most texts fit in one part: skip the per-character walk (it dominated the slash-command CPU).
  const whole = slackEscape(raw);
  if (whole.length <= limit) return whole.trim() ? [whole] : [];
  const chars = Array.from(defuse(raw));
  const parts: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let len = 0;
    let end = start;
    let lastNewline = -1;
    let lastSpace = -1;
    while (end < chars.length) {
      const size = escapeChar(chars[end]).length;
      if (len + size > limit) break;
      len += size;
      if (chars[end] === '\n') lastNewline = end;
      else if (chars[end] === ' ') lastSpace = end;
      end += 1;
    }
    if (end < chars.length) {
      // Break at a newline or space if one is in the later half; else cut hard.
      const soft = lastNewline > start + limit / 2 ? lastNewline : lastSpace > start + limit / 2 ? lastSpace : -1;
      if (soft > start) end = soft;
    }
    const part = chars.slice(start, end).join('').replace(/[&<>]/g, escapeChar);
    if (part.trim()) parts.push(part);
    start = end;
    while (start < chars.length && (chars[start] === '\n' || chars[start] === ' ')) start += 1;
  }
  return parts;
}
