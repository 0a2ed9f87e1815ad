/**
 * The status page in a real browser: Debian's Chromium driven by playwright-core. Loads / and
 * /?lang=zh, checks the board, the counts and all eleven parties, runs axe-core in the page (no
 * serious or critical violation), takes screenshots at 375 and 1280 px into test-output/ and checks
 * they are not blank, and checks that Chinese text is drawn with a CJK font.
 *
 * Without a browser the tests report themselves skipped (never passed) — unless
 * CAFTA_REQUIRE_BROWSER=1 (set by .ci/run), when a missing browser fails them.
 * CAFTA_CHROMIUM overrides the browser path (default /usr/bin/chromium).
 * CAFTA_UPDATE_SCREENSHOT=1 also writes docs/status-page.png for the README.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { FONT_CANDIDATES } from '../adapters/web/board-png';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadFixtureData } from './support/data-fixture';
import { decodePng, distinctColours, inkShare } from './support/png';
import { startWebApp, type WebApp } from './support/web-app';

const EXECUTABLE = process.env.CAFTA_CHROMIUM ?? '/usr/bin/chromium';
const REQUIRED = process.env.CAFTA_REQUIRE_BROWSER === '1';
const AVAILABLE = existsSync(EXECUTABLE);
/** Debian's fonts-noto-cjk; without it (and outside CI) the CJK check reports itself skipped. */
const cjkIt = REQUIRED || FONT_CANDIDATES.some((f) => f.includes('CJK') && existsSync(f)) ? it : it.skip;
const OUT = join(__dirname, '..', 'test-output');
const partyCodes = loadFixtureData()
  .parties.filter((p) => p.role === 'party')
  .map((p) => p.code);

jest.setTimeout(60_000);

if (!AVAILABLE && REQUIRED) {
  it('has a browser (CAFTA_REQUIRE_BROWSER=1)', () => {
    throw new Error(`${EXECUTABLE} is missing: install Debian's chromium (apt-get install chromium fonts-noto-cjk)`);
  });
}

(AVAILABLE ? describe : describe.skip)('the status page in Chromium', () => {
  let app: WebApp;
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    app = await startWebApp();
    browser = await chromium.launch({
      executablePath: EXECUTABLE,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A page at `width` px with no access to anything but the app (proves no external request). */
  async function open(path: string, width: number): Promise<{ page: Page; external: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: true });
    const page = await context.newPage();
    const external: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(app.url)) return route.continue();
      external.push(url);
      return route.abort();
    });
    const res = await page.goto(`${app.url}${path}`, { waitUntil: 'load' });
    expect(res?.status()).toBe(200);
    return { page, external };
  }

  /** axe-core run in the page (evaluated over the DevTools protocol: the page's CSP allows no script). */
  async function axeViolations(page: Page): Promise<string[]> {
    await page.evaluate(axe.source);
    // A string: it runs in the page, where `axe` and `document` exist.
    const result = (await page.evaluate(
      `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) })))`,
    )) as Array<{ id: string; impact: string | null; nodes: string[] }>;
    return result
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).join(', ')}`);
  }

  /** A full-page screenshot saved into test-output/, checked not to be blank. */
  async function screenshot(page: Page, name: string, fullPage = true): Promise<Buffer> {
    const png = await page.screenshot({ fullPage, path: join(OUT, name) });
    const img = decodePng(png);
    expect(distinctColours(img)).toBeGreaterThan(50);
    expect(inkShare(img)).toBeGreaterThan(0.05);
    return png;
  }

  async function checkBoard(page: Page, counts: { signed: string; ratified: string }): Promise<void> {
    // One board per screen width: four tiles a row on wide screens, two on phones.
    expect(await page.locator('svg.board:visible').count()).toBe(1);
    const tiles = page.locator('svg.board:visible g.party');
    expect(await tiles.count()).toBe(11);
    expect(await tiles.evaluateAll((gs) => gs.map((g) => g.getAttribute('data-code')))).toEqual(partyCodes);
    const box = await page.locator('svg.board:visible').boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    expect(await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')))).toEqual(
      partyCodes,
    );
    const dl = await page.locator('dl.counts').innerText();
    expect(dl).toContain(counts.signed);
    expect(dl).toContain(counts.ratified);
  }

  it('English at 1280 px: the board, the counts, all eleven parties; accessible; a real screenshot', async () => {
    const { page, external } = await open('/?lang=en', 1280);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await checkBoard(page, { signed: '11 of 11', ratified: '0 of 11' });
    expect(await page.locator('svg.board:visible').getAttribute('aria-labelledby')).toBe('board-title board-desc');
    expect(await axeViolations(page)).toEqual([]);
    const png = await screenshot(page, 'status-en-1280.png');
    if (process.env.CAFTA_UPDATE_SCREENSHOT === '1') {
      await page.setViewportSize({ width: 1280, height: 1100 });
      writeFileSync(join(__dirname, '..', 'docs', 'status-page.png'), await page.screenshot({ fullPage: false }));
    }
    expect(png.length).toBeGreaterThan(10_000);
    // The language switch leads to the Chinese page.
    await page.click('a.switch');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-Hans');
    // Print: navigation and the "use elsewhere" links are hidden.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.toc').isVisible()).toBe(false);
    expect(external).toEqual([]);
    await page.context().close();
  });

  it('Chinese at 375 px: lang="zh-Hans", the board, no sideways scrolling, accessible', async () => {
    const { page, external } = await open('/?lang=zh', 375);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-Hans');
    await checkBoard(page, { signed: '11 / 11', ratified: '0 / 11' });
    expect(await page.locator('svg.board:visible').getAttribute('class')).toBe('board board-narrow');
    // Board text at least as large as the page's small print: tiles of two, not four, per row.
    expect((await page.locator('svg.board:visible').boundingBox())?.width).toBeGreaterThan(300);
    expect(await page.locator('h1').innerText()).toBe('中国—东盟自贸区3.0版升级议定书：核准状态');
    // The page fits the phone; only the parties table scrolls, inside its own focusable region.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'status-zh-375.png');

    expect(external).toEqual([]);
    await page.context().close();
  });

  cjkIt('Chinese text is drawn with a CJK font (fonts-noto-cjk), not as boxes', async () => {
    const { page } = await open('/?lang=zh', 1280);
    // Which fonts drew the heading: a CJK font, with glyphs (not boxes from a Latin font).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument');
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'h1' });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    const cjk = fonts.filter((f) => /CJK|SC|Hei|Song|Ming|Han/i.test(f.familyName));
    expect(cjk.map((f) => f.familyName)).not.toEqual([]);
    expect(cjk.reduce((n, f) => n + f.glyphCount, 0)).toBeGreaterThanOrEqual(15);
    const img = decodePng(await page.locator('h1').screenshot());
    expect(inkShare(img)).toBeGreaterThan(0.05);
    await page.context().close();
  });

  it('English at 375 px and Chinese at 1280 px: screenshots not blank', async () => {
    for (const [path, width, name] of [
      ['/?lang=en', 375, 'status-en-375.png'],
      ['/?lang=zh', 1280, 'status-zh-1280.png'],
    ] as const) {
      const { page } = await open(path, width);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
      await screenshot(page, name, false);
      await page.context().close();
    }
  });
});
