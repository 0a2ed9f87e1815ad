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

/** A path's routes answer other methods with 405 and the methods it does allow. */
interface WrongMethod {
  allow: string;
}

/** Exact-path lookup; a GET route also answers HEAD (Node omits the body). */
function routeTable(routes: readonly Route[]): (method: string, path: string) => Route | WrongMethod | undefined {
  const byKey = new Map(routes.map((r) => [`${r.method} ${r.path}`, r]));
  const allowed = new Map<string, string[]>();
  for (const r of routes) {
    const methods = allowed.get(r.path) ?? [];
    methods.push(...(r.method === 'GET' ? ['GET', 'HEAD'] : [r.method]));
    allowed.set(r.path, methods);
  }
  return (method, path) => {
    const route = byKey.get(`${method === 'HEAD' ? 'GET' : method} ${path}`);
    if (route) return route;
    const allow = allowed.get(path);
    return allow ? { allow: [...new Set(allow)].join(', ') } : undefined;
  };
}

/** Error answers are JSON: never sniffed as anything else. */
const NOSNIFF = 'nosniff';

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
    const label = found === undefined ? 'other' : 'allow' in found ? path : found.path;
    if (draining) res.setHeader('connection', 'close');
    open.add(res);
    res.once('close', () => {
      open.delete(res);
      deps.metrics.observeRequest(label, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    });
    const run = async (): Promise<void> => {
      if (found === undefined || 'allow' in found) res.setHeader('x-content-type-options', NOSNIFF);
      if (found === undefined) return sendJson(res, 404, { error: 'not found' });
      if ('allow' in found) {
        res.setHeader('allow', found.allow);
        return sendJson(res, 405, { error: 'method not allowed' });
      }
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
