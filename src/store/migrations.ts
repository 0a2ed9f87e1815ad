/**
 * Versioned schema migrations, written once with the dialect differences marked (`Dialect`), as
 * one numbered list per dialect. Each store applies the pending
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

/**
 * What differs between the dialects, and only that: every statement below is written once and
 * filled in per dialect. Everything else (TEXT, INTEGER, CHECK, keys, indexes) is the same SQL in
 * both (PostgreSQL reads TEXT and INTEGER as text and integer).
 */
interface Dialect {
  /** A UTC instant: SQLite epoch milliseconds (INTEGER), PostgreSQL timestamptz. */
  instant: string;
  /** A JSON value: SQLite TEXT, PostgreSQL jsonb. */
  json: string;
}

const SQLITE: Dialect = { instant: 'INTEGER', json: 'TEXT' };
const POSTGRES: Dialect = { instant: 'timestamptz', json: 'jsonb' };

/** One numbered step, written once for both dialects. */
interface Step {
  version: number;
  name: string;
  statements: (d: Dialect) => string[];
}

const STEPS: readonly Step[] = [
  {
    version: 1,
    name: 'subscriptions, channels, deliveries, installations, meta',
    statements: (d) => [
      `CREATE TABLE subscriptions (
         id TEXT PRIMARY KEY,
         platform TEXT NOT NULL,
         workspace TEXT NOT NULL,
         channel TEXT NOT NULL,
         kind TEXT NOT NULL CHECK (kind IN ('digest','reminders','alerts')),
         address ${d.json} NOT NULL,
         cadence TEXT NOT NULL CHECK (cadence IN ('daily','weekly')),
         weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
         time TEXT NOT NULL,
         zone TEXT NOT NULL,
         next_due_at ${d.instant},
         status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','paused')),
         paused_reason TEXT,
         created_by TEXT,
         created_at ${d.instant} NOT NULL,
         updated_at ${d.instant} NOT NULL,
         state ${d.json} NOT NULL DEFAULT '{}',
         UNIQUE (platform, workspace, channel, kind)
       )`,
      // dueSubscriptions: WHERE status = 'active' AND next_due_at <= ? ORDER BY next_due_at, id
      `CREATE INDEX subscriptions_due ON subscriptions (status, next_due_at, id)`,
      `CREATE TABLE channels (
         platform TEXT NOT NULL,
         workspace TEXT NOT NULL,
         channel TEXT NOT NULL,
         address ${d.json} NOT NULL,
         updated_at ${d.instant} NOT NULL,
         PRIMARY KEY (platform, workspace, channel)
       )`,
      `CREATE TABLE deliveries (
         subscription_id TEXT NOT NULL,
         kind TEXT NOT NULL,
         occurrence TEXT NOT NULL,
         status TEXT NOT NULL CHECK (status IN ('claimed','sent','retry','failed','skipped')),
         attempts INTEGER NOT NULL DEFAULT 0,
         claimed_by TEXT,
         lease_until ${d.instant},
         next_attempt_at ${d.instant},
         message_id TEXT,
         error TEXT,
         created_at ${d.instant} NOT NULL,
         updated_at ${d.instant} NOT NULL,
         PRIMARY KEY (subscription_id, kind, occurrence)
       )`,
      `CREATE TABLE installations (
         platform TEXT NOT NULL,
         id TEXT NOT NULL,
         value ${d.json} NOT NULL,
         updated_at ${d.instant} NOT NULL,
         PRIMARY KEY (platform, id)
       )`,
      `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
    ],
  },
  {
    version: 2,
    name: 'subscriptions.lang: the language a subscription is delivered in',
    // Every subscription made before languages existed was delivered in English.
    statements: () => [`ALTER TABLE subscriptions ADD COLUMN lang TEXT NOT NULL DEFAULT 'en'`],
  },
  {
    version: 3,
    name: 'subscriptions.filters: the parties and areas a subscription is narrowed to',
    // Every subscription made before filters existed covers every party and area.
    statements: (d) => [
      `ALTER TABLE subscriptions ADD COLUMN filters ${d.json} NOT NULL DEFAULT '{"parties":[],"areas":[]}'`,
    ],
  },
];

const inDialect = (d: Dialect): readonly Migration[] =>
  STEPS.map((s) => ({ version: s.version, name: s.name, statements: s.statements(d) }));

export const SQLITE_MIGRATIONS: readonly Migration[] = inDialect(SQLITE);
export const POSTGRES_MIGRATIONS: readonly Migration[] = inDialect(POSTGRES);

/** Steps not yet applied, in version order. */
export function pendingMigrations(all: readonly Migration[], applied: ReadonlySet<number>): Migration[] {
  return [...all].sort((a, b) => a.version - b.version).filter((m) => !applied.has(m.version));
}
