/**
 * The public web routes: the first PNG (fonts loaded, board rendered), then each route under
 * closed-loop keep-alive load — the page (en, zh), a 304 revalidation, the SVG, the cached PNG,
 * the calendar and the JSON API. The server runs in this process (a figure, not a comparison:
 * the load generator shares its CPU); SQLite, no Slack/Teams, the shipped data/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../adapters/app';
import { loadAppConfig } from '../adapters/config';
import { createLogger } from '../src/infra/logger';
import { DIST } from './lib/child';
import { printTable, summarise } from './lib/stats';
import { ms, type BenchOptions, type TargetResult } from './lib/targets';

interface Answer {
  status: number;
  bytes: number;
  etag?: string;
}

function get(agent: Agent, url: URL, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const r = request(
      { agent, host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, headers },
      (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, etag: res.headers.etag }));
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end();
  });
}

async function load(url: URL, headers: Record<string, string>, expect: number, opts: BenchOptions) {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.connections });
  const run = async (seconds: number) => {
    const lat: number[] = [];
    let errors = 0;
    const end = Date.now() + seconds * 1000;
    const start = process.hrtime.bigint();
    const worker = async (): Promise<void> => {
      while (Date.now() < end) {
        const t = process.hrtime.bigint();
        const a = await get(agent, url, headers).catch(() => ({ status: 0, bytes: 0 }));
        if (a.status === expect) lat.push(Number(process.hrtime.bigint() - t) / 1e6);
        else errors += 1;
      }
    };
    await Promise.all(Array.from({ length: opts.connections }, worker));
    return summarise(lat, errors, Number(process.hrtime.bigint() - start) / 1e9);
  };
  try {
    if (opts.warmupSeconds) await run(opts.warmupSeconds);
    return await run(opts.seconds);
  } finally {
    agent.destroy();
  }
}

export async function runWeb(opts: BenchOptions): Promise<TargetResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cafta-bench-web-'));
  const config = loadAppConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    CAFTA_DB_PATH: join(dir, 'web.db'),
    CAFTA_DATA_DIR: join(DIST, '..', 'data'),
  });
  const app = await startApp({ config, logger: createLogger({ level: 'error' }) });
  try {
    const agent = new Agent({ keepAlive: false });
    const at = (path: string): URL => new URL(path, app.url);
    const t0 = process.hrtime.bigint();
    const first = await get(agent, at('/status.png'));
    const firstPngMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const t1 = process.hrtime.bigint();
    await get(agent, at('/status.png?lang=zh'));
    const secondPngMs = Number(process.hrtime.bigint() - t1) / 1e6;
    const page = await get(agent, at('/'));
    const routes: Array<[string, string, Record<string, string>, number]> = [
      ['GET / (en)', '/', {}, 200],
      ['GET /?lang=zh', '/?lang=zh', {}, 200],
      ['GET / If-None-Match → 304', '/', { 'if-none-match': page.etag ?? '' }, 304],
      ['GET /status.svg', '/status.svg', {}, 200],
      ['GET /status.png (cached)', '/status.png', {}, 200],
      ['GET /calendar.ics', '/calendar.ics', {}, 200],
      ['GET /api/status.json', '/api/status.json', {}, 200],
    ];
    const rows: Array<Record<string, string | number>> = [
      {
        route: 'first GET /status.png (fonts + render)',
        'req/s': '—',
        p50: ms(firstPngMs),
        p99: '—',
        errors: 0,
        bytes: first.bytes,
      },
      { route: 'first GET /status.png?lang=zh', 'req/s': '—', p50: ms(secondPngMs), p99: '—', errors: 0, bytes: '' },
    ];
    const results: TargetResult[] = [
      { bench: 'web', target: 'first PNG render', measured: ms(firstPngMs), ok: null, figure: true },
    ];
    for (const [name, path, headers, status] of routes) {
      const bytes = (await get(agent, at(path), headers)).bytes;
      const s = await load(at(path), headers, status, opts);
      rows.push({ route: name, 'req/s': Math.round(s.rps), p50: ms(s.p50), p99: ms(s.p99), errors: s.errors, bytes });
      results.push({
        bench: 'web',
        target: name,
        measured: `${Math.round(s.rps)} req/s, p99 ${ms(s.p99)}`,
        ok: null,
        figure: true,
      });
    }
    printTable(
      `Web routes (in-process server, ${opts.connections} keep-alive connections, ${opts.seconds} s each)`,
      rows,
    );
    return results;
  } finally {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
