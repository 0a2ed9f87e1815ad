/**
 * Subscriptions and the delivery ledger: what a channel receives and what was sent.
 * Platform-neutral; `address` is adapter-owned JSON.
 */

/** What a channel can receive. */
export type SubscriptionKind = 'digest' | 'reminders' | 'alerts';
export const SUBSCRIPTION_KINDS: readonly SubscriptionKind[] = ['digest', 'reminders', 'alerts'];

export type Cadence = 'daily' | 'weekly';

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/**
 * Where a message goes. `platform` is an opaque adapter name; the core never branches on it.
 * `address` is adapter-owned JSON (a Slack channel, a Teams conversation reference).
 */
export interface ChannelAddress {
  platform: string;
  /** Slack team id, Teams tenant id, `local` for the terminal. */
  workspace: string;
  /** Slack channel id, Teams conversation id. */
  channel: string;
  /** Adapter-owned delivery address (JSON-serialisable). */
  address: unknown;
}

export type SubscriptionStatus = 'active' | 'paused';

/**
 * What a subscription is narrowed to: party codes as in the data (lowercase, `vn`) and area
 * numbers 1–9. An empty list means all of them.
 */
export interface SubscriptionFilters {
  parties: string[];
  areas: number[];
}

/** No narrowing: every party, every area. */
export const NO_FILTERS: Readonly<SubscriptionFilters> = Object.freeze({ parties: [], areas: [] });

/** True when `f` narrows nothing. */
export const isUnfiltered = (f: SubscriptionFilters): boolean => f.parties.length === 0 && f.areas.length === 0;

export interface Subscription extends ChannelAddress {
  id: string;
  kind: SubscriptionKind;
  cadence: Cadence;
  /** Used by weekly digests. */
  weekday: Weekday;
  /** Local time `HH:MM`. */
  time: string;
  /** IANA zone. */
  zone: string;
  /** Next instant this subscription must be looked at (UTC); null = only on a data change (alerts). */
  nextDueAt: Date | null;
  status: SubscriptionStatus;
  /** Why it was paused (e.g. "channel archived"), shown in `subscriptions`. */
  pausedReason: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  /**
   * Kind-specific state kept by delivery: for digests the data snapshot seen at the last digest
   * (to say what changed); for alerts the event ids known when subscribing (never re-alerted).
   */
  state: Record<string, unknown>;
  /** The language its deliveries are written in (a catalog language; 'en' for older rows). */
  lang: string;
  /** Parties and areas it is narrowed to (empty lists: all; older rows: none). */
  filters: SubscriptionFilters;
}

/** Ledger row status. */
export type DeliveryStatus = 'claimed' | 'sent' | 'retry' | 'failed' | 'skipped';

export interface Delivery {
  subscriptionId: string;
  /** `digest` | `reminder` | `alert` */
  kind: string;
  /** Stable occurrence key, e.g. the scheduled UTC instant or `signing:2026`. */
  occurrence: string;
  status: DeliveryStatus;
  attempts: number;
  claimedBy: string | null;
  leaseUntil: Date | null;
  nextAttemptAt: Date | null;
  messageId: string | null;
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
}
