/**
 * The pace policy of delivery, at send time: `createSendPacer` counts a send when it is made and
 * never lets more than `limit` of one group through in any window, groups are independent, and
 * runDue (on a fake clock whose time moves only when every task waits) keeps ≤ 5 posts per
 * workspace and ≤ 1 per channel in any second, with every channel delivered exactly once.
 */
import { createSendPacer } from '../src/delivery/limiter';
import type { Store } from '../src/store/store';
import { loadData } from '../src/treaty/data';
import { addSub, deliveryDeps, memoryStore, realData } from './support/delivery-harness';
import { addFixtureEvents, copyData } from './support/data-fixture';
import { recordingSender } from './support/recording-sender';
import { maxInWindow } from '../bench/lib/stats';

/**
 * A fake clock for concurrent tasks: `sleep` registers a wake-up; `run` lets every task go as far
 * as it can, then moves the clock to the earliest wake-up and wakes that one task, until done.
 */
function virtualTime(startMs = 0) {
  let now = startMs;
  let seq = 0;
  const timers: Array<{ at: number; seq: number; wake: () => void }> = [];
  return {
    now: () => now,
    sleep: (ms: number): Promise<void> =>
      new Promise<void>((wake) => {
        timers.push({ at: now + Math.max(0, ms), seq: (seq += 1), wake });
      }),
    async run<T>(work: Promise<T>): Promise<T> {
      let settled = false;
      work.then(
        () => (settled = true),
        () => (settled = true),
      );
      for (let idle = 0; !settled;) {
        await new Promise((r) => setImmediate(r));
        if (settled) break;
        if (timers.length === 0) {
          if ((idle += 1) > 1000) throw new Error('nothing to wake and the work is not done');
          continue;
        }
        idle = 0;
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = timers.shift() as (typeof timers)[number];
        now = Math.max(now, next.at);
        next.wake();
      }
      return work;
    },
  };
}

describe('createSendPacer', () => {
  it('lets a burst of `limit` through, then one each time the oldest send leaves the window', async () => {
    const vt = virtualTime();
    const pacer = createSendPacer(5, 1000, vt.now, vt.sleep);
    const sentAt: number[] = [];
    await vt.run(
      Promise.all(Array.from({ length: 8 }, () => pacer.acquire('W1').then((over) => (sentAt.push(vt.now()), over())))),
    );
    expect(sentAt).toEqual([0, 0, 0, 0, 0, 1000, 1000, 1000]);
  });

  it('keeps counting a send until a window after its answer (a late request cannot bunch up)', async () => {
    const vt = virtualTime();
    const pacer = createSendPacer(5, 1000, vt.now, vt.sleep);
    const sentAt: number[] = [];
    const send = async (answerAfter: number): Promise<void> => {
      const over = await pacer.acquire('W1');
      sentAt.push(vt.now());
      await vt.sleep(answerAfter);
      over();
    };
    // The first send's request travels slowly: answered at 800 ms, so Slack may have seen it then.
    await vt.run(Promise.all([send(800), ...Array.from({ length: 9 }, () => send(40))]));
    // Four sends answered at 40 ms free four places at 1040 ms; the fifth only at 1800 ms.
    expect(sentAt).toEqual([0, 0, 0, 0, 0, 1040, 1040, 1040, 1040, 1800]);
  });

  it('keeps groups apart and can be switched off', async () => {
    const vt = virtualTime();
    const pacer = createSendPacer(2, 1000, vt.now, vt.sleep);
    const at: Record<string, number[]> = { A: [], B: [] };
    await vt.run(
      Promise.all(['A', 'A', 'A', 'B'].map((g) => pacer.acquire(g).then((over) => (at[g].push(vt.now()), over())))),
    );
    expect(at).toEqual({ A: [0, 0, 1000], B: [0] });
    const off = createSendPacer(0, 1000, vt.now, vt.sleep);
    await Promise.all(Array.from({ length: 20 }, () => off.acquire('A')));
    expect(vt.now()).toBe(1000);
  });

  it('never lets more than `limit` send in any window, whatever the arrival pattern', async () => {
    let seed = 42;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const limit of [1, 3, 5]) {
      const vt = virtualTime();
      const pacer = createSendPacer(limit, 1000, vt.now, vt.sleep);
      const sentAt: number[] = [];
      // Callers arrive at random instants and hold their turn for a random time before the next.
      const caller = async (): Promise<void> => {
        for (let i = 0; i < 60; i += 1) {
          await vt.sleep(Math.floor(rand() * 400));
          const over = await pacer.acquire('W');
          sentAt.push(vt.now());
          // The platform answers after 0–150 ms; the window counts from the answer.
          await vt.sleep(Math.floor(rand() * 150));
          over();
        }
      };
      await vt.run(Promise.all([caller(), caller(), caller(), caller()]));
      expect(sentAt).toHaveLength(240);
      expect(maxInWindow(sentAt, 1000)).toBe(limit);
    }
  });
});

describe('runDue keeps the pace policy at send time', () => {
  let store: Store;
  beforeEach(async () => {
    store = await memoryStore();
  });
  afterEach(async () => store.close());

  it('≤ 5 posts per workspace and ≤ 1 per channel in any second, all delivered once, workspaces in parallel', async () => {
    const copy = copyData();
    try {
      const before = loadData(copy.dir);
      const created = new Date('2026-11-24T00:00:00Z');
      const workspaces = 30;
      for (let w = 0; w < workspaces; w += 1) {
        const workspace = `W${w}`;
        for (let c = 0; c < 12; c += 1)
          await addSub(store, before, { kind: 'digest', workspace, channel: `${workspace}-C${c}` }, created);
        // Two channels also get alerts: two new records below make two posts each in one pass.
        for (let c = 0; c < 2; c += 1)
          await addSub(store, before, { kind: 'alerts', workspace, channel: `${workspace}-C${c}` }, created);
      }
      addFixtureEvents(copy.dir, [
        { party: 'SG', kind: 'ratification', date: '2026-11-25' },
        { party: 'VN', kind: 'ratification', date: '2026-11-26' },
      ]);
      const current = loadData(copy.dir);
      const now = new Date('2026-11-30T01:00:30Z');
      const vt = virtualTime(now.getTime());
      const posts: Array<{ at: number; workspace: string; channel: string }> = [];
      // The platform answers after 40 ms; the instant a send is made is what the policy is about.
      const sender = recordingSender(async (target) => {
        posts.push({ at: vt.now(), workspace: target.workspace, channel: target.channel });
        await vt.sleep(40);
        return undefined;
      });
      const { run } = deliveryDeps(
        store,
        () => current,
        { test: sender },
        {
          clock: () => new Date(vt.now()),
          sleep: vt.sleep,
        },
      );
      const report = await vt.run(run(now));

      expect(report).toMatchObject({ sent: workspaces * 16, failed: 0, retried: 0, busy: 0 });
      const groups = (key: (p: (typeof posts)[number]) => string): number[][] => {
        const m = new Map<string, number[]>();
        for (const p of posts) m.set(key(p), [...(m.get(key(p)) ?? []), p.at]);
        return [...m.values()];
      };
      const perWorkspace = groups((p) => p.workspace);
      const perChannel = groups((p) => `${p.workspace} ${p.channel}`);
      expect(perWorkspace).toHaveLength(workspaces);
      expect(Math.max(...perWorkspace.map((t) => maxInWindow(t, 1000)))).toBe(5);
      expect(Math.max(...perChannel.map((t) => maxInWindow(t, 1000)))).toBe(1);
      // Each channel once per digest and once per alert: 12 channels, two of them with 2 alerts.
      expect(perChannel.map((t) => t.length).sort()).toEqual(
        Array.from({ length: workspaces }, () => [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 3])
          .flat()
          .sort(),
      );
      // 16 posts per workspace at 5 per 1.1 s: four windows. The workspaces go side by side
      // (a global limit that did not scale with workspaces would take about 30 times as long).
      expect(vt.now() - now.getTime()).toBeLessThan(5000);
    } finally {
      copy.remove();
    }
  });

  it("≤ 1 post per channel in any second when one channel's subscriptions come in different pages", async () => {
    const copy = copyData();
    try {
      const before = loadData(copy.dir);
      const created = new Date('2026-11-24T00:00:00Z');
      // One channel with a digest and alerts: with pages of one subscription, each comes alone.
      await addSub(store, before, { kind: 'digest', channel: 'C1' }, created);
      await addSub(store, before, { kind: 'alerts', channel: 'C1' }, created);
      addFixtureEvents(copy.dir, [{ party: 'SG', kind: 'ratification', date: '2026-11-25' }]);
      const current = loadData(copy.dir);
      const now = new Date('2026-11-30T01:00:30Z');
      const vt = virtualTime(now.getTime());
      const posts: number[] = [];
      const sender = recordingSender(async () => {
        posts.push(vt.now());
        await vt.sleep(40);
        return undefined;
      });
      const { run } = deliveryDeps(
        store,
        () => current,
        { test: sender },
        { clock: () => new Date(vt.now()), sleep: vt.sleep, batchSize: 1 },
      );
      const report = await vt.run(run(now));
      expect(report).toMatchObject({ due: 2, sent: 2, failed: 0 });
      expect(posts).toHaveLength(2);
      expect(maxInWindow(posts, 1000)).toBe(1);
    } finally {
      copy.remove();
    }
  });

  it('waits for nothing when the budget is off and every channel has one post', async () => {
    const data = realData();
    for (let i = 0; i < 8; i += 1)
      await addSub(store, data, { kind: 'digest', channel: `W1-C${i}` }, new Date('2026-11-24T00:00:00Z'));
    const { run, sleeps } = deliveryDeps(store, realData, { test: recordingSender() }, { perWorkspacePerSecond: 0 });
    expect(await run(new Date('2026-11-30T01:00:30Z'))).toMatchObject({ sent: 8 });
    expect(sleeps).toEqual([]);
  });
});
