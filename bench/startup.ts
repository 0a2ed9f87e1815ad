/**
 * Startup: time from spawning `node dist/adapters/server.js` to the first 200 on /healthz, and the
 * server's resident memory once idle (median of 3 starts; SQLite, no Slack/Teams credentials).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, rssOfPid, stopChild } from './lib/child';
import { percentile, printTable } from './lib/stats';
import { ms, type BenchOptions, type TargetResult } from './lib/targets';

const STARTS = 3;
const TARGET_MS = 2000;

const healthz = (port: number): Promise<number> =>
  new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
  });

async function startOnce(dir: string, i: number): Promise<{ readyMs: number; rssMb: number }> {
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, [join(DIST, 'adapters', 'server.js')], {
    env: {
      ...process.env,
      PORT: '0',
      CAFTA_DB_PATH: join(dir, `cafta-${i}.db`),
      CAFTA_DATA_DIR: join(DIST, '..', 'data'),
      DATABASE_URL: '',
      SLACK_SIGNING_SECRET: '',
      SLACK_BOT_TOKEN: '',
      SLACK_APP_TOKEN: '',
      SLACK_CLIENT_ID: '',
      MICROSOFT_APP_ID: '',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    let err = '';
    // The port is in the "listening" log line; then /healthz is polled until it answers 200.
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${err.slice(-1000)}`)), 20_000);
      child.stderr?.on('data', (c: Buffer) => {
        err += c.toString('utf8');
        const m = /"msg":"CAFTA bot listening"[^\n]*"port":(\d+)/.exec(err);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
    });
    for (let tries = 0; (await healthz(port)) !== 200; tries += 1) {
      if (tries > 2000) throw new Error('/healthz never answered 200');
      await new Promise((r) => setTimeout(r, 5));
    }
    const readyMs = Number(process.hrtime.bigint() - t0) / 1e6;
    await new Promise((r) => setTimeout(r, 1000)); // settle: what an idle server holds
    return { readyMs, rssMb: rssOfPid(child.pid) };
  } finally {
    await stopChild(child);
  }
}

export async function runStartup(_opts: BenchOptions): Promise<TargetResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cafta-bench-startup-'));
  try {
    const runs: Array<{ readyMs: number; rssMb: number }> = [];
    for (let i = 0; i < STARTS; i += 1) runs.push(await startOnce(dir, i));
    const ready = percentile(
      runs.map((r) => r.readyMs).sort((a, b) => a - b),
      50,
    );
    const rss = percentile(
      runs.map((r) => r.rssMb).sort((a, b) => a - b),
      50,
    );
    printTable(`Startup: spawn → 200 on /healthz, ${STARTS} starts (SQLite, adapters without credentials)`, [
      ...runs.map((r, i) => ({
        start: String(i + 1),
        'ready ms': Math.round(r.readyMs),
        'idle RSS MB': Math.round(r.rssMb),
      })),
      { start: 'median', 'ready ms': Math.round(ready), 'idle RSS MB': Math.round(rss) },
    ]);
    return [
      {
        bench: 'startup',
        target: `ready < ${TARGET_MS} ms (median)`,
        measured: `${ms(ready)}, idle RSS ${Math.round(rss)} MB`,
        ok: ready < TARGET_MS,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
