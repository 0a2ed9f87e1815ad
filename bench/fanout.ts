/**
 * Digest fan-out: N due digest subscriptions over 50 workspaces, one `runDue` in a child process
 * through the real Slack sender and SQLite store, against a fake Slack API answering each
 * chat.postMessage after 40 ms. The fake's log is the judge: duplicates, missing channels, and
 * the highest request rates per workspace and per channel it saw.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../src/store/sqlite';
import { DIST } from './lib/child';
import { startFakeSlackApi, type PostRecord } from './lib/fake-slack-api';
import { channelOf, seedSqlite } from './lib/seed';
import { maxInWindow, printTable } from './lib/stats';
import type { BenchOptions, TargetResult } from './lib/targets';

const WORKSPACES = 50;
const LATENCY_MS = 40;
/**
 * Slack publishes about 1 chat.postMessage per second per channel (short bursts allowed) and a
 * workspace-wide limit without a number; delivery holds itself to 5 posts per workspace in any
 * one second (`perWorkspacePerSecond`), and this checks it at the receiving end.
 */
export const WORKSPACE_POSTS_PER_SECOND = 5;
const SLOT = new Date('2026-11-30T09:00:00.000Z'); // a Monday 09:00 UTC: the seeded weekly slot
const NOW = '2026-11-30T09:00:30.000Z';

const groupTimes = (posts: PostRecord[], key: (p: PostRecord) => string): Map<string, number[]> => {
  const m = new Map<string, number[]>();
  for (const p of posts) m.set(key(p), [...(m.get(key(p)) ?? []), p.at]);
  return m;
};

interface WorkerOut {
  report: { due: number; sent: number; failed: number; retried: number; busy: number; durationMs: number };
  seconds: number;
  peakRssMb: number;
}

function runWorker(args: string[]): Promise<WorkerOut> {
  const child = spawn(process.execPath, [join(DIST, 'bench', 'fanout-worker.js'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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

async function fanOut(count: number): Promise<{ row: Record<string, string | number>; targets: TargetResult[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'cafta-bench-fanout-'));
  const fake = await startFakeSlackApi({ latencyMs: LATENCY_MS });
  try {
    const dbPath = join(dir, 'cafta.db');
    const store = createSqliteStore(dbPath);
    await store.migrate();
    seedSqlite(store, {
      count,
      workspaces: WORKSPACES,
      dueEvery: 1,
      dueAt: SLOT,
      laterAt: SLOT,
      createdAt: new Date('2026-11-01T00:00:00Z'),
    });
    await store.close();

    const out = await runWorker([dbPath, join(DIST, '..', 'data'), fake.apiUrl, NOW]);

    const perChannel = groupTimes(fake.posts, (p) => `${p.token} ${p.channel}`);
    const duplicates = [...perChannel.values()].reduce((n, t) => n + Math.max(0, t.length - 1), 0);
    const seen = new Set(fake.posts.map((p) => p.channel));
    const missing = Array.from({ length: count }, (_, i) => channelOf(i)).filter((c) => !seen.has(c)).length;
    const perWorkspace = groupTimes(fake.posts, (p) => p.token);
    const wsPeak = Math.max(0, ...[...perWorkspace.values()].map((t) => maxInWindow(t, 1000)));
    // Sustained: the busiest 5 s of any workspace (bursts above the budget are allowed briefly).
    const wsSustained = Math.max(0, ...[...perWorkspace.values()].map((t) => maxInWindow(t, 5000))) / 5;
    const chPeak = Math.max(0, ...[...perChannel.values()].map((t) => maxInWindow(t, 1000)));

    const check = createSqliteStore(dbPath);
    const ledgerSent = (
      check.db.prepare(`SELECT COUNT(*) AS n FROM deliveries WHERE status = 'sent'`).get() as { n: number }
    ).n;
    await check.close();

    const rate = out.report.sent / (out.report.durationMs / 1000);
    const row = {
      subscriptions: count,
      workspaces: WORKSPACES,
      sent: out.report.sent,
      'ledger sent': ledgerSent,
      seconds: out.report.durationMs / 1000,
      'deliveries/s': Math.round(rate),
      duplicates,
      missing,
      'peak RSS MB': Math.round(out.peakRssMb),
      'max/ws in 1 s': wsPeak,
      'max/ws per s over 5 s': wsSustained,
      'max/channel in 1 s': chPeak,
    };
    const n = count.toLocaleString('en-US');
    return {
      row,
      targets: [
        { bench: 'fanout', target: `${n}: >= 200 deliveries/s`, measured: `${Math.round(rate)}/s`, ok: rate >= 200 },
        {
          bench: 'fanout',
          target: `${n}: 0 duplicates, 0 missing`,
          measured: `${duplicates} dup, ${missing} missing, ledger ${ledgerSent}/${count}`,
          ok: duplicates === 0 && missing === 0 && ledgerSent === count,
        },
        {
          bench: 'fanout',
          target: `${n}: per workspace <= ${WORKSPACE_POSTS_PER_SECOND}/s sustained (5 s), bursts <= ${2 * WORKSPACE_POSTS_PER_SECOND} in 1 s; per channel <= 1 in 1 s`,
          measured: `${wsSustained.toFixed(1)}/s, burst ${wsPeak}, channel ${chPeak}`,
          ok: wsSustained <= WORKSPACE_POSTS_PER_SECOND && wsPeak <= 2 * WORKSPACE_POSTS_PER_SECOND && chPeak <= 1,
        },
      ],
    };
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runFanout(_opts: BenchOptions): Promise<TargetResult[]> {
  const sizes = (process.env.BENCH_FANOUT_SIZES ?? '2000,10000')
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  const rows: Array<Record<string, string | number>> = [];
  const targets: TargetResult[] = [];
  for (const size of sizes) {
    const r = await fanOut(size);
    rows.push(r.row);
    targets.push(...r.targets);
  }
  printTable(
    `Digest fan-out: one run-due, real Slack sender + SQLite, fake Slack API with ${LATENCY_MS} ms per chat.postMessage`,
    rows,
  );
  return targets;
}
