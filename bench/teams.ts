/**
 * Teams path: a `status` message activity POSTed to /api/messages of our server (child process,
 * inbound auth off as in local testing), the answer going to a fake connector; next to a minimal
 * botbuilder echo bot. Errors count failed HTTP answers and replies that miss the expected content.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, spawnServer } from './lib/child';
import { compareServers, rowOf, type Contender, type ContenderResult } from './lib/compare';
import { startFakeConnector } from './lib/fake-connector';
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

const okStatus = (status: number): boolean => status >= 200 && status < 300;

export async function runTeams(opts: BenchOptions): Promise<TargetResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cafta-bench-teams-'));
  // One connector per contender, each with the content its bot must send.
  const ourConnector = await startFakeConnector(
    (b) => b.includes('application/vnd.microsoft.card.adaptive') && /ratif/i.test(b),
  );
  const echoConnector = await startFakeConnector((b) => b.includes('parties have ratified'));
  try {
    const contenders: Contender[] = [
      {
        name: 'CAFTA bot (status)',
        start: () =>
          spawnServer({
            script: 'adapters/server.js',
            portFrom: 'log',
            env: {
              PORT: '0',
              CAFTA_DB_PATH: join(dir, 'cafta.db'),
              CAFTA_DATA_DIR: join(DIST, '..', 'data'),
              DATABASE_URL: '',
              MICROSOFT_APP_ID: '',
              MICROSOFT_APP_PASSWORD: '',
              // No credentials: Teams without auth, answering the loopback fake connector.
              CAFTA_TEAMS_AUTH: 'off',
              SLACK_SIGNING_SECRET: '',
              SLACK_BOT_TOKEN: '',
              SLACK_APP_TOKEN: '',
              SLACK_CLIENT_ID: '',
            },
          }),
        make: () => statusActivity(ourConnector.url),
        check: okStatus,
      },
      {
        name: 'minimal botbuilder echo bot',
        start: () => spawnServer({ script: 'bench/baselines/echo-bot.js' }),
        make: () => statusActivity(echoConnector.url),
        check: okStatus,
      },
    ];
    const results = [...(await compareServers(contenders, opts))];
    // For scale: the same echo bot sending our bot's actual status card (same payload size).
    const card = JSON.parse(ourConnector.stats.lastGood || '{}') as { summary?: string; attachments?: unknown[] };
    const sameCard = await startFakeConnector((b) => b.includes('application/vnd.microsoft.card.adaptive'));
    try {
      results.push(
        ...(await compareServers(
          [
            {
              name: 'echo bot sending our card',
              start: () =>
                spawnServer({
                  script: 'bench/baselines/echo-bot.js',
                  env: { ECHO_REPLY: JSON.stringify({ summary: card.summary, attachments: card.attachments }) },
                }),
              make: () => statusActivity(sameCard.url),
              check: okStatus,
            },
          ],
          opts,
        )),
      );
    } finally {
      await sameCard.close();
    }
    const connectors = [ourConnector, echoConnector, sameCard];
    const rows = results.map((r: ContenderResult, i) => ({
      ...rowOf(r),
      'replies ok': connectors[i].stats.good,
      'replies bad': connectors[i].stats.replies - connectors[i].stats.good,
    }));
    const [ours, echo, echoCard] = results;
    const ratio = ours.summary.rps / echo.summary.rps;
    printTable(
      `Teams message: ${opts.connections} keep-alive connections, ${opts.warmupSeconds} s warm-up + ${opts.seconds} s, auth off, fake connector`,
      rows,
    );
    console.log(
      `ours / echo bot = ${ratio.toFixed(2)}x; ours / echo bot sending our card = ${(ours.summary.rps / echoCard.summary.rps).toFixed(2)}x`,
    );
    if (ourConnector.stats.sample) console.log(`first bad reply: ${ourConnector.stats.sample}`);
    const bad = ourConnector.stats.replies - ourConnector.stats.good;
    return [
      {
        bench: 'teams',
        target: 'req/s >= 0.9x echo bot',
        measured: `${ratio.toFixed(2)}x (${Math.round(ours.summary.rps)} vs ${Math.round(echo.summary.rps)} req/s)`,
        ok: ratio >= 0.9,
      },
      { bench: 'teams', target: 'p99 < 50 ms', measured: ms(ours.summary.p99), ok: ours.summary.p99 < 50 },
      {
        bench: 'teams',
        target: 'no errors, every reply right',
        measured: `${ours.summary.errors} errors, ${bad} bad replies`,
        ok: ours.summary.errors === 0 && bad === 0 && ourConnector.stats.good > 0,
      },
    ];
  } finally {
    await ourConnector.close();
    await echoConnector.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
