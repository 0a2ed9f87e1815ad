/**
 * End to end through the real platform senders: `run-due` (built from config exactly like the
 * server) and the server's tick deliver digests to a fake Slack Web API and a fake Bot Framework
 * connector that inject 429s, 500s and 502s. Each subscription gets exactly one message; a
 * permanent error pauses the subscription and `subscriptions` says why.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../adapters/app';
import { runDueCli } from '../adapters/cli/run-due';
import { startTick } from '../adapters/tick';
import { runCommand } from '../src/commands/index';
import { parseCommand } from '../src/commands/parse';
import { loadAppConfig } from '../adapters/config';
import { createMemoryLogger } from '../src/infra/logger';
import { toPlainText } from '../src/text/message';
import { createSqliteStore } from '../src/store/sqlite';
import type { Store } from '../src/store/store';
import { FIXTURE_DATA_DIR } from './support/data-fixture';
import { addSub, realData } from './support/delivery-harness';
import { startFakeConnector, type FakeConnector } from './support/fake-connector';
import { startFakeSlack, type FakeSlack } from './support/fake-slack';

const data = realData();
const created = new Date('2026-11-24T00:00:00Z');
const now = '2026-11-30T01:00:30.000Z'; // Monday 09:00 Singapore has just passed
let dir: string;
let slack: FakeSlack;
let connector: FakeConnector;
let env: Record<string, string>;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cafta-e2e-'));
  slack = await startFakeSlack();
  connector = await startFakeConnector();
  env = {
    PORT: '0',
    CAFTA_DB_PATH: join(dir, 'cafta.db'),
    CAFTA_DATA_DIR: FIXTURE_DATA_DIR,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: 'test-signing-secret',
    SLACK_API_URL: slack.apiUrl,
    // Teams without credentials, for the loopback fake connector.
    CAFTA_TEAMS_AUTH: 'off',
  };
});
afterEach(async () => {
  await slack.close();
  await connector.close();
  rmSync(dir, { recursive: true, force: true });
});

async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = createSqliteStore(env.CAFTA_DB_PATH);
  await store.migrate();
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const slackSub = (store: Store, channel: string) =>
  addSub(
    store,
    data,
    {
      kind: 'digest',
      platform: 'slack',
      workspace: 'T0001',
      channel,
      address: { teamId: 'T0001', channelId: channel },
    },
    created,
  );
const teamsSub = (store: Store, id: string) =>
  addSub(
    store,
    data,
    {
      kind: 'digest',
      platform: 'teams',
      workspace: 'tenant-1',
      channel: id,
      address: {
        serviceUrl: connector.url,
        channelId: 'msteams',
        conversation: { id, tenantId: 'tenant-1' },
        bot: { id: '28:cafta-bot', name: 'CAFTA' },
      },
    },
    created,
  );

const okPosts = () => slack.callsTo('chat.postMessage').map((c) => String(c.body.channel));
const teamsPosts = () =>
  connector.requests.filter((r) => r.method === 'POST' && r.body.type === 'message').map((r) => r.conversationId);

it('run-due delivers once per subscription through Slack and Teams despite 429/500/502', async () => {
  await withStore(async (store) => {
    for (const c of ['C1', 'C2', 'C3']) await slackSub(store, c);
    for (const c of ['19:conv-a', '19:conv-b']) await teamsSub(store, c);
  });
  slack.script(
    'chat.postMessage',
    { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } },
    { status: 500, body: 'oops' },
  );
  connector.failNext({ status: 429, retryAfter: '1' }, { status: 502 });

  const out: string[] = [];
  const err: string[] = [];
  expect(
    await runDueCli(['--now', now], {
      env,
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      logger: createMemoryLogger(),
    }),
  ).toBe(0);
  expect(err).toEqual([]);
  expect(out[0]).toMatch(/^run-due 2026-11-30T01:00:30.000Z: 5 due, 5 sent, 0 skipped, 0 to retry, 0 failed, 0 paused/);

  // Two Slack failures then three posts; each channel got exactly one delivered digest.
  const slackCalls = okPosts();
  expect(slackCalls).toHaveLength(5);
  expect(new Set(slackCalls)).toEqual(new Set(['C1', 'C2', 'C3']));
  expect(slack.callsTo('chat.postMessage').every((c) => c.headers.authorization === 'Bearer xoxb-test-token')).toBe(
    true,
  );
  const teams = teamsPosts();
  expect(teams).toHaveLength(4);
  expect(new Set(teams)).toEqual(new Set(['19:conv-a', '19:conv-b']));

  await withStore(async (store) => {
    for (const s of [
      ...(await store.listSubscriptions({ platform: 'slack', workspace: 'T0001' })),
      ...(await store.listSubscriptions({ platform: 'teams', workspace: 'tenant-1' })),
    ]) {
      expect(await store.listDeliveries(s.id)).toEqual([
        expect.objectContaining({ status: 'sent', messageId: expect.any(String) }),
      ]);
    }
  });

  // Running again at the same instant sends nothing more.
  const again: string[] = [];
  expect(await runDueCli(['--now', now], { env, out: (l) => again.push(l), logger: createMemoryLogger() })).toBe(0);
  expect(again[0]).toMatch(/: 0 due, 0 sent/);
  expect(okPosts()).toHaveLength(5);
  expect(teamsPosts()).toHaveLength(4);
}, 30_000);

it('a permanent Slack error pauses the subscription and `subscriptions` says why', async () => {
  await withStore(async (store) => {
    await slackSub(store, 'CARCH');
  });
  slack.script('chat.postMessage', { body: { ok: false, error: 'is_archived' } });
  const out: string[] = [];
  expect(await runDueCli(['--now', now], { env, out: (l) => out.push(l), logger: createMemoryLogger() })).toBe(0);
  expect(out[0]).toMatch(/1 due, 0 sent, .* 1 paused/);

  const app = await startApp({ config: loadAppConfig(env), logger: createMemoryLogger(), clock: () => new Date(now) });
  try {
    const parsed = parseCommand('subscriptions');
    if (!parsed.ok) throw new Error('subscriptions did not parse');
    const reply = await runCommand(
      parsed.command,
      { channel: { platform: 'slack', workspace: 'T0001', channel: 'CARCH', address: {} } },
      app.commandDeps,
    );
    expect(toPlainText(reply)).toContain('the channel is archived');
  } finally {
    await app.stop();
  }
});

it('the server tick runs the same delivery, never overlapping itself', async () => {
  await withStore(async (store) => {
    await slackSub(store, 'CTICK');
  });
  const app = await startApp({ config: loadAppConfig(env), logger: createMemoryLogger(), clock: () => new Date(now) });
  const tick = startTick(app, { schedule: '0 0 1 1 *' }); // the cron itself never fires in the test
  try {
    const [first, overlapping] = await Promise.all([tick.runOnce(), tick.runOnce()]);
    expect(first).toMatchObject({ due: 1, sent: 1 });
    expect(overlapping).toBeNull();
    expect(await tick.runOnce()).toMatchObject({ due: 0, sent: 0 });
    expect(okPosts()).toEqual(['CTICK']);
    const post = slack.callsTo('chat.postMessage')[0];
    expect(String(post.body.text)).toContain('Weekly digest: CAFTA 3.0, 30 Nov 2026');
  } finally {
    await tick.stop();
    await app.stop();
  }
});

it('run-due refuses a bad --now with a usage hint and exit code 2', async () => {
  const err: string[] = [];
  expect(await runDueCli(['--now', 'yesterday'], { env, err: (l) => err.push(l) })).toBe(2);
  expect(err.join('\n')).toContain('--now must be an ISO-8601 instant with a zone');
  expect(await runDueCli(['--now', '2026-11-30T09:00'], { env, err: () => undefined })).toBe(2);
  expect(await runDueCli(['--later'], { env, err: (l) => err.push(l) })).toBe(2);
  expect(err.join('\n')).toContain('usage: cafta run-due [--now ISO-8601]');
});
