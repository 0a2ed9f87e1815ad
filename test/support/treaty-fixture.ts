/**
 * A small in-memory TreatyData for pure schedule/digest tests. Dates are the real ones from
 * FACTS.md; the shape follows src/model.ts. Tests that need the real files use data/ instead.
 */
import type { Milestone, Party, RatificationEvent, TreatyData } from '../../src/treaty/model';

const day = (date: string, sources = ['seed']) => ({ values: [{ date, precision: 'day' as const, sources }] });

const party = (code: string, shortName: string, role: Party['role'] = 'party'): Party => ({
  code,
  name: shortName,
  shortName,
  aliases: [code.toLowerCase()],
  role,
  aseanMember: code !== 'CN',
  sources: ['seed'],
});

const milestone = (id: string, title: string, date: Milestone['date'], extra: Partial<Milestone> = {}): Milestone => ({
  id,
  title,
  summary: title,
  date,
  keywords: [id],
  sources: ['seed'],
  ...extra,
});

export function fixtureData(over: Partial<TreatyData> = {}): TreatyData {
  return {
    version: 'fixture00001',
    asOf: '2026-11-30',
    sources: { seed: { id: 'seed', title: 'Signing announcement' } },
    parties: [
      party('CN', 'China'),
      party('SG', 'Singapore'),
      party('VN', 'Viet Nam'),
      party('MY', 'Malaysia'),
      party('TL', 'Timor-Leste', 'asean-member-not-party'),
    ],
    milestones: [
      milestone('framework-agreement', 'Framework Agreement signed', day('2002-11-04'), { anniversary: true }),
      milestone('goods-agreement', 'Agreement on Trade in Goods signed', day('2004-11-29'), { anniversary: true }),
      milestone('full-implementation', 'CAFTA 1.0 fully implemented', day('2010-01-01'), { anniversary: true }),
      milestone('clmv', 'CLMV reach zero tariffs', {
        values: [{ date: '2015', precision: 'year', sources: ['seed'] }],
      }),
      milestone('upgrade-2-0', 'Upgrade Protocol signed', {
        values: [
          { date: '2015-11-21', precision: 'day', sources: ['seed'] },
          { date: '2015-11-22', precision: 'day', sources: ['seed'] },
        ],
      }),
      milestone('conclusion', 'Negotiations concluded', day('2025-05-20'), { anniversary: true }),
      milestone('timor-leste-admitted', 'Timor-Leste admitted to ASEAN', day('2025-10-26'), { parties: ['TL'] }),
      milestone('early-harvest', 'Early Harvest Protocol signed', day('2003-10-06'), { anniversary: false }),
      milestone('signing', 'CAFTA 3.0 Upgrade Protocol signed', day('2025-10-28'), { anniversary: true }),
    ],
    areas: [],
    events: [],
    eventsCheckedOn: '2026-11-30',
    eventsNote: 'No completed ratification or notification by any party had been found as of 2026-11-30.',
    l10n: {},
    entryIntoForce: {
      rule: { model: 'unknown' },
      depositary: { name: 'Secretary-General of ASEAN', basis: 'inferred-from-earlier-instruments', sources: [] },
      checkedOn: '2026-11-30',
      note: 'not found',
      sources: [],
    },
    ...over,
  };
}

/** A FIXTURE event (not a fact): used only to prove change detection. */
export const fixtureEvent = (
  id: string,
  partyCode: string,
  kind: RatificationEvent['kind'],
  date: string,
): RatificationEvent => ({
  id,
  party: partyCode,
  kind,
  date: day(date),
  summary: 'FIXTURE event for tests, not a fact',
  sources: ['seed'],
});
