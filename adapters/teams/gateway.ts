/**
 * The only file that imports botbuilder / botframework-*. Everything else in the Teams adapter
 * talks to the small `TeamsGateway` interface and the plain types below, so moving to the
 * Microsoft 365 Agents SDK later means rewriting this file alone.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TurnContext,
  type Activity,
  type ConversationReference,
} from 'botbuilder';
import type { Logger } from '../../src/ports';

/* ------------------------------------------------------------------ plain types */

export interface TeamsAccount {
  id: string;
  name?: string;
  aadObjectId?: string;
}

export interface TeamsConversation {
  id: string;
  conversationType?: string;
  tenantId?: string;
  isGroup?: boolean;
  name?: string;
}

/** The parts of an inbound Bot Framework activity the bot reads. */
export interface TeamsActivity {
  type: string;
  id?: string;
  text?: string;
  value?: unknown;
  action?: string;
  localTimezone?: string;
  serviceUrl?: string;
  channelId?: string;
  from?: TeamsAccount;
  recipient?: TeamsAccount;
  conversation?: TeamsConversation;
  entities?: Array<{ type?: string; mentioned?: { id?: string; name?: string }; text?: string }>;
  membersAdded?: TeamsAccount[];
  membersRemoved?: TeamsAccount[];
  channelData?: { tenant?: { id?: string }; team?: { id?: string }; eventType?: string };
}

/** A conversation reference: everything needed to post into a conversation later. */
export interface ConversationRef {
  activityId?: string;
  user?: TeamsAccount;
  bot?: TeamsAccount;
  conversation: TeamsConversation;
  channelId: string;
  serviceUrl: string;
  locale?: string;
}

export interface OutgoingActivity {
  type: 'message';
  text?: string;
  summary?: string;
  attachments?: Array<{ contentType: string; content: unknown }>;
}

/** One inbound turn, as the bot sees it. */
export interface Turn {
  activity: TeamsActivity;
  reference: ConversationRef;
  /** Replies in the conversation (threaded under the inbound activity). Returns the new activity id. */
  reply(activity: OutgoingActivity): Promise<string | undefined>;
}

export type ProactiveResult =
  | { ok: true; id: string }
  /** `status` 0 = no HTTP answer (network error). */
  | { ok: false; status: number; retryAfterMs?: number; message: string };

export interface TeamsGateway {
  /** False when no app id is configured: inbound requests are not authenticated. */
  readonly authEnabled: boolean;
  /** Handles one POST /api/messages: parses, authenticates, runs `onTurn`, answers. */
  process(req: IncomingMessage, res: ServerResponse, onTurn: (turn: Turn) => Promise<void>): Promise<void>;
  /** Posts a new message into a stored conversation, one attempt (the caller owns retries). */
  continueConversation(ref: ConversationRef, activity: OutgoingActivity): Promise<ProactiveResult>;
}

export interface GatewayOptions {
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  appType?: string;
  /**
   * botbuilder's BotFrameworkAuthentication settings under the SDK's own key names
   * (ChannelService, ToBotFromChannelOpenIdMetadataUrl, …): sovereign clouds, and tests.
   */
  sdkSettings?: Record<string, string>;
  logger: Logger;
  /** Largest accepted request body. */
  maxBodyBytes?: number;
}

/* ------------------------------------------------------------------ implementation */

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function readJson(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    // Keep reading (and discarding) an oversized body: answering mid-upload stalls some clients.
    if (size <= limit) chunks.push(buf);
  }
  if (size > limit) throw new HttpError(413, 'request body too large');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new HttpError(400, 'body is not an activity object');
  const a = parsed as Record<string, unknown>;
  const conv = a.conversation as Record<string, unknown> | undefined;
  // The SDK assumes these exist; checking here turns a would-be 500 into a clear 400.
  if (typeof a.type !== 'string' || !a.type) throw new HttpError(400, 'activity has no type');
  if (typeof a.serviceUrl !== 'string' || !/^https?:\/\//i.test(a.serviceUrl)) throw new HttpError(400, 'activity has no valid serviceUrl');
  if (!conv || typeof conv !== 'object' || typeof conv.id !== 'string' || !conv.id) throw new HttpError(400, 'activity has no conversation id');
  const wrong = wrongField(a);
  if (wrong) throw new HttpError(400, `activity field ${wrong} has the wrong type`);
  return a;
}

const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);
const optional = (v: unknown, ok: (x: unknown) => boolean): boolean => v === undefined || v === null || ok(v);
const isString = (v: unknown): boolean => typeof v === 'string';
const objectsOnly = (v: unknown): boolean => Array.isArray(v) && v.every(isObject);
const accountOk = (v: unknown): boolean => isObject(v) && optional((v as Record<string, unknown>).id, isString);

/**
 * The first field the bot reads whose type is not what Teams sends (text that is a number, null
 * members, a non-string tenant), or undefined. Rejected as 400 here rather than failing inside
 * the turn, where it would cost an apology message and an error log.
 */
function wrongField(a: Record<string, unknown>): string | undefined {
  const conv = a.conversation as Record<string, unknown>;
  const checks: Array<[string, boolean]> = [
    ['text', optional(a.text, isString)],
    ['action', optional(a.action, isString)],
    ['localTimezone', optional(a.localTimezone, isString)],
    ['channelId', optional(a.channelId, isString)],
    ['from', optional(a.from, accountOk)],
    ['recipient', optional(a.recipient, accountOk)],
    ['conversation.tenantId', optional(conv.tenantId, isString)],
    ['entities', optional(a.entities, objectsOnly)],
    ['membersAdded', optional(a.membersAdded, (v) => objectsOnly(v) && (v as unknown[]).every(accountOk))],
    ['membersRemoved', optional(a.membersRemoved, (v) => objectsOnly(v) && (v as unknown[]).every(accountOk))],
    ['channelData', optional(a.channelData, isObject)],
  ];
  return checks.find(([, ok]) => !ok)?.[0];
}

function writeJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const payload = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

const retryAfterMs = (header: string | null | undefined): number | undefined => {
  if (!header) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs) && secs >= 0) return Math.round(secs * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
};

/** The connector client as used here (botframework-connector is not a direct dependency). */
interface ConnectorLike {
  client?: { pipeline?: { removePolicy(o: { name: string }): unknown } };
  conversations: { sendToConversation(conversationId: string, activity: Activity): Promise<{ id?: string }> };
}

interface RestErrorLike {
  statusCode?: number;
  message?: string;
  response?: { headers?: { get?(name: string): string | null | undefined } };
}

type AuthResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;
type Claims = AuthResult['claimsIdentity'];
type ConnectorClientOf = Awaited<ReturnType<NonNullable<AuthResult['connectorFactory']>['create']>>;
type UserTokenClientOf = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>>;

/** How many connector clients (one per app id, serviceUrl and audience) are kept. */
const MAX_CACHED_CLIENTS = 64;

/** A tiny bounded map: when full, the oldest entry goes (serviceUrls are few in practice). */
function boundedCache<V>(max: number): { get(key: string, make: () => Promise<V>): Promise<V>; clear(): void } {
  const entries = new Map<string, Promise<V>>();
  return {
    get(key, make) {
      const hit = entries.get(key);
      if (hit) return hit;
      const made = make();
      // A failed creation is not kept: the next turn tries again.
      made.catch(() => entries.delete(key));
      if (entries.size >= max) entries.delete(entries.keys().next().value as string);
      entries.set(key, made);
      return made;
    },
    clear: () => entries.clear(),
  };
}

/** The app id a connector for these claims acts as (the SDK's own rule: audience, then appid claim). */
const appIdOf = (claims: Claims): string => claims.getClaimValue('aud') ?? claims.getClaimValue('appid') ?? '';

/**
 * CloudAdapter builds a new ConnectorClient and UserTokenClient (each a full HTTP pipeline of
 * ~15 policies) on every inbound turn: ~160 µs of CPU and garbage per message. Inbound turns
 * reuse them per (app id, serviceUrl, audience) instead, as the older BotFrameworkAdapter did;
 * credentials inside a client refresh their own tokens. Proactive sends keep fresh clients
 * (createConnectorFactory is not wrapped) because `continueConversation` edits their pipeline.
 */
class ReusingAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = boundedCache<ConnectorClientOf>(MAX_CACHED_CLIENTS);
  private readonly tokenClients = boundedCache<UserTokenClientOf>(8);
  /** Results the gateway already obtained, keyed by the very activity object it hands the SDK. */
  private readonly authenticated = new WeakMap<object, AuthResult>();

  /**
   * Authenticates before the SDK's turn so the gateway can classify failures itself; the SDK's
   * own call for the same activity object then reuses the result instead of validating twice.
   */
  async authenticateOnce(activity: Activity, authHeader: string): Promise<AuthResult> {
    const result = await this.authenticateRequest(activity, authHeader);
    this.authenticated.set(activity, result);
    return result;
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthResult> {
    const known = this.authenticated.get(activity);
    if (known) {
      this.authenticated.delete(activity);
      return known;
    }
    const result = await super.authenticateRequest(activity, authHeader);
    const factory = result.connectorFactory;
    if (!factory) return result;
    const appId = appIdOf(result.claimsIdentity);
    const connectors = this.connectors;
    return {
      ...result,
      connectorFactory: {
        create: (serviceUrl: string, audience?: string) =>
          connectors.get(JSON.stringify([appId, serviceUrl, audience ?? '']), () => factory.create(serviceUrl, audience)),
      },
    };
  }

  override createUserTokenClient(claims: Claims): Promise<UserTokenClientOf> {
    return this.tokenClients.get(appIdOf(claims), () => super.createUserTokenClient(claims));
  }
}

/** jsonwebtoken's verify errors, which botbuilder passes on as plain errors (its adapter answers 500). */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/**
 * True when authentication failed because of the request's token (forged, expired, wrong
 * audience, issuer, key or serviceUrl), false when it failed on our side (e.g. the OpenID
 * metadata could not be fetched: AuthenticationError with a 5xx status).
 */
function isTokenRejection(err: unknown): boolean {
  const e = (err ?? {}) as { name?: unknown; statusCode?: unknown };
  if (typeof e.name === 'string' && TOKEN_ERRORS.has(e.name)) return true;
  return typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function createTeamsGateway(opts: GatewayOptions): TeamsGateway {
  if (opts.sdkSettings) {
    // Endpoint URLs, not secrets; still logged through the logger's redaction like every field.
    opts.logger.info('Teams: Bot Framework authentication settings from the environment', { settings: opts.sdkSettings });
  }
  const auth = new ReusingAuthentication({
    ...opts.sdkSettings,
    MicrosoftAppId: opts.appId ?? '',
    MicrosoftAppPassword: opts.appPassword ?? '',
    MicrosoftAppTenantId: opts.tenantId ?? '',
    MicrosoftAppType: opts.appType ?? (opts.appId ? 'MultiTenant' : ''),
  });
  const adapter = new CloudAdapter(auth);
  const limit = opts.maxBodyBytes ?? 1024 * 1024;
  const logger = opts.logger;

  // Errors thrown by the bot's turn logic end here: log once and tell the user, rather than
  // letting the SDK print the stack and answer 500 (Teams would retry the activity).
  adapter.onTurnError = async (context, error) => {
    logger.error('teams turn failed', { activityType: context.activity.type, error: error.message });
    await context.sendActivity({ type: 'message', text: 'Sorry, something went wrong while answering. Please try again.' }).catch(() => undefined);
  };

  const toTurn = (context: TurnContext): Turn => ({
    activity: context.activity as unknown as TeamsActivity,
    reference: TurnContext.getConversationReference(context.activity) as ConversationRef,
    async reply(activity) {
      const sent = await context.sendActivity(activity as Partial<Activity>);
      return sent?.id;
    },
  });

  return {
    authEnabled: Boolean(opts.appId),

    async process(req, res, onTurn) {
      // With auth on, a request without a bearer token cannot pass: refuse it here, before the
      // SDK, which would also print a stack trace to stderr for every such probe.
      if (opts.appId && !/^Bearer\s+\S/i.test(String(req.headers.authorization ?? ''))) {
        req.resume();
        logger.warn('teams request rejected: no bearer token', { status: 401 });
        return writeJson(res, 401, { error: 'unauthorized' });
      }
      let body: Record<string, unknown>;
      try {
        body = await readJson(req, limit);
      } catch (err) {
        if (err instanceof HttpError) return writeJson(res, err.status, { error: err.message });
        throw err;
      }
      // Authenticated here, not only inside adapter.process: the SDK answers 500 (with a stack
      // trace on stderr) to tokens jsonwebtoken rejects (forged signature, alg "none", not yet
      // valid), and 401 even when our side failed to fetch the signing keys.
      try {
        await auth.authenticateOnce(body as unknown as Activity, String(req.headers.authorization ?? ''));
      } catch (err) {
        if (isTokenRejection(err)) {
          logger.warn('teams request rejected: not authenticated', { status: 401, reason: messageOf(err) });
          return writeJson(res, 401, { error: 'unauthorized' });
        }
        logger.error('teams request could not be authenticated', { error: messageOf(err) });
        return writeJson(res, 500, { error: 'internal error' });
      }
      // CloudAdapter expects an express/restify-like pair; adapt node's objects to it.
      let status = 200;
      let sent: unknown;
      const shimReq = { body, headers: req.headers, method: req.method };
      const shimRes = {
        socket: res.socket,
        status(code: number) { status = code; },
        header(name: string, value: unknown) { res.setHeader(name, String(value)); },
        send(payload: unknown) { sent = payload; },
        end() { /* written below, once */ },
      };
      await adapter.process(shimReq, shimRes, async (context) => onTurn(toTurn(context)));
      if (status === 401 || status === 403) {
        logger.warn('teams request rejected: not authenticated', { status });
        return writeJson(res, 401, { error: 'unauthorized' });
      }
      // Never echo SDK error text (stack traces, internals) to the caller.
      if (status >= 500) return writeJson(res, status, { error: 'internal error' });
      if (status >= 400) return writeJson(res, status, { error: typeof sent === 'string' ? sent : 'bad request' });
      return writeJson(res, status, sent && typeof sent === 'object' ? sent : undefined);
    },

    async continueConversation(ref, activity) {
      let result: ProactiveResult = { ok: false, status: 0, message: 'not sent' };
      const failed = (err: unknown): ProactiveResult => {
        const e = err as RestErrorLike;
        return {
          ok: false,
          status: typeof e.statusCode === 'number' ? e.statusCode : 0,
          retryAfterMs: retryAfterMs(e.response?.headers?.get?.('retry-after')),
          message: e.message ?? String(err),
        };
      };
      try {
        await adapter.continueConversationAsync(opts.appId ?? '', ref as unknown as ConversationReference, async (context) => {
          // Errors are caught here, not thrown: onTurnError would otherwise post an apology.
          try {
            const client = context.turnState.get<ConnectorLike>(adapter.ConnectorClientKey);
            // The SDK's HTTP pipeline retries 429/5xx on its own for up to ~6 s; our sender owns
            // retries (bounded, Retry-After aware, counted), so take the SDK's policy out.
            client.client?.pipeline?.removePolicy({ name: 'defaultRetryPolicy' });
            // sendToConversation posts a new message (not a reply to the synthetic continuation id).
            const sent = await client.conversations.sendToConversation(ref.conversation.id, {
              ...(activity as Partial<Activity>),
              from: ref.bot,
              conversation: ref.conversation,
              channelId: ref.channelId,
              serviceUrl: ref.serviceUrl,
            } as Activity);
            result = { ok: true, id: sent.id ?? '' };
          } catch (err) {
            result = failed(err);
          }
        });
      } catch (err) {
        result = failed(err);
      }
      return result;
    },
  };
}
