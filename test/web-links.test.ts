/**
 * CAFTA_PUBLIC_URL: status answers and digests carry the board picture (cache-busted by the data
 * version) and "Open status page" / "Add to calendar" link buttons — a Slack image block and URL
 * buttons, a Teams Image and Action.OpenUrl, the URLs in a terminal — through the real SDKs
 * against the local fakes. Without it nothing changes.
 */
import { loadAppConfig, loadWebConfig, MAX_PUBLIC_URL } from '../adapters/config';
import { statusMessage } from '../src/commands/info';
import { toBlockKit, SLACK_LIMITS } from '../adapters/slack/block-kit';
import { toAdaptiveCard } from '../adapters/teams/adaptive-card';
import { toTerminalText } from '../adapters/cli/render';
import { buildDigest } from '../src/delivery/digest';
import { textsFor } from '../src/text/texts';
import { toPlainText } from '../src/text/message';
import { dataIn } from '../src/treaty/localize';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../adapters/cli/main';
import { FIXTURE_DATA_DIR, loadFixtureData } from './support/data-fixture';
import type { App } from '../adapters/app';
import { deliveryDepsFor } from '../adapters/tick';
import { digestHandler } from '../src/delivery/digest-handler';
import { createMemoryLogger } from '../src/infra/logger';
import type { Subscription } from '../src/delivery/model';
import { startFakeSlack, type FakeSlack } from './support/fake-slack';
import { postSigned, SECRET, slashBody, startSlackApp, type SlackApp } from './support/slack-request';
import { cardOf, messageActivity, startTeamsHarness, type Harness } from './support/teams-harness';
import { cardLibraryErrors, cardSchemaErrors } from './support/teams-schemas';

const PUBLIC = 'https://cafta.example.org';
const data = loadFixtureData();
const png = (lang: string): string => `${PUBLIC}/status.png?lang=${lang}&v=${data.version}`;

type SlackBlockJson = {
  type: string;
  image_url?: string;
  alt_text?: string;
  elements?: Array<{ type: string; url?: string; value?: string; action_id?: string; text?: { text: string } }>;
};

const linkButtonsOf = (blocks: SlackBlockJson[]) =>
  blocks.flatMap((b) => (b.type === 'actions' ? (b.elements ?? []).filter((e) => e.url) : []));

describe('CAFTA_PUBLIC_URL', () => {
  it('must be an absolute http(s) URL; a trailing slash is dropped, a path kept', () => {
    expect(loadWebConfig({})).toEqual({});
    expect(loadWebConfig({ CAFTA_PUBLIC_URL: 'https://cafta.example.org/' })).toEqual({ publicUrl: PUBLIC });
    expect(loadWebConfig({ CAFTA_PUBLIC_URL: 'http://host:8080/cafta/' })).toEqual({
      publicUrl: 'http://host:8080/cafta',
    });
    for (const bad of ['cafta.example.org', 'javascript:alert(1)', 'https://x.org/#a', '//x.org', 'https://'])
      expect(() => loadWebConfig({ CAFTA_PUBLIC_URL: bad })).toThrow(
        /^CAFTA_PUBLIC_URL must be an absolute http\(s\) URL/,
      );
  });

  it('is short enough for every chat link built on it to be kept (Slack drops URLs over 3,000)', () => {
    const long = `https://cafta.example.org/${'a'.repeat(2990)}`;
    expect(() => loadWebConfig({ CAFTA_PUBLIC_URL: long })).toThrow(/^CAFTA_PUBLIC_URL is 3016 characters: at most/);
    // The longest accepted still gets its picture and both buttons in Slack.
    const longest = `https://cafta.example.org/${'a'.repeat(MAX_PUBLIC_URL - 26)}`;
    const { publicUrl } = loadWebConfig({ CAFTA_PUBLIC_URL: longest });
    expect(publicUrl).toHaveLength(MAX_PUBLIC_URL);
    const msg = statusMessage(textsFor('zh'), dataIn(data, 'zh'), publicUrl);
    const slack = toBlockKit(msg).blocks as SlackBlockJson[];
    expect(slack.filter((b) => b.type === 'image')).toHaveLength(1);
    expect(linkButtonsOf(slack)).toHaveLength(2);
  });
});

describe('a Slack status answer with CAFTA_PUBLIC_URL (Bolt, fake Slack API)', () => {
  let fake: FakeSlack;
  let ctx: SlackApp;
  beforeAll(async () => {
    fake = await startFakeSlack();
    ctx = await startSlackApp({
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-web-links',
      SLACK_API_URL: fake.apiUrl,
      CAFTA_PUBLIC_URL: `${PUBLIC}/`,
    });
  });
  afterAll(async () => {
    await ctx?.app.stop();
    await fake?.close();
  });

  it('carries the board as an image block and two link buttons, within Block Kit limits', async () => {
    const res = await postSigned(ctx.events, slashBody('status'));
    expect(res.status).toBe(200);
    const body = res.json() as { blocks: SlackBlockJson[] };
    const images = body.blocks.filter((b) => b.type === 'image');
    expect(images).toEqual([
      {
        type: 'image',
        image_url: png('en'),
        alt_text:
          'CAFTA 3.0 ratification board: 11 of 11 parties signed, 0 ratified, 0 notified the depositary, 0 in force.',
      },
    ]);
    const links = linkButtonsOf(body.blocks);
    expect(links.map((b) => [b.text?.text, b.url])).toEqual([
      ['Open status page', `${PUBLIC}/?lang=en`],
      ['Add to calendar', `${PUBLIC}/calendar.ics?lang=en`],
    ]);
    for (const b of links) {
      expect(b.value).toBeUndefined();
      expect(b.action_id).toMatch(/^cafta_link:\d+$/);
    }
    expect(body.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
    // The command buttons are still there.
    expect(body.blocks.some((b) => b.type === 'actions' && b.elements?.some((e) => e.value === 'timeline'))).toBe(true);
  });

  it('the picture it links is served, for that data version', async () => {
    const res = await fetch(png('en').replace(PUBLIC, ctx.app.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
  });

  it('in Chinese, with Chinese labels and the Chinese page', async () => {
    const res = await postSigned(ctx.events, slashBody('状态'));
    const body = res.json() as { blocks: SlackBlockJson[] };
    expect(body.blocks.find((b) => b.type === 'image')?.image_url).toBe(png('zh'));
    expect(linkButtonsOf(body.blocks).map((b) => [b.text?.text, b.url])).toEqual([
      ['打开状态页面', `${PUBLIC}/?lang=zh`],
      ['添加到日历', `${PUBLIC}/calendar.ics?lang=zh`],
    ]);
  });
});

describe('a Teams status answer with CAFTA_PUBLIC_URL (botbuilder, fake connector)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startTeamsHarness({ CAFTA_TEAMS_AUTH: 'off', CAFTA_PUBLIC_URL: PUBLIC });
  });
  afterAll(() => h.close());

  it('carries an Image and Action.OpenUrl buttons, valid Adaptive Card 1.5', async () => {
    const res = await h.post(
      messageActivity({ scope: 'personal', text: 'status', id: h.nextId(), serviceUrl: h.connector.url }),
    );
    expect(res.status).toBe(200);
    const card = cardOf(h.connector.requests[0].body) as { body: Array<Record<string, unknown>> };
    expect(cardSchemaErrors(card)).toEqual([]);
    expect(cardLibraryErrors(card)).toEqual([]);
    expect(card.body.filter((e) => e.type === 'Image')).toEqual([
      {
        type: 'Image',
        url: png('en'),
        altText: expect.stringContaining('11 of 11 parties signed'),
        size: 'Stretch',
      },
    ]);
    const open = card.body
      .filter((e) => e.type === 'ActionSet')
      .flatMap((e) => e.actions as Array<Record<string, unknown>>)
      .filter((a) => a.type === 'Action.OpenUrl');
    expect(open).toEqual([
      { type: 'Action.OpenUrl', title: 'Open status page', url: `${PUBLIC}/?lang=en` },
      { type: 'Action.OpenUrl', title: 'Add to calendar', url: `${PUBLIC}/calendar.ics?lang=en` },
    ]);
  });
});

describe('the terminal with CAFTA_PUBLIC_URL', () => {
  const run = async (env: Record<string, string>) => {
    const out: string[] = [];
    const err: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'cafta-web-cli-'));
    try {
      const code = await runCli(['status'], {
        env: { CAFTA_DATA_DIR: FIXTURE_DATA_DIR, CAFTA_DB_PATH: join(dir, 'c.db'), ...env },
        out: (t) => out.push(t),
        err: (t) => err.push(t),
        clock: () => new Date('2026-11-30T03:00:00Z'),
        width: 100,
      });
      return { code, out: out.join('\n'), err: err.join('\n') };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('prints the picture and page addresses after `status`; an invalid value is one line, exit 1', async () => {
    const ok = await run({ CAFTA_PUBLIC_URL: PUBLIC });
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(`\n    ${png('en')}\n`);
    expect(ok.out).toContain(`Open status page:\n    ${PUBLIC}/?lang=en`);
    expect(ok.out).toContain(`Add to calendar:\n    ${PUBLIC}/calendar.ics?lang=en`);
    const none = await run({});
    expect(none.out).not.toContain('status.png');
    const bad = await run({ CAFTA_PUBLIC_URL: 'cafta.example.org' });
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^cafta: CAFTA_PUBLIC_URL must be an absolute http\(s\) URL/);
    expect(bad.err.split('\n')).toHaveLength(1);
  });
});

describe('digests with CAFTA_PUBLIC_URL', () => {
  const NOW = new Date('2026-11-30T03:00:00Z');
  const digest = (lang: string, publicUrl?: string) =>
    buildDigest(textsFor(lang), dataIn(data, lang), null, NOW, 'Asia/Singapore', publicUrl ? { publicUrl } : {});

  it('carry the picture and the links on every platform; without it, none', () => {
    const msg = digest('en', PUBLIC);
    const slack = toBlockKit(msg).blocks as SlackBlockJson[];
    expect(slack.find((b) => b.type === 'image')?.image_url).toBe(png('en'));
    expect(linkButtonsOf(slack)).toHaveLength(2);
    const card = toAdaptiveCard(msg);
    expect(cardSchemaErrors(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('"type":"Image"');
    expect(JSON.stringify(card)).toContain('"type":"Action.OpenUrl"');
    const terminal = toTerminalText(msg);
    expect(terminal).toContain(`    ${png('en')}`);
    expect(terminal).toContain(`Add to calendar:\n    ${PUBLIC}/calendar.ics?lang=en`);
    expect(toPlainText(msg)).toContain(`Open status page: ${PUBLIC}/?lang=en`);

    const plain = digest('en');
    expect(plain.blocks.some((b) => b.type === 'image' || b.type === 'linkButtons')).toBe(false);
    expect(toBlockKit(plain).blocks.some((b) => b.type === 'image')).toBe(false);
  });

  it('a scheduled digest gets the URL from the server config through the delivery pass', () => {
    const config = loadAppConfig({ CAFTA_DB_PATH: ':memory:', CAFTA_PUBLIC_URL: PUBLIC });
    const app = { config, data: { current: () => data }, logger: createMemoryLogger(), metrics: {} };
    const deps = deliveryDepsFor(app as unknown as App);
    expect(deps.publicUrl).toBe(PUBLIC);
    const sub = {
      lang: 'zh',
      zone: 'Asia/Singapore',
      cadence: 'weekly',
      state: {},
      createdAt: NOW,
    } as unknown as Subscription;
    const occurrence = { kind: 'digest', key: 'k', slot: NOW, next: NOW } as const;
    const withUrl = digestHandler.render(sub, occurrence, {
      data,
      now: NOW,
      catchupHours: 24,
      publicUrl: deps.publicUrl,
    });
    expect(withUrl.blocks).toContainEqual({ type: 'image', url: png('zh'), alt: expect.stringContaining('已签署') });
    const without = digestHandler.render(sub, occurrence, { data, now: NOW, catchupHours: 24 });
    expect(without.blocks.some((b) => b.type === 'image')).toBe(false);
  });
});
