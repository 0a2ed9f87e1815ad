/**
 * Teams path, side by side: a `status` message activity POSTed to /api/messages (inbound auth off,
 * as in local testing, for every server alike) of our server, next to a minimal botbuilder echo
 * bot (CloudAdapter + ActivityHandler, botbuilder's defaults) sending (a) our bot's own status card,
 * captured once from our bot (the same-answer baseline), and (b) a one-line text. Alternating
 * rounds, each server freshly started. Each server has its own fake connector; after every round
 * each reply there is compared with what that bot must send, and their number with the answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeConnector, type FakeConnector } from '../test/support/fake-connector';
import { FIXED_ANSWER } from './baselines/fixed-answer';
import { DIST, spawnServer } from './lib/child';
import { interleave, rowOf, type Contender, type ContenderResult } from './lib/compare';
import type { LoadRequest } from './lib/load';
import { printTable } from './lib/stats';
import { ms, type BenchOptions, type TargetResult } from './lib/targets';

let seq = 0;

/** A personal-chat message as Teams sends it (no mention needed in a 1:1 chat). */
export function statusActivity(serviceUrl: string, text = 'status'): LoadRequest {
  seq += 1;
  const activity = {
    type: 'message',
    id: `bench-${seq}`,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: '29:bench-user', name: 'Bench', aadObjectId: 'aad-bench' },
    recipient: { id: '28:cafta-bot', name: 'CAFTA' },
    conversation: { id: 'a:bench-personal', conversationType: 'personal', tenantId: 'tenant-bench' },
    channelData: { tenant: { id: 'tenant-bench' } },
    text,
    localTimezone: 'Asia/Singapore',
  };
  return { path: '/api/messages', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) };
}

/** Our bot with Teams only (auth off), every Slack setting blanked. */
const botEnv = (dbPath: string): Record<string, string> => ({
  PORT: '0',
  CAFTA_DB_PATH: dbPath,
  CAFTA_DATA_DIR: join(DIST, '..', 'data'),
  DATABASE_URL: '',
  MICROSOFT_APP_ID: '',
  MICROSOFT_APP_PASSWORD: '',
  // No credentials: Teams without auth (the explicit local-testing switch), answering the loopback fake connector.
  CAFTA_TEAMS_AUTH: 'off',
  SLACK_SIGNING_SECRET: '',
  SLACK_BOT_TOKEN: '',
  SLACK_APP_TOKEN: '',
  SLACK_CLIENT_ID: '',
  SLACK_CLIENT_SECRET: '',
  SLACK_STATE_SECRET: '',
});

/** What a reply must carry: our card (compared as JSON text) or the echo text. */
type ReplyCheck = (body: Record<string, unknown>) => boolean;

/**
 * A contender whose replies land on its own connector: HTTP answers are counted as they pass the
 * load's check; after the round, replies that differ from `reply` or whose count differs from the
 * answers count as far-side errors.
 */
function viaConnector(
  name: string,
  connector: FakeConnector,
  start: () => ReturnType<typeof spawnServer>,
  reply: ReplyCheck,
): Contender {
  let answered = 0;
  return {
    name,
    start: () => {
      connector.reset();
      answered = 0;
      return start();
    },
    make: () => statusActivity(connector.url),
    check: (status) => {
      const ok = status >= 200 && status < 300;
      if (ok) answered += 1;
      return ok;
    },
    farSideErrors: () => {
      const wrong = connector.requests.filter((r) => !r.replyToId || !reply(r.body)).length;
      return wrong + Math.abs(connector.requests.length - answered);
    },
  };
}

/** Our status card as our bot sends it, from one freshly started server. */
async function captureCard(dir: string, connector: FakeConnector): Promise<{ summary: string; attachments: unknown }> {
  const server = await spawnServer({
    script: 'adapters/server.js',
    portFrom: 'log',
    env: botEnv(join(dir, 'capture.db')),
  });
  try {
    connector.reset();
    const req = statusActivity(connector.url);
    const res = await fetch(`http://127.0.0.1:${server.port}${req.path}`, {
      method: 'POST',
      headers: req.headers,
      body: req.body,
    });
    if (!res.ok || connector.requests.length !== 1) throw new Error(`no status card captured (HTTP ${res.status})`);
    const body = connector.requests[0].body as { summary?: string; attachments?: unknown };
    if (!JSON.stringify(body.attachments ?? '').includes('application/vnd.microsoft.card.adaptive'))
      throw new Error('the captured reply is not an Adaptive Card');
    return { summary: body.summary ?? '', attachments: body.attachments };
  } finally {
    await server.stop();
  }
}

export async function runTeams(opts: BenchOptions): Promise<TargetResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cafta-bench-teams-'));
  const connectors = [await startFakeConnector(), await startFakeConnector(), await startFakeConnector()];
  try {
    const card = await captureCard(dir, connectors[0]);
    const cardJson = JSON.stringify(card.attachments);
    const sameCard: ReplyCheck = (b) => JSON.stringify(b.attachments) === cardJson && b.summary === card.summary;
    let n = 0;
    const contenders = [
      viaConnector(
        'CAFTA bot (status → Adaptive Card)',
        connectors[0],
        () => {
          n += 1;
          return spawnServer({ script: 'adapters/server.js', portFrom: 'log', env: botEnv(join(dir, `bot-${n}.db`)) });
        },
        sameCard,
      ),
      viaConnector(
        'echo bot sending our card (same answer)',
        connectors[1],
        () => spawnServer({ script: 'bench/baselines/echo-bot.js', env: { ECHO_REPLY: JSON.stringify(card) } }),
        sameCard,
      ),
      viaConnector(
        'echo bot (one line)',
        connectors[2],
        () => spawnServer({ script: 'bench/baselines/echo-bot.js', env: { ECHO_REPLY: '' } }),
        (b) => b.text === FIXED_ANSWER.text && b.attachments === undefined,
      ),
    ];
    const results = await interleave(contenders, opts);
    const [ours, same, echo] = results;
    printTable(
      `Teams message "status": ${opts.rounds} alternating rounds, each ${opts.warmupSeconds} s warm-up + ${opts.seconds} s, ${opts.connections} keep-alive connections, auth off, fake connector; card ${Buffer.byteLength(cardJson)} bytes`,
      results.map((r) => ({ ...rowOf(r), 'bad or missing replies': r.farSideErrors })),
    );
    const ratio = (a: ContenderResult, b: ContenderResult): string => (a.rps / b.rps).toFixed(2);
    console.log(
      `ours / echo bot sending our card = ${ratio(ours, same)}x; ours / echo bot (one line) = ${ratio(ours, echo)}x; by server CPU per request ${(same.cpuUsPerRequest / ours.cpuUsPerRequest).toFixed(2)}x / ${(echo.cpuUsPerRequest / ours.cpuUsPerRequest).toFixed(2)}x`,
    );
    const bad = results.reduce((k, r) => k + r.errors + r.farSideErrors, 0);
    return [
      {
        bench: 'teams',
        target: 'status req/s >= 0.9x echo bot sending our card',
        measured: `${ratio(ours, same)}x (${Math.round(ours.rps)} vs ${Math.round(same.rps)} req/s); vs one-line echo ${ratio(ours, echo)}x`,
        ok: ours.rps / same.rps >= 0.9,
      },
      {
        bench: 'teams',
        target: 'status p99 < 50 ms at 10 connections',
        measured: `${ms(ours.p99)} (worst ${ms(ours.worstP99)}), p50 ${ms(ours.p50)}`,
        ok: ours.p99 < 50,
      },
      {
        bench: 'teams',
        target: 'every reply right, one per answer',
        measured: `${bad} errors or bad/missing replies`,
        ok: bad === 0,
      },
    ];
  } finally {
    for (const c of connectors) await c.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
