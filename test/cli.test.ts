/**
 * The terminal adapter, run in-process through its real entry function (`runCli`) with captured
 * output, a fixed clock and an explicit environment (no process.env).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../adapters/cli/main';
import { toTerminalText, wrap } from '../adapters/cli/render';
import { header, facts, list, message, text } from '../src/text/message';
import { copyData, FIXTURE_DATA_DIR } from './support/data-fixture';

interface Run {
  code: number;
  out: string;
  err: string;
}

let varDir: string;
beforeAll(() => {
  varDir = mkdtempSync(join(tmpdir(), 'cafta-cli-'));
});
afterAll(() => rmSync(varDir, { recursive: true, force: true }));

async function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    env: {
      CAFTA_DATA_DIR: FIXTURE_DATA_DIR,
      CAFTA_DB_PATH: join(varDir, 'cafta.db'),
      CAFTA_DEFAULT_TZ: 'Asia/Singapore',
      ...env,
    },
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    clock: () => new Date('2026-11-30T03:00:00Z'),
    width: 100,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('cafta <command> in the terminal', () => {
  it('status: eleven parties signed, not ratified; Timor-Leste separately; no database opened', async () => {
    const r = await cli(['status']);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out.match(/signed, not yet ratified — signed 28 Oct 2025/g)).toHaveLength(2);
    expect(r.out).toMatch(/Singapore \(SG\): signed, not yet ratified — signed 24 Oct 2025/);
    expect(
      r.out.replace(/\s+/g, ' ').match(/signed for ASEAN by Malaysia's minister on 28 Oct 2025; own signature/g),
    ).toHaveLength(8);
    expect(r.out).toContain('Timor-Leste (TL): ASEAN member, not a party');
    expect(r.out).toContain('Data as of 3 Dec 2026');
    expect(existsSync(join(varDir, 'cafta.db'))).toBe(false);
  });

  it('timeline, areas, party vn, milestone signing and next all answer', async () => {
    const timeline = await cli(['timeline']);
    expect(timeline.code).toBe(0);
    expect(timeline.out).toMatch(/21 Nov 2015 \[[\d, ]+\] or 22 Nov 2015 \[\d+\] \(sources differ\)/);

    const areas = await cli(['areas']);
    expect(areas.out).toContain('9. Economic and Technical Cooperation');
    expect(areas.out).toContain('4. Standards, Technical Regulations and Conformity Assessment Procedures');

    const vn = await cli(['party', 'vn']);
    expect(vn.out).toMatch(/^Viet Nam \(VN\)\n=+\n/);
    expect(vn.out).toMatch(/Ratification\s+not reported as of 3 Dec 2026/);

    const signing = await cli(['milestone', 'signing']);
    for (const s of ['Wang Wentao', 'Tengku Zafrul Aziz', 'Kuala Lumpur']) expect(signing.out).toContain(s);

    const next = await cli(['next']);
    // 30 days, today included.
    expect(next.out).toContain('30 Nov 2026 to 29 Dec 2026, dates in Asia/Singapore');
    expect(next.out).toContain('No anniversaries in this window.');
    expect(next.out).toContain('Next: 1 Jan 2027, 17th anniversary');
  });

  it('arguments may come as one string or many (npm passes them split)', async () => {
    expect((await cli(['party Viet Nam'])).out).toBe((await cli(['party', 'Viet', 'Nam'])).out);
  });

  it('the TZ environment variable is the terminal user’s zone', async () => {
    const r = await cli(['next', '1'], { TZ: 'Pacific/Kiritimati' });
    expect(r.out).toContain('dates in Pacific/Kiritimati');
  });

  it('unknown command: exit 2, hint and usage on stderr, nothing on stdout', async () => {
    const r = await cli(['stauts']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('Unknown command "stauts". Did you mean status?');
    expect(r.err).toContain('usage: npm run --silent cafta -- <command>');
    expect(r.err).toContain('operator: data check');
  });

  it('a bad option is a usage error too', async () => {
    const r = await cli(['subscribe', 'Asia/Jakata']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Did you mean Asia/Jakarta?');
  });

  it('a lookup miss answers (exit 0) with did-you-mean', async () => {
    const r = await cli(['party', 'vietman']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Did you mean Viet Nam (party vn)?');
  });

  it('one rule for exit codes: an out-of-range number is malformed (2) whether it is area 10 or next 400', async () => {
    for (const argv of [
      ['area', '10'],
      ['next', '400'],
      ['area', '0'],
      ['next', '0'],
      ['area', '-1'],
      ['next', '-5'],
    ]) {
      const r = await cli(argv);
      expect({ argv, code: r.code, out: r.out }).toEqual({ argv, code: 2, out: '' });
      expect(r.err).toMatch(/is out of range/);
      expect(r.err).toContain('Type cafta help to see every command.');
      expect(r.err).toContain('usage: npm run --silent cafta -- <command>');
    }
    // Answered, even when the answer is "not found, did you mean": 0.
    for (const argv of [
      ['area', 'digitl'],
      ['party', 'usa'],
      ['milestone', 'nothing-like-this'],
    ]) {
      const r = await cli(argv);
      expect({ argv, code: r.code }).toEqual({ argv, code: 0 });
      expect(r.out).toMatch(/No (area|party|milestone) matches/);
    }
  });

  it('subscription commands open the store lazily as platform cli / workspace local / channel terminal', async () => {
    const sub = await cli(['subscribe', 'digest', 'fri', '17:30', 'Asia/Jakarta']);
    expect(sub.err).toBe('');
    expect(sub.code).toBe(0);
    expect(existsSync(join(varDir, 'cafta.db'))).toBe(true);
    const list = await cli(['subscriptions']);
    expect(list.code).toBe(0);
    expect(list.out).toContain('Asia/Jakarta');
    const unsub = await cli(['unsubscribe']);
    expect(unsub.code).toBe(0);
  });

  it('a terminal subscription is delivered by run-due on its standard output, once', async () => {
    const env = { CAFTA_DB_PATH: join(varDir, 'terminal-delivery.db') };
    const sub = await cli(['subscribe', 'digest', 'fri', '17:30', 'Asia/Jakarta'], env);
    expect(sub.code).toBe(0);
    expect(sub.out).toContain('Fri 4 Dec 2026, 17:30 (Asia/Jakarta)');
    // 17:30 in Jakarta (UTC+7) is 10:30Z; one minute later the digest is due.
    const first = await cli(['run-due', '--now', '2026-12-04T10:31:00Z'], env);
    expect(first.code).toBe(0);
    expect(first.out).toContain('── delivery to local/terminal ──');
    expect(first.out).toMatch(/digest/i);
    expect(first.out).toContain('1 sent');
    const again = await cli(['run-due', '--now', '2026-12-04T10:32:00Z'], env);
    expect(again.out).not.toContain('── delivery to');
    expect(again.out).toContain('0 due');
  });

  it('bad configuration exits 1 with the variable named', async () => {
    const r = await cli(['status'], { CAFTA_DEFAULT_TZ: 'Mars/Base' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('CAFTA_DEFAULT_TZ');
  });
});

describe('cafta data check', () => {
  it('good data: exit 0 with a summary', async () => {
    const r = await cli(['data', 'check']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /data check: OK .*\n {2}version [0-9a-f]{12}, as of 3 Dec 2026\n {2}11 parties \+ 1 non-party, 18 milestones, 9 areas, 0 ratification events/,
    );
  });

  it('broken data: exit 1, one line per problem with file, record and field', async () => {
    const fx = copyData();
    try {
      fx.edit<Array<Record<string, unknown>>>('milestones.json', (ms) => {
        ms[0].sources = ['nope'];
      });
      fx.edit<Array<Record<string, unknown>>>('parties.json', (ps) => {
        ps[3].role = 'observer';
      });
      writeFileSync(join(fx.dir, 'areas.json'), '{ not json');
      const r = await cli(['data', 'check', fx.dir]);
      expect(r.code).toBe(1);
      expect(r.err).toContain('data check: 3 problem(s)');
      expect(r.err).toContain('milestones.json › framework-agreement › sources: unknown source id "nope"');
      expect(r.err).toContain('parties.json › ID › role: must be one of: party, asean-member-not-party');
      expect(r.err).toMatch(/areas\.json: not valid JSON/);
      // Commands refuse to answer from broken data, and point at data check.
      const status = await cli(['status'], { CAFTA_DATA_DIR: fx.dir });
      expect(status.code).toBe(1);
      expect(status.err).toContain('cafta data check');
    } finally {
      fx.remove();
    }
  });

  it('CAFTA_DATA_DIR is used when no dir is given; unknown data subcommand exits 2', async () => {
    const missing = await cli(['data', 'check'], { CAFTA_DATA_DIR: join(varDir, 'nowhere') });
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('meta.json: missing file');
    expect((await cli(['data', 'fix'])).code).toBe(2);
  });
});

describe('terminal rendering', () => {
  it('wraps paragraphs with hanging indents and never loses words', () => {
    const long = 'word '.repeat(50).trim();
    const lines = wrap(long, 40, '  • ', '    ');
    expect(lines.every((l) => l.length <= 40)).toBe(true);
    expect(lines[0].startsWith('  • ')).toBe(true);
    expect(lines.slice(1).every((l) => l.startsWith('    '))).toBe(true);
    expect(
      lines
        .join(' ')
        .split(/\s+/)
        .filter((w) => w === 'word'),
    ).toHaveLength(50);
    expect(wrap('x'.repeat(95), 40).map((l) => l.length)).toEqual([40, 40, 15]);
  });

  it('aligns facts, bullets lists, prefixes suggested commands', () => {
    const msg = message('s', [
      header('Title'),
      text('Careful', 'warning'),
      facts([
        ['A', '1'],
        ['Longer label', '2'],
      ]),
      list(['one']),
      { type: 'actions', actions: [{ label: 'Status', command: 'status' }] },
    ]);
    expect(toTerminalText(msg, { commandPrefix: 'cafta ' })).toBe(
      ['Title', '=====', '! Careful', 'A             1', 'Longer label  2', '  • one', '', 'Try: cafta status'].join(
        '\n',
      ),
    );
  });
});

describe('the real process (spawned entry point, no build needed)', () => {
  const root = join(__dirname, '..');
  const spawnCli = (args: string[]): { status: number | null; stdout: string; stderr: string } =>
    spawnSync(
      process.execPath,
      ['-r', join(__dirname, 'support', 'ts-register.js'), join(root, 'adapters', 'cli', 'main.ts'), ...args],
      {
        cwd: varDir, // no .env here, so the explicit environment below is all the CLI sees
        env: { PATH: process.env.PATH, CAFTA_DATA_DIR: FIXTURE_DATA_DIR, CAFTA_DB_PATH: join(varDir, 'spawned.db') },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );

  it('answers status on stdout with exit 0, and an unknown command on stderr with exit 2', () => {
    const ok = spawnCli(['status']);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('CAFTA 3.0 Upgrade Protocol: ratification status');
    const bad = spawnCli(['frobnicate']);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('usage: npm run --silent cafta -- <command>');
  }, 60_000);
});
