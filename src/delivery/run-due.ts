/**
 * `runDue(now)`: delivers everything due at `now`, exactly once per (subscription, occurrence).
 * Used by the server's minute tick and by `cafta run-due`.
 *
 * Flow per due subscription: decide the occurrence(s) (schedule.ts) → claim in the ledger →
 * build the Message → send → record the platform's message id → only then advance `nextDueAt`.
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
import { attemptDelivery, defaultBackoffMs, type AttemptDeps, type AttemptOutcome } from './attempt';
import {
  alertHash,
  buildAlert,
  buildDigest,
  buildReminder,
  digestSnapshot,
  newAlertEvents,
  readDigestState,
} from './digest';
import { createWindowPacer, runBounded } from './limiter';
import type { TreatyData } from '../treaty/model';
import type { Subscription } from './model';
import type { Clock, Logger, Sender, SenderRegistry } from '../infra/ports';
import { anniversariesOf, digestCatchUp, dueReminders, nextReminderAfter, slotKey } from './schedule';
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
  /** Claim lease; an unfinished claim is taken over after it. Default 5 minutes. */
  leaseMs?: number;
  /** Attempts per occurrence before it is marked failed. Default 5. */
  maxAttempts?: number;
  backoffMs?: (attempt: number) => number;
  /** Channels in flight at once, overall. Default 32. */
  globalConcurrency?: number;
  /** Channels in flight at once per workspace/tenant. Default 4. */
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

export async function runDue(now: Date, deps: DeliveryDeps): Promise<DeliveryReport> {
  const started = deps.clock().getTime();
  const at = (): Date => new Date(now.getTime() + Math.max(0, deps.clock().getTime() - started));
  const report: DeliveryReport = {
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
  };
  const data = deps.data();
  const attemptDeps: AttemptDeps = {
    store: deps.store,
    logger: deps.logger,
    owner: deps.owner,
    leaseMs: deps.leaseMs ?? 300_000,
    maxAttempts: deps.maxAttempts ?? 5,
    backoffMs: deps.backoffMs ?? defaultBackoffMs,
    sendTimeoutMs: deps.sendTimeoutMs ?? 60_000,
  };
  const sleep = deps.sleep ?? realSleep;
  const spacing = deps.perChannelIntervalMs ?? 1100;
  // A window a little over a second: network jitter must not land six sends in one second there.
  const workspacePacer = createWindowPacer(deps.perWorkspacePerSecond ?? 5, 1050);
  report.alertsMarked = await checkAlerts(deps.store, data, now);

  const seen = new Set<string>();
  const missingPlatforms = new Set<string>();
  // Page until a read brings nothing new: subscriptions still due after our pass (held by another
  // replica, or waiting for a retry) come back in the next page and must not loop forever.
  for (let round = 0; round < 1000; round += 1) {
    const page = (await deps.store.dueSubscriptions(now, (deps.batchSize ?? 500) + seen.size)).filter(
      (s) => !seen.has(s.id),
    );
    if (page.length === 0) break;
    for (const s of page) seen.add(s.id);
    report.due += page.length;
    const byChannel = new Map<string, Subscription[]>();
    for (const s of page) {
      if (!deps.senders[s.platform]) {
        report.noSender += 1;
        missingPlatforms.add(s.platform);
        continue;
      }
      const key = JSON.stringify([s.platform, s.workspace, s.channel]);
      byChannel.set(key, [...(byChannel.get(key) ?? []), s]);
    }
    const tasks = [...byChannel.values()].map((subs) => ({
      group: JSON.stringify([subs[0].platform, subs[0].workspace]),
      run: async () => {
        const sender = deps.senders[subs[0].platform] as Sender;
        const workspace = JSON.stringify([subs[0].platform, subs[0].workspace]);
        let lastSendAt: number | null = null;
        // One channel's messages in order, spaced: the platforms limit posts per channel.
        const pace = async (): Promise<void> => {
          if (lastSendAt !== null && spacing > 0) {
            const wait = lastSendAt + spacing - deps.clock().getTime();
            if (wait > 0) await sleep(wait);
          }
          // Then the workspace's budget, shared by all its channels in flight.
          const wsWait = workspacePacer.reserve(workspace, deps.clock().getTime());
          if (wsWait > 0) await sleep(wsWait);
          lastSendAt = deps.clock().getTime();
        };
        for (const sub of subs) {
          try {
            const outcomes = await processSubscription(sub, {
              data,
              sender,
              attemptDeps,
              now,
              at,
              pace,
              catchupHours: deps.catchupHours,
              store: deps.store,
            });
            for (const o of outcomes) tally(report, o);
          } catch (err) {
            // A store or logic error for one subscription never sinks the others.
            deps.logger.error('delivery of a subscription failed', {
              subscriptionId: sub.id,
              error: err instanceof Error ? err.message : String(err),
            });
            report.failed += 1;
          }
        }
      },
    }));
    await runBounded(tasks, { global: deps.globalConcurrency ?? 32, perGroup: deps.perWorkspaceConcurrency ?? 4 });
  }
  for (const p of missingPlatforms)
    deps.logger.warn('due subscriptions for a platform with no sender (adapter disabled?)', { platform: p });
  report.durationMs = Math.max(0, deps.clock().getTime() - started);
  deps.logger.info('run-due finished', { now: now.toISOString(), ...report });
  return report;
}

type Outcome = AttemptOutcome | 'skipped';

function tally(r: DeliveryReport, o: Outcome): void {
  if (o === 'sent') r.sent += 1;
  else if (o === 'skipped') r.skipped += 1;
  else if (o === 'failed') r.failed += 1;
  else if (o === 'retry') r.retried += 1;
  else if (o === 'paused') r.paused += 1;
  else if (o === 'busy') r.busy += 1;
}

interface SubCtx {
  data: TreatyData;
  sender: Sender;
  attemptDeps: AttemptDeps;
  store: Store;
  now: Date;
  at: () => Date;
  pace: () => Promise<void>;
  catchupHours: number;
}

/** `settled` outcomes let the schedule move on; `busy`/`retry` keep the subscription due. */
const settled = (o: Outcome): boolean => o === 'sent' || o === 'done' || o === 'failed' || o === 'skipped';

async function processSubscription(sub: Subscription, c: SubCtx): Promise<Outcome[]> {
  const spec = { cadence: sub.cadence, weekday: sub.weekday, time: sub.time, zone: sub.zone };
  const attempt = (
    kind: string,
    occurrence: string,
    build: Parameters<typeof attemptDelivery>[4],
  ): ReturnType<typeof attemptDelivery> =>
    attemptDelivery(c.attemptDeps, { subscriptionId: sub.id, kind, occurrence }, sub, c.sender, build, c.at(), c.pace);
  const send = async (
    kind: string,
    occurrence: string,
    build: Parameters<typeof attemptDelivery>[4],
  ): Promise<AttemptOutcome> => (await attempt(kind, occurrence, build)).outcome;

  if (sub.kind === 'digest') {
    const decision = digestCatchUp(spec, sub.nextDueAt, c.now, c.catchupHours);
    if (decision.action === 'wait') return [];
    const key = { subscriptionId: sub.id, kind: 'digest', occurrence: slotKey(decision.occurrence) };
    if (decision.action === 'skip') {
      // A missed slot is skipped, unless it is already in progress or awaiting a retry.
      const row = await c.store.getDelivery(key);
      if (!row || row.status === 'skipped') {
        if (!row)
          await c.store.skipDelivery(
            key,
            `missed by ${Math.round(decision.lateMs / 60_000)} min (beyond catch-up)`,
            c.at(),
          );
        await c.store.updateSubscription(sub.id, { nextDueAt: decision.next }, c.at());
        return ['skipped'];
      }
    }
    const state = readDigestState(sub.state);
    const { outcome, delivery } = await attempt('digest', key.occurrence, () =>
      buildDigest(c.data, state, c.now, sub.zone, { cadence: sub.cadence, since: sub.createdAt }),
    );
    const stale = !state.lastDigestAt || Date.parse(state.lastDigestAt) < decision.occurrence.getTime();
    if (outcome === 'sent' || (outcome === 'done' && delivery?.status === 'sent' && stale)) {
      // Also after `done` with an old snapshot: the sender may have died before saving it.
      await c.store.updateSubscription(
        sub.id,
        { nextDueAt: decision.next, state: { ...sub.state, ...digestSnapshot(c.data, c.now) } },
        c.at(),
      );
    } else if (settled(outcome)) {
      await c.store.updateSubscription(sub.id, { nextDueAt: decision.next }, c.at());
    }
    return [outcome];
  }

  if (sub.kind === 'reminders') {
    const anniversaries = anniversariesOf(c.data);
    // From just before the stored due instant: that slot itself is included.
    const since = new Date((sub.nextDueAt ?? c.now).getTime() - 1);
    const due = dueReminders(spec, anniversaries, since, c.now, c.catchupHours);
    const outcomes: Outcome[] = [];
    for (const slot of due.skipped) {
      const key = { subscriptionId: sub.id, kind: 'reminder', occurrence: slot.key };
      const row = await c.store.getDelivery(key);
      if (row && row.status !== 'skipped') {
        outcomes.push(await send('reminder', slot.key, () => buildReminder(c.data, slot)));
      } else {
        if (!row) await c.store.skipDelivery(key, 'missed beyond catch-up', c.at());
        outcomes.push('skipped');
      }
    }
    for (const slot of due.send) outcomes.push(await send('reminder', slot.key, () => buildReminder(c.data, slot)));
    if (outcomes.every(settled)) {
      await c.store.updateSubscription(sub.id, { nextDueAt: nextReminderAfter(spec, anniversaries, c.now) }, c.at());
    }
    return outcomes;
  }

  // Alerts: one message per event not in the baseline, keyed by the event id.
  const baseline = Array.isArray(sub.state.baselineEventIds)
    ? sub.state.baselineEventIds.filter((x): x is string => typeof x === 'string')
    : [];
  const outcomes: Outcome[] = [];
  const done: string[] = [];
  for (const event of newAlertEvents(c.data, baseline)) {
    const o = await send('alert', event.id, () => buildAlert(c.data, event));
    outcomes.push(o);
    if (settled(o)) done.push(event.id);
  }
  const allSettled = outcomes.every(settled);
  if (done.length > 0 || allSettled) {
    await c.store.updateSubscription(
      sub.id,
      {
        ...(allSettled ? { nextDueAt: null } : {}),
        ...(done.length > 0 ? { state: { ...sub.state, baselineEventIds: [...baseline, ...done] } } : {}),
      },
      c.at(),
    );
  }
  return outcomes;
}
