/**
 * GET /calendar.ics: an RFC 5545 feed (ical-generator) of all-day events, each with a stable UID
 * and its sources in the description — the anniversaries of every day-precision milestone (and
 * recorded ratification or entry into force) for the next 3 years, round ones marked; the
 * recorded ratifications, notifications and entries into force; and projected dates once the
 * entry-into-force rule is known. `?party=vn`: that party's events plus the common milestones.
 */
import ical, { ICalCalendarMethod } from 'ical-generator';
import { DateTime } from 'luxon';
import type { Lang } from '../../src/text/i18n';
import { textsFor, type Texts } from '../../src/text/texts';
import { anniversariesBetween, anniversaryLabel } from '../../src/treaty/anniversaries';
import { dataIn } from '../../src/treaty/localize';
import type { Party, TreatyData } from '../../src/treaty/model';
import { projectEntryIntoForce } from '../../src/treaty/queries';
import { sourceHref } from '../../src/treaty/sources';

/** Years of anniversaries the feed looks ahead. */
export const CALENDAR_YEARS = 3;
const UID_DOMAIN = 'cafta-bot';

interface CalendarEntry {
  uid: string;
  date: string;
  summary: string;
  lines: string[];
  sources: string[];
}

const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
const nextDay = (iso: string): Date => DateTime.fromISO(iso, { zone: 'utc' }).plus({ days: 1 }).toJSDate();

/** "Sources:" and one line per source: title and address (or the address as found). */
function sourceLines(tx: Texts, data: TreatyData, ids: readonly string[]): string[] {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  return [
    tx.t('web.ics.sources'),
    ...unique.map((id) => {
      const s = data.sources[id];
      if (!s) return `- ${id}`;
      const where = sourceHref(s.url) ?? s.url ?? s.publisher;
      return `- ${s.title}${where ? ` — ${where}` : ''}`;
    }),
  ];
}

/** The events of the feed for `lang` (the party's alone, plus common milestones, when given). */
export function calendarEntries(base: TreatyData, lang: Lang, today: string, party?: Party): CalendarEntry[] {
  const tx = textsFor(lang);
  const data = dataIn(base, tx.lang);
  const name = (code: string): string => data.parties.find((p) => p.code === code)?.shortName ?? code;
  const concerns = (code: string | undefined): boolean => !party || code === undefined || code === party.code;
  const milestoneFor = (id: string): boolean => {
    const m = data.milestones.find((x) => x.id === id);
    return !party || !m?.parties || m.parties.includes(party.code);
  };
  const out: CalendarEntry[] = [];

  const until = DateTime.fromISO(today, { zone: 'utc' }).plus({ years: CALENDAR_YEARS }).toISODate() ?? today;
  for (const a of anniversariesBetween(data, today, until)) {
    if (a.kind === 'milestone' ? !milestoneFor(a.id) : !concerns(a.party)) continue;
    out.push({
      uid: `anniversary-${a.occurrence}@${UID_DOMAIN}`,
      date: a.on,
      summary: tx.t('web.ics.anniversary', { round: a.round ? 'yes' : 'no', label: anniversaryLabel(tx, data, a) }),
      lines: [],
      sources: a.sources,
    });
  }

  for (const e of data.events) {
    if (!concerns(e.party)) continue;
    const days = e.date.values.filter((v) => v.precision === 'day');
    const conflict = e.date.values.length > 1;
    for (const v of days) {
      out.push({
        uid: `${e.id}-${v.date}@${UID_DOMAIN}`,
        date: v.date,
        summary: tx.t('web.ics.event', {
          party: name(e.party),
          kind: e.kind === 'entry-into-force' ? 'inForce' : e.kind,
        }),
        lines: [
          ...(e.summary ? [e.summary] : []),
          ...(conflict
            ? [
                tx.t('web.ics.conflict', {
                  values: tx.list(
                    e.date.values.map((x) => tx.date(x)),
                    'or',
                  ),
                }),
              ]
            : []),
          ...(v.note ? [v.note] : []),
        ],
        sources: [...v.sources, ...e.sources],
      });
    }
  }

  const eif = projectEntryIntoForce(data, tx);
  const eifSources = data.entryIntoForce.sources;
  const projected = (code: string | undefined, date: string): CalendarEntry => ({
    uid: `projected-entry-into-force${code ? `-${code.toLowerCase()}` : ''}@${UID_DOMAIN}`,
    date,
    summary: tx.t('web.ics.projected', { hasParty: code ? 'yes' : 'no', party: code ? name(code) : '' }),
    lines: [tx.t('web.ics.projectedNote', { text: eif.text })],
    sources: eifSources,
  });
  if (eif.state === 'projected') out.push(projected(undefined, eif.date));
  if (eif.state === 'per-party')
    for (const p of eif.parties) if (p.date && concerns(p.code)) out.push(projected(p.code, p.date));

  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.uid < b.uid ? -1 : 1));
}

/** The feed as text. `stamp` (DTSTAMP) is the data's as-of date, so the bytes follow the data. */
export function calendarIcs(base: TreatyData, lang: Lang, today: string, party?: Party): string {
  const tx = textsFor(lang);
  const data = dataIn(base, tx.lang);
  const shortName = party ? (data.parties.find((p) => p.code === party.code)?.shortName ?? party.code) : '';
  const cal = ical({
    prodId: { company: 'cafta-bot', product: 'CAFTA 3.0 status', language: tx.lang.toUpperCase() },
    name: tx.t('web.ics.name', { hasParty: party ? 'yes' : 'no', party: shortName }),
    description: tx.t('web.ics.description', { date: tx.day(data.asOf), version: data.version }),
    method: ICalCalendarMethod.PUBLISH,
    ttl: 60 * 60 * 6,
  });
  const stamp = day(data.asOf);
  for (const e of calendarEntries(base, lang, today, party)) {
    const href = e.sources.map((id) => sourceHref(data.sources[id]?.url)).find((u) => u !== undefined);
    cal.createEvent({
      id: e.uid,
      allDay: true,
      start: day(e.date),
      end: nextDay(e.date),
      stamp,
      summary: e.summary,
      description: [...e.lines, ...sourceLines(tx, data, e.sources)].join('\n'),
      ...(href ? { url: href } : {}),
    });
  }
  return cal.toString();
}
