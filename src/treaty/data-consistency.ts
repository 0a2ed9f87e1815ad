/**
 * Consistency of valid data: facts that each validate alone but contradict each other, so that
 * `status` would say two things at once. `data check` reports them; `data record` and
 * `data bundle` refuse to write or sign data that has any. Pure.
 */
import type { DataProblem } from './data';
import type { DatedFact, DateValue, Party, RatificationEvent, TreatyData } from './model';
import { aseanSignatureOf } from './queries';
import { formatDateValue as formatIn, formatDay as dayIn } from '../text/format';

// Operator texts (data check, data record) are English: the maintainers' language, not a reader's.
const formatDay = (date: string): string => dayIn('en', date);
const formatDateValue = (v: Pick<DateValue, 'date' | 'precision'>): string => formatIn('en', v);

/** Earliest and latest day a dated fact can mean: "2027" spans 2027-01-01 … 2027-12-31. */
function span(fact: DatedFact): { from: string; to: string } | undefined {
  if (fact.values.length === 0) return undefined;
  const bounds = fact.values.map((v) => {
    const [y, m] = v.date.split('-');
    if (v.precision === 'day') return { from: v.date, to: v.date };
    if (v.precision === 'month') return { from: `${y}-${m}-01`, to: `${y}-${m}-31` };
    return { from: `${y}-01-01`, to: `${y}-12-31` };
  });
  return {
    from: bounds.map((b) => b.from).sort()[0],
    to: bounds
      .map((b) => b.to)
      .sort()
      .reverse()[0],
  };
}

const describe = (fact: DatedFact): string => fact.values.map(formatDateValue).join(' or ');

/** The day a party's signature is known by: its own, else the signature for ASEAN. */
function signedOn(data: TreatyData, party: Party): { to: string; text: string } | undefined {
  const own = party.signed && span(party.signed);
  if (own && party.signed) return { to: own.to, text: describe(party.signed) };
  const asean = aseanSignatureOf(data, party);
  return asean ? { to: asean.date.date, text: formatDateValue(asean.date) } : undefined;
}

/** Words that, next to a recorded event, say the opposite ("no ratification … found"). */
const NONE_FOUND = /\b(no (completed )?(ratification|notification)|none (has been |had been )?(found|reported))\b/i;

function noneFoundTexts(data: TreatyData): DataProblem[] {
  const texts: Array<[string, string, string, string | undefined]> = [
    ...data.milestones.map((m): [string, string, string, string] => ['milestones.json', m.id, 'summary', m.summary]),
    ...data.parties.map((p): [string, string, string, string | undefined] => ['parties.json', p.code, 'note', p.note]),
    ...(data.statements ?? []).map((s): [string, string, string, string] => ['events.json', s.id, 'text', s.text]),
    ['entry-into-force.json', 'clause', 'note', data.entryIntoForce.note],
  ];
  return texts
    .filter(([, , , text]) => text !== undefined && NONE_FOUND.test(text))
    .map(([file, record, field]) => ({
      file,
      record,
      field,
      message: `says no ratification or notification was found, but ${data.events.length} event(s) are recorded in events.json; reword it (the status note is derived from the events)`,
    }));
}

function eventProblems(data: TreatyData, e: RatificationEvent): DataProblem[] {
  const out: DataProblem[] = [];
  const at = { file: 'events.json', record: e.id, field: 'date' };
  const when = span(e.date);
  if (!when) return out;
  if (when.from > data.eventsCheckedOn) {
    out.push({
      ...at,
      message: `${describe(e.date)} is after checkedOn (${formatDay(data.eventsCheckedOn)}): the events cannot have been checked before this one happened; move checkedOn forward (cafta data checked YYYY-MM-DD)`,
    });
  }
  const party = data.parties.find((p) => p.code === e.party);
  const signed = party && signedOn(data, party);
  if (party && signed && when.to < signed.to) {
    out.push({ ...at, message: `${describe(e.date)} is before ${party.shortName}'s signature (${signed.text})` });
  }
  // A party's steps come in order: ratification, then notification, then entry into force.
  const order: RatificationEvent['kind'][] = ['ratification', 'notification', 'entry-into-force'];
  for (const earlier of order.slice(0, order.indexOf(e.kind))) {
    const prev = data.events.find((x) => x.party === e.party && x.kind === earlier);
    const prevSpan = prev && span(prev.date);
    if (prev && prevSpan && when.to < prevSpan.from) {
      out.push({
        ...at,
        message: `${describe(e.date)} is before the same party's ${earlier} (${describe(prev.date)})`,
      });
    }
  }
  return out;
}

/** Every contradiction between valid records; [] when the data tells one story. */
export function consistencyProblems(data: TreatyData): DataProblem[] {
  const out: DataProblem[] = data.events.flatMap((e) => eventProblems(data, e));
  const latest = data.events
    .map((e) => span(e.date)?.from)
    .filter((d): d is string => d !== undefined)
    .sort()
    .reverse()[0];
  if (latest && data.asOf < latest) {
    out.push({
      file: 'meta.json',
      record: '(file)',
      field: 'asOf',
      message: `${formatDay(data.asOf)} is before the latest recorded event (${formatDay(latest)}); "as of" must be on or after it`,
    });
  }
  for (const [file, date] of [
    ['events.json', data.eventsCheckedOn],
    ['entry-into-force.json', data.entryIntoForce.checkedOn],
  ] as const) {
    if (data.asOf < date) {
      out.push({
        file: 'meta.json',
        record: '(file)',
        field: 'asOf',
        message: `${formatDay(data.asOf)} is before ${file} checkedOn (${formatDay(date)}); the data is as of its latest check`,
      });
    }
  }
  if (data.events.length > 0) out.push(...noneFoundTexts(data));
  return out;
}
