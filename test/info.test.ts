import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInfoCommand } from '../src/commands/info';
import { parseCommand } from '../src/commands/parse';
import type { CommandDeps } from '../src/commands/types';
import { loadData } from '../src/treaty/data';
import { createMemoryLogger } from '../src/infra/logger';
import { linkItemText, toPlainText, type Block, type LinkItem, type Message } from '../src/text/message';
import type { TreatyData } from '../src/treaty/model';
import type { Store } from '../src/store/store';
import { copyData, FIXTURE_DATA_DIR, loadFixtureData } from './support/data-fixture';

const realData = loadFixtureData();
const seed = readFileSync(join(FIXTURE_DATA_DIR, 'seed', 'cafta-3.0-signing-announcement.txt'), 'utf8');
const seedAreas = (seed.match(/covers nine areas: (.*?)\. Following/)?.[1] ?? '').replace(', and ', ', ');

// Information commands must never touch the store: any access fails the test.
const noStore = new Proxy(
  {},
  {
    get: (_t, prop) => {
      throw new Error(`info command touched store.${String(prop)}`);
    },
  },
) as Store;
const ctx = { channel: { platform: 'test', workspace: 'w', channel: 'c', address: {} } };

async function run(
  input: string,
  opts: { data?: TreatyData; now?: string; zone?: string; userZone?: string } = {},
): Promise<Message> {
  const parsed = parseCommand(input);
  if (!parsed.ok) throw new Error(`did not parse: ${input}`);
  const deps: CommandDeps = {
    data: () => opts.data ?? realData,
    store: noStore,
    clock: () => new Date(opts.now ?? '2026-11-30T03:00:00Z'),
    logger: createMemoryLogger(),
    defaultZone: opts.zone ?? 'Asia/Singapore',
    catchupHours: 24,
    defaultLang: 'en',
  };
  return runInfoCommand(parsed.command, opts.userZone ? { ...ctx, userZone: opts.userZone } : ctx, deps);
}

const listItems = (m: Message, after?: string): string[] => {
  const i = after ? m.blocks.findIndex((b) => (b.type === 'text' || b.type === 'subheading') && b.text === after) : -1;
  const block = m.blocks.slice(i + 1).find((b): b is Extract<Block, { type: 'list' }> => b.type === 'list');
  return block?.items ?? [];
};
const factsOf = (m: Message): Record<string, string> =>
  Object.fromEntries(m.blocks.flatMap((b) => (b.type === 'facts' ? b.facts.map((f) => [f.label, f.value]) : [])));
const buttons = (m: Message): string[] =>
  m.blocks.flatMap((b) => (b.type === 'actions' ? b.actions.map((a) => a.command) : []));

/** The items of the (one) `links` block: the numbered source list. */
const sourceItems = (m: Message): LinkItem[] =>
  m.blocks.find((b): b is Extract<Block, { type: 'links' }> => b.type === 'links')?.items ?? [];

/**
 * Every "[n]" reference resolves to a listed source with a title and either a clickable full URL
 * or, as text, the URL as found or the publisher.
 */
function expectSourcesResolve(m: Message): void {
  const sources = sourceItems(m);
  const plain = toPlainText({ ...m, blocks: m.blocks.filter((b) => b.type !== 'links') });
  const refs = [...plain.matchAll(/\[([\d, ]+)\]/g)].flatMap((r) => r[1].split(',').map(Number));
  expect(refs.length).toBeGreaterThan(0);
  for (const n of refs) {
    const item = sources[n - 1];
    expect(item.before).toBe(`[${n}] `);
    expect(item.label.length).toBeGreaterThan(3);
    if (item.url) expect(item.url).toMatch(/^https?:\/\/[^/\s]+\/\S+/);
    else expect(linkItemText(item)).toMatch(new RegExp(`^\\[${n}\\] .+ — .+`));
  }
  // No source listed that nothing refers to.
  expect(new Set(refs).size).toBe(sources.length);
}

describe('information answers', () => {
  it.each([
    'status',
    'party vn',
    'party tl',
    'timeline',
    'timeline --all',
    'milestone signing',
    'milestone 2.0',
    'areas',
    'area 1',
    'area 5',
    'next 365',
  ])('%s: every fact has resolvable sources, and the data date and version are shown', async (input) => {
    const m = await run(input);
    expectSourcesResolve(m);
    const footer = m.blocks[m.blocks.length - 1];
    expect(footer).toEqual({
      type: 'context',
      text: `Data as of 3 Dec 2026 · version ${realData.version} · dates at the precision the sources give`,
    });
    expect(m.summary.length).toBeGreaterThan(5);
  });

  it('status lists the 11 parties as signed, not ratified, with sources, and Timor-Leste separately', async () => {
    const m = await run('status');
    const parties = listItems(m, 'Parties');
    expect(parties).toHaveLength(11);
    // Own signatures only where reported (China, Singapore 24 Oct, Viet Nam); the rest are covered
    // by the signature for ASEAN, and Malaysia's minister was that signatory (FACTS corrections).
    const own: Record<string, string> = { CN: '28', SG: '24', VN: '28' };
    for (const line of parties) {
      const code = /\(([A-Z]{2})\)/.exec(line)?.[1] ?? '';
      const signature =
        code in own
          ? `signed ${own[code]} Oct 2025 \\[[\\d, ]+\\]`
          : `signed for ASEAN by Malaysia's minister on 28 Oct 2025; own signature ${code === 'MY' ? "other than as ASEAN's signatory " : ''}not reported \\[[\\d, ]+\\]`;
      expect(line).toMatch(
        new RegExp(
          `^.+ \\([A-Z]{2}\\): signed, not yet ratified — ${signature}; ratification not reported as of 3 Dec 2026$`,
        ),
      );
    }
    expect(parties.map((l) => l.slice(-60)).join()).not.toContain('TL');
    expect(listItems(m, 'Not a party')).toEqual([
      expect.stringMatching(/^Timor-Leste \(TL\): ASEAN member, not a party .* \[\d+\]$/),
    ]);
    expect(factsOf(m)).toMatchObject({ Signed: '11 of 11', Ratified: '0 of 11', 'In force': '0 of 11' });
    expect(factsOf(m)['Entry into force']).toMatch(/^unknown: clause not yet found \(checked 3 Dec 2026\) \[\d+\]$/);
    expect(factsOf(m).Depositary).toMatch(
      /^Secretary-General of ASEAN \(inferred from earlier instruments\) \[\d+, \d+\]$/,
    );
    expect(buttons(m)).toEqual(expect.arrayContaining(['timeline', 'subscribe']));
    expect(
      m.blocks.find((b) => b.type === 'actions' && b.actions.some((a) => a.label === 'Subscribe this channel')),
    ).toBeDefined();
    expect(toPlainText(m)).toContain('accelerating domestic approval');
    expect(toPlainText(m)).not.toMatch(/hk01|in force for/i);
  });

  it('sources with a full URL are links; a bare host stays text', async () => {
    const items = sourceItems(await run('milestone timor-leste'));
    expect(items).toEqual([
      { before: '[1] ', label: expect.stringContaining('Timor-Leste'), after: expect.stringContaining(' — asean.org') },
    ]);
    const signing = sourceItems(await run('milestone signing'));
    expect(signing[0].url).toBe(
      'http://wangwentao2.mofcom.gov.cn/Events/art/2025/art_627e2814a33f495bbed715f68f621098.html',
    );
    // A scheme-less host/path as found is opened over https.
    expect(signing.find((s) => s.label.startsWith('VnEconomy'))?.url).toBe(
      'https://vneconomy.vn/chinh-thuc-ky-nghi-dinh-thu-nang-cap-hiep-dinh-acfta-30.htm',
    );
  });

  it('status follows the data: a recorded ratification shows with its date and source', async () => {
    const fx = copyData();
    try {
      fx.edit<Record<string, unknown>>('events.json', (e) => {
        e.events = [
          {
            id: 'vn-ratification',
            party: 'VN',
            kind: 'ratification',
            date: { values: [{ date: '2026-12-01', precision: 'day', sources: ['mofcom-2025-11-13'] }] },
            sources: ['mofcom-2025-11-13'],
          },
        ];
      });
      const data = loadData(fx.dir);
      const m = await run('status', { data });
      expect(factsOf(m).Ratified).toBe('1 of 11');
      expect(listItems(m, 'Parties').find((l) => l.startsWith('Viet Nam'))).toMatch(
        /ratified, not yet notified — .* ratified 1 Dec 2026 \[\d+\]/,
      );
      const vn = await run('party 越南', { data });
      expect(factsOf(vn).Ratification).toMatch(/^1 Dec 2026 \[\d+\]$/);
    } finally {
      fx.remove();
    }
  });

  it('party answers show signature, missing steps as "not reported as of", and entry-into-force state', async () => {
    for (const q of ['vn', 'Vietnam', 'Việt Nam', '越南', 'VNM']) {
      const m = await run(`party ${q}`);
      expect(m.blocks[0]).toEqual({ type: 'header', text: 'Viet Nam (VN)' });
      expect(factsOf(m)).toMatchObject({
        Status: 'signed, not yet ratified',
        Ratification: 'not reported as of 3 Dec 2026',
        'Notified depositary': 'not reported as of 3 Dec 2026',
      });
      expect(factsOf(m).Signature).toMatch(/^28 Oct 2025 \[/);
      expect(factsOf(m)['Signature for ASEAN']).toMatch(/^signed for ASEAN by Malaysia's minister on 28 Oct 2025 \[/);
      expect(factsOf(m)['Entry into force']).toMatch(/^not yet; unknown: clause not yet found/);
      expect(buttons(m)).toContain('status');
    }
  });

  it('a party without a signature of its own says it was signed for ASEAN, never a day of its own', async () => {
    const th = await run('party thailand');
    expect(factsOf(th).Status).toBe('signed, not yet ratified');
    expect(factsOf(th).Signature).toMatch(
      /^signed for ASEAN by Malaysia's minister on 28 Oct 2025; own signature not reported \[[\d, ]+\]$/,
    );
    expect(factsOf(th)['Signature for ASEAN']).toBeUndefined();
    const my = await run('party malaysia');
    expect(factsOf(my).Signature).toMatch(
      /^signed for ASEAN by Malaysia's minister on 28 Oct 2025; own signature other than as ASEAN's signatory not reported \[/,
    );
  });

  it('Timor-Leste answers that it is an ASEAN member but not a party', async () => {
    const m = await run('party 东帝汶');
    expect(toPlainText(m)).toContain('Timor-Leste is an ASEAN member but not a party');
    expect(factsOf(m).Role).toBe('ASEAN member, not a party');
  });

  it('a near miss says "did you mean" with a button; nonsense lists the parties; nothing pings', async () => {
    const near = await run('party vietman');
    expect(near.summary).toBe('No party matches "vietman". Did you mean Viet Nam (party vn)?');
    expect(buttons(near)).toEqual(['party vn']);
    const none = await run('party <!channel> Atlantis');
    const text = toPlainText(none);
    expect(text).toContain('No party matches "@channel Atlantis"');
    expect(text).toContain('China (CN)');
    expect(text).not.toContain('<!');
  });

  it('the signing milestone names Wang Wentao, Tengku Zafrul Aziz and Kuala Lumpur', async () => {
    const m = await run('milestone signing');
    const text = toPlainText(m);
    for (const s of [
      'Wang Wentao',
      'Tengku Zafrul Aziz',
      'Kuala Lumpur Convention Centre',
      'Li Qiang',
      'Anwar Ibrahim',
      'Kao Kim Hourn',
    ])
      expect(text).toContain(s);
    expect(factsOf(m).Date).toMatch(
      /^28 Oct 2025 \(Tuesday morning, ahead of the 28th China–ASEAN Summit\) \[1, 2, 3\]$/,
    );
    expect(factsOf(m).Place).toMatch(/^Kuala Lumpur Convention Centre, Kuala Lumpur, Malaysia \[\d+, \d+\]$/);
    expect(text).toContain('handed over to ASEAN Secretary-General Kao Kim Hourn');
  });

  it('a conflicting milestone shows every value with its own sources', async () => {
    const m = await run('milestone negotiations launched');
    expect(factsOf(m).Date).toMatch(/^11 Nov 2022 \[\d+\] or 13 Nov 2022 \[\d+, \d+\] \(sources differ\)$/);
    expect(toPlainText(m)).toContain('none is picked');
  });

  it('unknown milestone suggests near ids', async () => {
    const m = await run('milestone signnig');
    expect(buttons(m)).toContain('milestone signing');
  });

  it('timeline: oldest first, conflicts and coarse dates shown honestly, pending step last', async () => {
    const items = listItems(await run('timeline'));
    expect(items[0]).toMatch(/^4 Nov 2002 \[[\d, ]+\]: Framework Agreement/);
    expect(items.find((i) => i.includes('"2.0"'))).toMatch(
      /^21 Nov 2015 \[[\d, ]+\] or 22 Nov 2015 \[\d+\] \(sources differ\)/,
    );
    expect(items.find((i) => i.includes('2.0 in force for all'))).toMatch(
      /^22 Oct 2019 \(CRNTT gives the day; Xinhua and udn.com give the year 2019\) \[[\d, ]+\] or 2018 \(year only\) \[\d+, \d+\] \(sources differ\)/,
    );
    expect(items[items.length - 1]).toMatch(/^not yet \(not reported as of 3 Dec 2026\): Domestic ratification/);
    const all = listItems(await run('timeline --all'));
    expect(all.length).toBeGreaterThan(items.length);
    expect(all.join('\n')).toMatch(/2015 \(year only\) \[\d+\]: CLMV/);
  });

  it('areas lists all nine with the exact seed names', async () => {
    const m = await run('areas');
    const names = listItems(m).map((i) => i.replace(/^\d\. /, '').replace(/ (— new in 3\.0|\(MOFCOM.*)$/, ''));
    expect(names.join(', ')).toBe(seedAreas);
    expect(m.blocks[0]).toEqual({ type: 'header', text: 'The nine areas of the CAFTA 3.0 upgrade' });
    // Numbers are positions in the seed's list; MOFCOM's 21 May 2025 list puts customs before SPS.
    expect(toPlainText(m)).toContain('positions in that list, not chapter numbers');
    expect(listItems(m)[4]).toMatch(
      /^5\. Sanitary and Phytosanitary measures \(MOFCOM's 21 May 2025 list puts Customs/,
    );
    const sps = await run('area 5');
    expect(factsOf(sps)['Listed as']).toMatch(
      /^no\. 5 of 9 in the signing announcement's list \(a position, not a chapter number\); MOFCOM's 21 May 2025/,
    );
    expect(factsOf(sps)['New in 3.0']).toBe('no, it upgrades chapters of the existing agreements');
  });

  it('an area without a summary says so; an unknown area lists the nine', async () => {
    expect(toPlainText(await run('area sps'))).toContain(
      'No summary of this chapter was found in the sources checked (as of 3 Dec 2026).',
    );
    // Customs: no summary either, but what little reporting says (single windows) is given.
    const customs = toPlainText(await run('area 6'));
    expect(customs).toContain('No summary of this chapter was found');
    expect(customs).toContain('single windows');
    expect(toPlainText(await run('area sps'))).not.toContain('single windows');
    const digital = await run('area digital');
    expect(toPlainText(digital)).toContain('E-invoicing');
    const none = await run('area 10');
    expect(toPlainText(none)).toContain('"10" is out of range: areas are numbered 1 to 9.');
    expect(toPlainText(none)).toContain('There are 9 areas, numbered 1 to 9');
    expect(none.problem).toBe('malformed');
    expect((await run('area digitl')).problem).toBe('notFound');
  });

  it('next uses the user zone: the signing anniversary is tomorrow in Kiritimati, not yet in New York', async () => {
    const now = '2026-10-26T12:00:00Z';
    const kiritimati = await run('next 2', { now, userZone: 'Pacific/Kiritimati' });
    expect(listItems(kiritimati, 'Anniversaries')).toEqual([
      expect.stringMatching(
        /^28 Oct 2026: ★ 1st anniversary: CAFTA 3\.0 Upgrade Protocol signed \(28 Oct 2025\) \[[\d, ]+\]$/,
      ),
    ]);
    expect(toPlainText(kiritimati)).toContain('27 Oct 2026 to 28 Oct 2026, dates in Pacific/Kiritimati');
    const newYork = await run('next 2', { now, userZone: 'America/New_York' });
    // New York is still on 26 Oct: its window (26–27 Oct) holds Timor-Leste's admission, not the signing.
    expect(listItems(newYork, 'Anniversaries')).toEqual([
      expect.stringMatching(/^26 Oct 2026: ★ 1st anniversary: Timor-Leste admitted to ASEAN/),
    ]);
    expect(toPlainText(newYork)).not.toContain('Upgrade Protocol signed (28 Oct 2025)');
    const shanghaiDefault = await run('next 1', { now, zone: 'Asia/Shanghai' });
    expect(toPlainText(shanghaiDefault)).toContain('dates in Asia/Shanghai');
  });

  it('next always states the expected steps, with nothing invented', async () => {
    const m = await run('next');
    expect(listItems(m, 'Expected')).toEqual([
      'Domestic ratification by 11 of 11 parties: no dates announced; none reported as of 3 Dec 2026',
      expect.stringMatching(/^Entry into force: unknown: clause not yet found \(checked 3 Dec 2026\) \[\d+\]$/),
    ]);
  });

  it('help lists every command; help <topic> gives its usage', async () => {
    const help = toPlainText(await run('help'));
    for (const c of [
      'status',
      'party',
      'timeline',
      'milestone',
      'areas',
      'area',
      'next',
      'subscribe',
      'unsubscribe',
      'subscriptions',
      'digest',
    ])
      expect(help).toContain(c);
    expect(toPlainText(await run('help subscribe'))).toContain('subscribe digest weekly fri 17:30 Asia/Jakarta');
  });

  it('every button runs a valid command', async () => {
    for (const input of ['help', 'status', 'party vn', 'timeline', 'milestone signing', 'areas', 'area 9', 'next']) {
      for (const command of buttons(await run(input))) expect(parseCommand(command).ok).toBe(true);
    }
  });
});
