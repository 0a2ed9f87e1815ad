/**
 * The PostgreSQL Store (pg Pool from DATABASE_URL), for several replicas sharing one database.
 * Every write is a single statement (CTEs where several tables change), so each is atomic
 * without holding a client across awaits; migrations take a transaction-scoped advisory lock.
 */
import { randomUUID } from 'node:crypto';
import { Pool, types as pgTypes, type PoolClient } from 'pg';
import type { ChannelAddress, Delivery, Subscription, SubscriptionKind } from '../delivery/model';
import type { Logger } from '../infra/ports';
import { CaftaError } from '../infra/errors';
import type { ChannelKey, DeliveryKey, NewSubscription, Store, SubscriptionPatch } from './store';
import { POSTGRES_MIGRATIONS, pendingMigrations, type Migration } from './migrations';
import { clip, filtersJson, fromJson, toDelivery, toSubscription, type Row } from './rows';

export interface PostgresStoreOptions {
  /**
   * A dedicated schema, created if missing and put first on every pooled connection's
   * search_path. Tests use a unique one per suite; production normally leaves it unset.
   */
  schema?: string;
  poolMax?: number;
  /** Idle-connection errors are reported here instead of crashing the process. */
  logger?: Logger;
  migrations?: readonly Migration[];
}

/** The query `dueSubscriptions` runs; exported so a test can EXPLAIN it. */
export const POSTGRES_DUE_SQL = `SELECT * FROM subscriptions WHERE status = 'active' AND next_due_at <= $1 ORDER BY next_due_at, id LIMIT $2`;

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** How long opening a connection may take before it fails, unless the URL says (`connect_timeout`). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * libpq's `connect_timeout` (seconds) from the URL, else 10 s. node-postgres waits forever by
 * default, so an unreachable server would hang the start instead of failing it.
 */
export function connectTimeoutMs(url: string): number {
  let text: string | null = null;
  try {
    text = new URL(url).searchParams.get('connect_timeout');
  } catch {
    return DEFAULT_CONNECT_TIMEOUT_MS;
  }
  const secs = Number(text);
  return text !== null && Number.isFinite(secs) && secs > 0 ? Math.round(secs * 1000) : DEFAULT_CONNECT_TIMEOUT_MS;
}
const json = (v: unknown): string => JSON.stringify(v ?? null);
const JSON_OIDS = new Set([114, 3802]); // json, jsonb

/** jsonb comes back as text so both stores parse JSON the same way (a stored string stays a string). */
const getTypeParser = ((oid: number, format?: 'text' | 'binary') =>
  JSON_OIDS.has(oid) ? (v: string) => v : pgTypes.getTypeParser(oid, format)) as typeof pgTypes.getTypeParser;

export class PostgresStore implements Store {
  readonly name = 'postgres';
  /** The pool, for tests that inspect query plans or need separate connections. */
  readonly pool: Pool;
  readonly schema: string | undefined;
  private readonly migrations: readonly Migration[];

  constructor(url: string, opts: PostgresStoreOptions = {}) {
    if (opts.schema !== undefined && !SCHEMA_NAME.test(opts.schema)) {
      throw new CaftaError('config_invalid', 'PostgreSQL schema must be a plain identifier (letters, digits, _)');
    }
    this.schema = opts.schema;
    this.migrations = opts.migrations ?? POSTGRES_MIGRATIONS;
    this.pool = new Pool({
      connectionString: url,
      max: opts.poolMax ?? 10,
      connectionTimeoutMillis: connectTimeoutMs(url),
      types: { getTypeParser },
      // A startup option applies to every connection the pool opens, before any query runs.
      ...(opts.schema ? { options: `-c search_path="${opts.schema}",public` } : {}),
    });
    this.pool.on('error', (err) => opts.logger?.warn('PostgreSQL idle connection error', { error: err.message }));
  }

  private async q(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.pool.query(sql, params)).rows as Row[];
  }

  private async count(sql: string, params: unknown[]): Promise<number> {
    return Number((await this.q(sql, params))[0]?.n ?? 0);
  }

  async migrate(): Promise<void> {
    const client: PoolClient = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // Replicas starting together queue here; the lock ends with the transaction.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`cafta:migrate:${this.schema ?? ''}`]);
      if (this.schema) await client.query(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const done = await client.query('SELECT version FROM schema_migrations');
      const applied = new Set(done.rows.map((r: { version: number }) => Number(r.version)));
      for (const m of pendingMigrations(this.migrations, applied)) {
        for (const sql of m.statements) await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw new CaftaError('store_unavailable', 'PostgreSQL migration failed', undefined, { cause: err });
    } finally {
      client.release();
    }
  }

  /** Versions recorded in schema_migrations (tests check idempotence). */
  async appliedMigrations(): Promise<number[]> {
    return (await this.q('SELECT version FROM schema_migrations ORDER BY version')).map((r) => Number(r.version));
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /* ---------------------------------------------------------- subscriptions */

  async upsertSubscription(sub: NewSubscription, now: Date): Promise<Subscription> {
    // Re-subscribing keeps the id and the state delivery already keeps (existing keys win).
    const rows = await this.q(
      `
      INSERT INTO subscriptions (id, platform, workspace, channel, kind, address, cadence, weekday, time, zone,
        next_due_at, status, paused_reason, created_by, created_at, updated_at, state, lang, filters)
      VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, 'active', NULL, $12, $13, $13, $14::jsonb, $15,
        $16::jsonb)
      ON CONFLICT (platform, workspace, channel, kind) DO UPDATE SET
        address = EXCLUDED.address, cadence = EXCLUDED.cadence, weekday = EXCLUDED.weekday,
        time = EXCLUDED.time, zone = EXCLUDED.zone, next_due_at = EXCLUDED.next_due_at, lang = EXCLUDED.lang,
        filters = EXCLUDED.filters, status = 'active', paused_reason = NULL, updated_at = EXCLUDED.updated_at,
        created_by = COALESCE(subscriptions.created_by, EXCLUDED.created_by),
        state = EXCLUDED.state || subscriptions.state
      RETURNING *`,
      [
        randomUUID(),
        sub.platform,
        sub.workspace,
        sub.channel,
        sub.kind,
        json(sub.address),
        sub.cadence,
        sub.weekday,
        sub.time,
        sub.zone,
        sub.nextDueAt,
        sub.createdBy,
        now,
        json(sub.state ?? {}),
        sub.lang,
        filtersJson(sub.filters),
      ],
    );
    return toSubscription(rows[0]);
  }

  async getSubscription(id: string): Promise<Subscription | null> {
    const rows = await this.q('SELECT * FROM subscriptions WHERE id = $1', [id]);
    return rows[0] ? toSubscription(rows[0]) : null;
  }

  async listSubscriptions(filter: { platform: string; workspace: string; channel?: string }): Promise<Subscription[]> {
    const rows =
      filter.channel === undefined
        ? await this.q('SELECT * FROM subscriptions WHERE platform = $1 AND workspace = $2 ORDER BY channel, kind', [
            filter.platform,
            filter.workspace,
          ])
        : await this.q(
            'SELECT * FROM subscriptions WHERE platform = $1 AND workspace = $2 AND channel = $3 ORDER BY kind',
            [filter.platform, filter.workspace, filter.channel],
          );
    return rows.map(toSubscription);
  }

  async deleteSubscriptions(key: ChannelKey, kinds: readonly SubscriptionKind[]): Promise<number> {
    if (kinds.length === 0) return 0;
    return this.count(
      `WITH gone AS (
        DELETE FROM subscriptions WHERE platform = $1 AND workspace = $2 AND channel = $3 AND kind = ANY($4::text[])
        RETURNING id),
      ledger AS (DELETE FROM deliveries WHERE subscription_id IN (SELECT id FROM gone))
      SELECT count(*)::int AS n FROM gone`,
      [key.platform, key.workspace, key.channel, [...kinds]],
    );
  }

  async deleteWorkspace(platform: string, workspace: string): Promise<number> {
    return this.count(
      `WITH gone AS (
        DELETE FROM subscriptions WHERE platform = $1 AND workspace = $2 RETURNING id),
      ledger AS (DELETE FROM deliveries WHERE subscription_id IN (SELECT id FROM gone)),
      chans AS (DELETE FROM channels WHERE platform = $1 AND workspace = $2)
      SELECT count(*)::int AS n FROM gone`,
      [platform, workspace],
    );
  }

  async updateSubscription(id: string, patch: SubscriptionPatch, now: Date): Promise<void> {
    const params: unknown[] = [id, now];
    const sets = ['updated_at = $2'];
    const add = (column: string, value: unknown, cast = ''): void => {
      params.push(value);
      sets.push(`${column} = $${params.length}${cast}`);
    };
    if (patch.nextDueAt !== undefined) add('next_due_at', patch.nextDueAt);
    if (patch.status !== undefined) add('status', patch.status);
    if (patch.pausedReason !== undefined) add('paused_reason', patch.pausedReason);
    if (patch.state !== undefined) add('state', json(patch.state), '::jsonb');
    await this.q(`UPDATE subscriptions SET ${sets.join(', ')} WHERE id = $1`, params);
  }

  async dueSubscriptions(now: Date, limit: number): Promise<Subscription[]> {
    return (await this.q(POSTGRES_DUE_SQL, [now, Math.max(0, Math.floor(limit))])).map(toSubscription);
  }

  async markAlertsDue(now: Date): Promise<number> {
    const res = await this.pool.query(
      `UPDATE subscriptions SET
        next_due_at = CASE WHEN next_due_at IS NOT NULL AND next_due_at < $1 THEN next_due_at ELSE $1 END,
        updated_at = $1
      WHERE status = 'active' AND kind = 'alerts'`,
      [now],
    );
    return res.rowCount ?? 0;
  }

  async countSubscriptions(): Promise<number> {
    return this.count('SELECT count(*)::int AS n FROM subscriptions', []);
  }

  /* ---------------------------------------------------------- channel addresses */

  async saveChannel(addr: ChannelAddress, now: Date): Promise<void> {
    await this.q(
      `WITH chan AS (
        INSERT INTO channels (platform, workspace, channel, address, updated_at) VALUES ($1, $2, $3, $4::jsonb, $5)
        ON CONFLICT (platform, workspace, channel) DO UPDATE SET address = EXCLUDED.address, updated_at = EXCLUDED.updated_at)
      UPDATE subscriptions SET address = $4::jsonb, updated_at = $5
      WHERE platform = $1 AND workspace = $2 AND channel = $3 AND address <> $4::jsonb`,
      [addr.platform, addr.workspace, addr.channel, json(addr.address), now],
    );
  }

  async getChannel(key: ChannelKey): Promise<ChannelAddress | null> {
    const rows = await this.q('SELECT * FROM channels WHERE platform = $1 AND workspace = $2 AND channel = $3', [
      key.platform,
      key.workspace,
      key.channel,
    ]);
    const r = rows[0];
    return r
      ? {
          platform: String(r.platform),
          workspace: String(r.workspace),
          channel: String(r.channel),
          address: fromJson(r.address),
        }
      : null;
  }

  async deleteChannel(key: ChannelKey): Promise<number> {
    return this.count(
      `WITH gone AS (
        DELETE FROM subscriptions WHERE platform = $1 AND workspace = $2 AND channel = $3 RETURNING id),
      ledger AS (DELETE FROM deliveries WHERE subscription_id IN (SELECT id FROM gone)),
      chans AS (DELETE FROM channels WHERE platform = $1 AND workspace = $2 AND channel = $3)
      SELECT count(*)::int AS n FROM gone`,
      [key.platform, key.workspace, key.channel],
    );
  }

  /* ---------------------------------------------------------- delivery ledger */

  async claimDelivery(key: DeliveryKey, owner: string, now: Date, leaseMs: number): Promise<Delivery | null> {
    // Concurrent inserters of one key serialise on the unique index; each loser re-checks the
    // WHERE against the winner's committed row and gets no row back.
    const rows = await this.q(
      `
      INSERT INTO deliveries (subscription_id, kind, occurrence, status, attempts, claimed_by, lease_until,
        next_attempt_at, created_at, updated_at)
      VALUES ($1, $2, $3, 'claimed', 1, $4, $5, NULL, $6, $6)
      ON CONFLICT (subscription_id, kind, occurrence) DO UPDATE SET
        status = 'claimed', attempts = deliveries.attempts + 1, claimed_by = EXCLUDED.claimed_by,
        lease_until = EXCLUDED.lease_until, next_attempt_at = NULL, updated_at = EXCLUDED.updated_at
      WHERE (deliveries.status = 'claimed' AND deliveries.lease_until <= $6)
         OR (deliveries.status = 'retry' AND deliveries.next_attempt_at <= $6)
      RETURNING *`,
      [key.subscriptionId, key.kind, key.occurrence, owner, new Date(now.getTime() + Math.max(0, leaseMs)), now],
    );
    return rows[0] ? toDelivery(rows[0]) : null;
  }

  async completeDelivery(key: DeliveryKey, owner: string, messageId: string, now: Date): Promise<boolean> {
    const res = await this.pool.query(
      `UPDATE deliveries SET status = 'sent', message_id = $5, lease_until = NULL,
        error = NULL, updated_at = $6
      WHERE subscription_id = $1 AND kind = $2 AND occurrence = $3 AND status = 'claimed' AND claimed_by = $4`,
      [key.subscriptionId, key.kind, key.occurrence, owner, messageId, now],
    );
    return res.rowCount === 1;
  }

  async failDelivery(key: DeliveryKey, owner: string, error: string, retryAt: Date | null, now: Date): Promise<void> {
    await this.q(
      `UPDATE deliveries SET status = $5, error = $6, next_attempt_at = $7, lease_until = NULL, updated_at = $8
      WHERE subscription_id = $1 AND kind = $2 AND occurrence = $3 AND status = 'claimed' AND claimed_by = $4`,
      [key.subscriptionId, key.kind, key.occurrence, owner, retryAt ? 'retry' : 'failed', clip(error), retryAt, now],
    );
  }

  async releaseDeliveries(owner: string, now: Date): Promise<number> {
    // lease_until = the epoch is before any claimer's now; a released row is not released twice.
    const res = await this.pool.query(
      `UPDATE deliveries SET lease_until = 'epoch', attempts = GREATEST(attempts - 1, 0), updated_at = $2
      WHERE status = 'claimed' AND claimed_by = $1 AND lease_until > 'epoch'`,
      [owner, now],
    );
    return res.rowCount ?? 0;
  }

  async skipDelivery(key: DeliveryKey, reason: string, now: Date): Promise<void> {
    // Never overrides a sent/failed row or a live claim (whose send may be under way).
    await this.q(
      `INSERT INTO deliveries (subscription_id, kind, occurrence, status, attempts, error, created_at, updated_at)
      VALUES ($1, $2, $3, 'skipped', 0, $4, $5, $5)
      ON CONFLICT (subscription_id, kind, occurrence) DO UPDATE SET status = 'skipped', error = EXCLUDED.error,
        claimed_by = NULL, lease_until = NULL, next_attempt_at = NULL, updated_at = EXCLUDED.updated_at
      WHERE deliveries.status = 'retry' OR (deliveries.status = 'claimed' AND deliveries.lease_until <= $5)`,
      [key.subscriptionId, key.kind, key.occurrence, clip(reason), now],
    );
  }

  async getDelivery(key: DeliveryKey): Promise<Delivery | null> {
    const rows = await this.q('SELECT * FROM deliveries WHERE subscription_id = $1 AND kind = $2 AND occurrence = $3', [
      key.subscriptionId,
      key.kind,
      key.occurrence,
    ]);
    return rows[0] ? toDelivery(rows[0]) : null;
  }

  async listDeliveries(subscriptionId: string): Promise<Delivery[]> {
    const rows = await this.q(
      'SELECT * FROM deliveries WHERE subscription_id = $1 ORDER BY created_at, kind, occurrence',
      [subscriptionId],
    );
    return rows.map(toDelivery);
  }

  /* ---------------------------------------------------------- installations & metadata */

  async saveInstallation(platform: string, id: string, value: unknown, now: Date): Promise<void> {
    await this.q(
      `INSERT INTO installations (platform, id, value, updated_at) VALUES ($1, $2, $3::jsonb, $4)
      ON CONFLICT (platform, id) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
      [platform, id, json(value), now],
    );
  }

  async getInstallation(platform: string, id: string): Promise<unknown | null> {
    const rows = await this.q('SELECT value FROM installations WHERE platform = $1 AND id = $2', [platform, id]);
    return rows[0] ? fromJson(rows[0].value) : null;
  }

  async deleteInstallation(platform: string, id: string): Promise<void> {
    await this.q('DELETE FROM installations WHERE platform = $1 AND id = $2', [platform, id]);
  }

  async getMeta(key: string): Promise<string | null> {
    const rows = await this.q('SELECT value FROM meta WHERE key = $1', [key]);
    return rows[0] ? String(rows[0].value) : null;
  }

  async compareAndSetMeta(key: string, expected: string | null, value: string): Promise<boolean> {
    const res =
      expected === null
        ? await this.pool.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
            key,
            value,
          ])
        : await this.pool.query('UPDATE meta SET value = $3 WHERE key = $1 AND value = $2', [key, expected, value]);
    return res.rowCount === 1;
  }
}

/** Connects lazily: the pool opens connections on first use (`migrate()` at start). */
export function createPostgresStore(url: string, opts?: PostgresStoreOptions): PostgresStore {
  return new PostgresStore(url, opts);
}
