/**
 * A fake Bot Framework connector (the service behind an activity's `serviceUrl`), shared by the
 * tests and the benchmarks: a tiny node:http server on port 0 that records every request with
 * its arrival time and answers like Teams does, optionally after a fixed latency.
 * Replies arrive at POST /v3/conversations/{id}/activities/{replyToId}; proactive messages at
 * POST /v3/conversations/{id}/activities. Failures can be queued to test retries.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  conversationId: string;
  /** Set for replies (`…/activities/{replyToId}`), absent for new messages. */
  replyToId?: string;
  authorization?: string;
  /** The activity, parsed on first read (a benchmark keeps thousands it never parses). */
  readonly body: Record<string, unknown>;
  /** The body as received. */
  raw: string;
  /** Arrival time in ms on this process's monotonic clock (`performance.now()`). */
  at: number;
}

export interface InjectedFailure {
  status: number;
  retryAfter?: string;
}

export interface FakeConnectorOptions {
  /** Every answer waits this long (ms). Default 0. */
  latencyMs?: number;
}

export interface FakeConnector {
  url: string;
  requests: RecordedRequest[];
  /** Next requests fail with these answers, in order. */
  failNext(...failures: InjectedFailure[]): void;
  /** Every answer waits this long (a slow Teams service); 0 = at once. */
  setLatency(ms: number): void;
  /** Resolves once `n` requests have arrived (their answers may still be pending). */
  received(n: number): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

const ROUTE = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/;

function parseBody(raw: string): Record<string, unknown> {
  try {
    return JSON.parse(raw || '{}') as Record<string, unknown>;
  } catch {
    return { unparsable: true };
  }
}

export async function startFakeConnector(opts: FakeConnectorOptions = {}): Promise<FakeConnector> {
  const requests: RecordedRequest[] = [];
  const failures: InjectedFailure[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  let latencyMs = opts.latencyMs ?? 0;
  let counter = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '').split('?')[0];
      const m = ROUTE.exec(path);
      let parsed: Record<string, unknown> | undefined;
      const record = {
        method: req.method ?? '',
        path,
        conversationId: m ? decodeURIComponent(m[1]) : '',
        ...(m?.[2] ? { replyToId: decodeURIComponent(m[2]) } : {}),
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        raw,
        at,
      } as RecordedRequest;
      Object.defineProperty(record, 'body', { enumerable: true, get: () => (parsed ??= parseBody(raw)) });
      requests.push(record);
      for (const w of waiters.filter((x) => requests.length >= x.n)) w.resolve();
      const fail = failures.shift();
      const answer = (): void => {
        if (res.destroyed) return;
        if (!m || req.method !== 'POST') {
          res
            .writeHead(404, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error: { code: 'NotFound', message: 'no such route' } }));
        } else if (fail) {
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (fail.retryAfter !== undefined) headers['retry-after'] = fail.retryAfter;
          res
            .writeHead(fail.status, headers)
            .end(JSON.stringify({ error: { code: `Http${fail.status}`, message: 'injected failure' } }));
        } else {
          counter += 1;
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `activity-${counter}` }));
        }
      };
      if (latencyMs > 0) setTimeout(answer, latencyMs).unref();
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext: (...f) => failures.push(...f),
    setLatency(ms) {
      latencyMs = ms;
    },
    received: (n) =>
      new Promise<void>((resolve) => {
        if (requests.length >= n) resolve();
        else waiters.push({ n, resolve });
      }),
    reset() {
      requests.length = 0;
      failures.length = 0;
      waiters.length = 0;
      latencyMs = opts.latencyMs ?? 0;
      counter = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
