/**
 * Pieces every information answer shares: numbered source notes (every fact shows where it
 * comes from), the "as of / version" footer, and the wording for a not-found lookup.
 */
import { context, links, quoteUserText, subheading, type Block, type Message } from '../text/message';
import type { Texts } from '../text/texts';
import type { DatedFact, DateValue, TreatyData } from '../treaty/model';
import { sourceItemById } from '../treaty/sources';
import { hint } from './usage';
import type { CommandName } from './types';

/**
 * Numbers sources in order of first use: facts carry "[1, 2]" and one list at the end gives
 * title and URL. Keeps long answers readable while every fact still names its source.
 */
export class SourceNotes {
  private readonly order: string[] = [];
  constructor(
    private readonly tx: Texts,
    private readonly data: TreatyData,
  ) {}

  /** "[1, 3]" for these source ids (registering new ones), or "" when there are none. */
  ref(ids: readonly string[]): string {
    const nums = [...new Set(ids)].map((id) => {
      if (!this.order.includes(id)) this.order.push(id);
      return this.order.indexOf(id) + 1;
    });
    return nums.length === 0 ? '' : ` [${nums.sort((a, b) => a - b).join(', ')}]`;
  }

  /** A date with its sources; conflicts list each value (and its note) with its own sources. */
  date(fact: DatedFact | undefined, unknownText: string): string {
    const { tx } = this;
    const values = fact?.values ?? [];
    if (values.length === 0) return unknownText;
    const one = (v: DateValue): string =>
      `${tx.date(v)}${tx.t('date.precisionOnly', { precision: v.precision })}${v.note ? tx.t('date.note', { note: v.note }) : ''}${this.ref(v.sources)}`;
    if (values.length === 1) return one(values[0]);
    return tx.t('date.conflict', { values: tx.list(values.map(one), 'or') });
  }

  /** A dated record (an event) with its date's sources plus any of its own not already cited. */
  dated(fact: DatedFact, sources: readonly string[], unknownText: string): string {
    const cited = new Set(fact.values.flatMap((v) => v.sources));
    return `${this.date(fact, unknownText)}${this.ref(sources.filter((id) => !cited.has(id)))}`;
  }

  /**
   * "Sources" + one line per source: "[n] Title (published)" with the title a link when the
   * source has a full URL, else "[n] Title — url as found" (or the publisher when none was found).
   */
  blocks(): Block[] {
    if (this.order.length === 0) return [];
    return [
      subheading(this.tx.t('common.sources')),
      links(this.order.map((id, i) => sourceItemById(this.tx, this.data, id, `[${i + 1}] `))),
    ];
  }
}

/** Context line closing every answer: when the data was checked and which version it is. */
export const dataFooter = (tx: Texts, data: TreatyData): Block =>
  context(tx.t('common.footer', { date: tx.day(data.asOf), version: data.version }));

/** "not reported as of 30 Nov 2026" */
export const notReported = (tx: Texts, data: TreatyData): string =>
  tx.t('common.notReported', { date: tx.day(data.eventsCheckedOn) });

/** Lookup miss: "did you mean" with buttons (commands in the reader's language), or the full list of valid choices. */
export function notFound(
  tx: Texts,
  command: Extract<CommandName, 'party' | 'milestone' | 'area'>,
  query: string,
  suggestions: Array<{ label: string; command: string }>,
  choices: string,
  problem: 'notFound' | 'malformed' = 'notFound',
): Message {
  const quoted = tx.t('common.quoted', { text: quoteUserText(query, 40) });
  if (suggestions.length > 0) {
    return hint(
      tx,
      tx.t('notFound.near', {
        command,
        text: quoted,
        suggestions: tx.list(
          suggestions.map((s) => s.label),
          'or',
        ),
      }),
      { suggest: suggestions.map((s) => s.command), problem },
    );
  }
  return hint(tx, tx.t('notFound.none', { command, text: quoted }), { usage: command, extra: choices, problem });
}
