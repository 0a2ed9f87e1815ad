/**
 * Forgiving text matching for what users type: accent- and case-insensitive keys, and an edit
 * distance for "did you mean" suggestions.
 */

/**
 * Folds text to a comparison key: Unicode-decomposed without combining marks (Việt Nam → viet nam),
 * lower case, punctuation dropped, hyphens/underscores as spaces, spaces collapsed.
 */
export function foldKey(input: string): string {
  return input
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/['’‘`".,()]/g, '')
    .replace(/[-_‐–—/]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Optimal-string-alignment distance: Levenshtein plus adjacent transpositions ("vietnma"). */
export function editDistance(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  const rows: number[][] = [];
  for (let i = 0; i <= s.length; i++) rows.push([i, ...new Array<number>(t.length).fill(0)]);
  for (let j = 0; j <= t.length; j++) rows[0][j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
    }
  }
  return rows[s.length][t.length];
}

/** How many edits still count as a typo of a word of this length. */
export const typoBudget = (length: number): number => (length <= 3 ? 1 : length <= 8 ? 2 : 3);

/**
 * Candidates within the typo budget of `query`, nearest first (ties keep candidate order).
 * Compares folded keys; returns the original candidate values.
 */
export function nearest<T>(query: string, candidates: readonly T[], keyOf: (c: T) => string, max = 3): T[] {
  const q = foldKey(query);
  if (q.length < 2) return [];
  const scored: Array<{ c: T; d: number; i: number }> = [];
  candidates.forEach((c, i) => {
    const k = foldKey(keyOf(c));
    const d = editDistance(q, k);
    if (d <= Math.min(typoBudget(Math.max(q.length, k.length)), Math.max(1, k.length - 1))) scored.push({ c, d, i });
  });
  scored.sort((a, b) => a.d - b.d || a.i - b.i);
  const out: T[] = [];
  for (const s of scored) if (!out.includes(s.c) && out.length < max) out.push(s.c);
  return out;
}

/** 1st, 2nd, 3rd, 4th, 11th, 21st … */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** `map[key]` for own keys only: user text like "constructor" must not hit Object.prototype. */
export function own<T>(map: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}
