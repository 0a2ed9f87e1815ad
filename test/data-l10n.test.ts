/**
 * Language overlays (`data/l10n/<lang>.json`): loaded onto TreatyData.l10n, part of the data
 * version, every key checked against the English records, and English answers unchanged.
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInfoCommand } from '../src/commands/info';
import { parseCommand } from '../src/commands/parse';
import type { CommandDeps } from '../src/commands/types';
import { createMemoryLogger } from '../src/infra/logger';
import type { Store } from '../src/store/store';
import { toPlainText } from '../src/text/message';
import { checkData, loadData, type DataProblem } from '../src/treaty/data';
import type { TreatyData } from '../src/treaty/model';
import { copyData, type DataFixture } from './support/data-fixture';

type Rec = Record<string, unknown>;
const OVERLAY = join(__dirname, 'fixtures', 'l10n', 'zh.json');

let fx: DataFixture;
beforeEach(() => {
  // The small test overlay in place of whatever overlays the fixture has.
  fx = copyData();
  rmSync(join(fx.dir, 'l10n'), { recursive: true, force: true });
  mkdirSync(join(fx.dir, 'l10n'));
  cpSync(OVERLAY, join(fx.dir, 'l10n', 'zh.json'));
});
afterEach(() => fx.remove());

async function answer(data: TreatyData, input: string): Promise<string> {
  const parsed = parseCommand(input);
  if (!parsed.ok) throw new Error(input);
  const deps: CommandDeps = {
    data: () => data,
    store: {} as Store,
    clock: () => new Date('2026-12-03T03:00:00Z'),
    logger: createMemoryLogger(),
    defaultZone: 'Asia/Singapore',
    catchupHours: 24,
    defaultLang: 'en',
  };
  const msg = await runInfoCommand(
    parsed.command,
    { channel: { platform: 't', workspace: 'w', channel: 'c', address: {} } },
    deps,
  );
  // The footer names the data version, which an overlay changes by design.
  return toPlainText(msg).replace(/version [0-9a-f]{12}/, 'version …');
}

const problemsOf = (dir: string): DataProblem[] => {
  const r = checkData(dir);
  return r.ok ? [] : r.problems;
};

describe('language overlays', () => {
  it('load onto TreatyData.l10n, change the data version, and leave English answers as they were', async () => {
    const bare = copyData();
    rmSync(join(bare.dir, 'l10n'), { recursive: true, force: true });
    const base = loadData(bare.dir);
    bare.remove();
    expect(base.l10n).toEqual({});
    const data = loadData(fx.dir);
    expect(Object.keys(data.l10n)).toEqual(['zh']);
    expect(data.l10n.zh.parties?.VN).toEqual({ name: '越南社会主义共和国', shortName: '越南' });
    expect(data.l10n.zh.areas?.['1']?.name).toBe('数字经济');
    expect(data.version).not.toBe(base.version);
    for (const input of ['status', 'party vn', 'party 中国', 'milestone signing', 'areas', 'area 1'])
      expect(await answer(data, input)).toBe(await answer(base, input));
  });

  const cases: Array<[string, (o: Rec) => void, Partial<DataProblem>[]]> = [
    [
      'unknown party code, milestone id, area number, statement id and event id',
      (o) => {
        (o.parties as Rec).XX = { name: 'x', shortName: 'x' };
        (o.milestones as Rec)['no-such'] = { title: 't', summary: 's' };
        (o.areas as Rec)['10'] = { name: 'x' };
        (o.statements as Rec).ghost = { text: 't' };
        o.events = { 'vn-ratification': { summary: 's' } };
      },
      [
        { file: 'l10n/zh.json', record: 'XX', field: 'parties' },
        { file: 'l10n/zh.json', record: 'no-such', field: 'milestones' },
        { file: 'l10n/zh.json', record: '10', field: 'areas' },
        { file: 'l10n/zh.json', record: 'ghost', field: 'statements' },
        { file: 'l10n/zh.json', record: 'vn-ratification', field: 'events' },
      ],
    ],
    [
      'people that do not match the English record, a summary the English lacks, an unknown name source',
      (o) => {
        ((o.milestones as Rec).signing as Rec).people = ['王文涛'];
        (o.areas as Rec)['5'] = { name: '卫生与植物卫生措施', summary: '编造的摘要' };
        ((o.areas as Rec)['1'] as Rec).nameSources = ['nope'];
        ((o.milestones as Rec).signing as Rec).dateNotes = { '2025-10-29': '不存在的日期' };
      },
      [
        { record: 'signing', field: 'milestones.dateNotes' },
        { record: 'signing', field: 'milestones.people' },
        { record: '5', field: 'areas.summary' },
        { record: '1', field: 'areas.nameSources' },
      ],
    ],
    [
      'a lang that is not the file name, and a misspelt field',
      (o) => {
        o.lang = 'ms';
        ((o.parties as Rec).CN as Rec).nmae = '中国';
      },
      [
        { record: '(file)', field: 'lang' },
        { record: '(file)', field: 'parties.CN.nmae' },
      ],
    ],
  ];
  it.each(cases)('%s: a problem for each, naming file, key and field', (_name, change, expected) => {
    fx.edit<Rec>('l10n/zh.json', (o) => {
      change(o);
    });
    const problems = problemsOf(fx.dir);
    for (const e of expected) expect(problems).toContainEqual(expect.objectContaining(e));
    expect(problems.every((p) => p.file === 'l10n/zh.json')).toBe(true);
  });

  it('an English overlay, a file that is not a language, and invalid JSON are refused', () => {
    writeFileSync(join(fx.dir, 'l10n', 'en.json'), JSON.stringify({ lang: 'en' }));
    writeFileSync(join(fx.dir, 'l10n', 'chinese.json'), '{}');
    writeFileSync(join(fx.dir, 'l10n', 'ms.json'), '{ nope');
    const problems = problemsOf(fx.dir);
    expect(problems).toContainEqual(expect.objectContaining({ file: 'l10n/en.json', field: 'lang' }));
    expect(problems).toContainEqual(
      expect.objectContaining({ file: 'l10n/chinese.json', message: expect.stringContaining('l10n/<lang>.json') }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ file: 'l10n/ms.json', message: expect.stringContaining('not valid JSON') }),
    );
  });
});
