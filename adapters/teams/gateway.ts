/**
 * The only file that imports botbuilder / botframework-*. Everything else in the Teams adapter
 * talks to the small `TeamsGateway` interface and the plain types in types.ts, so moving to the
 * Microsoft 365 Agents SDK later means rewriting this file alone.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TurnContext,
  type Activity,
  type ConversationReference,
} from 'botbuilder';
import { LRUCache } from 'lru-cache';
import { sendJson } from '../http-json';
import { HttpError, readJson, retryAfterMs } from './http-body';
import type { ConversationRef, GatewayOptions, ProactiveResult, TeamsActivity, TeamsGateway, Turn } from './types';

/* ------------------------------------------------------------------ implementation */

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

/** Remembered creations (lru-cache: when full, the least recently used goes; serviceUrls are few). */
function boundedCache<V>(max: number): { get(key: string, make: () => Promise<V>): Promise<V>; clear(): void } {
  const entries = new LRUCache<string, Promise<V>>({ max });
  return {
    get(key, make) {
      const hit = entries.get(key);
      if (hit) return hit;
      const made = make();
      // A failed creation is not kept: the next turn tries again.
      made.catch(() => entries.delete(key));
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
          connectors.get(JSON.stringify([appId, serviceUrl, audience ?? '']), () =>
            factory.create(serviceUrl, audience),
          ),
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
    opts.logger.info('Teams: Bot Framework authentication settings from the environment', {
      settings: opts.sdkSettings,
    });
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
    await context
      .sendActivity({ type: 'message', text: 'Sorry, something went wrong while answering. Please try again.' })
      .catch(() => undefined);
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
        return sendJson(res, 401, { error: 'unauthorized' });
      }
      let body: Record<string, unknown>;
      try {
        body = await readJson(req, limit);
      } catch (err) {
        if (err instanceof HttpError) return sendJson(res, err.status, { error: err.message });
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
          return sendJson(res, 401, { error: 'unauthorized' });
        }
        logger.error('teams request could not be authenticated', { error: messageOf(err) });
        return sendJson(res, 500, { error: 'internal error' });
      }
      // CloudAdapter expects an express/restify-like pair; adapt node's objects to it.
      let status = 200;
      let sent: unknown;
      const shimReq = { body, headers: req.headers, method: req.method };
      const shimRes = {
        socket: res.socket,
        status(code: number) {
          status = code;
        },
        header(name: string, value: unknown) {
          res.setHeader(name, String(value));
        },
        send(payload: unknown) {
          sent = payload;
        },
        end() {
          /* written below, once */
        },
      };
      await adapter.process(shimReq, shimRes, async (context) => onTurn(toTurn(context)));
      if (status === 401 || status === 403) {
        logger.warn('teams request rejected: not authenticated', { status });
        return sendJson(res, 401, { error: 'unauthorized' });
      }
      // Never echo SDK error text (stack traces, internals) to the caller.
      if (status >= 500) return sendJson(res, status, { error: 'internal error' });
      if (status >= 400) return sendJson(res, status, { error: typeof sent === 'string' ? sent : 'bad request' });
      return sendJson(res, status, sent && typeof sent === 'object' ? sent : undefined);
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
        await adapter.continueConversationAsync(
          opts.appId ?? '',
          ref as unknown as ConversationReference,
          async (context) => {
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
          },
        );
      } catch (err) {
        result = failed(err);
      }
      return result;
    },
  };
}
