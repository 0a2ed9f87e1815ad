/**
 * Slash-command path: `/cafta status` through our whole server (signature check, Bolt, core,
 * Block Kit renderer) in a child process, next to a minimal Bolt app answering a fixed text and a
 * bare node:http server (the ceiling). Every request is freshly signed, as Slack does.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, spawnServer } from './lib/child';
import { compareServers, rowOf, type Contender } from './lib/compare';
import { startFakeSlackApi } from './lib/fake-slack-api';
import type { LoadRequest } from './lib/load';
import { printTable } from './lib/stats';
import { ms, type BenchOptions, type TargetResult } from './lib/targets';

const SECRET = 'bench-signing-secret';

const slashBody = (text: string): string =>
  new URLSearchParams({
    token: 'legacy',
    team_id: 'T0001',
    team_domain: 'bench',
    channel_id: 'C0001',
    channel_name: 'general',
    user_id: 'U0001',
    user_name: 'bench',
    command: '/cafta',
    text,
    api_app_id: 'A0001',
    response_url: 'http://127.0.0.1:9/unused',
    trigger_id: '1.2.3',
  }).toString();

/** A Slack request signed now (v0 HMAC-SHA256 over `v0:timestamp:body`). */
export function signedSlash(text: string): LoadRequest {
  const body = slashBody(text);
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

/** Our answer to `status`: an ephemeral Block Kit message naming the ratification state. */
const isStatusAnswer = (status: number, body: string): boolean =>
  status === 200 && body.includes('"blocks"') && /ratif/i.test(body);
const isFixedAnswer = (status: number, body: string): boolean =>
  status === 200 && body.includes('parties have ratified');

export async function runSlash(opts: BenchOptions): Promise<TargetResult[]> {
  const fake = await startFakeSlackApi();
  const dir = mkdtempSync(join(tmpdir(), 'cafta-bench-slash-'));
  try {
    const env = { SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl };
    const contenders: Contender[] = [
      {
        name: 'CAFTA bot (/cafta status)',
        start: () =>
          spawnServer({
            script: 'adapters/server.js',
            portFrom: 'log',
            env: {
              ...env,
              PORT: '0',
              SLACK_BOT_TOKEN: 'xoxb-bench',
              CAFTA_DB_PATH: join(dir, 'cafta.db'),
              CAFTA_DATA_DIR: join(DIST, '..', 'data'),
              DATABASE_URL: '',
              SLACK_APP_TOKEN: '',
              SLACK_CLIENT_ID: '',
              MICROSOFT_APP_ID: '',
            },
          }),
        make: () => signedSlash('status'),
        check: isStatusAnswer,
      },
      {
        name: 'minimal Bolt (fixed text)',
        start: () => spawnServer({ script: 'bench/baselines/minimal-bolt.js', env }),
        make: () => signedSlash('status'),
        check: isFixedAnswer,
      },
      {
        name: 'bare node:http (ceiling)',
        start: () => spawnServer({ script: 'bench/baselines/bare-http.js' }),
        make: () => signedSlash('status'),
        check: isFixedAnswer,
      },
    ];
    const results = await compareServers(contenders, opts);
    const [ours, bolt, bare] = results;
    const ratio = ours.summary.rps / bolt.summary.rps;
    printTable(
      `Slash command: ${opts.connections} keep-alive connections, ${opts.warmupSeconds} s warm-up + ${opts.seconds} s, each request signed`,
      results.map(rowOf),
    );
    console.log(
      `ours / minimal Bolt = ${ratio.toFixed(2)}x; ours / bare node:http = ${(ours.summary.rps / bare.summary.rps).toFixed(2)}x; users.info calls: ${fake.counts.get('users.info') ?? 0}`,
    );
    return [
      {
        bench: 'slash',
        target: 'req/s >= 0.9x minimal Bolt',
        measured: `${ratio.toFixed(2)}x (${Math.round(ours.summary.rps)} vs ${Math.round(bolt.summary.rps)} req/s)`,
        ok: ratio >= 0.9,
      },
      { bench: 'slash', target: 'p99 < 50 ms', measured: ms(ours.summary.p99), ok: ours.summary.p99 < 50 },
      { bench: 'slash', target: 'no errors', measured: `${ours.summary.errors} errors`, ok: ours.summary.errors === 0 },
    ];
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
