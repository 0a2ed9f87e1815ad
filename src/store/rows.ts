/**
 * Row ↔ domain mapping shared by both stores. SQLite hands back epoch-ms numbers and JSON text;
 * PostgreSQL hands back Date objects and parsed jsonb. These helpers accept either.
 */
import type {
  Cadence,
  Delivery,
  DeliveryStatus,
  Subscription,
  SubscriptionFilters,
  SubscriptionKind,
  SubscriptionStatus,
  Weekday,
} from '../delivery/model';

/** A database row as either driver returns it. */
export type Row = Record<string, unknown>;

export function toDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return new Date(v.getTime());
  if (typeof v === 'number') return new Date(v);
  if (typeof v === 'string' || typeof v === 'bigint') return new Date(Number(v));
  throw new Error(`not a date: ${typeof v}`);
}

function requireDate(v: unknown): Date {
  const d = toDate(v);
  if (!d) throw new Error('missing timestamp');
  return d;
}

export function fromJson(v: unknown): unknown {
  return typeof v === 'string' ? (JSON.parse(v) as unknown) : v;
}

const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function toState(v: unknown): Record<string, unknown> {
  const parsed = fromJson(v);
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}

/** Stored filters, read leniently: anything malformed narrows nothing. */
export function toFilters(v: unknown): SubscriptionFilters {
  let parsed: unknown;
  try {
    parsed = fromJson(v);
  } catch {
    return { parties: [], areas: [] };
  }
  const o = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  const parties = Array.isArray(o.parties) ? o.parties.filter((p): p is string => typeof p === 'string') : [];
  const areas = Array.isArray(o.areas)
    ? o.areas.filter((a): a is number => typeof a === 'number' && Number.isInteger(a) && a >= 1 && a <= 9)
    : [];
  return { parties, areas };
}

/** Filters as stored (JSON text; PostgreSQL casts it to jsonb). */
export const filtersJson = (f: SubscriptionFilters | undefined): string =>
  JSON.stringify({ parties: f?.parties ?? [], areas: f?.areas ?? [] });

export function toSubscription(r: Row): Subscription {
  return {
    id: str(r.id),
    platform: str(r.platform),
    workspace: str(r.workspace),
    channel: str(r.channel),
    address: fromJson(r.address),
    kind: str(r.kind) as SubscriptionKind,
    cadence: str(r.cadence) as Cadence,
    weekday: Number(r.weekday) as Weekday,
    time: str(r.time),
    zone: str(r.zone),
    nextDueAt: toDate(r.next_due_at),
    status: str(r.status) as SubscriptionStatus,
    pausedReason: strOrNull(r.paused_reason),
    createdBy: strOrNull(r.created_by),
    createdAt: requireDate(r.created_at),
    updatedAt: requireDate(r.updated_at),
    state: toState(r.state),
    lang: r.lang === null || r.lang === undefined ? 'en' : str(r.lang),
    filters: toFilters(r.filters),
  };
}

export function toDelivery(r: Row): Delivery {
  return {
    subscriptionId: str(r.subscription_id),
    kind: str(r.kind),
    occurrence: str(r.occurrence),
    status: str(r.status) as DeliveryStatus,
    attempts: Number(r.attempts),
    claimedBy: strOrNull(r.claimed_by),
    leaseUntil: toDate(r.lease_until),
    nextAttemptAt: toDate(r.next_attempt_at),
    messageId: strOrNull(r.message_id),
    error: strOrNull(r.error),
    createdAt: requireDate(r.created_at),
    updatedAt: requireDate(r.updated_at),
  };
}

/** Ledger errors are free text from platforms: keep them short so one bad reply cannot bloat rows. */
export const clip = (s: string, max = 500): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
