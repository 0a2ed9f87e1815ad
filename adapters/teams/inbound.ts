/**
 * POST /api/messages: the checks every inbound activity passes, in order, before the SDK runs a
 * turn — bearer token present (auth on), body readable, serviceUrl allowed, token valid — and
 * the translation of the SDK's answer into one clean HTTP answer (no SDK error text leaks out).
 * Each check refuses before anything is sent anywhere.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../src/infra/ports';
import { sendJson } from '../http-json';
import type { RouteHandler } from '../platform';
import { HttpError, readJson } from './http-body';
import type { ServiceUrlPolicy } from './service-urls';
import type { TeamsGateway, Turn, TurnAnswer } from './types';

export interface InboundOptions {
  gateway: TeamsGateway;
  serviceUrls: ServiceUrlPolicy;
  logger: Logger;
  onTurn: (turn: Turn) => Promise<void>;
  /** Largest accepted request body. Default 1 MiB. */
  maxBodyBytes?: number;
}

const hasBearer = (req: IncomingMessage): boolean => /^Bearer\s+\S/i.test(String(req.headers.authorization ?? ''));

/** Reads the activity, or answers 400/413 and returns null. */
async function readActivity(req: IncomingMessage, res: ServerResponse, limit: number) {
  try {
    return await readJson(req, limit);
  } catch (err) {
    if (err instanceof HttpError) {
      sendJson(res, err.status, { error: err.message });
      return null;
    }
    throw err;
  }
}

/** The SDK's answer as ours: auth failures as 401, internals never echoed. */
function answer(res: ServerResponse, result: TurnAnswer, logger: Logger): void {
  const { status, body } = result;
  if (status === 401 || status === 403) {
    logger.warn('teams request rejected: not authenticated', { status });
    return sendJson(res, 401, { error: 'unauthorized' });
  }
  if (status >= 500) return sendJson(res, status, { error: 'internal error' });
  if (status >= 400) return sendJson(res, status, { error: typeof body === 'string' ? body : 'bad request' });
  sendJson(res, status, body && typeof body === 'object' ? body : undefined);
}

export function createInboundHandler(opts: InboundOptions): RouteHandler {
  const { gateway, serviceUrls, logger } = opts;
  const limit = opts.maxBodyBytes ?? 1024 * 1024;
  return async (req, res) => {
    // With auth on, a request without a bearer token cannot pass: refuse it before reading it.
    if (gateway.authEnabled && !hasBearer(req)) {
      req.resume();
      logger.warn('teams request rejected: no bearer token', { status: 401 });
      return sendJson(res, 401, { error: 'unauthorized' });
    }
    const activity = await readActivity(req, res, limit);
    if (!activity) return;
    // Before authenticating: even fetching the signing keys is an outbound request this
    // activity must not cause when its serviceUrl is not one we would ever answer.
    const serviceUrl = String(activity.serviceUrl);
    if (!serviceUrls.allows(serviceUrl)) {
      logger.warn('teams request refused: serviceUrl not allowed', {
        status: 403,
        serviceUrl: serviceUrl.slice(0, 200),
        allowed: serviceUrls.description,
      });
      return sendJson(res, 403, { error: 'serviceUrl not allowed' });
    }
    const auth = await gateway.authenticate(activity, String(req.headers.authorization ?? ''));
    if (!auth.ok && auth.ourFault) {
      logger.error('teams request could not be authenticated', { error: auth.reason });
      return sendJson(res, 500, { error: 'internal error' });
    }
    if (!auth.ok) {
      logger.warn('teams request rejected: not authenticated', { status: 401, reason: auth.reason });
      return sendJson(res, 401, { error: 'unauthorized' });
    }
    answer(res, await gateway.runTurn(activity, req.headers, opts.onTurn), logger);
  };
}
