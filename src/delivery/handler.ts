/**
 * The one interface every delivery kind implements (digest, reminders, alerts; see
 * `handlers.ts`). A handler is pure: it says what is due, builds each message and says how the
 * subscription moves on. `runDue` (run-due.ts) does all the I/O around it — claims in the
 * ledger, sends, records — the same way for every kind.
 */
import type { Message } from '../text/message';
import type { TreatyData } from '../treaty/model';
import type { Delivery, Subscription, SubscriptionFilters, SubscriptionKind } from './model';
import type { ScheduleSpec } from './schedule';
import type { AttemptOutcome } from './attempt';
import type { SubscriptionPatch } from '../store/store';

/** How one occurrence ended in this pass: an attempt's outcome, or skipped (missed beyond catch-up). */
export type Outcome = AttemptOutcome | 'skipped';

/** Ledger kind of an occurrence (one word per message, where the subscription kind is plural). */
export type OccurrenceKind = 'digest' | 'reminder' | 'alert';

/** One message a subscription owes: its ledger key and (in the handler's own fields) what it is about. */
export interface Occurrence {
  kind: OccurrenceKind;
  /** Stable ledger key within the subscription: a slot's UTC instant, `signing:2026`, an event id. */
  key: string;
  /**
   * Set when the occurrence was missed beyond the catch-up window: it is recorded skipped with
   * this reason instead of sent — unless the ledger already holds a claim or retry for it, which
   * is then finished normally.
   */
  skipReason?: string;
}

/** What happened to one occurrence; `delivery` is the ledger row when the attempt found it settled. */
export interface OccurrenceResult<O extends Occurrence = Occurrence> {
  occurrence: O;
  outcome: Outcome;
  delivery?: Delivery;
}

/** What a handler may read: the data of this pass, its instant and the catch-up window. */
export interface HandlerContext {
  data: TreatyData;
  now: Date;
  catchupHours: number;
  /** `CAFTA_PUBLIC_URL`, when set: digests link the public status page. */
  publicUrl?: string;
}

/**
 * A delivery kind. Methods (not function properties) so each handler can name its own
 * occurrence type and still sit in one registry.
 */
export interface DeliveryHandler<O extends Occurrence = Occurrence> {
  readonly kind: SubscriptionKind;
  /**
   * When a new (or re-scheduled) subscription is first due (UTC), or null when only a data change
   * makes it due. `filters`: what it is narrowed to (reminders: the chosen parties' own dates).
   */
  firstDueAt(spec: ScheduleSpec, now: Date, data: TreatyData, filters?: SubscriptionFilters): Date | null;
  /** What a new subscription remembers of the data, so only later changes are reported. */
  initialState(data: TreatyData): Record<string, unknown>;
  /** The occurrences due for `sub` at `ctx.now`, in sending order; empty when none are. */
  findDue(sub: Subscription, ctx: HandlerContext): O[];
  /** The message for one occurrence; called only once its claim in the ledger is ours. */
  render(sub: Subscription, occurrence: O, ctx: HandlerContext): Message;
  /** How the subscription moves on after this pass (next due instant, state), or null to leave it. */
  settle(sub: Subscription, results: ReadonlyArray<OccurrenceResult<O>>, ctx: HandlerContext): SubscriptionPatch | null;
}

/** Settled outcomes let the schedule move on; `busy`, `retry` and `paused` keep the occurrence open. */
export const isSettled = (o: Outcome): boolean => o === 'sent' || o === 'done' || o === 'failed' || o === 'skipped';
