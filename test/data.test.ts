import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkData, createDataSource, loadData, type DataProblem } from '../src/treaty/data';
import { isCaftaError } from '../src/infra/errors';
import { createMemoryLogger } from '../src/infra/logger';
import { copyData, REAL_DATA_DIR, type DataFixture } from './support/data-fixture';

type Rec = Record<string, unknown>;
const seed = readFileSync(join(REAL_DATA_DIR, 'seed', 'cafta-3.0-signing-announcement.txt'), 'utf8');

describe('the real data/', () => {
  const data = loadData(REAL_DATA_DIR);

  it('validates and has a 12-hex version and the as-of date', () => {
    expect(data.version).toMatch(/^[0-9a-f]{12}$/);
    expect(data.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('has China + the ten ASEAN parties, and Timor-Leste as a non-party ASEAN member', () => {
    const parties = data.parties
      .filter((p) => p.role === 'party')
      .map((p) => p.code)
      .sort();
    expect(parties).toEqual(['BN', 'CN', 'ID', 'KH', 'LA', 'MM', 'MY', 'PH', 'SG', 'TH', 'VN']);
    const tl = data.parties.find((p) => p.code === 'TL');
    expect(tl).toMatchObject({ role: 'asean-member-not-party', aseanMember: true });
    expect(tl?.signed).toBeUndefined();
    expect(tl?.aseanSignature).toBeUndefined();
  });

  it('own signatures only where reported; every other ASEAN party is covered by the signature for ASEAN', () => {
    // FACTS corrections (3 Dec 2026): China signed for China; own signatures reported only for
    // Viet Nam (28 Oct) and Singapore (24 Oct); Malaysia's minister signed for ASEAN.
    const own = Object.fromEntries(
      data.parties
        .filter((p) => p.role === 'party')
        .map((p) => [p.code, p.signed?.values.map((v) => [v.date, v.precision])]),
    );
    expect(own).toEqual({
      CN: [['2025-10-28', 'day']],
      VN: [['2025-10-28', 'day']],
      SG: [['2025-10-24', 'day']],
      BN: [],
      KH: [],
      ID: [],
      LA: [],
      MY: [],
      MM: [],
      PH: [],
      TH: [],
    });
    for (const p of data.parties.filter((x) => x.aseanMember && x.role === 'party'))
      expect(p.aseanSignature).toEqual({ by: 'MY', milestone: 'signing' });
    expect(data.parties.find((p) => p.code === 'CN')?.aseanSignature).toBeUndefined();
  });

  it('keeps the hk01 misreport rejected, and the depositary as inferred from earlier instruments', () => {
    expect(data.rejectedReports?.map((r) => r.outlet)).toEqual(['hk01']);
    expect(data.entryIntoForce.depositary).toEqual({
      name: 'Secretary-General of ASEAN',
      basis: 'inferred-from-earlier-instruments',
      sources: ['nus-cil-database', 'pna-2025-10-28'],
    });
    expect(data.sources['mofcom-wang-wentao']).toBeUndefined();
  });

  it('keeps conflicting dates with their own sources', () => {
    const upgrade = data.milestones.find((m) => m.id === 'upgrade-2-0-signed');
    expect(upgrade?.date.values.map((v) => [v.date, v.sources])).toEqual([
      ['2015-11-21', ['asean-2015-certified-copy', 'nus-cil-database']],
      ['2015-11-22', ['xinhua-2015-upgrade']],
    ]);
    expect(data.milestones.find((m) => m.id === 'clmv-zero-tariff')?.date.values[0]).toMatchObject({
      date: '2015',
      precision: 'year',
    });
  });

  it('names the nine areas exactly as the seed announcement does, in its order', () => {
    const list = seed.match(/covers nine areas: (.*?)\. Following/)?.[1] ?? '';
    const names = data.areas.map((a) => a.name);
    expect(names).toHaveLength(9);
    expect(list).toBe(`${names.slice(0, -1).join(', ')}, and ${names[8]}`);
    expect(data.areas.filter((a) => a.summary === null).map((a) => a.number)).toEqual([5, 6]);
  });

  it('the signing milestone names the signatories, witnesses and place', () => {
    const signing = data.milestones.find((m) => m.id === 'signing');
    const people = (signing?.people ?? []).join(' | ');
    for (const name of ['Wang Wentao', 'Tengku Zafrul Aziz', 'Li Qiang', 'Anwar Ibrahim', 'Kao Kim Hourn'])
      expect(people).toContain(name);
    expect(signing?.place).toContain('Kuala Lumpur Convention Centre');
  });
});

describe('validation reports file, record and field for every problem', () => {
  let fx: DataFixture;
  beforeEach(() => {
    fx = copyData();
  });
  afterEach(() => fx.remove());

  const cases: Array<[string, (fx: DataFixture) => void, Partial<DataProblem>[]]> = [
    [
      'unknown source id',
      (f) =>
        f.edit<Rec[]>('milestones.json', (ms) => {
          (ms[0].sources as string[]).push('nope');
        }),
      [{ file: 'milestones.json', record: 'framework-agreement', field: 'sources' }],
    ],
    [
      'unknown source inside a date value',
      (f) =>
        f.edit<Rec[]>('parties.json', (ps) => {
          ((ps[0].signed as Rec).values as Rec[])[0].sources = ['ghost'];
        }),
      [{ file: 'parties.json', record: 'CN', field: 'signed.values[0].sources' }],
    ],
    [
      'day date that does not exist',
      (f) =>
        f.edit<Rec[]>('milestones.json', (ms) => {
          ((ms[0].date as Rec).values as Rec[])[0].date = '2002-02-30';
        }),
      [{ file: 'milestones.json', record: 'framework-agreement', field: 'date.values[0].date' }],
    ],
    [
      'date written finer than its precision',
      (f) =>
        f.edit<Rec[]>('milestones.json', (ms) => {
          const m = ms.find((x) => x.id === 'clmv-zero-tariff') as Rec;
          ((m.date as Rec).values as Rec[])[0].date = '2015-06-01';
        }),
      [{ file: 'milestones.json', record: 'clmv-zero-tariff', field: 'date.values[0].date' }],
    ],
    [
      'duplicate milestone id',
      (f) =>
        f.edit<Rec[]>('milestones.json', (ms) => {
          ms[1].id = ms[0].id;
        }),
      [{ file: 'milestones.json', record: 'framework-agreement', field: 'id' }],
    ],
    [
      'duplicate party code + alias clash',
      (f) =>
        f.edit<Rec[]>('parties.json', (ps) => {
          ps[1].code = 'CN';
        }),
      [{ file: 'parties.json', record: 'CN', field: 'code' }],
    ],
    [
      'alias naming two parties',
      (f) =>
        f.edit<Rec[]>('parties.json', (ps) => {
          (ps[1].aliases as string[]).push('china');
        }),
      [{ file: 'parties.json', record: 'BN', field: 'aliases' }],
    ],
    [
      'misspelt field',
      (f) =>
        f.edit<Rec[]>('areas.json', (as) => {
          as[0].titel = 'x';
        }),
      [{ file: 'areas.json', record: '1', field: 'titel' }],
    ],
    [
      'event for an unknown party, with a wrong id',
      (f) =>
        f.edit<Rec>('events.json', (e) => {
          e.events = [
            {
              id: 'xx-ratification',
              party: 'XX',
              kind: 'ratification',
              date: { values: [] },
              sources: ['mofcom-2025-11-13'],
            },
          ];
        }),
      [{ file: 'events.json', record: 'xx-ratification', field: 'party' }],
    ],
    [
      'event for a non-party',
      (f) =>
        f.edit<Rec>('events.json', (e) => {
          e.events = [
            {
              id: 'tl-ratification',
              party: 'TL',
              kind: 'ratification',
              date: { values: [] },
              sources: ['mofcom-2025-11-13'],
            },
          ];
        }),
      [{ file: 'events.json', record: 'tl-ratification', field: 'party' }],
    ],
    [
      'event id not <code>-<kind>',
      (f) =>
        f.edit<Rec>('events.json', (e) => {
          e.events = [
            {
              id: 'vn-ratified',
              party: 'VN',
              kind: 'ratification',
              date: { values: [] },
              sources: ['mofcom-2025-11-13'],
            },
          ];
        }),
      [{ file: 'events.json', record: 'vn-ratified', field: 'id' }],
    ],
    [
      'unknown entry-into-force model',
      (f) =>
        f.edit<Rec>('entry-into-force.json', (c) => {
          c.rule = { model: 'soon' };
        }),
      [{ file: 'entry-into-force.json', record: 'clause', field: 'rule.model' }],
    ],
    [
      'anniversary on a disputed date',
      (f) =>
        f.edit<Rec[]>('milestones.json', (ms) => {
          (ms.find((x) => x.id === 'upgrade-2-0-signed') as Rec).anniversary = true;
        }),
      [{ file: 'milestones.json', record: 'upgrade-2-0-signed', field: 'anniversary' }],
    ],
    [
      'party code not ISO-2',
      (f) =>
        f.edit<Rec[]>('parties.json', (ps) => {
          ps[2].code = 'khm';
        }),
      [{ file: 'parties.json', record: 'khm', field: 'code' }],
    ],
    ['bad as-of date', (f) => f.write('meta.json', { asOf: '30/11/2026' }), [{ file: 'meta.json', field: 'asOf' }]],
    ['invalid JSON', (f) => writeFileSync(join(f.dir, 'areas.json'), '[{"number": 1,]'), [{ file: 'areas.json' }]],
    ['missing file', (f) => rmSync(join(f.dir, 'sources.json')), [{ file: 'sources.json' }]],
  ];

  it.each(cases)('%s', (_name, breakIt, expected) => {
    breakIt(fx);
    const result = checkData(fx.dir);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    for (const e of expected) expect(problems).toContainEqual(expect.objectContaining(e));
    for (const p of problems) expect(p.message.length).toBeGreaterThan(5);
  });

  it('reports several problems in one run, not just the first', () => {
    fx.edit<Rec[]>('milestones.json', (ms) => {
      (ms[0].sources as string[]).push('nope');
      ms[2].id = 'Bad Id';
    });
    fx.edit<Rec[]>('areas.json', (as) => {
      as[3].isNew = 'yes';
    });
    const result = checkData(fx.dir);
    const fields = result.ok ? [] : result.problems.map((p) => `${p.file}:${p.record}:${p.field}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        'milestones.json:framework-agreement:sources',
        'milestones.json:Bad Id:id',
        'areas.json:4:isNew',
      ]),
    );
  });

  it('loadData throws a coded error carrying the problems', () => {
    fx.edit<Rec[]>('milestones.json', (ms) => {
      ms[0].sources = ['nope'];
    });
    let caught: unknown;
    try {
      loadData(fx.dir);
    } catch (err) {
      caught = err;
    }
    expect(isCaftaError(caught) && caught.code).toBe('data_invalid');
    expect(isCaftaError(caught) && (caught.details as DataProblem[])[0].field).toBe('sources');
  });
});

describe('data version and reload', () => {
  let fx: DataFixture;
  beforeEach(() => {
    fx = copyData();
  });
  afterEach(() => fx.remove());

  it('the version ignores formatting and key order but follows content', () => {
    const v0 = loadData(fx.dir).version;
    fx.edit<Rec[]>('areas.json', (as) => as.map((a) => Object.fromEntries(Object.entries(a).reverse())));
    writeFileSync(join(fx.dir, 'meta.json'), JSON.stringify(fx.read('meta.json')));
    expect(loadData(fx.dir).version).toBe(v0);
    fx.edit<Rec>('meta.json', (m) => {
      m.asOf = '2026-12-01';
    });
    expect(loadData(fx.dir).version).not.toBe(v0);
  });

  it('a bad edit keeps the last good data and logs every problem; a good edit swaps', () => {
    const logger = createMemoryLogger();
    const source = createDataSource(fx.dir, logger);
    const good = source.current();
    expect(source.reload()).toEqual({ ok: true, version: good.version, changed: false });

    fx.edit<Rec[]>('milestones.json', (ms) => {
      ms[0].sources = ['nope'];
      ms[1].title = '';
    });
    const failed = source.reload();
    expect(failed.ok).toBe(false);
    expect(failed.ok ? 0 : failed.problems.length).toBe(2);
    expect(source.current()).toBe(good);
    const logged = logger.lines.find((l) => l.level === 'error');
    expect(logged?.keptVersion).toBe(good.version);
    expect(JSON.stringify(logged?.problems)).toContain('framework-agreement');

    fx.edit<Rec[]>('milestones.json', (ms) => {
      ms[0].sources = ['seed-none'];
    });
    fx.edit<Rec[]>('sources.json', (ss) => {
      ss.push({ id: 'seed-none', title: 'x' });
    });
    fx.edit<Rec[]>('milestones.json', (ms) => {
      ms[1].title = 'Early Harvest Protocol signed';
    });
    const ok = source.reload();
    expect(ok).toMatchObject({ ok: true, changed: true });
    expect(source.current().version).not.toBe(good.version);
  });

  it('the first load fails loudly when the data is broken', () => {
    fx.write('meta.json', {});
    expect(() => createDataSource(fx.dir, createMemoryLogger())).toThrow(/meta\.json › \(file\) › asOf/);
  });
});
