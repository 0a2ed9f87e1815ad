/**
 * The Bolt App and its receiver. Over HTTP, Bolt's HTTPReceiver is mounted on OUR shared server
 * (routes below) rather than listening itself; we verify each request's signature first with
 * Bolt's own `verifySlackRequest`, but against the injected clock, then hand it to Bolt.
 * With SLACK_APP_TOKEN, Bolt's SocketModeReceiver connects out instead and no route is served.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  App,
  HTTPModuleFunctions,
  HTTPReceiver,
  SocketModeReceiver,
  webApi as slackWebApi,
  type Authorize,
  type HTTPReceiverOptions,
  type AuthorizeResult,
  type InstallationStore,
  type ReceiverProcessEventErrorHandlerArgs,
  type webApi,
} from '@slack/bolt';
import type { Clock, Logger } from '../../src/infra/ports';
import { DEFAULT_LANG, localeOf, negotiateLang, t, type Lang } from '../../src/text/i18n';
import { commandWord } from '../../src/commands/vocabulary';
import type { Route } from '../platform';
import { isRateLimitNotice, isRoutable } from './routable';
import { toBoltLogger } from './slack-logger';

export const EVENTS_PATH = '/slack/events';
export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';
export const BOT_SCOPES = ['commands', 'chat:write', 'chat:write.public', 'users:read'];
/**
 * The HTTP response of a request Bolt handles, handed to listeners as a custom property of the
 * context (HTTP only; Socket Mode has none), so that an answer kept already serialised can be
 * acked as JSON without Bolt serialising it again (see `ackJson`).
 */
const HTTP_RESPONSE = 'caftaHttpResponse';
const httpResponses = new WeakMap<IncomingMessage, ServerResponse>();

/**
 * Acks with `json` (a serialised JSON object), byte for byte what Bolt would send for the object:
 * over HTTP the body as is, with Bolt's `content-type: application/json`; elsewhere (Socket
 * Mode) the parsed object.
 */
export async function ackJson(
  context: Record<string, unknown>,
  ack: (body?: string | Record<string, unknown>) => Promise<void>,
  json: string,
): Promise<void> {
  const res = context[HTTP_RESPONSE];
  if (res instanceof Object && 'setHeader' in res && !(res as ServerResponse).headersSent) {
    (res as ServerResponse).setHeader('content-type', 'application/json');
    return ack(json);
  }
  return ack(JSON.parse(json) as Record<string, unknown>);
}

/** Slack payloads are small; a slash command is at most a few KB. */
const BODY_LIMIT = 1024 * 1024;
const MAX_SKEW_SEC = 5 * 60;

export type SlackMode =
  | { kind: 'token'; signingSecret: string; botToken: string }
  | { kind: 'socket'; appToken: string; botToken: string }
  | {
      kind: 'oauth';
      signingSecret: string;
      clientId: string;
      clientSecret: string;
      stateSecret: string;
      installationStore: InstallationStore;
    };

export interface BoltSetup {
  app: App;
  routes: Route[];
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

export interface BoltOptions {
  mode: SlackMode;
  apiUrl?: string;
  logger: Logger;
  clock: Clock;
  /** `CAFTA_DEFAULT_LANG`: for answers given without knowing the asker (a failed request, install pages). */
  lang?: Lang;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The language of an install page: the browser's (Accept-Language), else the default. */
const pageLang = (req: IncomingMessage, fallback: Lang): Lang =>
  negotiateLang(header(req, 'accept-language')) ?? fallback;

function page(res: ServerResponse, status: number, title: string, body: string, lang: Lang = DEFAULT_LANG): void {
  const html = `<!doctype html><html lang="${escapeHtml(localeOf(lang))}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p></body></html>`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(html);
}

/**
 * Bolt's default answers 500 to a listener error. Our listeners catch their own errors, so this
 * only sees authorization failures (workspace not installed → 401) and true surprises.
 */
async function processEventError(
  args: ReceiverProcessEventErrorHandlerArgs,
  logger: Logger,
  lang: Lang,
): Promise<boolean> {
  const { error, response } = args;
  if (response.headersSent) return false;
  // Returning true tells Bolt the request is answered, which also clears its 3-second no-ack
  // timer (left running, it would hold the process for 3 s after every refused request).
  if ((error as { code?: string }).code === 'slack_bolt_authorization_error') {
    logger.warn('slack request from a workspace without an installation', { error: error.message });
    response.removeHeader('content-type');
    response.writeHead(401);
    response.end();
    return true;
  }
  logger.error('slack request failed', { error: error.message });
  const body = JSON.stringify({
    response_type: 'ephemeral',
    text: t(lang, 'render.slack.sorryShort'),
  });
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(body);
  return true;
}

/**
 * Verifies signature and age as Bolt's `verifySlackRequest` does (v0 HMAC-SHA256 over
 * `v0:timestamp:body`, at most 5 minutes old), with our clock; stricter: also rejects far-future
 * stamps. This is the one check of the request (Bolt's receiver is told not to repeat it). The
 * comparison is constant-time on the digests (`timingSafeEqual`), one HMAC per request; Bolt's
 * tsscmp costs two more HMACs and fresh random bytes per request.
 */
export function verifySignature(req: IncomingMessage, rawBody: string, signingSecret: string, clock: Clock): boolean {
  const signature = header(req, 'x-slack-signature');
  const stampText = header(req, 'x-slack-request-timestamp');
  const stamp = Number(stampText);
  if (!signature || !stampText || !Number.isInteger(stamp)) return false;
  const nowSec = Math.floor(clock().getTime() / 1000);
  if (stamp > nowSec + MAX_SKEW_SEC || stamp < nowSec - MAX_SKEW_SEC) return false;
  if (!signature.startsWith('v0=')) return false;
  const given = Buffer.from(signature.slice(3));
  const ours = Buffer.from(createHmac('sha256', signingSecret).update(`v0:${stamp}:${rawBody}`).digest('hex'));
  return given.length === ours.length && timingSafeEqual(given, ours);
}

/**
 * Single-workspace authorization. Bolt's own `token` option starts `auth.test` when the App is
 * built and leaves the promise unhandled if Slack is unreachable, which crashes the process. Here
 * it runs on the first request, is cached on success and retried after a failure; a failure only
 * costs the bot/user ids (answers still go back in the ack), never the request.
 */
export function singleTokenAuthorize(
  botToken: string,
  clientOptions: webApi.WebClientOptions,
  logger: Logger,
): Authorize<boolean> {
  let pending: Promise<AuthorizeResult> | undefined;
  return async () => {
    if (!pending) {
      const client = new slackWebApi.WebClient(botToken, clientOptions);
      pending = client.auth
        .test()
        .then((r) => ({ botToken, botId: r.bot_id, botUserId: r.user_id, teamId: r.team_id }));
    }
    try {
      return await pending;
    } catch (err) {
      pending = undefined;
      logger.warn('slack auth.test failed; answering without bot ids', {
        error: err instanceof Error ? err.message : String(err),
      });
      return { botToken };
    }
  };
}

type HttpMode = Exclude<SlackMode, { kind: 'socket' }>;
type OAuthMode = Extract<SlackMode, { kind: 'oauth' }>;

/** What every part of the Bolt set-up shares. */
interface BoltParts {
  logger: Logger;
  /** The default language (CAFTA_DEFAULT_LANG). */
  lang: Lang;
  boltLogger: ReturnType<typeof toBoltLogger>;
  /** Every WebClient Bolt creates (per request, installer, socket client) gets the same options. */
  clientOptions: webApi.WebClientOptions;
}

export function createBoltApp(opts: BoltOptions): BoltSetup {
  const parts: BoltParts = {
    logger: opts.logger,
    lang: opts.lang ?? DEFAULT_LANG,
    boltLogger: toBoltLogger(opts.logger),
    clientOptions: {
      slackApiUrl: opts.apiUrl,
      retryConfig: { retries: 2, factor: 1.5, minTimeout: 200, maxTimeout: 1000 },
      timeout: 10_000,
    },
  };
  if (opts.mode.kind === 'socket') return createSocketModeApp(opts.mode, parts);

  const { mode } = opts;
  const receiver = createHttpReceiver(mode, parts);
  // convoStore off: we keep no conversation state in Bolt, and its default in-memory store costs an
  // Error (with stack) per request for "not found" (measured: ~3% of the slash-command CPU).
  const common = { receiver, logger: parts.boltLogger, clientOptions: parts.clientOptions, convoStore: false as const };
  const app = new App(
    mode.kind === 'oauth'
      ? common
      : { ...common, authorize: singleTokenAuthorize(mode.botToken, parts.clientOptions, parts.logger) },
  );
  const routes: Route[] = [eventsRoute(receiver, mode.signingSecret, opts.clock, parts.logger)];
  if (mode.kind === 'oauth') {
    const viaBolt = async (req: IncomingMessage, res: ServerResponse): Promise<void> =>
      receiver.requestListener(req, res);
    routes.push(
      { method: 'GET', path: INSTALL_PATH, handler: viaBolt },
      { method: 'GET', path: REDIRECT_PATH, handler: viaBolt },
    );
  }
  return { app, routes };
}

/** Socket Mode: Bolt connects out with the app token; no route is served. */
function createSocketModeApp(mode: Extract<SlackMode, { kind: 'socket' }>, parts: BoltParts): BoltSetup {
  const receiver = new SocketModeReceiver({
    appToken: mode.appToken,
    logger: parts.boltLogger,
    installerOptions: { clientOptions: parts.clientOptions },
  });
  const app = new App({
    receiver,
    socketMode: true,
    authorize: singleTokenAuthorize(mode.botToken, parts.clientOptions, parts.logger),
    logger: parts.boltLogger,
    clientOptions: parts.clientOptions,
    convoStore: false,
  });
  return { app, routes: [], start: async () => void (await app.start()), stop: async () => void (await app.stop()) };
}

/** Bolt's HTTPReceiver, mounted on our server (it does not listen), with the installer for OAuth. */
function createHttpReceiver(mode: HttpMode, parts: BoltParts): HTTPReceiver {
  const { logger } = parts;
  return new HTTPReceiver({
    signingSecret: mode.signingSecret,
    // Verified in the events route against the injected clock (Bolt's own check uses Date.now()).
    signatureVerification: false,
    endpoints: [EVENTS_PATH],
    logger: parts.boltLogger,
    processBeforeResponse: false,
    processEventErrorHandler: (args) => processEventError(args, logger, parts.lang),
    // Bolt's no-ack timer also fires after we answered a refused request ourselves; only a real
    // miss (nothing sent yet) is worth an error line.
    unhandledRequestHandler: ({ response }) => {
      if (response.headersSent) return;
      logger.error('slack request not acknowledged within 3 seconds');
      response.removeHeader('content-type');
      response.writeHead(404);
      response.end();
    },
    customPropertiesExtractor: (req) => {
      const res = httpResponses.get(req);
      return res ? { [HTTP_RESPONSE]: res } : {};
    },
    ...(mode.kind === 'oauth' ? installerOptions(mode, parts) : {}),
  });
}

/** Multi-workspace install: Bolt's installer on our install and redirect paths, with our pages. */
function installerOptions(mode: OAuthMode, parts: BoltParts): Partial<HTTPReceiverOptions> {
  return {
    clientId: mode.clientId,
    clientSecret: mode.clientSecret,
    stateSecret: mode.stateSecret,
    scopes: BOT_SCOPES,
    installationStore: mode.installationStore,
    installerOptions: {
      directInstall: true,
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      clientOptions: parts.clientOptions,
      callbackOptions: {
        success: (installation, _o, req, res) => {
          const lang = pageLang(req, parts.lang);
          const workspace =
            installation.team?.name ?? installation.enterprise?.name ?? t(lang, 'slackInstall.yourWorkspace');
          page(
            res,
            200,
            t(lang, 'slackInstall.successTitle'),
            t(lang, 'slackInstall.success', { workspace, help: `/cafta ${commandWord(lang, 'help')}` }),
            lang,
          );
        },
        failure: (error, _o, req, res) => {
          parts.logger.warn('slack install failed', { code: error.code, error: error.message });
          const lang = pageLang(req, parts.lang);
          page(res, 400, t(lang, 'slackInstall.failureTitle'), t(lang, 'slackInstall.failure'), lang);
        },
      },
    },
  };
}

const isSslCheck = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && (body as Record<string, unknown>).ssl_check === '1';

/**
 * POST /slack/events: buffers the body (bounded), verifies signature and age against our clock,
 * answers Slack's certificate probe, and hands everything else to Bolt.
 */
function eventsRoute(receiver: HTTPReceiver, signingSecret: string, clock: Clock, logger: Logger): Route {
  return {
    method: 'POST',
    path: EVENTS_PATH,
    async handler(req, res) {
      let buffered: Awaited<ReturnType<typeof HTTPModuleFunctions.bufferIncomingMessage>>;
      try {
        buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, BODY_LIMIT);
      } catch (err) {
        const tooLarge = HTTPModuleFunctions.isRawBodyError(err) && err.statusCode === 413;
        res.writeHead(tooLarge ? 413 : 400);
        res.end();
        return;
      }
      const raw = buffered.rawBody.toString('utf8');
      if (!verifySignature(req, raw, signingSecret, clock)) {
        logger.warn('slack request rejected: bad signature or stale timestamp', { path: EVENTS_PATH });
        res.writeHead(401, { 'content-type': 'text/plain' });
        res.end('invalid signature');
        return;
      }
      // Parsed once here, as Bolt's receiver will parse it (form fields, a `payload`, or JSON).
      let body: unknown;
      try {
        body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
      } catch {
        body = undefined; // unparsable: Bolt's receiver answers 400 itself, at once
      }
      if (isSslCheck(body)) {
        // Slack's certificate probe (signed like every Slack request, and checked after the
        // signature, as Bolt does): answered without running anything.
        res.writeHead(200);
        res.end();
        return;
      }
      // Slack's notice that it is holding back this app's events for a minute: no event to run,
      // but Slack expects a 200 (Bolt has no route for it).
      if (isRateLimitNotice(body)) {
        logger.warn('slack is rate-limiting this app’s events', {
          team: body.team_id,
          minute: body.minute_rate_limited,
        });
        res.writeHead(200);
        res.end();
        return;
      }
      // A signed body Bolt cannot route (no event, command, action, view …) would get no
      // answer until Bolt's 3-second no-ack timer: answer it now.
      if (body !== undefined && !isRoutable(body)) {
        logger.warn('slack request not understood: not an event, command or interaction', { path: EVENTS_PATH });
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end('unrecognised Slack request');
        return;
      }
      httpResponses.set(buffered, res);
      receiver.requestListener(buffered, res);
    },
  };
}
