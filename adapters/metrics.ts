/**
 * GET /metrics: Prometheus text through prom-client. Each app has its own Registry (tests and two
 * apps in one process never clash); the process metrics (CPU, memory, event loop, GC) are
 * per-process, so they live in one shared registry, merged in at scrape time. Labels are bounded:
 * routes are the matched route path or "other", never the raw URL.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from '../src/treaty/data';
import type { Clock, Logger } from '../src/infra/ports';
import type { Store } from '../src/store/store';
import { sendJson } from './http-json';
import type { Route } from './platform';

let processRegistry: Registry | undefined;

/**
 * Starts prom-client's default process metrics, once per process. The event-loop monitor and GC
 * observer it starts live as long as the process, so only servers call it (not `run-due`).
 */
export function enableProcessMetrics(): void {
  if (processRegistry) return;
  processRegistry = new Registry();
  collectDefaultMetrics({ register: processRegistry });
}

export interface AppMetrics {
  /** Counts one answered request under its route label ("other" when no route matched). */
  observeRequest(route: string, status: number, seconds: number): void;
  /** Counts one delivery outcome (sent, retry, failed, paused, busy, done, skipped, no_sender). */
  observeDelivery(platform: string, kind: string, outcome: string): void;
  observePass(seconds: number): void;
  /** The Prometheus text of this app plus the process metrics. */
  text(): Promise<{ contentType: string; body: string }>;
  route: Route;
}

export interface MetricsDeps {
  store: Store;
  data: DataSource;
  clock: Clock;
  logger: Logger;
  /** CAFTA_METRICS_TOKEN; when set, /metrics needs `Authorization: Bearer <token>`. */
  token?: string;
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Constant-time check of a bearer header: equal-length digests, so neither length nor prefix leaks. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return timingSafeEqual(sha256(m ? m[1] : ''), sha256(token)) && m !== null;
}

/** How late the oldest due subscription is, read from the store at scrape time (0 when none). */
function dueLagGauge(registry: Registry, deps: MetricsDeps): Gauge {
  return new Gauge({
    name: 'cafta_due_lag_seconds',
    help: 'How late the oldest due delivery is: now minus its due time (0 when nothing is due)',
    registers: [registry],
    async collect() {
      try {
        const now = deps.clock();
        const [oldest] = await deps.store.dueSubscriptions(now, 1);
        const due = oldest?.nextDueAt?.getTime();
        this.set(due === undefined ? 0 : Math.max(0, (now.getTime() - due) / 1000));
      } catch (err) {
        // The store being down is /healthz's to report; the scrape still answers.
        deps.logger.warn('metrics: due lag not read', { error: err instanceof Error ? err.message : String(err) });
      }
    },
  });
}

function dataInfoGauge(registry: Registry, data: DataSource): Gauge<'version' | 'source'> {
  return new Gauge({
    name: 'cafta_data_info',
    help: 'The treaty data in use (always 1): its version hash and where it came from (local folder or signed feed)',
    labelNames: ['version', 'source'] as const,
    registers: [registry],
    collect() {
      const { version, source } = data.status();
      this.reset();
      this.set({ version, source }, 1);
    },
  });
}

function metricsRoute(metrics: Pick<AppMetrics, 'text'>, token: string | undefined): Route {
  return {
    method: 'GET',
    path: '/metrics',
    async handler(req: IncomingMessage, res) {
      if (token !== undefined && !bearerMatches(req.headers.authorization, token)) {
        res.setHeader('www-authenticate', 'Bearer realm="metrics"');
        return sendJson(res, 401, { error: 'unauthorized' });
      }
      const { contentType, body } = await metrics.text();
      res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    },
  };
}

export function createAppMetrics(deps: MetricsDeps): AppMetrics {
  const registry = new Registry();
  const deliveries = new Counter({
    name: 'cafta_deliveries_total',
    help: 'Delivery outcomes by platform, kind (digest, reminder, alert) and outcome',
    labelNames: ['platform', 'kind', 'outcome'] as const,
    registers: [registry],
  });
  const pass = new Histogram({
    name: 'cafta_delivery_pass_duration_seconds',
    help: 'Duration of one delivery pass (every due subscription once)',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [registry],
  });
  const requests = new Counter({
    name: 'cafta_http_requests_total',
    help: 'HTTP requests by matched route ("other" when none matched) and status',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'cafta_http_request_duration_seconds',
    help: 'HTTP request duration by matched route',
    labelNames: ['route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  dueLagGauge(registry, deps);
  dataInfoGauge(registry, deps.data);

  const text = async (): Promise<{ contentType: string; body: string }> => {
    const merged = processRegistry ? Registry.merge([processRegistry, registry]) : registry;
    return { contentType: registry.contentType, body: await merged.metrics() };
  };
  return {
    observeRequest(route, status, seconds) {
      requests.inc({ route, status: String(status) });
      duration.observe({ route }, seconds);
    },
    observeDelivery: (platform, kind, outcome) => deliveries.inc({ platform, kind, outcome }),
    observePass: (seconds) => pass.observe(seconds),
    text,
    route: metricsRoute({ text }, deps.token),
  };
}
