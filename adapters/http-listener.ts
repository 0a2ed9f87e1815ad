/**
 * The one HTTP request listener: routes by method and exact path, counts every answer under a
 * bounded route label, and is the single error boundary (log, answer 500 once, never crash).
 * While draining (graceful shutdown) every answer carries `Connection: close`, so keep-alive
 * clients move on to another replica instead of sending more requests here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../src/infra/ports';
import { sendJson } from './http-json';
import type { AppMetrics } from './metrics';
import type { Route } from './platform';

export interface HttpListener {
  (req: IncomingMessage, res: ServerResponse): void;
  /** From now on, answers close their connection. */
  drain(): void;
}

/** Exact-path lookup; a GET route also answers HEAD (Node omits the body). */
function routeTable(routes: readonly Route[]): (method: string, path: string) => Route | 'wrong-method' | undefined {
  const byKey = new Map(routes.map((r) => [`${r.method} ${r.path}`, r]));
  const paths = new Set(routes.map((r) => r.path));
  return (method, path) =>
    byKey.get(`${method === 'HEAD' ? 'GET' : method} ${path}`) ?? (paths.has(path) ? 'wrong-method' : undefined);
}

export function createHttpListener(
  routes: readonly Route[],
  deps: { logger: Logger; metrics: Pick<AppMetrics, 'observeRequest'> },
): HttpListener {
  const find = routeTable(routes);
  let draining = false;
  /** Answers not yet written: told to close their connection when draining starts. */
  const open = new Set<ServerResponse>();
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const started = process.hrtime.bigint();
    const path = (req.url ?? '/').split('?')[0];
    const found = find(req.method ?? 'GET', path);
    const label = found === undefined ? 'other' : found === 'wrong-method' ? path : found.path;
    if (draining) res.setHeader('connection', 'close');
    open.add(res);
    res.once('close', () => {
      open.delete(res);
      deps.metrics.observeRequest(label, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    });
    const run = async (): Promise<void> => {
      if (found === undefined) return sendJson(res, 404, { error: 'not found' });
      if (found === 'wrong-method') return sendJson(res, 405, { error: 'method not allowed' });
      return found.handler(req, res);
    };
    run().catch((err: unknown) => {
      deps.logger.error('request failed', { path, error: err instanceof Error ? err.message : String(err) });
      sendJson(res, 500, { error: 'internal error' });
    });
  };
  return Object.assign(listener, {
    drain() {
      draining = true;
      for (const res of open) if (!res.headersSent) res.setHeader('connection', 'close');
    },
  });
}
