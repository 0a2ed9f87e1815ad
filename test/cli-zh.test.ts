/**
 * The terminal in Chinese: `--lang zh` before or after the command, `CAFTA_LANG`, or a POSIX
 * locale (`LANG=zh_CN.UTF-8`); Chinese command words answer in Chinese unless `--lang` says
 * otherwise; bad values are refused naming the option or variable. In-process through runCli.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../adapters/cli/main';
import { FIXTURE_DATA_DIR, loadFixtureData } from './support/data-fixture';
import { leftoverLatin } from './support/latin-scan';

const data = loadFixtureData();
let varDir: string;
beforeAll(() => {
  varDir = mkdtempSync(join(tmpdir(), 'cafta-cli-zh-'));
});
afterAll(() => rmSync(varDir, { recursive: true, force: true }));

async function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    env: { CAFTA_DATA_DIR: FIXTURE_DATA_DIR, CAFTA_DB_PATH: join(varDir, 'cafta.db'), ...env },
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    clock: () => new Date('2026-11-30T03:00:00Z'),
    width: 80,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const STATUS_ZH = '中国—东盟自贸区3.0版升级议定书：核准状态';
const STATUS_EN = 'CAFTA 3.0 Upgrade Protocol: ratification status';

describe('terminal language', () => {
  it.each([
    [['--lang', 'zh', 'status'], {}],
    [['status', '--lang', 'zh'], {}],
    [['--lang=zh-CN', 'status'], {}],
    [['status'], { CAFTA_LANG: 'zh' }],
    [['status'], { LANG: 'zh_CN.UTF-8' }],
    [['status'], { LC_ALL: 'zh_TW.UTF-8', LANG: 'en_US.UTF-8' }],
    [['status'], { CAFTA_DEFAULT_LANG: 'zh' }],
    [['状态'], { LANG: 'en_US.UTF-8' }],
  ])('%j with %j answers in Chinese', async (args, env) => {
    const r = await cli(args, env as Record<string, string>);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out.split('\n')[0]).toBe(STATUS_ZH);
    expect(leftoverLatin(r.out, data)).toEqual([]);
  });

  it.each([
    [['status'], {}],
    [['status'], { LANG: 'C.UTF-8' }],
    [['status'], { LANG: 'fr_FR.UTF-8' }],
    [['状态', '--lang', 'en'], {}],
    [['status'], { CAFTA_LANG: 'en', LANG: 'zh_CN.UTF-8' }],
  ])('%j with %j answers in English', async (args, env) => {
    const r = await cli(args, env as Record<string, string>);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe(STATUS_EN);
  });

  it('a hint and the usage are in Chinese; the operator commands stay English', async () => {
    const r = await cli(['状况']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('! 无法识别的命令“状况”。您是不是要找 状态？');
    expect(r.err).toContain('试试：cafta 状态');
    expect(r.err).toContain('用法：npm run --silent cafta -- <命令>');
    expect(r.err).toContain('operator: run-due');
  });

  it('a value that names no language is refused, naming --lang (exit 2) or CAFTA_LANG (exit 1)', async () => {
    expect(await cli(['--lang', 'fr', 'status'])).toMatchObject({
      code: 2,
      out: '',
      err: 'cafta: --lang must be one of en, zh (or a locale such as zh-CN), got "fr"',
    });
    expect(await cli(['status'], { CAFTA_LANG: 'klingon' })).toMatchObject({ code: 1, out: '' });
    expect((await cli(['status'], { CAFTA_LANG: 'klingon', CAFTA_DEFAULT_LANG: 'zh' })).err).toBe(
      'cafta：CAFTA_LANG 必须是 en, zh 之一（或 zh-CN 这样的区域设置），收到的是“klingon”',
    );
  });

  it('Chinese text is wrapped and aligned by display columns (an ideograph is two wide)', async () => {
    const r = await cli(['--lang', 'zh', 'status']);
    const width = (s: string): number =>
      Array.from(s).reduce((n, c) => n + (/[\u3000-\u9fff\uff00-\uff60]/.test(c) ? 2 : 1), 0);
    for (const line of r.out.split('\n').filter((l) => !/https?:\/\//.test(l)))
      expect(width(line)).toBeLessThanOrEqual(82);
    expect(r.out).toMatch(/^已签署 {10}11 \/ 11$/m);
    expect(r.out).toMatch(/^已通知保存机构 {2}0 \/ 11$/m);
  });

  it('subscribe in the terminal stores the language and lists it', async () => {
    expect((await cli(['订阅', '摘要', '每周五', '下午5点半'])).out).toContain(
      '每周五 17:30；首次：2026年12月4日（周五）17:30',
    );
    expect((await cli(['subscribe', 'alerts', 'english'], { LANG: 'zh_CN.UTF-8' })).out).toContain(
      '发送语言为英语（您指定的语言）',
    );
    const list = await cli(['subscriptions'], { CAFTA_LANG: 'zh' });
    const joined = list.out.replace(/\n {10}/g, '');
    expect(joined).toContain('每周摘要  每周五 17:30；下次：2026年12月4日（周五）17:30（Asia/Singapore） · 语言：中文');
    expect(joined).toContain('核准通知  数据记录到核准、通知保存机构或生效时 · 语言：英语');
  });
});
