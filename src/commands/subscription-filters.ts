/**
 * `party …` and `area …` in `subscribe`: the names typed (positions in the command's words) looked
 * up in the data when the command runs — several words make one name (`viet nam`), numbers are
 * areas — with a hint whose buttons run the whole command again with only the mistaken name
 * replaced; and a subscription's filters in words for answers.
 */
import type { SubscriptionFilters } from '../delivery/model';
import { quoteUserText, type Message } from '../text/message';
import type { Texts } from '../text/texts';
import { findArea, findParty, type LookupResult } from '../treaty/lookup';
import { dataIn } from '../treaty/localize';
import type { Party, TreatyData } from '../treaty/model';
import { withWordReplaced } from './parse-subscribe';
import { partyChoices } from './subscription-edit';
import type { Command } from './types';
import { hint } from './usage';

type Subscribe = Extract<Command, { name: 'subscribe' }>;

/** `party …` and `area …` as typed, looked up: the lists to set, or a hint offering the whole command again. */
export function resolveFilters(
  tx: Texts,
  data: TreatyData,
  cmd: Subscribe,
): { ok: true; edit?: Partial<SubscriptionFilters> } | { ok: false; hint: Message } {
  const edit: Partial<SubscriptionFilters> = {};
  for (const which of ['parties', 'areas'] as const) {
    const given = cmd[which];
    if (given === undefined) continue;
    if (given === 'all') {
      edit[which] = [];
      continue;
    }
    if (given.length === 0) return { ok: false, hint: filterHint(tx, data, cmd, which) };
    const found = which === 'parties' ? lookupParties(data, cmd.words, given) : lookupAreas(data, cmd.words, given);
    if (!found.ok) return { ok: false, hint: filterHint(tx, data, cmd, which, found) };
    Object.assign(edit, { [which]: found.values });
  }
  return { ok: true, edit: Object.keys(edit).length > 0 ? edit : undefined };
}

type Looked<V> = { ok: true; values: V[] } | { ok: false; at: number; suggestions: string[]; notParty?: string };

/**
 * Names at positions `at` of `words`, greedily: the longest run of adjacent words that names one
 * record (`viet nam`, `brunei darussalam`), else the first word alone.
 */
function lookupRuns<T, V>(
  words: readonly string[],
  at: readonly number[],
  find: (q: string) => LookupResult<T>,
  value: (t: T) => V | undefined,
  suggestion: (t: T) => string | undefined,
  joinable: (word: string) => boolean = () => true,
): Looked<V> | { ok: false; at: number; found: T } {
  const values: V[] = [];
  for (let i = 0; i < at.length;) {
    let n = 1;
    while (i + n < at.length && at[i + n] === at[i] + n && joinable(words[at[i]]) && joinable(words[at[i + n]])) n++;
    let hit: { t: T; n: number } | undefined;
    for (let len = n; len >= 1 && !hit; len--) {
      const r = find(words.slice(at[i], at[i] + len).join(' '));
      if (r.kind === 'found') hit = { t: r.value, n: len };
    }
    if (!hit) {
      const r = find(words[at[i]]);
      const suggestions = r.kind === 'suggest' ? r.suggestions.flatMap((t) => suggestion(t) ?? []) : [];
      return { ok: false, at: at[i], suggestions: [...new Set(suggestions)].slice(0, 3) };
    }
    const v = value(hit.t);
    if (v === undefined) return { ok: false, at: at[i], found: hit.t };
    if (!values.includes(v)) values.push(v);
    i += hit.n;
  }
  return { ok: true, values };
}

function lookupParties(data: TreatyData, words: readonly string[], at: readonly number[]): Looked<string> {
  const isParty = (p: Party): boolean => p.role === 'party';
  const r = lookupRuns(
    words,
    at,
    (q) => findParty(data, q),
    (p) => (isParty(p) ? p.code.toLowerCase() : undefined),
    (p) => (isParty(p) ? p.code.toLowerCase() : undefined),
  );
  return 'found' in r ? { ok: false, at: r.at, suggestions: [], notParty: r.found.code } : r;
}

function lookupAreas(data: TreatyData, words: readonly string[], at: readonly number[]): Looked<number> {
  const r = lookupRuns(
    words,
    at,
    (q) => findArea(data, q),
    (a) => a.number,
    (a) => String(a.number),
    // "area green 9" is two areas: a number is never part of a name.
    (w) => !/^#?\d+$/.test(w),
  );
  return 'found' in r ? { ok: true, values: [] } : r;
}

/** Why `party …` / `area …` was not understood, with buttons running the whole command with the name fixed. */
function filterHint(
  tx: Texts,
  base: TreatyData,
  cmd: Subscribe,
  which: 'parties' | 'areas',
  problem?: Exclude<Looked<unknown>, { ok: true }>,
): Message {
  const data = dataIn(base, tx.lang);
  const listOf =
    which === 'parties'
      ? partyChoices(data).map((p) => `${p.name} (${p.code})`)
      : data.areas.map((a) => `${a.number} ${a.name}`);
  const typed = problem ? cmd.words[problem.at] : '';
  const quoted = tx.t('common.quoted', { text: quoteUserText(typed, 40) });
  const notParty = problem?.notParty ? data.parties.find((p) => p.code === problem.notParty)?.shortName : undefined;
  const near = (problem?.suggestions ?? []).map((s) =>
    which === 'parties'
      ? (data.parties.find((p) => p.code.toLowerCase() === s)?.shortName ?? s)
      : (data.areas.find((a) => String(a.number) === s)?.name ?? s),
  );
  const problemText = !problem
    ? tx.t('edit.filterEmpty', { which })
    : notParty
      ? tx.t('edit.notAParty', { name: notParty })
      : near.length > 0
        ? tx.t('edit.filterNear', { which, text: quoted, near: tx.list(near, 'or') })
        : tx.t('edit.filterUnknown', { which, text: quoted });
  const suggest = problem
    ? (problem.suggestions ?? []).map((s) => withWordReplaced(tx.lang, 'subscribe', cmd.words, problem.at, s))
    : [];
  return hint(tx, problemText, {
    usage: 'subscribe',
    suggest,
    extra: tx.t('edit.filterChoices', { which, choices: listOf.join(tx.t('common.listSeparator')) }),
  });
}

/** "parties: Viet Nam, Thailand" when narrowed, else undefined. */
export function filterNames(
  tx: Texts,
  data: TreatyData,
  which: 'parties' | 'areas',
  filters: SubscriptionFilters,
): string | undefined {
  const names =
    which === 'parties'
      ? filters.parties.map((c) => data.parties.find((p) => p.code.toLowerCase() === c)?.shortName ?? c.toUpperCase())
      : filters.areas.map((n) => data.areas.find((a) => a.number === n)?.name ?? String(n));
  return names.length === 0 ? undefined : tx.t('edit.only', { which, names: tx.list(names) });
}

/** " · parties: Viet Nam · areas: Digital economy" for a narrowed subscription, else "". */
export function filtersText(tx: Texts, data: TreatyData, filters: SubscriptionFilters): string {
  return (['parties', 'areas'] as const)
    .map((w) => filterNames(tx, data, w, filters))
    .filter((x): x is string => x !== undefined)
    .map((x) => tx.t('subscription.filters', { what: x }))
    .join('');
}
