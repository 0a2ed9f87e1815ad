/**
 * GET /, /status.svg and /status.png without a browser: the headers (CSP without inline script,
 * nosniff, Referrer-Policy, ETag/304), the content (board, counts, every party, precision and
 * conflicting dates, entry into force, areas, the next 90 days, every source as a link, as-of and
 * version) in English and Chinese, and the PNG rendered with fonts that cover Chinese.
 * The real-browser checks (axe, screenshots) are in web-browser.test.ts.
 */
import { existsSync } from 'node:fs';
import { createPngCache, FONT_CANDIDATES, svgToPng } from '../adapters/web/board-png';
import { createMemoryLogger } from '../src/infra/logger';
import { sourceHref } from '../src/treaty/sources';
import { loadFixtureData } from './support/data-fixture';
import { leftoverLatin } from './support/latin-scan';
import { decodePng, distinctColours, inkShare } from './support/png';
import { startWebApp, type WebApp } from './support/web-app';

const data = loadFixtureData();
/** Debian's fonts-noto-cjk; CI installs it (.ci/run) and requires it. Elsewhere its check is skipped. */
const hasCjkFont = FONT_CANDIDATES.some((f) => f.includes('CJK') && existsSync(f));
const cjkIt = hasCjkFont || process.env.CAFTA_REQUIRE_BROWSER === '1' ? it : it.skip;
const partyCodes = data.parties.filter((p) => p.role === 'party').map((p) => p.code);

describe('GET / (the status page)', () => {
  let app: WebApp;
  let en: string;
  let zh: string;
  beforeAll(async () => {
    app = await startWebApp();
    en = await (await app.get('/', { 'accept-language': 'en-GB,en;q=0.9' })).text();
    zh = await (await app.get('/?lang=zh')).text();
  });
  afterAll(() => app.close());

  it('sends a CSP without script, nosniff, a Referrer-Policy and an ETag with 304', async () => {
    const res = await app.get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|script-src/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    const etag = res.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    const again = await app.get('/', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    const zhRes = await app.get('/', { 'accept-language': 'zh-CN', 'if-none-match': etag });
    expect(zhRes.status).toBe(200);
    expect(zhRes.headers.get('etag')).not.toBe(etag);
  });

  it('needs no script and requests nothing from elsewhere', () => {
    for (const html of [en, zh]) {
      expect(html).not.toMatch(/<script|javascript:|\son[a-z]+=/i);
      // Nothing loaded: no external stylesheet, image, frame or font; only links to follow.
      expect(html).not.toMatch(/<(img|iframe|object|embed|link[^>]+stylesheet)[^>]*(src|href)="(https?:)?\/\//i);
      expect(html).not.toMatch(/@import|url\(/);
    }
  });

  it('shows the board with the counts and all eleven parties, each in its state', () => {
    expect(en).toMatch(/^<!doctype html>\n<html lang="en">/);
    const board = /<svg[^>]*role="img"[\s\S]*?<\/svg>/.exec(en)?.[0] ?? '';
    const tiles = [...board.matchAll(/<g class="party" data-code="([A-Z]{2})" data-state="([a-z-]+)">/g)];
    expect(tiles.map((m) => m[1])).toEqual(partyCodes);
    for (const m of tiles) expect(m[2]).toBe('signed');
    expect(board).toContain('11 of 11 parties signed, 0 ratified, 0 notified the depositary, 0 in force.');
    const rows = [...en.matchAll(/<tr data-code="([A-Z]{2})">/g)].map((m) => m[1]);
    expect(rows).toEqual(partyCodes);
    expect(en).toContain('<dt>Signed</dt><dd>11 of 11</dd>');
    expect(en).toContain('<dt>Ratified</dt><dd>0 of 11</dd>');
    // Timor-Leste is named, not counted.
    expect(en).toMatch(/Timor-Leste \(TL\): ASEAN member, not a party/);
  });

  it('shows precision, conflicting dates, entry into force, areas, the next 90 days, as-of and version', () => {
    expect(en).toMatch(/<time datetime="2015">2015<\/time><span class="precision"> \(year only\)<\/span>/);
    expect(en).toMatch(
      /<li data-milestone="negotiations-launched"><span class="when"><span class="conflicting"><time datetime="2022-11-11">11 Nov 2022<\/time>.* or <time datetime="2022-11-13">13 Nov 2022<\/time>.* \(sources differ\)<\/span>/,
    );
    expect(en).toContain('unknown: clause not yet found (checked 3 Dec 2026)');
    expect(en).toContain('The nine areas of the CAFTA 3.0 upgrade');
    for (const a of data.areas) expect(en).toContain(`${a.number}. ${a.name.replace(/&/g, '&amp;')}`);
    expect(en).toContain('Coming up in the next 90 days');
    expect(en).toContain('30 Nov 2026 to 27 Feb 2027, dates in Asia/Singapore');
    expect(en).toMatch(/1 Jan 2027: .*anniversary/);
    expect(en).toContain(`Data as of 3 Dec 2026 · version ${data.version}`);
  });

  it('lists every source, as a link whenever the data has a full URL', () => {
    const ids = [...en.matchAll(/<li id="src-\d+" data-source="([^"]+)">(.*?)<\/li>/g)];
    expect(ids.map((m) => m[1]).sort()).toEqual(Object.keys(data.sources).sort());
    for (const [, id, html] of ids) {
      const href = sourceHref(data.sources[id].url);
      if (href) expect(html).toContain(`<a href="${href.replace(/&/g, '&amp;')}" rel="noopener noreferrer">`);
      else expect(html).not.toContain('<a ');
    }
    // Every [n] reference points at a listed source.
    const refs = new Set([...en.matchAll(/<a href="#src-(\d+)">/g)].map((m) => Number(m[1])));
    expect(refs.size).toBeGreaterThan(10);
    for (const n of refs) expect(n).toBeLessThanOrEqual(ids.length);
  });

  it('is in Chinese with lang="zh-Hans", the data’s Chinese names and a link back to English', () => {
    expect(zh).toMatch(/^<!doctype html>\n<html lang="zh-Hans">/);
    expect(zh).toContain('<title>中国—东盟自贸区3.0版升级议定书：核准状态</title>');
    expect(zh).toMatch(/<g class="party" data-code="VN" data-state="signed">.*越南/);
    expect(zh).toContain('数据截至2026年12月3日');
    expect(zh).toMatch(/<a class="switch" href="\/\?lang=en" hreflang="en" lang="en">Read this page in English<\/a>/);
    expect(en).toMatch(/<a class="switch" href="\/\?lang=zh" hreflang="zh-Hans" lang="zh-Hans">阅读此页的中文版<\/a>/);
  });

  it('leaves no stray English in the Chinese page (but the link to the English page, in English)', () => {
    const visible = zh
      .replace(/<style>[\s\S]*?<\/style>/, ' ')
      .replace(/<a [^>]*lang="en"[^>]*>[^<]*<\/a>/g, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'");
    // Names of formats and calendar apps stay as they are written.
    const names = new Set(['iCalendar', 'Outlook', 'Google', 'JSON', 'PNG', 'SVG']);
    expect(leftoverLatin(visible, data).filter((l) => !names.has(l.word))).toEqual([]);
  });

  it('offers the calendar (https and webcal), the JSON and the image', () => {
    expect(en).toMatch(/href="webcal:\/\/127\.0\.0\.1:\d+\/calendar\.ics\?lang=en"/);
    expect(en).toMatch(/subscribe to this address: http:\/\/127\.0\.0\.1:\d+\/calendar\.ics\?lang=en/);
    expect(en).toContain('href="/api/status.json?lang=en"');
    expect(en).toContain('href="/status.png?lang=en"');
  });

  it('never echoes a malformed Host header', async () => {
    const { request } = await import('node:http');
    const html = await new Promise<string>((resolve, reject) => {
      const req = request(`${app.url}/`, { headers: { host: 'evil.example"><b>x' } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end();
    });
    expect(html).not.toContain('evil.example');
    expect(html).toContain('/calendar.ics?lang=en');
  });
});

describe('GET / behind a proxy path (CAFTA_PUBLIC_URL with a path)', () => {
  let app: WebApp;
  beforeAll(async () => {
    app = await startWebApp({ CAFTA_PUBLIC_URL: 'https://status.example.org/cafta/' });
  });
  afterAll(() => app.close());

  it('links its own routes under that path, never at the bare host', async () => {
    const html = await (await app.get('/?lang=zh')).text();
    const own = [...html.matchAll(/(?:href)="([^"#][^"]*)"/g)]
      .map((m) => m[1])
      .filter((href) => !/^https?:\/\/(?!status\.example\.org)/.test(href));
    expect(own.length).toBeGreaterThanOrEqual(8);
    for (const href of own)
      expect(href).toMatch(
        /^(?:\/cafta\/|https:\/\/status\.example\.org\/cafta\/|webcal:\/\/status\.example\.org\/cafta\/)/,
      );
    expect(html).toContain('href="/cafta/api/status.json?lang=zh"');
    expect(html).toContain('href="/cafta/?lang=en"');
    expect(html).toContain('href="webcal://status.example.org/cafta/calendar.ics?lang=zh"');
  });
});

describe('GET /status.svg and /status.png', () => {
  let app: WebApp;
  beforeAll(async () => {
    app = await startWebApp();
  });
  afterAll(() => app.close());

  it('serves the board as standalone SVG', async () => {
    const res = await app.get('/status.svg?lang=zh');
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const svg = await res.text();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect([...svg.matchAll(/<g class="party"/g)]).toHaveLength(11);
    expect(svg).toContain('已签署');
  });

  it('renders the PNG once per version and language, not blank, with an ETag', async () => {
    const res = await app.get('/status.png');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await res.arrayBuffer());
    const img = decodePng(png);
    expect(img.width).toBe(960);
    expect(img.height).toBeGreaterThan(400);
    expect(distinctColours(img)).toBeGreaterThan(20);
    expect(inkShare(img)).toBeGreaterThan(0.1);
    const etag = res.headers.get('etag') ?? '';
    expect((await app.get('/status.png', { 'if-none-match': etag })).status).toBe(304);
    const zh = await app.get('/status.png?lang=zh');
    expect(zh.headers.get('etag')).not.toBe(etag);
    expect(Buffer.from(await zh.arrayBuffer()).equals(png)).toBe(false);
    // Cached: the same bytes again.
    expect(Buffer.from(await (await app.get('/status.png')).arrayBuffer()).equals(png)).toBe(true);
  });

  cjkIt('draws Chinese glyphs (fonts that cover Chinese)', async () => {
    const svg = (text: string): string =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="60"><text x="8" y="44" font-size="36" font-family="'Noto Sans CJK SC', sans-serif" fill="#000">${text}</text></svg>`;
    const cjk = decodePng(await svgToPng(svg('越南已签署')));
    const empty = decodePng(await svgToPng(svg('')));
    expect(inkShare(empty)).toBe(0);
    expect(inkShare(cjk)).toBeGreaterThan(0.03);
  });

  it('without a CJK font still renders a PNG, and says once in the log what to install', async () => {
    const logger = createMemoryLogger();
    const latinOnly = FONT_CANDIDATES.filter((f) => !f.includes('CJK'));
    const pngs = createPngCache({ logger, fonts: latinOnly });
    const svg = (await (await app.get('/status.svg?lang=zh')).text()).replace(/'Noto Sans CJK SC', /g, '');
    const first = decodePng(await pngs('zh', () => svg));
    expect(first.width).toBe(960);
    expect(inkShare(first)).toBeGreaterThan(0.05);
    await pngs('en', () => svg);
    const warnings = logger.lines.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0].msg).toMatch(/CJK.*fonts-noto-cjk/);
    // With the CJK font, nothing to say.
    const quiet = createMemoryLogger();
    await createPngCache({ logger: quiet, fonts: FONT_CANDIDATES })('zh', () => svg);
    expect(quiet.lines.filter((l) => l.level === 'warn')).toHaveLength(hasCjkFont ? 0 : 1);
  });
});
