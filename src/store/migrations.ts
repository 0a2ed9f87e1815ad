/**
 * Versioned schema migrations, one numbered list per dialect. Each store applies the pending
 * steps at start inside one transaction and records them in `schema_migrations`, so a step runs
 * exactly once per database even when several replicas start together (SQLite: `BEGIN IMMEDIATE`
 * takes the write lock first; PostgreSQL: a transaction-scoped advisory lock).
 *
 * Never edit a released step: add a new one. Both dialects keep the same version numbers.
 *
 * Ledger rows of a removed subscription are deleted with it by the store (not by a foreign key:
 * a claim racing with an unsubscribe must not fail the delivery run; the orphan it may leave is
 * harmless because subscription ids are random UUIDs, never reused).
 */

/** One numbered step: statements run in order inside the migration transaction. */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

/** SQLite: instants are UTC epoch milliseconds (INTEGER); JSON is TEXT. */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'subscriptions, channels, deliveries, installations, meta',
    statements: [
      `CREATE TABLE subscriptions (
         id TEXT PRIMARY KEY,
         platform TEXT NOT NULL,
         workspace TEXT NOT NULL,
         channel TEXT NOT NULL,
         kind TEXT NOT NULL CHECK (kind IN ('digest','reminders','alerts')),
         address TEXT NOT NULL,
         cadence TEXT NOT NULL CHECK (cadence IN ('daily','weekly')),
         weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
         time TEXT NOT NULL,
         zone TEXT NOT NULL,
         next_due_at INTEGER,
         status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','paused')),
         paused_reason TEXT,
         created_by TEXT,
         created_at INTEGER NOT NULL,
         updated_at INTEGER NOT NULL,
         state TEXT NOT NULL DEFAULT '{}',
         UNIQUE (platform, workspace, channel, kind)
       )`,
      // dueSubscriptions: WHERE status = 'active' AND next_due_at <= ? ORDER BY next_due_at, id
      `CREATE INDEX subscriptions_due ON subscriptions (status, next_due_at, id)`,
      `CREATE TABLE channels (
         platform TEXT NOT NULL,
         workspace TEXT NOT NULL,
         channel TEXT NOT NULL,
         address TEXT NOT NULL,
         updated_at INTEGER NOT NULL,
         PRIMARY KEY (platform, workspace, channel)
       )`,
      `CREATE TABLE deliveries (
         subscription_id TEXT NOT NULL,
         kind TEXT NOT NULL,
         occurrence TEXT NOT NULL,
         status TEXT NOT NULL CHECK (status IN ('claimed','sent','retry','failed','skipped')),
         attempts INTEGER NOT NULL DEFAULT 0,
         claimed_by TEXT,
         lease_until INTEGER,
         next_attempt_at INTEGER,
         message_id TEXT,
         error TEXT,
         created_at INTEGER NOT NULL,
         updated_at INTEGER NOT NULL,
         PRIMARY KEY (subscription_id, kind, occurrence)
       )`,
      `CREATE TABLE installations (
         platform TEXT NOT NULL,
         id TEXT NOT NULL,
         value TEXT NOT NULL,
         updated_at INTEGER NOT NULL,
         PRIMARY KEY (platform, id)
       )`,
      `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
    ],
  },
];

/** PostgreSQL: instants are timestamptz; JSON is jsonb. */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'subscriptions, channels, deliveries, installations, meta',
    statements: [
      `CREATE TABLE subscriptions (
         id text PRIMARY KEY,
         platform text NOT NULL,
         workspace text NOT NULL,
         channel text NOT NULL,
         kind text NOT NULL CHECK (kind IN ('digest','reminders','alerts')),
         address jsonb NOT NULL,
         cadence text NOT NULL CHECK (cadence IN ('daily','weekly')),
         weekday integer NOT NULL CHECK (weekday BETWEEN 1 AND 7),
         time text NOT NULL,
         zone text NOT NULL,
         next_due_at timestamptz,
         status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','paused')),
         paused_reason text,
         created_by text,
         created_at timestamptz NOT NULL,
         updated_at timestamptz NOT NULL,
         state jsonb NOT NULL DEFAULT '{}'::jsonb,
         UNIQUE (platform, workspace, channel, kind)
       )`,
      `CREATE INDEX subscriptions_due ON subscriptions (status, next_due_at, id)`,
      `CREATE TABLE channels (
         platform text NOT NULL,
         workspace text NOT NULL,
         channel text NOT NULL,
         address jsonb NOT NULL,
         updated_at timestamptz NOT NULL,
         PRIMARY KEY (platform, workspace, channel)
       )`,
      `CREATE TABLE deliveries (
         subscription_id text NOT NULL,
         kind text NOT NULL,
         occurrence text NOT NULL,
         status text NOT NULL CHECK (status IN ('claimed','sent','retry','failed','skipped')),
         attempts integer NOT NULL DEFAULT 0,
         claimed_by text,
         lease_until timestamptz,
         next_attempt_at timestamptz,
         message_id text,
         error text,
         created_at timestamptz NOT NULL,
         updated_at timestamptz NOT NULL,
         PRIMARY KEY (subscription_id, kind, occurrence)
       )`,
      `CREATE TABLE installations (
         platform text NOT NULL,
         id text NOT NULL,
         value jsonb NOT NULL,
         updated_at timestamptz NOT NULL,
         PRIMARY KEY (platform, id)
       )`,
      `CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL)`,
    ],
  },
];

/** Steps not yet applied, in version order. */
export function pendingMigrations(all: readonly Migration[], applied: ReadonlySet<number>): Migration[] {
  return [...all].sort((a, b) => a.version - b.version).filter((m) => !applied.has(m.version));
}
