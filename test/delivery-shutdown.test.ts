/**
 * `run-due` stopped by SIGTERM in the middle of a 2,000-channel fan-out (the real CLI in a child
 * process, the real Slack sender against a fake Slack Web API with latency): it claims nothing
 * more, lets the sends under way finish, releases its claims and exits 0; the next `run-due`
 * (same instant: no lease has expired) delivers the rest. Every channel gets its digest once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../src/store/sqlite';
import { FIXTURE_DATA_DIR } from './support/data-fixture';
import { addSub, realData } from './support/delivery-harness';
import { startFakeSlack, type FakeSlack } from './support/fake-slack';
import { spawnServer } from './support/server-process';
import { waitFor } from './support/wait-for';

const WORKSPACES = 200;
const PER_WORKSPACE = 10;
const CHANNELS = WORKSPACES * PER_WORKSPACE;
const NOW = '2026-11-30T01:00:30.000Z'; // Monday 09:00 Singapore has just passed

let dir: string;
let slack: FakeSlack;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cafta-shutdown-'));
  slack = await startFakeSlack({ latencyMs: 40 });
});
afterAll(async () => {
  await slack.close();
  rmSync(dir, { recursive: true, force: true });
});

const posts = () => slack.callsTo('chat.postMessage').map((c) => String(c.body.channel));

function runDueChild() {
  return spawnServer(
    {
      CAFTA_DB_PATH: join(dir, 'cafta.db'),
      CAFTA_DATA_DIR: FIXTURE_DATA_DIR,
      SLACK_BOT_TOKEN: 'xoxb-shutdown-test',
      SLACK_SIGNING_SECRET: 'shutdown-test-secret',
      SLACK_API_URL: slack.apiUrl,
    },
    dir,
    'adapters/cli/main.ts',
    ['run-due', '--now', NOW],
  );
}

it('SIGTERM during a 2,000-channel fan-out, then run-due again: every channel gets its digest exactly once', async () => {
  const store = createSqliteStore(join(dir, 'cafta.db'));
  await store.migrate();
  const data = realData();
  const channels: string[] = [];
  for (let w = 0; w < WORKSPACES; w += 1) {
    for (let c = 0; c < PER_WORKSPACE; c += 1) {
      const channel = `C${w}X${c}`;
      channels.push(channel);
      await addSub(
        store,
        data,
        {
          kind: 'digest',
          platform: 'slack',
          workspace: `T${w}`,
          channel,
          address: { teamId: `T${w}`, channelId: channel },
        },
        new Date('2026-11-24T00:00:00Z'),
      );
    }
  }
  await store.close();

  const first = runDueChild();
  await waitFor('300 digests to be posted', () => posts().length >= 300, 60_000);
  const signalledAt = Date.now();
  first.child.kill('SIGTERM');
  const exit = await first.exited;
  expect(exit.code).toBe(0);
  expect(Date.now() - signalledAt).toBeLessThan(15_000);
  expect(first.stdout()).toMatch(/stopped early: the rest is left for the next run/);
  const afterFirst = posts().length;
  expect(afterFirst).toBeLessThan(CHANNELS);

  const second = runDueChild();
  expect((await second.exited).code).toBe(0);
  // Same instant, so no lease has expired: only released claims make this "busy elsewhere" 0.
  expect(second.stdout()).toMatch(
    new RegExp(`: ${CHANNELS - afterFirst} due, ${CHANNELS - afterFirst} sent, .* 0 busy elsewhere`),
  );
  expect(second.stderr()).toBe('');

  const all = posts();
  expect(all).toHaveLength(CHANNELS);
  expect(new Set(all)).toEqual(new Set(channels));

  const check = createSqliteStore(join(dir, 'cafta.db'));
  try {
    const counts = check.db.prepare('SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status').all();
    expect(counts).toEqual([{ status: 'sent', n: CHANNELS }]);
    const due = await check.dueSubscriptions(new Date(NOW), 10);
    expect(due).toEqual([]);
  } finally {
    await check.close();
  }
}, 120_000);
