/**
 * Information commands about the history and content of the agreement: timeline, milestone,
 * areas, area and next. Pure: data, instant and zone are passed in.
 */
import { anniversaryLabel, upcoming } from '../treaty/anniversaries';
import {
  actions,
  context,
  divider,
  facts,
  header,
  list,
  message,
  quoteUserText,
  subheading,
  text,
  type Block,
  type Message,
} from '../text/message';
import type { Texts } from '../text/texts';
import type { Area, Milestone, TreatyData } from '../treaty/model';
import { findArea, findMilestone } from '../treaty/lookup';
import { areaNameOrigin, dataIn } from '../treaty/localize';
import { timeline } from '../treaty/queries';
import { dataFooter, notFound, notReported, SourceNotes } from './info-common';
import type { CommandName } from './types';
import { hint } from './usage';
import { commandText, optionWord } from './vocabulary';

const yes = (b: unknown): 'yes' | 'no' => (b ? 'yes' : 'no');

/* ------------------------------------------------------------------ timeline */

export function runTimelineCommand(tx: Texts, data: TreatyData, all: boolean): Message {
  const notes = new SourceNotes(tx, data);
  const cmd = (name: CommandName, ...args: string[]): string => commandText(tx.lang, name, ...args);
  const allWord = optionWord(tx.lang, 'grammar.timelineAll');
  const items = timeline(data, { all }).map((m) =>
    tx.t('timeline.item', {
      date: notes.date(m.date, tx.t('timeline.notYet', { notReported: notReported(tx, data) })),
      title: m.title,
      hasPlace: yes(m.place),
      place: m.place ?? '',
      refs: m.date.values.length === 0 ? notes.ref(m.sources) : '',
    }),
  );
  const hidden = data.milestones.length - items.length;
  const blocks: Block[] = [header(tx.t('timeline.header', { all: yes(all) })), list(items)];
  if (hidden > 0) blocks.push(context(tx.t('timeline.hidden', { hidden, command: cmd('timeline', allWord) })));
  blocks.push(divider(), ...notes.blocks());
  blocks.push(
    actions(
      { label: tx.t('action.signingInFull'), command: cmd('milestone', 'signing') },
      all
        ? { label: tx.t('action.mainMilestones'), command: cmd('timeline') }
        : { label: tx.t('action.allMilestones'), command: cmd('timeline', allWord) },
      { label: tx.t('action.status'), command: cmd('status') },
    ),
  );
  blocks.push(dataFooter(tx, data));
  return message(tx.t('timeline.summary', { count: items.length }), blocks);
}

/* ------------------------------------------------------------------ milestone */

function partyNames(tx: Texts, data: TreatyData, codes: string[]): string {
  return codes.map((c) => data.parties.find((p) => p.code === c)?.shortName ?? c).join(tx.t('common.listSeparator'));
}

/** One milestone in full; `data` in the reader's language. */
export function milestoneMessage(tx: Texts, data: TreatyData, m: Milestone): Message {
  const notes = new SourceNotes(tx, data);
  const cmd = (name: CommandName): string => commandText(tx.lang, name);
  const rows: Array<[string, string]> = [[tx.t('milestone.fact.date'), notes.date(m.date, notReported(tx, data))]];
  if (m.place) rows.push([tx.t('milestone.fact.place'), `${m.place}${notes.ref(m.placeSources ?? [])}`]);
  if (m.parties) rows.push([tx.t('milestone.fact.concerns'), partyNames(tx, data, m.parties)]);
  const blocks: Block[] = [header(m.title), text(`${m.summary}${notes.ref(m.sources)}`), facts(rows)];
  if (m.people && m.people.length > 0) blocks.push(text(tx.t('milestone.people')), list(m.people));
  if (m.date.values.length > 1) blocks.push(text(tx.t('milestone.conflict'), 'attention'));
  blocks.push(divider(), ...notes.blocks());
  blocks.push(
    actions(
      { label: tx.t('action.timeline'), command: cmd('timeline') },
      { label: tx.t('action.next'), command: cmd('next') },
    ),
  );
  blocks.push(dataFooter(tx, data));
  const date = notes.date(m.date, tx.t('common.dateNotReported')).replace(/ \[[\d, ]+\]/g, '');
  return message(tx.t('milestone.summary', { title: m.title, date }), blocks);
}

/** `base`: the data with every language's titles and keywords (for the lookup). */
export function runMilestoneCommand(tx: Texts, base: TreatyData, query: string): Message {
  const data = dataIn(base, tx.lang);
  const inLang = (m: Milestone): Milestone => data.milestones.find((x) => x.id === m.id) ?? m;
  const found = findMilestone(base, query);
  if (found.kind === 'found') return milestoneMessage(tx, data, inLang(found.value));
  const suggestions =
    found.kind === 'suggest'
      ? found.suggestions.map(inLang).map((m) => ({
          label: tx.t('milestone.suggestLabel', { title: m.title, id: m.id }),
          command: commandText(tx.lang, 'milestone', m.id),
        }))
      : [];
  return notFound(
    tx,
    'milestone',
    query,
    suggestions,
    tx.t('milestone.choices', { ids: data.milestones.map((m) => m.id).join(', ') }),
  );
}

/* ------------------------------------------------------------------ areas */

/** An area's name with the sources of its name in this language, when the overlay gives them. */
function areaName(tx: Texts, data: TreatyData, a: Area, notes: SourceNotes): string {
  const origin = areaNameOrigin(data, tx.lang, a);
  return origin ? `${a.name}${notes.ref(origin.sources)}` : a.name;
}

export function runAreasCommand(tx: Texts, data: TreatyData): Message {
  const notes = new SourceNotes(tx, data);
  const areas = [...data.areas].sort((a, b) => a.number - b.number);
  const common = areas.length > 0 ? areas[0].sources.filter((id) => areas.every((a) => a.sources.includes(id))) : [];
  const intro = tx.t('areas.intro', { refs: notes.ref(common), newCount: areas.filter((a) => a.isNew).length });
  const items = areas.map((a) =>
    tx.t('areas.item', {
      number: a.number,
      name: areaName(tx, data, a, notes),
      isNew: yes(a.isNew),
      orderNote: a.orderNote
        ? tx.t('areas.orderNote', { note: `${a.orderNote.text}${notes.ref(a.orderNote.sources)}` })
        : '',
    }),
  );
  const named = areas.some((a) => areaNameOrigin(data, tx.lang, a));
  const blocks: Block[] = [
    header(tx.t('areas.header', { count: areas.length })),
    text(intro),
    list(items),
    ...(named ? [context(tx.t('areas.namesFrom'))] : []),
    divider(),
    ...notes.blocks(),
    actions(
      ...areas.slice(0, 5).map((a) => ({
        label: tx.t('action.area', { number: a.number }),
        command: commandText(tx.lang, 'area', String(a.number)),
      })),
    ),
    dataFooter(tx, data),
  ];
  return message(tx.t('areas.summary', { count: areas.length }), blocks);
}

/** `base`: the data with every language's names (for the lookup). */
export function runAreaCommand(tx: Texts, base: TreatyData, query: string): Message {
  const data = dataIn(base, tx.lang);
  const inLang = (a: Area): Area => data.areas.find((x) => x.number === a.number) ?? a;
  const found = findArea(base, query);
  const cmd = (...args: string[]): string => commandText(tx.lang, 'area', ...args);
  if (found.kind !== 'found') {
    const suggestions =
      found.kind === 'suggest'
        ? found.suggestions.map(inLang).map((a) => ({
            label: tx.t('area.listed', { number: a.number, name: a.name }),
            command: cmd(String(a.number)),
          }))
        : [];
    const all = data.areas.map((a) => tx.t('area.listed', { number: a.number, name: a.name }));
    const choices = tx.t('area.choices', { count: data.areas.length, areas: all.join(tx.t('common.partSeparator')) });
    if (/^#?\s*[-+]?\d+(?:\.\d+)?\.?$/.test(query.trim())) {
      // A number outside 1–9 is a malformed option, like `next 400`: same wording, same exit code.
      const quoted = tx.t('common.quoted', { text: quoteUserText(query, 40) });
      return hint(tx, tx.t('hint.areaRange', { text: quoted, count: data.areas.length }), {
        usage: 'area',
        extra: choices,
        suggest: [cmd('1'), commandText(tx.lang, 'areas')],
      });
    }
    return notFound(tx, 'area', query, suggestions, choices);
  }
  return areaMessage(tx, data, inLang(found.value));
}

function areaMessage(tx: Texts, data: TreatyData, a: Area): Message {
  const notes = new SourceNotes(tx, data);
  const summary =
    a.summary === null
      ? text(tx.t('area.noSummary', { date: tx.day(data.asOf), hasNote: yes(a.note), note: a.note ?? '' }), 'muted')
      : text(a.summary);
  const listedAs = tx.t('area.listedAs', { number: a.number, count: data.areas.length });
  const origin = areaNameOrigin(data, tx.lang, a);
  const nameRow: Array<[string, string]> = origin
    ? [
        [
          tx.t('area.fact.name'),
          origin.note
            ? `${origin.note}${notes.ref(origin.sources)}`
            : tx.t('area.nameSourced', { refs: notes.ref(origin.sources).trim() }),
        ],
      ]
    : [];
  const next = data.areas.some((x) => x.number === a.number + 1)
    ? [
        {
          label: tx.t('action.area', { number: a.number + 1 }),
          command: commandText(tx.lang, 'area', String(a.number + 1)),
        },
      ]
    : [];
  const blocks: Block[] = [
    header(a.name),
    summary,
    facts([
      [
        tx.t('area.fact.listedAs'),
        a.orderNote
          ? `${listedAs}${tx.t('common.partSeparator')}${a.orderNote.text}${notes.ref(a.orderNote.sources)}`
          : listedAs,
      ],
      ...nameRow,
      [tx.t('area.fact.isNew'), tx.t('area.isNew', { isNew: yes(a.isNew) })],
      [tx.t('area.fact.sources'), notes.ref(a.sources).trim()],
    ]),
    divider(),
    ...notes.blocks(),
    actions({ label: tx.t('action.allAreas'), command: commandText(tx.lang, 'areas') }, ...next),
    dataFooter(tx, data),
  ];
  return message(tx.t('area.summary', { number: a.number, name: a.name }), blocks);
}

/* ------------------------------------------------------------------ next */

/** What comes up; `data` in the reader's language. */
export function runNextCommand(tx: Texts, data: TreatyData, now: Date, days: number, zone: string): Message {
  const u = upcoming(data, now, days, zone, tx);
  const notes = new SourceNotes(tx, data);
  const blocks: Block[] = [
    header(tx.t('next.header', { days })),
    context(tx.t('next.window', { from: tx.day(u.from), to: tx.day(u.to), same: yes(u.from === u.to), zone })),
  ];
  if (u.anniversaries.length > 0) {
    blocks.push(
      subheading(tx.t('next.anniversaries')),
      list(
        u.anniversaries.map(
          (a) =>
            `${tx.t('next.anniversary', { date: tx.day(a.on), round: yes(a.round), label: anniversaryLabel(tx, data, a) })}${notes.ref(a.sources)}`,
        ),
      ),
    );
  } else {
    blocks.push(text(tx.t('next.none')));
    if (u.nextAfter) {
      const n = u.nextAfter;
      blocks.push(
        text(
          `${tx.t('next.nextAfter', { date: tx.day(n.on), round: yes(n.round), label: anniversaryLabel(tx, data, n) })}${notes.ref(n.sources)}`,
        ),
      );
    }
  }
  blocks.push(
    subheading(tx.t('next.expectedHeader')),
    list(
      u.expected.map(
        (e) =>
          `${tx.t('next.expected', { hasDate: yes(e.date), date: e.date ? tx.day(e.date) : '', text: e.text })}${notes.ref(e.sources)}`,
      ),
    ),
  );
  blocks.push(divider(), ...notes.blocks());
  blocks.push(
    actions(
      {
        label: tx.t('action.subscribeReminders'),
        command: commandText(tx.lang, 'subscribe', optionWord(tx.lang, 'grammar.kind.reminders')),
        style: 'primary',
      },
      { label: tx.t('action.timeline'), command: commandText(tx.lang, 'timeline') },
    ),
  );
  blocks.push(dataFooter(tx, data));
  return message(tx.t('next.summary', { days, count: u.anniversaries.length }), blocks);
}
