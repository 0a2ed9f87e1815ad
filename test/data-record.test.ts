/**
 * The maintainer's commands on a temp copy of the fixture, through the real terminal entry
 * (`runCli`): `data record` writes the event, its source and the date checks, and prints what
 * changed; every bad input exits 2 and leaves every byte as it was; `data checked` only moves
 * dates forward; `data check` reports every inconsistency.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../adapters/cli/main';
import { checkData, loadData } from '../src/treaty/data';
import { consistencyProblems } from '../src/treaty/data-consistency';
import { copyData, type DataFixture } from './support/data-fixture';

type Rec = Record<string, unknown>;

async function cafta(dir: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { env: { CAFTA_DATA_DIR: dir }, out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Every file of the folder, byte for byte (to prove nothing was written). */
const snapshot = (dir: string): Record<string, string> =>
  Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json') || f.startsWith('.'))
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );

const SOURCE = ['--source-url', 'https://example.org/gazette/1', '--source-title', 'Official gazette'];

let fx: DataFixture;
beforeEach(() => {
  fx = copyData();
});
afterEach(() => fx.remove());

describe('data record', () => {
  it('writes the event and its source, moves checkedOn and asOf, prints what changed, stays consistent', async () => {
    const r = await cafta(fx.dir, [
      'data',
      'record',
      'ratification',
      'viet',
      'nam',
      '2027-03-01',
      ...SOURCE,
      '--publisher',
      'Gov',
    ]);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out.split('\n')).toEqual([
      `data record: Viet Nam (VN): ratification on 1 Mar 2027 recorded in ${fx.dir}`,
      '  sources.json: + source vn-ratification-example-org: "Official gazette" https://example.org/gazette/1',
      '  events.json: + event vn-ratification: Viet Nam ratification, 2027-03-01 (day)',
      '  events.json: checkedOn 2026-12-03 → 2027-03-01',
      '  meta.json: asOf 2026-12-03 → 2027-03-01',
      expect.stringMatching(/^ {2}data version [0-9a-f]{12} → [0-9a-f]{12}$/),
      '  status: As of 1 Mar 2027: ratification recorded for Viet Nam (1 of 11 parties); notification of the depositary not reported for any party; entry into force not reported for any party.',
    ]);
    const data = loadData(fx.dir);
    expect(data.events).toEqual([
      {
        id: 'vn-ratification',
        party: 'VN',
        kind: 'ratification',
        date: { values: [{ date: '2027-03-01', precision: 'day', sources: ['vn-ratification-example-org'] }] },
        sources: ['vn-ratification-example-org'],
      },
    ]);
    expect(data.sources['vn-ratification-example-org']).toEqual({
      id: 'vn-ratification-example-org',
      title: 'Official gazette',
      url: 'https://example.org/gazette/1',
      publisher: 'Gov',
    });
    expect([data.asOf, data.eventsCheckedOn]).toEqual(['2027-03-01', '2027-03-01']);
    expect(consistencyProblems(data)).toEqual([]);
    // Written atomically: no temp file is left behind; files end with a newline.
    expect(readdirSync(fx.dir).filter((f) => f.startsWith('.'))).toEqual([]);
    expect(readFileSync(join(fx.dir, 'events.json'), 'utf8').endsWith('}\n')).toBe(true);
    expect((await cafta(fx.dir, ['data', 'check'])).code).toBe(0);
  });

  it('an earlier event keeps checkedOn; --checked-on moves it; a month-precision date; a reused source', async () => {
    await cafta(fx.dir, ['data', 'record', 'ratification', 'sg', '2027-01-10', ...SOURCE]);
    const r = await cafta(fx.dir, [
      'data',
      'record',
      'notification',
      'Singapore',
      '2027-01',
      ...SOURCE,
      '--precision=month',
      '--checked-on',
      '2027-02-02',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('reusing source sg-ratification-example-org (same URL)');
    const data = loadData(fx.dir);
    expect(data.events.map((e) => [e.id, e.date.values[0].date, e.date.values[0].precision])).toEqual([
      ['sg-ratification', '2027-01-10', 'day'],
      ['sg-notification', '2027-01', 'month'],
    ]);
    expect(data.eventsCheckedOn).toBe('2027-02-02');
    const earlier = await cafta(fx.dir, ['data', 'record', 'ratification', 'th', '2026-12-15', ...SOURCE]);
    expect(earlier.code).toBe(0);
    expect(loadData(fx.dir).eventsCheckedOn).toBe('2027-02-02');
  });

  const bad: Array<[string, string[], RegExp]> = [
    ['unknown kind', ['ratified', 'vn', '2027-03-01', ...SOURCE], /unknown kind "ratified"/],
    [
      'unknown party, with a suggestion',
      ['ratification', 'vietnm', '2027-03-01', ...SOURCE],
      /no party matches "vietnm". Did you mean VN\?/,
    ],
    ['a non-party', ['ratification', 'timor-leste', '2027-03-01', ...SOURCE], /Timor-Leste \(TL\) is not a party/],
    ['not a date', ['ratification', 'vn', '1/3/2027', ...SOURCE], /"1\/3\/2027" is not a date/],
    ['not a calendar date', ['ratification', 'vn', '2027-02-30', ...SOURCE], /not a calendar date/],
    [
      'precision and date form disagree',
      ['ratification', 'vn', '2027-03-01', ...SOURCE, '--precision', 'month'],
      /--precision month needs the date as YYYY-MM/,
    ],
    [
      'bad precision',
      ['ratification', 'vn', '2027-03-01', ...SOURCE, '--precision', 'week'],
      /--precision must be day, month or year/,
    ],
    ['no source', ['ratification', 'vn', '2027-03-01'], /needs --source-url URL and --source-title TITLE/],
    [
      'host-only URL',
      ['ratification', 'vn', '2027-03-01', '--source-url', 'example.org', '--source-title', 'T'],
      /--source-url must be a full http\(s\) URL/,
    ],
    [
      'non-web URL',
      ['ratification', 'vn', '2027-03-01', '--source-url', 'javascript:alert(1)', '--source-title', 'T'],
      /full http\(s\) URL/,
    ],
    [
      'empty title',
      ['ratification', 'vn', '2027-03-01', '--source-url', 'https://e.org/x', '--source-title', '  '],
      /--source-title must be 1 to 300/,
    ],
    ['before the signing', ['ratification', 'cn', '2025-06-01', ...SOURCE], /before China's signature \(28 Oct 2025\)/],
    [
      'checked-on before the event',
      ['ratification', 'vn', '2027-03-01', ...SOURCE, '--checked-on', '2027-02-01'],
      /before the event/,
    ],
    [
      'checked-on backward',
      ['ratification', 'vn', '2026-12-01', ...SOURCE, '--checked-on', '2026-12-02'],
      /never moves backward/,
    ],
    ['unknown option', ['ratification', 'vn', '2027-03-01', ...SOURCE, '--force'], /unknown option "--force"/],
    [
      'option twice',
      ['ratification', 'vn', '2027-03-01', ...SOURCE, '--publisher', 'a', '--publisher', 'b'],
      /--publisher given twice/,
    ],
    [
      'option without a value',
      ['ratification', 'vn', '2027-03-01', ...SOURCE, '--publisher'],
      /--publisher needs a value/,
    ],
    ['too few words', ['ratification', '2027-03-01'], /needs a kind, a party and a date/],
  ];
  it.each(bad)('%s: exit 2, a clear message, nothing written', async (_name, args, message) => {
    const before = snapshot(fx.dir);
    const r = await cafta(fx.dir, ['data', 'record', ...args]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
    expect(snapshot(fx.dir)).toEqual(before);
  });

  it('the same event twice, or a notification dated before the ratification: exit 2, nothing written', async () => {
    expect((await cafta(fx.dir, ['data', 'record', 'ratification', 'vn', '2027-03-01', ...SOURCE])).code).toBe(0);
    const before = snapshot(fx.dir);
    const twice = await cafta(fx.dir, ['data', 'record', 'ratification', 'vn', '2027-03-02', ...SOURCE]);
    expect(twice.code).toBe(2);
    expect(twice.err).toContain('vn-ratification is already recorded (2027-03-01)');
    const early = await cafta(fx.dir, ['data', 'record', 'notification', 'vn', '2027-02-01', ...SOURCE]);
    expect(early.code).toBe(2);
    expect(early.err).toContain("before the same party's ratification (1 Mar 2027)");
    expect(snapshot(fx.dir)).toEqual(before);
  });

  it('refuses to edit a folder that does not validate (exit 1), and writes nothing', async () => {
    fx.edit<Rec[]>('milestones.json', (ms) => {
      ms[0].sources = ['nope'];
    });
    const before = snapshot(fx.dir);
    const r = await cafta(fx.dir, ['data', 'record', 'ratification', 'vn', '2027-03-01', ...SOURCE]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('milestones.json › framework-agreement › sources');
    expect(snapshot(fx.dir)).toEqual(before);
  });
});

describe('data record on data that already contradicts itself', () => {
  it('refuses (exit 1, nothing written) and points at data checked, which repairs it', async () => {
    // A hand edit: an event dated after the events were last checked.
    fx.edit<Rec>('events.json', (e) => {
      e.events = [
        {
          id: 'vn-ratification',
          party: 'VN',
          kind: 'ratification',
          date: { values: [{ date: '2027-01-05', precision: 'day', sources: ['mofcom-2025-11-13'] }] },
          sources: ['mofcom-2025-11-13'],
        },
      ];
    });
    const before = snapshot(fx.dir);
    const r = await cafta(fx.dir, ['data', 'record', 'ratification', 'th', '2027-01-06', ...SOURCE]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('is inconsistent now; fix these first');
    expect(r.err).toContain('vn-ratification › date: 5 Jan 2027 is after checkedOn (3 Dec 2026)');
    expect(snapshot(fx.dir)).toEqual(before);
    expect((await cafta(fx.dir, ['data', 'checked', '2027-01-05'])).code).toBe(0);
    expect((await cafta(fx.dir, ['data', 'check'])).code).toBe(0);
    expect((await cafta(fx.dir, ['data', 'record', 'ratification', 'th', '2027-01-06', ...SOURCE])).code).toBe(0);
  });
});

describe('data checked', () => {
  it('moves checkedOn (events and clause) and asOf forward, never backward', async () => {
    const r = await cafta(fx.dir, ['data', 'checked', '2026-12-10']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('events.json: checkedOn 2026-12-03 → 2026-12-10');
    expect(r.out).toContain('entry-into-force.json: checkedOn 2026-12-03 → 2026-12-10');
    expect(r.out).toContain('meta.json: asOf 2026-12-03 → 2026-12-10');
    const data = loadData(fx.dir);
    expect([data.asOf, data.eventsCheckedOn, data.entryIntoForce.checkedOn]).toEqual([
      '2026-12-10',
      '2026-12-10',
      '2026-12-10',
    ]);
    expect(data.eventsNote).toContain('had been found as of 10 Dec 2026');
    const before = snapshot(fx.dir);
    const back = await cafta(fx.dir, ['data', 'checked', '2026-12-05']);
    expect(back.code).toBe(2);
    expect(back.err).toContain('never moves backward');
    expect((await cafta(fx.dir, ['data', 'checked', '10/12/2026'])).code).toBe(2);
    expect((await cafta(fx.dir, ['data', 'checked'])).code).toBe(2);
    expect(snapshot(fx.dir)).toEqual(before);
  });
});

describe('data check reports every inconsistency', () => {
  const event = (id: string, kind: string, date: string): Rec => ({
    id,
    party: id.slice(0, 2).toUpperCase(),
    kind,
    date: { values: [{ date, precision: 'day', sources: ['mofcom-2025-11-13'] }] },
    sources: ['mofcom-2025-11-13'],
  });

  it('an event after checkedOn, asOf before it, an event before the signing, steps out of order, a "none found" text', async () => {
    fx.edit<Rec>('events.json', (e) => {
      e.events = [
        event('vn-ratification', 'ratification', '2027-03-01'),
        event('vn-notification', 'notification', '2027-02-01'),
        event('sg-ratification', 'ratification', '2025-10-01'),
      ];
    });
    fx.edit<Rec[]>('milestones.json', (ms) => {
      ms[0].summary = 'No completed ratification had been found.';
    });
    const result = checkData(fx.dir);
    expect(result.ok).toBe(true);
    const problems = result.ok ? consistencyProblems(result.data) : [];
    expect(problems.map((p) => `${p.file} › ${p.record} › ${p.field}`)).toEqual([
      'events.json › vn-ratification › date',
      'events.json › vn-notification › date',
      'events.json › vn-notification › date',
      'events.json › sg-ratification › date',
      'meta.json › (file) › asOf',
      'milestones.json › framework-agreement › summary',
    ]);
    const r = await cafta(fx.dir, ['data', 'check']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('data check: 6 inconsistenc(ies)');
    expect(r.err).toContain('vn-ratification › date: 1 Mar 2027 is after checkedOn (3 Dec 2026)');
    expect(r.err).toContain("vn-notification › date: 1 Feb 2027 is before the same party's ratification (1 Mar 2027)");
    expect(r.err).toContain("sg-ratification › date: 1 Oct 2025 is before Singapore's signature (24 Oct 2025)");
    expect(r.err).toContain('asOf: 3 Dec 2026 is before the latest recorded event (1 Mar 2027)');
    expect(r.err).toContain('framework-agreement › summary: says no ratification or notification was found');
  });

  it('the status note is derived: a hand-written note in events.json is refused', () => {
    fx.edit<Rec>('events.json', (e) => {
      e.note = 'No completed ratification has been found.';
    });
    const result = checkData(fx.dir);
    expect(result.ok ? [] : result.problems).toContainEqual(
      expect.objectContaining({ file: 'events.json', record: '(file)', field: 'note' }),
    );
  });
});
