/**
 * Slash-command path, side by side: `/cafta status` through our whole server (signature check,
 * Bolt, core, Block Kit renderer) against Bolt baselines, in alternating rounds, each server
 * freshly started for its round (see lib/compare.ts):
 *   - the bot, freshly started;
 *   - the bot after a data reload (started, answered, its data changed and reloaded by the same
 *     tick the server runs every minute, then loaded): its answers must carry the new data;
 *   - same-answer Bolt: a minimal Bolt app acking the bot's own `status` answer byte for byte;
 *   - minimal Bolt: the same app acking a one-line text;
 *   - bare node:http (the ceiling).
 * Every request is freshly signed with the same secret and has the same body; every answer is
 * compared byte for byte with what that server must say; each server has its own fake Slack Web
 * API, whose log shows the calls made at start and during the load (there must be none per request).
 */
import { createHmac } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeSlack, type FakeSlack } from '../test/support/fake-slack';
import { FIXED_ANSWER } from './baselines/fixed-answer';
import { DIST, spawnServer, type RunningChild } from './lib/child';
import { interleave, rowOf, type Contender, type ContenderResult } from './lib/compare';
import { requestOnce, type LoadRequest } from './lib/load';
import { printTable } from './lib/stats';
import { ms, type BenchOptions, type TargetResult } from './lib/targets';

export const SECRET = 'bench-signing-secret';
const P99_TARGET_MS = 20;

const slashBody = (text: string, userId: string): string =>
  new URLSearchParams({
    token: 'legacy',
    team_id: 'T0001',
    team_domain: 'bench',
    channel_id: 'C0001',
    channel_name: 'general',
    user_id: userId,
    user_name: 'bench',
    command: '/cafta',
    text,
    api_app_id: 'A0001',
    response_url: 'http://127.0.0.1:9/unused',
    trigger_id: '1.2.3',
  }).toString();

/** A Slack request signed now (v0 HMAC-SHA256 over `v0:timestamp:body`). */
export function signedSlash(text: string, userId = 'U0001'): LoadRequest {
  const body = slashBody(text, userId);
  const ts = Math.floor(Date.now() / 1000);
  const sig = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  return {
    path: '/slack/events',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': sig,
    },
    body,
  };
}

/** The bot in single-workspace token mode, every other adapter setting blanked (a local .env cannot leak in). */
export const botEnv = (fake: FakeSlack, dataDir: string, dbPath: string): Record<string, string> => ({
  PORT: '0',
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_BOT_TOKEN: 'xoxb-bench',
  SLACK_API_URL: fake.apiUrl,
  CAFTA_DB_PATH: dbPath,
  CAFTA_DATA_DIR: dataDir,
  DATABASE_URL: '',
  SLACK_APP_TOKEN: '',
  SLACK_CLIENT_ID: '',
  SLACK_CLIENT_SECRET: '',
  SLACK_STATE_SECRET: '',
  MICROSOFT_APP_ID: '',
});

export const status = (): LoadRequest => signedSlash('status');
const exactly =
  (expected: () => string) =>
  (code: number, body: string): boolean =>
    code === 200 && body === expected();

/** Asks `status` until the answer is `expected` (bounded): e.g. until a reload has taken effect. */
async function waitForAnswer(server: RunningChild, expected: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await requestOnce(`http://127.0.0.1:${server.port}`, status());
    if (body === expected) return;
    if (Date.now() > until) throw new Error(`the bot never answered the expected status; last: ${body.slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Setup {
  dir: string;
  /** Data as in data/, and the same with a changed note in meta.json (new data version). */
  v1: string;
  v2: string;
  fakes: FakeSlack[];
  seq: number;
}

export function dataDirs(dir: string): { v1: string; v2: string } {
  const v1 = join(dir, 'data-v1');
  const v2 = join(dir, 'data-v2');
  cpSync(join(DIST, '..', 'data'), v1, { recursive: true });
  cpSync(v1, v2, { recursive: true });
  // A change no answer shows except through the data version: the status answer keeps its size.
  const meta = JSON.parse(readFileSync(join(v2, 'meta.json'), 'utf8')) as { note?: string };
  meta.note = `${meta.note ?? ''} (benchmark copy, reloaded)`;
  writeFileSync(join(v2, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  return { v1, v2 };
}

export async function newFake(s: Setup): Promise<FakeSlack> {
  const fake = await startFakeSlack();
  s.fakes.push(fake);
  return fake;
}

/** The bot's exact ack body for `status` on `dataDir`, from a freshly started server. */
export async function captureStatus(s: Setup, dataDir: string): Promise<string> {
  const fake = await newFake(s);
  s.seq += 1;
  const server = await spawnServer({
    script: 'adapters/server.js',
    portFrom: 'log',
    env: botEnv(fake, dataDir, join(s.dir, `capture-${s.seq}.db`)),
  });
  try {
    const { status: code, body } = await requestOnce(`http://127.0.0.1:${server.port}`, status());
    if (code !== 200 || !body.includes('"blocks"')) throw new Error(`unexpected status answer (${code}): ${body}`);
    return body;
  } finally {
    await server.stop();
  }
}

function contenders(s: Setup, a1: string, a2: string, fakes: Record<string, FakeSlack>): Contender[] {
  const fixed = JSON.stringify(FIXED_ANSWER);
  const calls = (f: FakeSlack) => () => f.calls.length;
  return [
    {
      name: 'CAFTA bot, freshly started',
      start: () => {
        s.seq += 1;
        return spawnServer({
          script: 'adapters/server.js',
          portFrom: 'log',
          env: botEnv(fakes.fresh, s.v1, join(s.dir, `bot-${s.seq}.db`)),
        });
      },
      make: status,
      check: exactly(() => a1),
      outboundCalls: calls(fakes.fresh),
    },
    {
      name: 'CAFTA bot, after a data reload',
      start: async () => {
        s.seq += 1;
        const data = join(s.dir, `data-reload-${s.seq}`);
        cpSync(s.v1, data, { recursive: true });
        const server = await spawnServer({
          script: 'bench/servers/bot-reloadable.js',
          portFrom: 'log',
          env: botEnv(fakes.reload, data, join(s.dir, `bot-${s.seq}.db`)),
        });
        await waitForAnswer(server, a1);
        cpSync(join(s.v2, 'meta.json'), join(data, 'meta.json'));
        server.child.kill('SIGUSR2');
        await waitForAnswer(server, a2);
        return server;
      },
      make: status,
      check: exactly(() => a2),
      outboundCalls: calls(fakes.reload),
    },
    {
      name: 'same-answer Bolt (acks our status answer)',
      start: () =>
        spawnServer({
          script: 'bench/baselines/minimal-bolt.js',
          env: { SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fakes.same.apiUrl, ACK_JSON: a1 },
        }),
      make: status,
      check: exactly(() => a1),
      outboundCalls: calls(fakes.same),
    },
    {
      name: 'minimal Bolt (acks one line)',
      start: () =>
        spawnServer({
          script: 'bench/baselines/minimal-bolt.js',
          env: { SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fakes.minimal.apiUrl, ACK_JSON: '' },
        }),
      make: status,
      check: exactly(() => fixed),
      outboundCalls: calls(fakes.minimal),
    },
    {
      name: 'bare node:http (ceiling, no Bolt, no signature check)',
      start: () => spawnServer({ script: 'bench/baselines/bare-http.js' }),
      make: status,
      check: exactly(() => fixed),
    },
  ];
}

const NEW_USERS = 20;

/**
 * Web API calls a freshly started bot makes when `NEW_USERS` different users each ask `status`
 * once (same body size: user ids of equal length). The load above reuses one user, whose
 * users.info answer the bot keeps; real traffic brings new users.
 */
async function callsForNewUsers(s: Setup, fake: FakeSlack): Promise<Map<string, number>> {
  s.seq += 1;
  const server = await spawnServer({
    script: 'adapters/server.js',
    portFrom: 'log',
    env: botEnv(fake, s.v1, join(s.dir, `bot-${s.seq}.db`)),
  });
  try {
    const before = fake.calls.length;
    for (let i = 1; i <= NEW_USERS; i += 1)
      await requestOnce(`http://127.0.0.1:${server.port}`, signedSlash('status', `U${String(9000 + i)}`));
    const counts = new Map<string, number>();
    for (const c of fake.calls.slice(before)) counts.set(c.method, (counts.get(c.method) ?? 0) + 1);
    return counts;
  } finally {
    await server.stop();
  }
}

const ratioText = (a: ContenderResult, b: ContenderResult): string =>
  `${(a.rps / b.rps).toFixed(2)}x (${Math.round(a.rps)} vs ${Math.round(b.rps)} req/s)`;

function targetsOf(results: ContenderResult[], withApi: ContenderResult[]): TargetResult[] {
  const [fresh, reload, same, minimal] = results;
  const out: TargetResult[] = [];
  for (const bot of [fresh, reload]) {
    const when = bot === fresh ? 'fresh server' : 'after a data reload';
    out.push(
      {
        bench: 'slash',
        target: `status req/s >= 0.9x same-answer Bolt (goal 1.0x), ${when}`,
        measured: `${ratioText(bot, same)}; vs minimal Bolt ${(bot.rps / minimal.rps).toFixed(2)}x; by server CPU per request ${(same.cpuUsPerRequest / bot.cpuUsPerRequest).toFixed(2)}x`,
        ok: bot.rps / same.rps >= 0.9,
      },
      {
        bench: 'slash',
        target: `status p99 < ${P99_TARGET_MS} ms at 10 connections, ${when}`,
        measured: `${ms(bot.p99)} (median of rounds; worst ${ms(bot.worstP99)}), p50 ${ms(bot.p50)}`,
        ok: bot.p99 < P99_TARGET_MS,
      },
    );
  }
  const wrong = results.reduce((n, r) => n + r.errors, 0);
  const perRequest = withApi.map((r) => `${r.name.split(' (')[0]} ${r.outboundDuringLoad}`).join(', ');
  out.push({
    bench: 'slash',
    target: 'every answer byte-exact; no Web API call during the load',
    measured: `${wrong} wrong answers; Web API calls during load: ${perRequest}`,
    ok: wrong === 0 && withApi.every((r) => r.outboundDuringLoad === 0),
  });
  return out;
}

export async function runSlash(opts: BenchOptions): Promise<TargetResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cafta-bench-slash-'));
  const s: Setup = { dir, ...dataDirs(dir), fakes: [], seq: 0 };
  try {
    const a1 = await captureStatus(s, s.v1);
    const a2 = await captureStatus(s, s.v2);
    if (a1 === a2 || a1.length !== a2.length)
      throw new Error('the reloaded data must change the status answer (its data version) and keep its size');
    const fakes = {
      fresh: await newFake(s),
      reload: await newFake(s),
      same: await newFake(s),
      minimal: await newFake(s),
    };
    const results = await interleave(contenders(s, a1, a2, fakes), opts);
    const [fresh, reload, same, minimal, bare] = results;
    printTable(
      `Slash command /cafta status: ${opts.rounds} alternating rounds, each ${opts.warmupSeconds} s warm-up + ${opts.seconds} s, ${opts.connections} keep-alive connections, every request freshly signed (${Buffer.byteLength(status().body)}-byte body); answer ${Buffer.byteLength(a1)} bytes`,
      results.map(rowOf),
    );
    const perRound = (a: ContenderResult, b: ContenderResult): string =>
      a.rounds.map((r, i) => (r.summary.rps / b.rounds[i].summary.rps).toFixed(2)).join(' / ');
    console.log(
      [
        `bot / same-answer Bolt: fresh ${(fresh.rps / same.rps).toFixed(2)}x (rounds ${perRound(fresh, same)}), after reload ${(reload.rps / same.rps).toFixed(2)}x (rounds ${perRound(reload, same)})`,
        `server CPU per request: bot ${Math.round(fresh.cpuUsPerRequest)} µs fresh, ${Math.round(reload.cpuUsPerRequest)} µs after reload; same-answer Bolt ${Math.round(same.cpuUsPerRequest)} µs; so by CPU the bot runs at ${(same.cpuUsPerRequest / fresh.cpuUsPerRequest).toFixed(2)}x / ${(same.cpuUsPerRequest / reload.cpuUsPerRequest).toFixed(2)}x the same-answer baseline (a figure the load generator sharing the machine cannot flatter)`,
        `bot / minimal Bolt: fresh ${(fresh.rps / minimal.rps).toFixed(2)}x, after reload ${(reload.rps / minimal.rps).toFixed(2)}x; same-answer / minimal Bolt ${(same.rps / minimal.rps).toFixed(2)}x; bot / bare node:http ${(fresh.rps / bare.rps).toFixed(2)}x`,
        `Web API calls at start / during the load (all rounds): ${[fresh, reload, same, minimal]
          .map(
            (r) =>
              `${r.name.split(',')[0].split(' (')[0]}: ${r.rounds.map((x) => x.outboundAtStart).join('+')} / ${r.outboundDuringLoad}`,
          )
          .join('; ')}`,
        `  (${[...new Set(fakes.fresh.calls.map((c) => c.method))].join(', ')} for the bot; ${[...new Set(fakes.same.calls.map((c) => c.method))].join(', ')} for the baselines)`,
      ].join('\n'),
    );
    const newUsers = await callsForNewUsers(s, await newFake(s));
    const calls = [...newUsers].map(([m, n]) => `${m} x${n}`).join(', ') || 'none';
    console.log(`${NEW_USERS} new users asking status once each (fresh bot): Web API calls ${calls}`);
    return [
      ...targetsOf(results, [fresh, reload, same, minimal]),
      {
        bench: 'slash',
        target: `Web API calls when ${NEW_USERS} new users ask status (status needs no user zone)`,
        measured: calls,
        ok: null,
        figure: true,
      },
    ];
  } finally {
    for (const f of s.fakes) await f.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
