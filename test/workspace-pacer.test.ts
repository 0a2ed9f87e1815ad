/**
 * The per-workspace rate budget of delivery: `createWindowPacer` never books more than `limit`
 * sends of one group in any window, groups are independent, and runDue waits on it.
 */
import { createWindowPacer } from '../src/delivery/limiter';
import type { Store } from '../src/store/store';
import { addSub, deliveryDeps, memoryStore, realData } from './support/delivery-harness';
import { recordingSender } from './support/recording-sender';
import { maxInWindow } from '../bench/lib/stats';

describe('createWindowPacer', () => {
  it('allows a burst of `limit`, then books one slot per window', () => {
    const pacer = createWindowPacer(5, 1000);
    expect(Array.from({ length: 8 }, () => pacer.reserve('W1', 0))).toEqual([0, 0, 0, 0, 0, 1000, 1000, 1000]);
    // At 1500 the burst at 0 has left the window; the three booked at 1000 are still in it.
    expect([pacer.reserve('W1', 1500), pacer.reserve('W1', 1500), pacer.reserve('W1', 1500)]).toEqual([0, 0, 500]);
  });

  it('keeps groups apart and can be switched off', () => {
    const pacer = createWindowPacer(2, 1000);
    expect([pacer.reserve('A', 0), pacer.reserve('A', 0), pacer.reserve('A', 0)]).toEqual([0, 0, 1000]);
    expect(pacer.reserve('B', 0)).toBe(0);
    const off = createWindowPacer(0, 1000);
    expect(Array.from({ length: 20 }, () => off.reserve('A', 0)).every((w) => w === 0)).toBe(true);
  });

  it('never books more than `limit` in any window, whatever the arrival pattern', () => {
    let seed = 42;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const limit of [1, 3, 5]) {
      const pacer = createWindowPacer(limit, 1000);
      const booked: number[] = [];
      let now = 0;
      for (let i = 0; i < 400; i += 1) {
        now += Math.floor(rand() * 300);
        const wait = pacer.reserve('W', now);
        expect(wait).toBeGreaterThanOrEqual(0);
        booked.push(now + wait);
      }
      expect(maxInWindow(booked, 1000)).toBe(limit);
    }
  });
});

describe('runDue with a workspace budget', () => {
  let store: Store;
  beforeEach(async () => {
    store = await memoryStore();
  });
  afterEach(async () => store.close());

  const seed = async (workspace: string, channels: number): Promise<void> => {
    const data = realData();
    for (let i = 0; i < channels; i += 1) {
      await addSub(
        store,
        data,
        { kind: 'digest', workspace, channel: `${workspace}-C${i}` },
        new Date('2026-11-24T00:00:00Z'),
      );
    }
  };
  const now = new Date('2026-11-30T01:00:30Z');

  it('spreads one workspace beyond its burst; another workspace is not held back', async () => {
    await seed('W1', 8);
    await seed('W2', 3);
    const sender = recordingSender();
    const { run, sleeps } = deliveryDeps(store, realData, { test: sender }, { perWorkspacePerSecond: 5 });
    expect(await run(now)).toMatchObject({ due: 11, sent: 11 });
    // The fixed clock stands still: the 6th, 7th and 8th W1 sends each wait for the next window.
    expect(sleeps).toEqual([1050, 1050, 1050]);
    expect(sender.sent.filter((s) => s.target.workspace === 'W2')).toHaveLength(3);
  });

  it('waits for nothing when the budget is off', async () => {
    await seed('W1', 8);
    const { run, sleeps } = deliveryDeps(store, realData, { test: recordingSender() }, { perWorkspacePerSecond: 0 });
    expect(await run(now)).toMatchObject({ sent: 8 });
    expect(sleeps).toEqual([]);
  });
});
