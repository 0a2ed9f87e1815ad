/**
 * Shared set-up for delivery tests: an in-memory SQLite store, the real data, subscriptions made
 * the way `subscribe` makes them, and runDue deps with a fixed clock.
 */
import { runDue, type DeliveryDeps, type DeliveryReport } from '../../src/delivery/run-due';
import { createMemoryLogger } from '../../src/infra/logger';
import type { TreatyData } from '../../src/treaty/model';
import type { Subscription, SubscriptionKind } from '../../src/delivery/model';
import type { SenderRegistry } from '../../src/infra/ports';
import { DELIVERY_HANDLERS } from '../../src/delivery/handlers';
import { createSqliteStore } from '../../src/store/sqlite';
import type { NewSubscription, Store } from '../../src/store/store';
import { loadFixtureData } from './data-fixture';

/** The frozen fixture data (test/fixtures/data), not the live data/. */
export const realData = (): TreatyData => loadFixtureData();

export async function memoryStore(): Promise<Store> {
  const store = createSqliteStore(':memory:');
  await store.migrate();
  return store;
}

export type SubInput = Partial<NewSubscription> & { kind: SubscriptionKind };

/** Creates a subscription as `subscribe` would (first due time, data baseline) at `createdAt`. */
export async function addSub(store: Store, data: TreatyData, input: SubInput, createdAt: Date): Promise<Subscription> {
  const spec = {
    cadence: input.cadence ?? 'weekly',
    weekday: input.weekday ?? 1,
    time: input.time ?? '09:00',
    zone: input.zone ?? 'Asia/Singapore',
  } as const;
  const handler = DELIVERY_HANDLERS[input.kind];
  const channel = input.channel ?? 'C1';
  return store.upsertSubscription(
    {
      platform: 'test',
      workspace: 'W1',
      address: { channel },
      createdBy: null,
      lang: 'en',
      state: handler.initialState(data),
      nextDueAt: handler.firstDueAt(spec, createdAt, data, input.filters),
      ...spec,
      ...input,
      channel,
    },
    createdAt,
  );
}

export function deliveryDeps(
  store: Store,
  data: () => TreatyData,
  senders: SenderRegistry,
  over: Partial<DeliveryDeps> = {},
) {
  const logger = createMemoryLogger();
  const sleeps: number[] = [];
  const deps: DeliveryDeps = {
    store,
    data,
    senders,
    logger,
    clock: () => new Date('2026-01-01T00:00:00Z'),
    owner: 'test-owner',
    catchupHours: 24,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...over,
  };
  return { deps, logger, sleeps, run: (now: Date): Promise<DeliveryReport> => runDue(now, deps) };
}
