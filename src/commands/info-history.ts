/**
 * Information commands about the history and content of the agreement: timeline, milestone,
 * areas, area and next. Pure: data, instant and zone are passed in.
 */
import { upcoming } from '../treaty/anniversaries';
import {
  actions,
  context,
  divider,
  facts,
  header,
  list,
  message,
  text,
  type Block,
  type Message,
} from '../text/message';
import type { Milestone, TreatyData } from '../treaty/model';
import { findArea, findMilestone } from '../treaty/lookup';
import { formatDay, timeline } from '../treaty/queries';
import { dataFooter, notFound, notReported, SourceNotes } from './info-common';

/* ------------------------------------------------------------------ timeline */

export function runTimelineCommand(data: TreatyData, all: boolean): Message {
  const notes = new SourceNotes(data);
  const items = timeline(data, { all }).map((m) => {
    const date = notes.date(m.date, `not yet (${notReported(data)})`);
    const place = m.place ? ` — ${m.place}` : '';
    const refs = m.date.values.length === 0 ? notes.ref(m.sources) : '';
    return `${date}: ${m.title}${place}${refs}`;
  });
  const hidden = data.milestones.length - items.length;
  const blocks: Block[] = [header(all ? 'CAFTA timeline (all milestones)' : 'CAFTA timeline'), list(items)];
  if (hidden > 0)
    blocks.push(context(`${hidden} milestones that concern only some parties are hidden; timeline --all shows them.`));
  blocks.push(divider(), ...notes.blocks());
  blocks.push(
    actions(
      { label: 'Signing in full', command: 'milestone signing' },
      all ? { label: 'Main milestones', command: 'timeline' } : { label: 'All milestones', command: 'timeline --all' },
      { label: 'Status', command: 'status' },
    ),
  );
  blocks.push(dataFooter(data));
  return message(`CAFTA timeline: ${items.length} milestones`, blocks);
}

/* ------------------------------------------------------------------ milestone */

function partyNames(data: TreatyData, codes: string[]): string {
  return codes.map((c) => data.parties.find((p) => p.code === c)?.shortName ?? c).join(', ');
}

export function milestoneMessage(data: TreatyData, m: Milestone): Message {
  const notes = new SourceNotes(data);
  const rows: Array<[string, string]> = [['Date', notes.date(m.date, notReported(data))]];
  if (m.place) rows.push(['Place', `${m.place}${notes.ref(m.placeSources ?? [])}`]);
  if (m.parties) rows.push(['Concerns', partyNames(data, m.parties)]);
  const blocks: Block[] = [header(m.title), text(`${m.summary}${notes.ref(m.sources)}`), facts(rows)];
  if (m.people && m.people.length > 0) blocks.push(text('People'), list(m.people));
  if (m.date.values.length > 1) {
    blocks.push(
      text('Sources differ on the date: every value is kept above with its own sources; none is picked.', 'attention'),
    );
  }
  blocks.push(divider(), ...notes.blocks());
  blocks.push(actions({ label: 'Timeline', command: 'timeline' }, { label: 'Next', command: 'next' }));
  blocks.push(dataFooter(data));
  return message(`${m.title}: ${notes.date(m.date, 'date not reported').replace(/ \[[\d, ]+\]/g, '')}`, blocks);
}

export function runMilestoneCommand(data: TreatyData, query: string): Message {
  const found = findMilestone(data, query);
  if (found.kind === 'found') return milestoneMessage(data, found.value);
  const suggestions =
    found.kind === 'suggest' ? found.suggestions.map((m) => ({ label: m.id, command: `milestone ${m.id}` })) : [];
  return notFound('milestone', query, suggestions, `Milestones: ${data.milestones.map((m) => m.id).join(', ')}.`);
}

/* ------------------------------------------------------------------ areas */

export function runAreasCommand(data: TreatyData): Message {
  const notes = new SourceNotes(data);
  const areas = [...data.areas].sort((a, b) => a.number - b.number);
  const common = areas.length > 0 ? areas[0].sources.filter((id) => areas.every((a) => a.sources.includes(id))) : [];
  const blocks: Block[] = [
    header(`The ${areas.length === 9 ? 'nine' : areas.length} areas of the CAFTA 3.0 upgrade`),
    text(
      `Numbered as listed in the signing announcement${notes.ref(common)}: positions in that list, not chapter numbers. ${areas.filter((a) => a.isNew).length} are new areas for the FTA.`,
    ),
    list(
      areas.map(
        (a) =>
          `${a.number}. ${a.name}${a.isNew ? ' — new in 3.0' : ''}${a.orderNote ? ` (${a.orderNote.text}${notes.ref(a.orderNote.sources)})` : ''}`,
      ),
    ),
    divider(),
    ...notes.blocks(),
    actions(...areas.slice(0, 5).map((a) => ({ label: `Area ${a.number}`, command: `area ${a.number}` }))),
    dataFooter(data),
  ];
  return message(`The ${areas.length} areas of the CAFTA 3.0 upgrade`, blocks);
}

export function runAreaCommand(data: TreatyData, query: string): Message {
  const found = findArea(data, query);
  if (found.kind !== 'found') {
    const suggestions =
      found.kind === 'suggest'
        ? found.suggestions.map((a) => ({ label: `${a.number}. ${a.name}`, command: `area ${a.number}` }))
        : [];
    return notFound(
      'area',
      query,
      suggestions,
      `There are ${data.areas.length} areas, numbered 1 to ${data.areas.length}: ${data.areas.map((a) => `${a.number}. ${a.name}`).join('; ')}.`,
    );
  }
  const a = found.value;
  const notes = new SourceNotes(data);
  const summary =
    a.summary === null
      ? text(
          `No summary of this chapter was found in the sources checked (as of ${formatDay(data.asOf)}).${a.note ? ` ${a.note}` : ''}`,
          'muted',
        )
      : text(a.summary);
  const listedAs = `no. ${a.number} of ${data.areas.length} in the signing announcement's list (a position, not a chapter number)`;
  const blocks: Block[] = [
    header(a.name),
    summary,
    facts([
      ['Listed as', a.orderNote ? `${listedAs}; ${a.orderNote.text}${notes.ref(a.orderNote.sources)}` : listedAs],
      ['New in 3.0', a.isNew ? 'yes, a new area for the FTA' : 'no, it upgrades chapters of the existing agreements'],
      ['Sources', notes.ref(a.sources).trim()],
    ]),
    divider(),
    ...notes.blocks(),
    actions(
      { label: 'All areas', command: 'areas' },
      ...(data.areas.some((x) => x.number === a.number + 1)
        ? [{ label: `Area ${a.number + 1}`, command: `area ${a.number + 1}` }]
        : []),
    ),
    dataFooter(data),
  ];
  return message(`Area ${a.number}: ${a.name}`, blocks);
}

/* ------------------------------------------------------------------ next */

export function runNextCommand(data: TreatyData, now: Date, days: number, zone: string): Message {
  const u = upcoming(data, now, days, zone);
  const notes = new SourceNotes(data);
  const blocks: Block[] = [
    header(`Coming up in the next ${days} day${days === 1 ? '' : 's'}`),
    context(`${formatDay(u.from)} to ${formatDay(u.to)}, dates in ${zone}`),
  ];
  if (u.anniversaries.length > 0) {
    blocks.push(
      text('Anniversaries'),
      list(u.anniversaries.map((a) => `${formatDay(a.on)}: ${a.round ? '★ ' : ''}${a.label}${notes.ref(a.sources)}`)),
    );
  } else {
    blocks.push(text('No anniversaries in this window.'));
    if (u.nextAfter) {
      const n = u.nextAfter;
      blocks.push(text(`Next: ${formatDay(n.on)}, ${n.round ? '★ ' : ''}${n.label}${notes.ref(n.sources)}`));
    }
  }
  blocks.push(
    text('Expected'),
    list(u.expected.map((e) => `${e.date ? `${formatDay(e.date)}: ` : ''}${e.text}${notes.ref(e.sources)}`)),
  );
  blocks.push(divider(), ...notes.blocks());
  blocks.push(
    actions(
      { label: 'Subscribe to reminders', command: 'subscribe reminders', style: 'primary' },
      { label: 'Timeline', command: 'timeline' },
    ),
  );
  blocks.push(dataFooter(data));
  const count = u.anniversaries.length;
  return message(`Next ${days} days: ${count} anniversar${count === 1 ? 'y' : 'ies'}`, blocks);
}
