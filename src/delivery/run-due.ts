/**
 * `runDue(now)`: delivers everything due at `now`, exactly once per (subscription, occurrence).
 * Used by the server's minute tick and by `cafta run-due`.
 *
 * Flow per due subscription: its kind's handler (handler.ts, handlers.ts) finds the due
 * occurrences → each is claimed in the ledger → its Message built → sent → the platform's message
 * id recorded → only then does the handler move the subscription on (`nextDueAt`, state).
 * A process killed mid-run leaves claims whose lease expires; the subscription is still due, so a
 * later run takes them over. Alerts: when the alert-worthy records change, the one replica that
 * wins `compareAndSetMeta` marks every alerts subscription due.
 *
 * Fan-out: channels are grouped per workspace; a global and a per-workspace concurrency limit
 * bound the parallelism, and messages to one channel go one at a time, spaced out, to stay within
 * the platforms' per-channel rate limits (about 1 message/s per channel).
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { attemptDelivery, defaultBackoffMs, type AttemptDeps } from './attempt';
import { alertHash } from './alert-handler';
import type { DeliveryHandler, HandlerContext, Occurrence, OccurrenceKind, OccurrenceResult, Outcome } from './handler';
import { DELIVERY_HANDLERS } from './handlers';
import { createSendPacer, runBounded, type BoundedTask, type SendPacer } from './limiter';
import type { TreatyData } from '../treaty/model';
import type { Subscription, SubscriptionKind } from './model';
import type { Clock, Logger, Sender, SenderRegistry } from '../infra/ports';
import type { Store } from '../store/store';

export interface DeliveryDeps {
  store: Store;
  data: () => TreatyData;
  senders: SenderRegistry;
  logger: Logger;
  /** Measures elapsed time; ledger timestamps are `now` + elapsed, so leases stay honest. */
  clock: Clock;
  /** This process's id in the ledger (see `newOwnerId`). */
  owner: string;
  catchupHours: number;
  /** `CAFTA_PUBLIC_URL`: digests link the public status page. */
  publicUrl?: string;
  /** Claim lease; an unfinished claim is taken over after it. Default 5 minutes. */
  leaseMs?: number;
  /** Attempts per occurrence before it is marked failed. Default 5. */
  maxAttempts?: number;
  backoffMs?: (attempt: number) => number;
  /**
   * Channels in flight at once, overall. Default: `perWorkspaceConcurrency` × the workspaces in
   * the page, at most 2,000, so the pass scales with workspaces (each is paced on its own).
   */
  globalConcurrency?: number;
  /** Channels in flight at once per workspace/tenant. Default 5 (one burst of the workspace budget). */
  perWorkspaceConcurrency?: number;
  /** Minimum gap between two messages to the same channel. Default 1100 ms. */
  perChannelIntervalMs?: number;
  /**
   * Most messages per workspace/tenant in any one second (bursts up to it, then spread). Slack
   * names no number for its workspace-wide chat.postMessage limit; 5/s = 300/min. 0 = no cap.
   */
  perWorkspacePerSecond?: number;
  /** A send that takes longer counts as a transient failure. Default 60 s. */
  sendTimeoutMs?: number;
  /** Due subscriptions read per page. Default 500. */
  batchSize?: number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Once aborted (shutdown), nothing more is claimed: sends under way finish and are recorded, and
   * a subscription left half-done is not moved on, so the next run (after the caller released
   * this owner's claims: `Store.releaseDeliveries`) picks up exactly what is left.
   */
  signal?: AbortSignal;
  /** Told of every outcome, e.g. to count them for metrics (the core imports no metrics library). */
  observer?: DeliveryObserver;
}

/** What happened to one occurrence, or to a due subscription whose platform has no sender here. */
export interface DeliveryObservation {
  platform: string;
  kind: OccurrenceKind;
  outcome: Outcome | 'no_sender';
}

export interface DeliveryObserver {
  observe(o: DeliveryObservation): void;
}

// Replicas briefly holding different data (one reloaded, one not) may flip the alerts hash back
// and forth until all reload; that only marks alerts due again — the ledger keys each alert by
// event id, so nothing is sent twice.

export interface DeliveryReport {
  /** Due subscriptions looked at. */
  due: number;
  sent: number;
  /** Occurrences missed beyond the catch-up window, recorded as skipped. */
  skipped: number;
  /** Occurrences that used their last attempt. */
  failed: number;
  /** Transient failures scheduled for another attempt. */
  retried: number;
  /** Subscriptions paused after a permanent failure. */
  paused: number;
  /** Occurrences held by another live claim (another replica is on it). */
  busy: number;
  /** Due subscriptions whose platform has no sender here (adapter disabled). */
  noSender: number;
  alertsMarked: number;
  durationMs: number;
  /** The pass was told to stop (`signal`) before it had looked at everything due. */
  stopped: boolean;
}

export const ALERTS_HASH_META = 'alerts.hash';

/** A ledger owner id unique to this process run. */
export const newOwnerId = (): string => `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Marks alerts due when the alert-worthy records changed; only the replica that wins the CAS does. */
export async function checkAlerts(store: Store, data: TreatyData, now: Date): Promise<number> {
  const hash = alertHash(data);
  const prev = await store.getMeta(ALERTS_HASH_META);
  if (prev === hash) return 0;
  if (!(await store.compareAndSetMeta(ALERTS_HASH_META, prev, hash))) return 0;
  return store.markAlertsDue(now);
}

/** What one `runDue` pass shares across its channels. */
interface Pass {
  deps: DeliveryDeps;
  /** The data, instant and catch-up window every handler reads in this pass. */
  ctx: HandlerContext;
  /** `now` plus the time elapsed since the pass began: ledger timestamps keep leases honest. */
  at(): Date;
  attemptDeps: AttemptDeps;
  /** Per-workspace send budget, shared by all of a workspace's channels in flight. */
  workspacePacer: SendPacer;
  /**
   * Each channel's pacer, for the whole pass: a channel's subscriptions may come in different
   * pages (a page ends anywhere), and its spacing must hold across them.
   */
  channelPacers: Map<string, () => Promise<() => void>>;
  sleep: (ms: number) => Promise<void>;
  report: DeliveryReport;
}

export async function runDue(now: Date, deps: DeliveryDeps): Promise<DeliveryReport> {
  const started = deps.clock().getTime();
  const pass = startPass(now, deps, started);
  pass.report.alertsMarked = await checkAlerts(deps.store, pass.ctx.data, now);

  const seen = new Set<string>();
  const missingPlatforms = new Set<string>();
  // Page until a read brings nothing new: subscriptions still due after our pass (held by another
  // replica, or waiting for a retry) come back in the next page and must not loop forever.
  for (let round = 0; round < 1000 && !stopping(pass); round += 1) {
    const page = (await deps.store.dueSubscriptions(now, (deps.batchSize ?? 500) + seen.size)).filter(
      (s) => !seen.has(s.id),
    );
    if (page.length === 0) break;
    for (const s of page) seen.add(s.id);
    pass.report.due += page.length;
    const tasks = channelTasks(page, pass, missingPlatforms);
    const perGroup = deps.perWorkspaceConcurrency ?? DEFAULT_PER_WORKSPACE;
    const workspaces = new Set(tasks.map((t) => t.group)).size;
    await runBounded(tasks, {
      global: deps.globalConcurrency ?? Math.min(MAX_IN_FLIGHT, Math.max(1, workspaces) * perGroup),
      perGroup,
    });
  }
  for (const p of missingPlatforms)
    deps.logger.warn('due subscriptions for a platform with no sender (adapter disabled?)', { platform: p });
  pass.report.durationMs = Math.max(0, deps.clock().getTime() - started);
  pass.report.stopped = stopping(pass);
  // A pass with nothing to do runs every minute: worth a line only when debugging.
  const quiet = pass.report.due === 0 && pass.report.alertsMarked === 0 && !pass.report.stopped;
  deps.logger[quiet ? 'debug' : 'info']('run-due finished', { now: now.toISOString(), ...pass.report });
  return pass.report;
}

/** Channels in flight per workspace, and overall at most (see `DeliveryDeps.globalConcurrency`). */
const DEFAULT_PER_WORKSPACE = 5;
const MAX_IN_FLIGHT = 256;
/**
 * The per-workspace budget's window: a second, counted from each send's answer (see
 * createSendPacer), plus a margin for clocks that count in whole milliseconds.
 */
const WORKSPACE_WINDOW_MS = 1050;

const stopping = (pass: Pass): boolean => pass.deps.signal?.aborted === true;

/** The ledger kind a subscription's messages have (subscription kinds are plural). */
const OCCURRENCE_KIND: Record<SubscriptionKind, OccurrenceKind> = {
  digest: 'digest',
  reminders: 'reminder',
  alerts: 'alert',
};

function startPass(now: Date, deps: DeliveryDeps, started: number): Pass {
  const sleep = deps.sleep ?? realSleep;
  return {
    deps,
    ctx: {
      data: deps.data(),
      now,
      catchupHours: deps.catchupHours,
      ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}),
    },
    at: () => new Date(now.getTime() + Math.max(0, deps.clock().getTime() - started)),
    attemptDeps: {
      store: deps.store,
      logger: deps.logger,
      owner: deps.owner,
      leaseMs: deps.leaseMs ?? 300_000,
      maxAttempts: deps.maxAttempts ?? 5,
      backoffMs: deps.backoffMs ?? defaultBackoffMs,
      sendTimeoutMs: deps.sendTimeoutMs ?? 60_000,
    },
    workspacePacer: createSendPacer(
      deps.perWorkspacePerSecond ?? 5,
      WORKSPACE_WINDOW_MS,
      () => deps.clock().getTime(),
      sleep,
    ),
    channelPacers: new Map(),
    sleep,
    report: {
      due: 0,
      sent: 0,
      skipped: 0,
      failed: 0,
      retried: 0,
      paused: 0,
      busy: 0,
      noSender: 0,
      alertsMarked: 0,
      durationMs: 0,
      stopped: false,
    },
  };
}

/** One task per channel (its subscriptions in order), grouped per workspace for the limits. */
function channelTasks(page: Subscription[], pass: Pass, missingPlatforms: Set<string>): BoundedTask[] {
  const byChannel = new Map<string, Subscription[]>();
  for (const s of page) {
    if (!pass.deps.senders[s.platform]) {
      pass.report.noSender += 1;
      pass.deps.observer?.observe({ platform: s.platform, kind: OCCURRENCE_KIND[s.kind], outcome: 'no_sender' });
      missingPlatforms.add(s.platform);
      continue;
    }
    const key = JSON.stringify([s.platform, s.workspace, s.channel]);
    byChannel.set(key, [...(byChannel.get(key) ?? []), s]);
  }
  return [...byChannel.values()].map((subs) => ({
    group: JSON.stringify([subs[0].platform, subs[0].workspace]),
    run: () => deliverToChannel(subs, pass),
  }));
}

async function deliverToChannel(subs: Subscription[], pass: Pass): Promise<void> {
  const sender = pass.deps.senders[subs[0].platform] as Sender;
  const channelKey = JSON.stringify([subs[0].platform, subs[0].workspace, subs[0].channel]);
  let pace = pass.channelPacers.get(channelKey);
  if (!pace) {
    pace = channelPacer(pass, JSON.stringify([subs[0].platform, subs[0].workspace]));
    pass.channelPacers.set(channelKey, pace);
  }
  for (const sub of subs) {
    if (stopping(pass)) return;
    try {
      await deliverSubscription(sub, DELIVERY_HANDLERS[sub.kind], sender, pace, pass);
    } catch (err) {
      // A store or logic error for one subscription never sinks the others.
      pass.deps.logger.error('delivery of a subscription failed', {
        subscriptionId: sub.id,
        error: err instanceof Error ? err.message : String(err),
      });
      record(pass, sub, OCCURRENCE_KIND[sub.kind], 'failed');
    }
  }
}

/**
 * Waits before each send to one channel, with its message already built: its messages go one at a
 * time, spaced (the platforms limit posts per channel), then within the workspace's budget shared
 * by all its channels. The spacing runs from the previous send's answer (the platform saw it
 * before then), as the workspace pacer's window does.
 */
function channelPacer(pass: Pass, workspace: string): () => Promise<() => void> {
  const { clock } = pass.deps;
  const spacing = pass.deps.perChannelIntervalMs ?? 1100;
  let nextAllowedAt: number | null = null;
  return async () => {
    if (nextAllowedAt !== null) {
      const wait = nextAllowedAt - clock().getTime();
      if (wait > 0) await pass.sleep(wait);
    }
    const workspaceSendOver = await pass.workspacePacer.acquire(workspace);
    const startedAt = Math.max(clock().getTime(), nextAllowedAt ?? -Infinity);
    return () => {
      workspaceSendOver();
      // Never earlier than the instant waited for (a clock standing still in tests).
      nextAllowedAt = spacing > 0 ? Math.max(clock().getTime(), startedAt) + spacing : null;
    };
  };
}

/** The kind's handler says what is due and how the subscription moves on; this claims, sends, records. */
async function deliverSubscription(
  sub: Subscription,
  handler: DeliveryHandler,
  sender: Sender,
  pace: () => Promise<() => void>,
  pass: Pass,
): Promise<void> {
  const results: OccurrenceResult[] = [];
  for (const occurrence of handler.findDue(sub, pass.ctx)) {
    // Stopping: claim nothing more, and leave this subscription where it is (not moved on).
    if (stopping(pass)) return;
    const result = await deliverOccurrence(sub, occurrence, handler, sender, pace, pass);
    record(pass, sub, occurrence.kind, result.outcome);
    results.push(result);
  }
  const patch = handler.settle(sub, results, pass.ctx);
  if (patch) await pass.deps.store.updateSubscription(sub.id, patch, pass.at());
}

/** Records a missed occurrence as skipped, or claims, sends and records it (attempt.ts). */
async function deliverOccurrence(
  sub: Subscription,
  occurrence: Occurrence,
  handler: DeliveryHandler,
  sender: Sender,
  pace: () => Promise<() => void>,
  pass: Pass,
): Promise<OccurrenceResult> {
  const { store } = pass.deps;
  const key = { subscriptionId: sub.id, kind: occurrence.kind, occurrence: occurrence.key };
  if (occurrence.skipReason !== undefined) {
    // A missed occurrence is skipped, unless it is already in progress or awaiting a retry.
    const row = await store.getDelivery(key);
    if (!row || row.status === 'skipped') {
      if (!row) await store.skipDelivery(key, occurrence.skipReason, pass.at());
      return { occurrence, outcome: 'skipped' };
    }
  }
  const render = () => handler.render(sub, occurrence, pass.ctx);
  const { outcome, delivery } = await attemptDelivery(pass.attemptDeps, key, sub, sender, render, pass.at(), pace);
  return { occurrence, outcome, delivery };
}

/**
 * Every outcome of a pass is counted here, once, and told to the observer (`done`: settled
 * earlier, counted in no report field).
 */
function record(pass: Pass, sub: Subscription, kind: OccurrenceKind, outcome: Outcome): void {
  pass.deps.observer?.observe({ platform: sub.platform, kind, outcome });
  const report = pass.report;
  if (outcome === 'sent') report.sent += 1;
  else if (outcome === 'skipped') report.skipped += 1;
  else if (outcome === 'failed') report.failed += 1;
  else if (outcome === 'retry') report.retried += 1;
  else if (outcome === 'paused') report.paused += 1;
  else if (outcome === 'busy') report.busy += 1;
}
