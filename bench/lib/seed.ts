/**
 * Bulk-inserts benchmark subscriptions straight through the store's database handle (one
 * transaction / one set-based INSERT), since 100,000 upserts one by one would time the seeding,
 * not the store. Rows match what `upsertSubscription` writes: weekly digests, Slack by default
 * (UTC 09:00, empty state); the fan-out benchmark passes the platform, the address, the state
 * `subscribe` writes and a mix of zones whose local slots fall on the same instant.
 */
import type { Pool } from 'pg';
import type { SqliteStore } from '../../src/store/sqlite';

export interface SeedPlan {
  count: number;
  workspaces: number;
  /** Every `dueEvery`-th row is due at `dueAt`; the others at `laterAt`. 1 = all due. */
  dueEvery: number;
  dueAt: Date;
  laterAt: Date;
  createdAt: Date;
  /** Default `slack`, with a `{teamId, channelId}` address. */
  platform?: string;
  /** The stored address of row `i`'s channel (SQLite only). */
  address?: (team: string, channel: string) => unknown;
  /** The subscription's state (SQLite only); default `{}`. */
  state?: Record<string, unknown>;
  /** Zone and local time per row, round-robin (SQLite only); default UTC 09:00. */
  slots?: ReadonlyArray<{ zone: string; time: string }>;
}

/** Workspace and channel of row `i`: channels are spread round-robin over the workspaces. */
export const teamOf = (i: number, plan: SeedPlan): string => `T${String(i % plan.workspaces).padStart(3, '0')}`;
export const channelOf = (i: number): string => `C${String(i).padStart(6, '0')}`;

export function seedSqlite(store: SqliteStore, plan: SeedPlan): void {
  const insert = store.db
    .prepare(`INSERT INTO subscriptions (id, platform, workspace, channel, kind, address, cadence, weekday, time, zone,
      next_due_at, status, paused_reason, created_by, created_at, updated_at, state)
    VALUES (?, ?, ?, ?, 'digest', ?, 'weekly', 1, ?, ?, ?, 'active', NULL, 'UBENCH', ?, ?, ?)`);
  const created = plan.createdAt.getTime();
  const address = plan.address ?? ((teamId: string, channelId: string) => ({ teamId, channelId }));
  const slots = plan.slots ?? [{ zone: 'UTC', time: '09:00' }];
  const state = JSON.stringify(plan.state ?? {});
  store.db.transaction(() => {
    for (let i = 0; i < plan.count; i += 1) {
      const team = teamOf(i, plan);
      const channel = channelOf(i);
      const due = i % plan.dueEvery === 0 ? plan.dueAt : plan.laterAt;
      const slot = slots[i % slots.length];
      insert.run(
        `bench-${i}`,
        plan.platform ?? 'slack',
        team,
        channel,
        JSON.stringify(address(team, channel)),
        slot.time,
        slot.zone,
        due.getTime(),
        created,
        created,
        state,
      );
    }
  })();
}

export async function seedPostgres(pool: Pool, plan: SeedPlan): Promise<void> {
  // One set-based statement: the rows are generated inside PostgreSQL.
  await pool.query(
    `INSERT INTO subscriptions (id, platform, workspace, channel, kind, address, cadence, weekday, time, zone,
      next_due_at, status, paused_reason, created_by, created_at, updated_at, state)
    SELECT 'bench-' || g, 'slack', 'T' || lpad((g % $2)::text, 3, '0'), 'C' || lpad(g::text, 6, '0'), 'digest',
      jsonb_build_object('teamId', 'T' || lpad((g % $2)::text, 3, '0'), 'channelId', 'C' || lpad(g::text, 6, '0')),
      'weekly', 1, '09:00', 'UTC', CASE WHEN g % $3 = 0 THEN $4::timestamptz ELSE $5::timestamptz END,
      'active', NULL, 'UBENCH', $6, $6, '{}'::jsonb
    FROM generate_series(0, $1 - 1) AS g`,
    [plan.count, plan.workspaces, plan.dueEvery, plan.dueAt, plan.laterAt, plan.createdAt],
  );
  await pool.query('ANALYZE subscriptions');
}
