/**
 * Plain types of the Teams adapter: what the rest of the adapter sees of an activity, a
 * conversation reference and a turn. No SDK types, so gateway.ts alone depends on botbuilder.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from '../../src/infra/ports';

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
  /** The user's client language, e.g. `zh-CN`, `en-US` (Bot Framework `activity.locale`). */
  locale?: string;
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

/** What the SDK's turn answered: the HTTP status and body (an invoke response, or nothing). */
export interface TurnAnswer {
  status: number;
  body?: unknown;
}

export type AuthOutcome =
  | { ok: true }
  /** `ourFault`: the check itself failed (signing keys unreachable), not the caller's token. */
  | { ok: false; ourFault: boolean; reason: string };

/** Everything the Teams adapter needs from the Bot Framework SDK (gateway.ts implements it). */
export interface TeamsGateway {
  /** False when no app id is configured: inbound requests are not authenticated. */
  readonly authEnabled: boolean;
  /** Checks an inbound activity's bearer token (always ok with auth off). */
  authenticate(activity: Record<string, unknown>, authorization: string): Promise<AuthOutcome>;
  /** Runs one authenticated activity through the SDK's turn pipeline and `onTurn`. */
  runTurn(
    activity: Record<string, unknown>,
    headers: IncomingHttpHeaders,
    onTurn: (turn: Turn) => Promise<void>,
  ): Promise<TurnAnswer>;
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
}
