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
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from '../../src/infra/ports';
import { DEFAULT_LANG, resolveLang, t } from '../../src/text/i18n';
import { retryAfterMs } from './http-body';
import type {
  ConversationRef,
  GatewayOptions,
  OutgoingActivity,
  ProactiveResult,
  TeamsActivity,
  TeamsGateway,
  Turn,
  TurnAnswer,
} from './types';

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

/** The SDK's adapter, with turn errors answered by an apology instead of a stack trace and a 500. */
function createCloudAdapter(auth: ReusingAuthentication, logger: Logger): CloudAdapter {
  const adapter = new CloudAdapter(auth);
  // Errors thrown by the bot's turn logic end here: log once and tell the user, rather than
  // letting the SDK print the stack and answer 500 (Teams would retry the activity).
  adapter.onTurnError = async (context, error) => {
    logger.error('teams turn failed', { activityType: context.activity.type, error: error.message });
    const lang = resolveLang(context.activity.locale) ?? DEFAULT_LANG;
    await context.sendActivity({ type: 'message', text: t(lang, 'render.teams.sorry') }).catch(() => undefined);
  };
  return adapter;
}

const toTurn = (context: TurnContext): Turn => ({
  activity: context.activity as unknown as TeamsActivity,
  reference: TurnContext.getConversationReference(context.activity) as ConversationRef,
  async reply(activity) {
    const sent = await context.sendActivity(activity as Partial<Activity>);
    return sent?.id;
  },
});

/** Runs one activity through `adapter.process`, which expects an express/restify-like pair. */
async function runSdkTurn(
  adapter: CloudAdapter,
  body: Record<string, unknown>,
  headers: IncomingHttpHeaders,
  onTurn: (turn: Turn) => Promise<void>,
): Promise<TurnAnswer> {
  let status = 200;
  let sent: unknown;
  const shimReq = { body, headers, method: 'POST' };
  const shimRes = {
    socket: null,
    status(code: number) {
      status = code;
    },
    header() {
      /* the SDK sets no header the answer needs */
    },
    send(payload: unknown) {
      sent = payload;
    },
    end() {
      /* answered by the caller, once */
    },
  };
  await adapter.process(shimReq, shimRes, async (context) => onTurn(toTurn(context)));
  return { status, body: sent };
}

/** A connector error as a ProactiveResult (status 0 = no HTTP answer). */
function proactiveFailure(err: unknown): ProactiveResult {
  const e = err as RestErrorLike;
  return {
    ok: false,
    status: typeof e.statusCode === 'number' ? e.statusCode : 0,
    retryAfterMs: retryAfterMs(e.response?.headers?.get?.('retry-after')),
    message: e.message ?? String(err),
  };
}

/** Posts a new message into a stored conversation: one attempt, the SDK's own retries removed. */
async function sendProactive(
  adapter: CloudAdapter,
  appId: string,
  ref: ConversationRef,
  activity: OutgoingActivity,
): Promise<ProactiveResult> {
  let result: ProactiveResult = { ok: false, status: 0, message: 'not sent' };
  try {
    await adapter.continueConversationAsync(appId, ref as unknown as ConversationReference, async (context) => {
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
        result = proactiveFailure(err);
      }
    });
  } catch (err) {
    result = proactiveFailure(err);
  }
  return result;
}

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
  const adapter = createCloudAdapter(auth, opts.logger);
  return {
    authEnabled: Boolean(opts.appId),

    async authenticate(activity, authorization) {
      // Authenticated here, not only inside adapter.process: the SDK answers 500 (with a stack
      // trace on stderr) to tokens jsonwebtoken rejects (forged signature, alg "none", not yet
      // valid), and 401 even when our side failed to fetch the signing keys.
      try {
        await auth.authenticateOnce(activity as unknown as Activity, authorization);
        return { ok: true };
      } catch (err) {
        return { ok: false, ourFault: !isTokenRejection(err), reason: messageOf(err) };
      }
    },

    runTurn: (activity, headers, onTurn) => runSdkTurn(adapter, activity, headers, onTurn),

    continueConversation: (ref, activity) => sendProactive(adapter, opts.appId ?? '', ref, activity),
  };
}
