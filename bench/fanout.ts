/**
 * Digest fan-out at issue 11's setup: N weekly digests due at the same instant, 10 channels per
 * workspace (2,000 = 200 workspaces), subscribed as `subscribe` does (data baseline in the state)
 * in a mix of zones whose local slots fall on that instant; one `runDue` in a child process
 * through the real sender and SQLite store, against a fake platform API that answers every call
 * after 40 ms. Slack at 2,000, 200 and 10,000 (peak RSS), Teams at 2,000. The fake's log is the judge:
 * duplicates, missing channels, and the most posts it saw per channel and per workspace in any
 * 1-second window.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeConnector } from '../test/support/fake-connector';
import { startFakeSlack, tokenOf } from '../test/support/fake-slack';
import { loadData } from '../src/treaty/data';
import { createSqliteStore } from '../src/store/sqlite';
import { DIST, nodeFlags } from './lib/child';
import { channelOf, seedSqlite, teamOf, type SeedPlan } from './lib/seed';
import { maxInWindow, printTable } from './lib/stats';
import type { BenchOptions, TargetResult } from './lib/targets';

const CHANNELS_PER_WORKSPACE = 10;
const LATENCY_MS = 40;
const RATE_TARGET = 500;
/**
 * The pace delivery holds itself to (run-due's defaults): Slack publishes about 1
 * chat.postMessage per second per channel and a workspace-wide limit without a number; delivery
 * keeps to 5 posts per workspace (or Teams tenant) in any one second.
 */
export const WORKSPACE_POSTS_PER_SECOND = 5;
/**
 * Teams' published bot limits (learn.microsoft.com, "Optimize your bot with rate limiting in
 * Teams"): per bot per conversation 7 sends in 1 s, 8 in 2 s, 60 in 30 s, 1,800 in an hour; per
 * app per tenant 50 requests per second (30 in earlier revisions of the page; 30 is checked).
 */
const TEAMS_LIMITS = { perConversation: [7, 8, 60] as const, perTenantPerSecond: 30 };
const SLOT = new Date('2026-11-30T09:00:00.000Z'); // a Monday
const NOW = '2026-11-30T09:00:30.000Z';
/** Local slots that all fall on SLOT (Monday 09:00 UTC), so every digest is due at once. */
const SLOTS = [
  { zone: 'UTC', time: '09:00' },
  { zone: 'Asia/Singapore', time: '17:00' },
  { zone: 'Asia/Shanghai', time: '17:00' },
  { zone: 'Asia/Bangkok', time: '16:00' },
  { zone: 'Asia/Jakarta', time: '16:00' },
  { zone: 'Europe/Brussels', time: '10:00' },
  { zone: 'America/New_York', time: '04:00' },
];

export type Platform = 'slack' | 'teams';

/** One post as the fake saw it. */
interface Post {
  at: number;
  workspace: string;
  channel: string;
}

export interface WorkerOut {
  report: { due: number; sent: number; failed: number; retried: number; busy: number; durationMs: number };
  seconds: number;
  windowUs: [number, number];
  cpuSeconds: number;
  eventLoopUtilization: number;
  peakRssMb: number;
}

function runWorker(args: string[]): Promise<WorkerOut> {
  const child = spawn(
    process.execPath,
    [...nodeFlags('bench/fanout-worker.js'), join(DIST, 'bench', 'fanout-worker.js'), ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString('utf8');
  });
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString('utf8');
    if (err.length > 1e5) err = err.slice(-5e4);
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`fan-out worker exited ${code}: ${err.slice(-2000)}`));
      else resolve(JSON.parse(line) as WorkerOut);
    });
  });
}

const timesBy = (posts: Post[], key: (p: Post) => string): number[][] => {
  const m = new Map<string, number[]>();
  for (const p of posts) {
    const k = key(p);
    const list = m.get(k);
    if (list) list.push(p.at);
    else m.set(k, [p.at]);
  }
  return [...m.values()];
};
const maxOver = (groups: number[][], windowMs: number): number =>
  Math.max(0, ...groups.map((t) => maxInWindow(t, windowMs)));

export interface Run {
  platform: Platform;
  count: number;
  out: WorkerOut;
  posts: Post[];
  ledgerSent: number;
  duplicates: number;
  missing: number;
}

/** Seeds `count` due digests, runs one run-due against a fake with 40 ms latency, reads its log. */
export async function fanOut(platform: Platform, count: number): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'cafta-bench-fanout-'));
  const slack = platform === 'slack' ? await startFakeSlack({ latencyMs: LATENCY_MS }) : null;
  const connector = platform === 'teams' ? await startFakeConnector({ latencyMs: LATENCY_MS }) : null;
  try {
    const dataDir = join(DIST, '..', 'data');
    const data = loadData(dataDir);
    const dbPath = join(dir, 'cafta.db');
    const store = createSqliteStore(dbPath);
    await store.migrate();
    const plan: SeedPlan = {
      count,
      workspaces: count / CHANNELS_PER_WORKSPACE,
      dueEvery: 1,
      dueAt: SLOT,
      laterAt: SLOT,
      createdAt: new Date('2026-11-01T00:00:00Z'),
      platform,
      slots: SLOTS,
      // What `subscribe` stores for a digest: the data it has seen.
      state: { dataVersion: data.version, eventIds: data.events.map((e) => e.id) },
      ...(connector
        ? {
            address: (tenant: string, conversation: string) => ({
              channelId: 'msteams',
              serviceUrl: connector.url,
              conversation: { id: conversation, tenantId: tenant, conversationType: 'channel' },
              bot: { id: '28:cafta-bot', name: 'CAFTA' },
            }),
          }
        : {}),
    };
    seedSqlite(store, plan);
    await store.close();

    const out = await runWorker([platform, dbPath, dataDir, slack?.apiUrl ?? '', NOW]);
    // The workspace a post went to: Slack by its bot token (one per workspace), Teams by tenant.
    const posts: Post[] = slack
      ? slack.callsTo('chat.postMessage').map((c) => ({
          at: c.at,
          workspace: tokenOf(c).replace(/^xoxb-/, ''),
          channel: String(c.body.channel ?? ''),
        }))
      : (connector?.requests ?? []).map((r) => ({
          at: r.at,
          workspace: String((r.body.conversation as { tenantId?: string } | undefined)?.tenantId ?? ''),
          channel: r.conversationId,
        }));

    const check = createSqliteStore(dbPath);
    const ledgerSent = (
      check.db.prepare(`SELECT COUNT(*) AS n FROM deliveries WHERE status = 'sent'`).get() as { n: number }
    ).n;
    await check.close();
    // Every seeded channel must get one digest, through its own workspace.
    const seen = posts.map((p) => `${p.workspace} ${p.channel}`);
    const seenSet = new Set(seen);
    let missing = 0;
    for (let i = 0; i < count; i += 1) if (!seenSet.has(`${teamOf(i, plan)} ${channelOf(i)}`)) missing += 1;
    return { platform, count, out, posts, ledgerSent, duplicates: seen.length - seenSet.size, missing };
  } finally {
    await slack?.close();
    await connector?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Pace {
  channel1s: number;
  channel2s: number;
  channel30s: number;
  workspace1s: number;
  all1s: number;
}

function paceOf(posts: Post[]): Pace {
  const perChannel = timesBy(posts, (p) => `${p.workspace} ${p.channel}`);
  return {
    channel1s: maxOver(perChannel, 1000),
    channel2s: maxOver(perChannel, 2000),
    channel30s: maxOver(perChannel, 30_000),
    workspace1s: maxOver(
      timesBy(posts, (p) => p.workspace),
      1000,
    ),
    all1s: maxInWindow(
      posts.map((p) => p.at),
      1000,
    ),
  };
}

export const rateOf = (r: Run): number => r.out.report.sent / (r.out.report.durationMs / 1000);

function rowOf(r: Run, pace: Pace): Record<string, string | number> {
  return {
    platform: r.platform,
    digests: r.count,
    workspaces: r.count / CHANNELS_PER_WORKSPACE,
    sent: r.out.report.sent,
    'ledger sent': r.ledgerSent,
    seconds: r.out.report.durationMs / 1000,
    'deliveries/s': Math.round(rateOf(r)),
    dup: r.duplicates,
    missing: r.missing,
    'max/channel in 1 s': pace.channel1s,
    'max/workspace in 1 s': pace.workspace1s,
    'max all in 1 s': pace.all1s,
    'CPU s': r.out.cpuSeconds,
    'loop busy': `${Math.round(r.out.eventLoopUtilization * 100)}%`,
    'peak RSS MB': Math.round(r.out.peakRssMb),
  };
}

function targetsOf(r: Run, pace: Pace): TargetResult[] {
  const n = r.count.toLocaleString('en-US');
  const who = r.platform === 'slack' ? 'Slack' : 'Teams';
  const rate = rateOf(r);
  const out: TargetResult[] = [];
  if (r.platform === 'slack' && r.count === 2000)
    out.push({
      bench: 'fanout',
      target: `${who} ${n} due, 200 workspaces: >= ${RATE_TARGET} deliveries/s`,
      measured: `${Math.round(rate)}/s (${(r.out.report.durationMs / 1000).toFixed(1)} s)`,
      ok: rate >= RATE_TARGET,
    });
  else
    out.push({
      bench: 'fanout',
      target: `${who} ${n} due: deliveries/s (figure${r.count === 10_000 ? '; peak RSS at 10,000 channels' : ''})`,
      measured: `${Math.round(rate)}/s, peak RSS ${Math.round(r.out.peakRssMb)} MB`,
      ok: null,
      figure: true,
    });
  out.push({
    bench: 'fanout',
    target: `${who} ${n}: 0 duplicates, 0 missing, every one in the ledger`,
    measured: `${r.duplicates} dup, ${r.missing} missing, ledger ${r.ledgerSent}/${r.count}`,
    ok: r.duplicates === 0 && r.missing === 0 && r.ledgerSent === r.count,
  });
  const policy = pace.channel1s <= 1 && pace.workspace1s <= WORKSPACE_POSTS_PER_SECOND;
  if (r.platform === 'slack')
    out.push({
      bench: 'fanout',
      target: `${who} ${n}: pace <= 1/channel and <= ${WORKSPACE_POSTS_PER_SECOND}/workspace in any 1 s`,
      measured: `max ${pace.channel1s}/channel, ${pace.workspace1s}/workspace in 1 s`,
      ok: policy,
    });
  else {
    const [c1, c2, c30] = TEAMS_LIMITS.perConversation;
    out.push({
      bench: 'fanout',
      target: `${who} ${n}: pace <= 1/conversation, <= ${WORKSPACE_POSTS_PER_SECOND}/tenant in any 1 s; Teams limits ${c1}/1 s, ${c2}/2 s, ${c30}/30 s per conversation, ${TEAMS_LIMITS.perTenantPerSecond}/s per tenant`,
      measured: `max ${pace.channel1s}/1 s, ${pace.channel2s}/2 s, ${pace.channel30s}/30 s per conversation; ${pace.workspace1s}/tenant in 1 s`,
      ok:
        policy &&
        pace.channel1s <= c1 &&
        pace.channel2s <= c2 &&
        pace.channel30s <= c30 &&
        pace.workspace1s <= TEAMS_LIMITS.perTenantPerSecond,
    });
  }
  return out;
}

/**
 * BENCH_FANOUT: which runs. Default: issue 11's 2,000; 200 (20 workspaces, so each workspace's 10
 * channels share one page of the run: the pace check that bites when a workspace's posts are
 * bunched); 10,000 for the peak RSS; Teams 2,000.
 */
function runsFromEnv(): Array<{ platform: Platform; count: number }> {
  return (process.env.BENCH_FANOUT ?? 'slack:2000,slack:200,slack:10000,teams:2000')
    .split(',')
    .map((s) => s.trim().split(':'))
    .filter(([p, n]) => (p === 'slack' || p === 'teams') && Number(n) >= CHANNELS_PER_WORKSPACE)
    .map(([p, n]) => ({
      platform: p as Platform,
      count: Math.floor(Number(n) / CHANNELS_PER_WORKSPACE) * CHANNELS_PER_WORKSPACE,
    }));
}

export async function runFanout(_opts: BenchOptions): Promise<TargetResult[]> {
  const rows: Array<Record<string, string | number>> = [];
  const targets: TargetResult[] = [];
  for (const { platform, count } of runsFromEnv()) {
    const run = await fanOut(platform, count);
    const pace = paceOf(run.posts);
    rows.push(rowOf(run, pace));
    targets.push(...targetsOf(run, pace));
  }
  printTable(
    `Digest fan-out: one run-due, all due at once, ${CHANNELS_PER_WORKSPACE} channels per workspace, real sender + SQLite, fake API answering every call after ${LATENCY_MS} ms`,
    rows,
  );
  return targets;
}
