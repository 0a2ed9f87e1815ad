/**
 * GET /metrics: Prometheus text from the real server. Route labels are bounded (matched route or
 * "other"), a token guards the endpoint when configured, each app has its own registry, and the
 * delivery and due-lag figures follow the store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type RunningApp } from '../adapters/app';
import { loadAppConfig } from '../adapters/config';
import { bearerMatches } from '../adapters/metrics';
import { startTick } from '../adapters/tick';
import { createMemoryLogger } from '../src/infra/logger';
import { FIXTURE_DATA_DIR } from './support/data-fixture';
import { addSub, realData } from './support/delivery-harness';
import { recordingSender } from './support/recording-sender';

const NOW = new Date('2026-11-30T01:00:30Z');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cafta-metrics-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function start(env: Record<string, string> = {}, name = 'a'): Promise<RunningApp> {
  const config = loadAppConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    CAFTA_DB_PATH: join(dir, `${name}.db`),
    CAFTA_DATA_DIR: FIXTURE_DATA_DIR,
    ...env,
  });
  return startApp({ config, logger: createMemoryLogger(), clock: () => NOW });
}

/** The value of one sample line (`name{labels} value`), or undefined. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

const scrape = async (app: RunningApp, headers: Record<string, string> = {}) => {
  const res = await fetch(`${app.url}/metrics`, { headers });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text(), res };
};

describe('GET /metrics', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await start();
  });
  afterAll(() => app.stop());

  it('serves Prometheus text with the bot metrics and the process metrics', async () => {
    const m = await scrape(app);
    expect(m.status).toBe(200);
    expect(m.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    for (const name of [
      'cafta_deliveries_total',
      'cafta_delivery_pass_duration_seconds',
      'cafta_due_lag_seconds',
      'cafta_http_requests_total',
      'cafta_http_request_duration_seconds',
      'cafta_data_info',
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
    ])
      expect(m.text).toContain(`# TYPE ${name} `);
    expect(m.text).toContain('# TYPE cafta_delivery_pass_duration_seconds histogram');
    expect(sample(m.text, 'cafta_data_info', `version="${app.data.current().version}",source="local"`)).toBe(1);
  });

  it('labels requests by matched route or "other", never by the raw URL', async () => {
    await fetch(`${app.url}/healthz`);
    await fetch(`${app.url}/healthz?probe=1`);
    await fetch(`${app.url}/no/such/page/12345?secret=x`);
    await fetch(`${app.url}/api/messages`); // GET on a POST route: 405
    await fetch(`${app.url}/api/messages`, { method: 'POST', body: '{}' }); // Teams disabled: 503
    const { text } = await scrape(app);
    expect(sample(text, 'cafta_http_requests_total', 'route="/healthz",status="200"')).toBe(2);
    expect(sample(text, 'cafta_http_requests_total', 'route="other",status="404"')).toBe(1);
    expect(sample(text, 'cafta_http_requests_total', 'route="/api/messages",status="405"')).toBe(1);
    expect(sample(text, 'cafta_http_requests_total', 'route="/api/messages",status="503"')).toBe(1);
    expect(sample(text, 'cafta_http_request_duration_seconds_count', 'route="/healthz"')).toBe(2);
    expect(text).not.toContain('12345');
    expect(text).not.toContain('probe');
  });

  it('cafta_due_lag_seconds is how late the oldest due delivery is (0 when none)', async () => {
    expect(sample((await scrape(app)).text, 'cafta_due_lag_seconds')).toBe(0);
    // Monday 09:00 Singapore = 01:00:00Z, 30 s before the app's clock.
    await addSub(app.store, realData(), { kind: 'digest', channel: 'CLAG' }, new Date('2026-11-24T00:00:00Z'));
    expect(sample((await scrape(app)).text, 'cafta_due_lag_seconds')).toBe(30);
  });

  it('counts delivery outcomes and pass durations from the tick', async () => {
    const tick = startTick(app, { schedule: '0 0 1 1 *', deps: { senders: { test: recordingSender() } } });
    try {
      await addSub(
        app.store,
        realData(),
        { kind: 'digest', platform: 'nowhere', channel: 'N' },
        new Date('2026-11-24'),
      );
      expect(await tick.runOnce(NOW)).toMatchObject({ sent: 1, noSender: 1 });
    } finally {
      await tick.stop();
    }
    const { text } = await scrape(app);
    expect(sample(text, 'cafta_deliveries_total', 'platform="test",kind="digest",outcome="sent"')).toBe(1);
    expect(sample(text, 'cafta_deliveries_total', 'platform="nowhere",kind="digest",outcome="no_sender"')).toBe(1);
    expect(sample(text, 'cafta_delivery_pass_duration_seconds_count')).toBe(1);
    expect(sample(text, 'cafta_due_lag_seconds')).toBe(30); // the sub without a sender stays due
  });
});

describe('CAFTA_METRICS_TOKEN', () => {
  const TOKEN = 'metrics-token-0123456789';
  let app: RunningApp;
  beforeAll(async () => {
    app = await start({ CAFTA_METRICS_TOKEN: TOKEN }, 'token');
  });
  afterAll(() => app.stop());

  it('requires `Authorization: Bearer <token>`: anything else gets 401', async () => {
    for (const headers of <Array<Record<string, string>>>[
      {},
      { authorization: TOKEN },
      { authorization: `Basic ${TOKEN}` },
      { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: 'Bearer ' },
    ]) {
      const m = await scrape(app, headers);
      expect(m.status).toBe(401);
      expect(m.res.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(m.text).not.toContain('cafta_');
    }
    const ok = await scrape(app, { authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('cafta_http_requests_total');
    // The refused scrapes were counted like any request.
    expect(sample(ok.text, 'cafta_http_requests_total', 'route="/metrics",status="401"')).toBe(6);
  });

  it('compares without revealing length or prefix (digest compare)', () => {
    expect(bearerMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`bearer   ${TOKEN}  `, TOKEN)).toBe(true);
    expect(bearerMatches(`Bearer ${TOKEN} extra`, TOKEN)).toBe(false);
    expect(bearerMatches(undefined, TOKEN)).toBe(false);
  });
});

it('two apps in one process keep separate registries', async () => {
  const one = await start({}, 'one');
  const two = await start({}, 'two');
  try {
    await fetch(`${one.url}/healthz`);
    await fetch(`${one.url}/healthz`);
    await fetch(`${two.url}/healthz`);
    expect(sample((await scrape(one)).text, 'cafta_http_requests_total', 'route="/healthz",status="200"')).toBe(2);
    expect(sample((await scrape(two)).text, 'cafta_http_requests_total', 'route="/healthz",status="200"')).toBe(1);
  } finally {
    await one.stop();
    await two.stop();
  }
});
