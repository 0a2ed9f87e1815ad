/**
 * A fake Bot Framework connector (the service behind an activity's `serviceUrl`): a tiny
 * node:http server on port 0 that records every request and answers like Teams does.
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
  body: Record<string, unknown>;
}

export interface InjectedFailure {
  status: number;
  retryAfter?: string;
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

export async function startFakeConnector(): Promise<FakeConnector> {
  const requests: RecordedRequest[] = [];
  const failures: InjectedFailure[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  let latencyMs = 0;
  let counter = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      const m = ROUTE.exec(path);
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        body = { unparsable: true };
      }
      requests.push({
        method: req.method ?? '',
        path,
        conversationId: m ? decodeURIComponent(m[1]) : '',
        ...(m?.[2] ? { replyToId: decodeURIComponent(m[2]) } : {}),
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        body,
      });
      for (const w of waiters.filter((x) => requests.length >= x.n)) w.resolve();
      const fail = failures.shift();
      const answer = (): void => {
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
      if (latencyMs > 0) setTimeout(answer, latencyMs);
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
      latencyMs = 0;
      counter = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
