/**
 * The Store port. Two implementations (SQLite embedded default, PostgreSQL for several replicas)
 * pass one contract suite (`test/store-contract.test.ts`).
 *
 * Concurrency contract: every method is safe to call from several processes sharing one database.
 * `claimDelivery` is the only way to start a delivery and is atomic: for one key at most one
 * caller holds a live claim at a time.
 */
import type { ChannelAddress, Delivery, Subscription, SubscriptionKind, SubscriptionStatus } from '../delivery/model';

/** What `subscribe` provides; the store adds id, status and timestamps. No `filters`: none. */
export type NewSubscription = Pick<
  Subscription,
  keyof ChannelAddress | 'kind' | 'cadence' | 'weekday' | 'time' | 'zone' | 'nextDueAt' | 'createdBy' | 'state' | 'lang'
> &
  Partial<Pick<Subscription, 'filters'>>;

export interface SubscriptionPatch {
  nextDueAt?: Date | null;
  status?: SubscriptionStatus;
  pausedReason?: string | null;
  state?: Record<string, unknown>;
}

export interface ChannelKey {
  platform: string;
  workspace: string;
  channel: string;
}

/** Identifies one occurrence in the delivery ledger. */
export interface DeliveryKey {
  subscriptionId: string;
  kind: string;
  occurrence: string;
}

export interface Store {
  /** `sqlite` or `postgres`, shown by /healthz. */
  readonly name: string;
  /** Applies pending versioned migrations (idempotent, safe when several replicas start at once). */
  migrate(): Promise<void>;
  /** Cheap liveness check for /healthz. */
  ping(): Promise<void>;
  close(): Promise<void>;

  /* ---------------------------------------------------------- subscriptions */

  /**
   * Creates or replaces the subscription for (platform, workspace, channel, kind). Replacing keeps
   * the id, reactivates a paused subscription and resets the schedule, language and filters to the
   * new values (callers that keep settings pass the old ones: see commands/subscription-edit.ts).
   */
  upsertSubscription(sub: NewSubscription, now: Date): Promise<Subscription>;
  getSubscription(id: string): Promise<Subscription | null>;
  /** Subscriptions of one channel (all kinds), or of a whole workspace when `channel` is omitted. */
  listSubscriptions(filter: { platform: string; workspace: string; channel?: string }): Promise<Subscription[]>;
  /** Removes the given kinds for a channel; returns how many were removed. */
  deleteSubscriptions(key: ChannelKey, kinds: readonly SubscriptionKind[]): Promise<number>;
  /** Removes everything of a workspace (app uninstalled). Returns subscriptions removed. */
  deleteWorkspace(platform: string, workspace: string): Promise<number>;
  updateSubscription(id: string, patch: SubscriptionPatch, now: Date): Promise<void>;
  /**
   * Active subscriptions with `nextDueAt <= now`, oldest due first, at most `limit`.
   * Must use an index: cost grows with the number due, not the number stored.
   */
  dueSubscriptions(now: Date, limit: number): Promise<Subscription[]>;
  /** Makes every active alerts subscription due at `now` (new data events). Returns how many. */
  markAlertsDue(now: Date): Promise<number>;
  countSubscriptions(): Promise<number>;

  /* ---------------------------------------------------------- channel addresses */

  /**
   * Remembers (or refreshes) a channel's delivery address — e.g. a Teams conversation reference,
   * whose serviceUrl can change — and updates the address of that channel's subscriptions.
   */
  saveChannel(addr: ChannelAddress, now: Date): Promise<void>;
  getChannel(key: ChannelKey): Promise<ChannelAddress | null>;
  /** Forgets a channel (bot removed) and its subscriptions. Returns subscriptions removed. */
  deleteChannel(key: ChannelKey): Promise<number>;

  /* ---------------------------------------------------------- delivery ledger */

  /**
   * Claims an occurrence for `owner` with a lease. Succeeds when the key is new, when an earlier
   * claim's lease has expired (its owner died), or when a `retry` row's `nextAttemptAt` has come.
   * Increments `attempts`. Returns the claimed row, or null if someone else holds it or it is
   * already `sent`, `failed` or `skipped`.
   */
  claimDelivery(key: DeliveryKey, owner: string, now: Date, leaseMs: number): Promise<Delivery | null>;
  /** Marks a claimed occurrence sent with the platform's message id. False if the claim was lost. */
  completeDelivery(key: DeliveryKey, owner: string, messageId: string, now: Date): Promise<boolean>;
  /** Records a failed attempt: `retryAt` set → status `retry`; null → `failed` for good. */
  failDelivery(key: DeliveryKey, owner: string, error: string, retryAt: Date | null, now: Date): Promise<void>;
  /**
   * Gives up `owner`'s unfinished claims (a graceful shutdown): each becomes claimable by anyone at
   * once, as if its lease had expired, and the attempt it counted is not counted. A send of it that
   * still completes is recorded normally unless another owner took the claim over. Idempotent.
   * Returns how many claims were released.
   */
  releaseDeliveries(owner: string, now: Date): Promise<number>;
  /** Records an occurrence deliberately not sent (missed beyond catch-up) so it is never sent. */
  skipDelivery(key: DeliveryKey, reason: string, now: Date): Promise<void>;
  getDelivery(key: DeliveryKey): Promise<Delivery | null>;
  listDeliveries(subscriptionId: string): Promise<Delivery[]>;

  /* ---------------------------------------------------------- installations & metadata */

  /** Adapter-owned installation records (e.g. Slack OAuth installs), JSON values. */
  saveInstallation(platform: string, id: string, value: unknown, now: Date): Promise<void>;
  getInstallation(platform: string, id: string): Promise<unknown | null>;
  deleteInstallation(platform: string, id: string): Promise<void>;

  getMeta(key: string): Promise<string | null>;
  /** Atomically replaces `key` if its current value is `expected` (null = absent). */
  compareAndSetMeta(key: string, expected: string | null, value: string): Promise<boolean>;
}
