/**
 * The embedded Store: one SQLite file (better-sqlite3, WAL). The default when no DATABASE_URL is
 * set. Several processes may share the file: every write is one statement or one IMMEDIATE
 * transaction, and the busy timeout makes a second writer wait instead of failing.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { ChannelAddress, Delivery, Subscription, SubscriptionKind } from '../delivery/model';
import { CaftaError } from '../infra/errors';
import type { ChannelKey, DeliveryKey, NewSubscription, Store, SubscriptionPatch } from './store';
import { SQLITE_MIGRATIONS, pendingMigrations, type Migration } from './migrations';
import { clip, filtersJson, fromJson, toDelivery, toSubscription, type Row } from './rows';

export interface SqliteStoreOptions {
  /** How long a writer waits for another process's lock before failing (ms). */
  busyTimeoutMs?: number;
  /** Migrations to apply (tests only; defaults to the shipped list). */
  migrations?: readonly Migration[];
}

/** The query `dueSubscriptions` runs; exported so a test can EXPLAIN it. */
export const SQLITE_DUE_SQL = `SELECT * FROM subscriptions WHERE status = 'active' AND next_due_at <= ? ORDER BY next_due_at, id LIMIT ?`;

const ms = (d: Date | null | undefined): number | null => (d ? d.getTime() : null);
const SUB_KEY = 'platform = @platform AND workspace = @workspace AND channel = @channel';
const DEL_KEY = 'subscription_id = @subscriptionId AND kind = @kind AND occurrence = @occurrence';
const LEDGER_OF = (where: string): string =>
  `DELETE FROM deliveries WHERE subscription_id IN (SELECT id FROM subscriptions WHERE ${where})`;

export class SqliteStore implements Store {
  readonly name = 'sqlite';
  /** The raw handle, for tests that inspect query plans. */
  readonly db: Database.Database;
  private readonly migrations: readonly Migration[];

  constructor(path: string, opts: SqliteStoreOptions = {}) {
    const inMemory = path === ':memory:' || path === '';
    if (!inMemory) mkdirSync(dirname(path), { recursive: true });
    try {
      this.db = new Database(path);
    } catch (err) {
      throw new CaftaError('store_unavailable', `cannot open SQLite database at ${path}`, undefined, { cause: err });
    }
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 5000))}`);
    if (!inMemory) this.db.pragma('journal_mode = WAL');
    // WAL + NORMAL survives process crashes; only an OS crash may lose the last commits.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.migrations = opts.migrations ?? SQLITE_MIGRATIONS;
  }

  async migrate(): Promise<void> {
    // IMMEDIATE takes the write lock before reading schema_migrations, so two processes
    // starting together apply each step once: the second waits, then finds nothing pending.
    this.db
      .transaction(() => {
        this.db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
        const rows = this.db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>;
        const record = this.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
        for (const m of pendingMigrations(this.migrations, new Set(rows.map((r) => r.version)))) {
          for (const sql of m.statements) this.db.exec(sql);
          record.run(m.version, m.name, Date.now());
        }
      })
      .immediate();
  }

  /** Versions recorded in schema_migrations (tests check idempotence). */
  async appliedMigrations(): Promise<number[]> {
    const rows = this.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as Array<{
      version: number;
    }>;
    return rows.map((r) => r.version);
  }

  async ping(): Promise<void> {
    this.prepared('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) {
      this.flushWrites();
      this.db.close();
    }
  }

  /*
   * Group commit of the delivery ledger: the claims, completions, failures and subscription moves
   * asked for in one event-loop turn go to SQLite as one transaction (one WAL commit instead of
   * one each; in a fan-out they were ~20% of a delivery's CPU). Each write still resolves only
   * once its transaction is committed (a claim is durable before its message is sent), and a
   * failing write fails alone (each runs in its own savepoint). Nothing is held open across turns,
   * so another connection to the file (another replica or process) only ever waits for one
   * synchronous transaction.
   */
  private readonly queuedWrites: Array<{ run: () => unknown; done: (e: unknown, v?: unknown) => void }> = [];
  private flushScheduled = false;

  private grouped<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queuedWrites.push({ run, done: (e, v) => (e === undefined ? resolve(v as T) : reject(e)) });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flushWrites());
      }
    });
  }

  private flushWrites(): void {
    this.flushScheduled = false;
    const batch = this.queuedWrites.splice(0);
    if (batch.length === 0) return;
    if (!this.db.open) {
      for (const w of batch) w.done(new CaftaError('store_unavailable', 'the SQLite store is closed'));
      return;
    }
    const results: Array<{ error?: unknown; value?: unknown }> = [];
    try {
      this.db
        .transaction(() => {
          for (const w of batch) {
            try {
              results.push({ value: this.db.transaction(w.run)() });
            } catch (error) {
              results.push({ error: error ?? new Error('write failed') });
            }
          }
        })
        .immediate();
    } catch (error) {
      // The transaction itself failed (e.g. the database stayed locked): none of it is stored.
      for (const w of batch) w.done(error ?? new Error('write failed'));
      return;
    }
    batch.forEach((w, i) => w.done(results[i].error, results[i].value));
  }

  // Every statement below is one of a small fixed set (updateSubscription: one per field
  // combination), so each is parsed and planned once instead of on every call.
  private readonly statements = new Map<string, Database.Statement>();

  private prepared(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /* ---------------------------------------------------------- subscriptions */

  async upsertSubscription(sub: NewSubscription, now: Date): Promise<Subscription> {
    // Re-subscribing keeps the id and the state delivery already keeps (json_patch: existing keys
    // win), so it never re-alerts old events or forgets what the last digest showed.
    const row = this.prepared(
      `
      INSERT INTO subscriptions (id, platform, workspace, channel, kind, address, cadence, weekday, time, zone,
        next_due_at, status, paused_reason, created_by, created_at, updated_at, state, lang, filters)
      VALUES (@id, @platform, @workspace, @channel, @kind, @address, @cadence, @weekday, @time, @zone,
        @nextDueAt, 'active', NULL, @createdBy, @now, @now, @state, @lang, @filters)
      ON CONFLICT (platform, workspace, channel, kind) DO UPDATE SET
        address = excluded.address, cadence = excluded.cadence, weekday = excluded.weekday,
        time = excluded.time, zone = excluded.zone, next_due_at = excluded.next_due_at, lang = excluded.lang,
        filters = excluded.filters, status = 'active', paused_reason = NULL, updated_at = excluded.updated_at,
        created_by = COALESCE(subscriptions.created_by, excluded.created_by),
        state = json_patch(excluded.state, subscriptions.state)
      RETURNING *`,
    ).get({
      id: randomUUID(),
      platform: sub.platform,
      workspace: sub.workspace,
      channel: sub.channel,
      kind: sub.kind,
      address: JSON.stringify(sub.address ?? null),
      cadence: sub.cadence,
      weekday: sub.weekday,
      time: sub.time,
      zone: sub.zone,
      nextDueAt: ms(sub.nextDueAt),
      createdBy: sub.createdBy,
      now: now.getTime(),
      state: JSON.stringify(sub.state ?? {}),
      lang: sub.lang,
      filters: filtersJson(sub.filters),
    }) as Row;
    return toSubscription(row);
  }

  async getSubscription(id: string): Promise<Subscription | null> {
    const row = this.prepared('SELECT * FROM subscriptions WHERE id = ?').get(id) as Row | undefined;
    return row ? toSubscription(row) : null;
  }

  async listSubscriptions(filter: { platform: string; workspace: string; channel?: string }): Promise<Subscription[]> {
    const rows =
      filter.channel === undefined
        ? this.prepared('SELECT * FROM subscriptions WHERE platform = ? AND workspace = ? ORDER BY channel, kind').all(
            filter.platform,
            filter.workspace,
          )
        : this.prepared(
            'SELECT * FROM subscriptions WHERE platform = ? AND workspace = ? AND channel = ? ORDER BY kind',
          ).all(filter.platform, filter.workspace, filter.channel);
    return (rows as Row[]).map(toSubscription);
  }

  async deleteSubscriptions(key: ChannelKey, kinds: readonly SubscriptionKind[]): Promise<number> {
    if (kinds.length === 0) return 0;
    const kindList = kinds.map((_, i) => `@k${i}`).join(', ');
    const params: Record<string, string> = { ...pickKey(key) };
    kinds.forEach((k, i) => {
      params[`k${i}`] = k;
    });
    const where = `${SUB_KEY} AND kind IN (${kindList})`;
    return this.db
      .transaction(() => {
        this.prepared(LEDGER_OF(where)).run(params);
        return this.prepared(`DELETE FROM subscriptions WHERE ${where}`).run(params).changes;
      })
      .immediate();
  }

  async deleteWorkspace(platform: string, workspace: string): Promise<number> {
    const where = 'platform = @platform AND workspace = @workspace';
    return this.db
      .transaction(() => {
        this.prepared(LEDGER_OF(where)).run({ platform, workspace });
        this.prepared(`DELETE FROM channels WHERE ${where}`).run({ platform, workspace });
        return this.prepared(`DELETE FROM subscriptions WHERE ${where}`).run({ platform, workspace }).changes;
      })
      .immediate();
  }

  async updateSubscription(id: string, patch: SubscriptionPatch, now: Date): Promise<void> {
    return this.grouped(() => {
      const sets = ['updated_at = @now'];
      const params: Record<string, unknown> = { id, now: now.getTime() };
      if (patch.nextDueAt !== undefined) {
        sets.push('next_due_at = @nextDueAt');
        params.nextDueAt = ms(patch.nextDueAt);
      }
      if (patch.status !== undefined) {
        sets.push('status = @status');
        params.status = patch.status;
      }
      if (patch.pausedReason !== undefined) {
        sets.push('paused_reason = @pausedReason');
        params.pausedReason = patch.pausedReason;
      }
      if (patch.state !== undefined) {
        sets.push('state = @state');
        params.state = JSON.stringify(patch.state);
      }
      this.prepared(`UPDATE subscriptions SET ${sets.join(', ')} WHERE id = @id`).run(params);
    });
  }

  async dueSubscriptions(now: Date, limit: number): Promise<Subscription[]> {
    const rows = this.prepared(SQLITE_DUE_SQL).all(now.getTime(), Math.max(0, Math.floor(limit))) as Row[];
    return rows.map(toSubscription);
  }

  async markAlertsDue(now: Date): Promise<number> {
    // An alerts subscription already overdue keeps its earlier instant (its place in the queue).
    return this.prepared(
      `UPDATE subscriptions SET
        next_due_at = CASE WHEN next_due_at IS NOT NULL AND next_due_at < @now THEN next_due_at ELSE @now END,
        updated_at = @now
      WHERE status = 'active' AND kind = 'alerts'`,
    ).run({ now: now.getTime() }).changes;
  }

  async countSubscriptions(): Promise<number> {
    return (this.prepared('SELECT COUNT(*) AS n FROM subscriptions').get() as { n: number }).n;
  }

  /* ---------------------------------------------------------- channel addresses */

  async saveChannel(addr: ChannelAddress, now: Date): Promise<void> {
    const params = { ...pickKey(addr), address: JSON.stringify(addr.address ?? null), now: now.getTime() };
    this.db
      .transaction(() => {
        this.prepared(
          `INSERT INTO channels (platform, workspace, channel, address, updated_at)
        VALUES (@platform, @workspace, @channel, @address, @now)
        ON CONFLICT (platform, workspace, channel) DO UPDATE SET address = excluded.address, updated_at = excluded.updated_at`,
        ).run(params);
        this.prepared(
          `UPDATE subscriptions SET address = @address, updated_at = @now WHERE ${SUB_KEY} AND address <> @address`,
        ).run(params);
      })
      .immediate();
  }

  async getChannel(key: ChannelKey): Promise<ChannelAddress | null> {
    const row = this.prepared(`SELECT * FROM channels WHERE ${SUB_KEY}`).get(pickKey(key)) as Row | undefined;
    return row
      ? {
          platform: String(row.platform),
          workspace: String(row.workspace),
          channel: String(row.channel),
          address: fromJson(row.address),
        }
      : null;
  }

  async deleteChannel(key: ChannelKey): Promise<number> {
    const params = pickKey(key);
    return this.db
      .transaction(() => {
        this.prepared(LEDGER_OF(SUB_KEY)).run(params);
        this.prepared(`DELETE FROM channels WHERE ${SUB_KEY}`).run(params);
        return this.prepared(`DELETE FROM subscriptions WHERE ${SUB_KEY}`).run(params).changes;
      })
      .immediate();
  }

  /* ---------------------------------------------------------- delivery ledger */

  async claimDelivery(key: DeliveryKey, owner: string, now: Date, leaseMs: number): Promise<Delivery | null> {
    return this.grouped(() => {
      // One statement, so SQLite's write lock makes it atomic across processes: a new key is
      // inserted; an existing row is taken only if its lease expired or its retry time came.
      const row = this.prepared(
        `
        INSERT INTO deliveries (subscription_id, kind, occurrence, status, attempts, claimed_by, lease_until,
          next_attempt_at, created_at, updated_at)
        VALUES (@subscriptionId, @kind, @occurrence, 'claimed', 1, @owner, @lease, NULL, @now, @now)
        ON CONFLICT (subscription_id, kind, occurrence) DO UPDATE SET
          status = 'claimed', attempts = deliveries.attempts + 1, claimed_by = excluded.claimed_by,
          lease_until = excluded.lease_until, next_attempt_at = NULL, updated_at = excluded.updated_at
        WHERE (deliveries.status = 'claimed' AND deliveries.lease_until <= @now)
           OR (deliveries.status = 'retry' AND deliveries.next_attempt_at <= @now)
        RETURNING *`,
      ).get({ ...pickDel(key), owner, now: now.getTime(), lease: now.getTime() + Math.max(0, leaseMs) }) as
        Row | undefined;
      return row ? toDelivery(row) : null;
    });
  }

  async completeDelivery(key: DeliveryKey, owner: string, messageId: string, now: Date): Promise<boolean> {
    return this.grouped(() => {
      // A send that finished after its lease expired still counts unless another owner took over.
      const res = this.prepared(
        `UPDATE deliveries SET status = 'sent', message_id = @messageId, lease_until = NULL,
          error = NULL, updated_at = @now WHERE ${DEL_KEY} AND status = 'claimed' AND claimed_by = @owner`,
      ).run({ ...pickDel(key), owner, messageId, now: now.getTime() });
      return res.changes === 1;
    });
  }

  async failDelivery(key: DeliveryKey, owner: string, error: string, retryAt: Date | null, now: Date): Promise<void> {
    return this.grouped(() => {
      this.prepared(
        `UPDATE deliveries SET status = @status, error = @error, next_attempt_at = @retryAt,
          lease_until = NULL, updated_at = @now WHERE ${DEL_KEY} AND status = 'claimed' AND claimed_by = @owner`,
      ).run({
        ...pickDel(key),
        owner,
        status: retryAt ? 'retry' : 'failed',
        error: clip(error),
        retryAt: ms(retryAt),
        now: now.getTime(),
      });
    });
  }

  async releaseDeliveries(owner: string, now: Date): Promise<number> {
    // lease_until 0 (the epoch) is before any claimer's now; a released row is not released twice.
    // Grouped like the claims, so it comes after every claim asked for before it (shutdown).
    return this.grouped(
      () =>
        this.prepared(
          `UPDATE deliveries SET lease_until = 0, attempts = MAX(attempts - 1, 0), updated_at = @now
      WHERE status = 'claimed' AND claimed_by = @owner AND lease_until > 0`,
        ).run({ owner, now: now.getTime() }).changes,
    );
  }

  async skipDelivery(key: DeliveryKey, reason: string, now: Date): Promise<void> {
    // Never overrides a sent/failed row or a live claim (whose send may be under way). Grouped like
    // the other ledger writes, so it sees every one asked for before it.
    await this.grouped(() =>
      this.prepared(
        `INSERT INTO deliveries (subscription_id, kind, occurrence, status, attempts, error, created_at, updated_at)
      VALUES (@subscriptionId, @kind, @occurrence, 'skipped', 0, @reason, @now, @now)
      ON CONFLICT (subscription_id, kind, occurrence) DO UPDATE SET status = 'skipped', error = excluded.error,
        claimed_by = NULL, lease_until = NULL, next_attempt_at = NULL, updated_at = excluded.updated_at
      WHERE deliveries.status = 'retry' OR (deliveries.status = 'claimed' AND deliveries.lease_until <= @now)`,
      ).run({ ...pickDel(key), reason: clip(reason), now: now.getTime() }),
    );
  }

  async getDelivery(key: DeliveryKey): Promise<Delivery | null> {
    const row = this.prepared(`SELECT * FROM deliveries WHERE ${DEL_KEY}`).get(pickDel(key)) as Row | undefined;
    return row ? toDelivery(row) : null;
  }

  async listDeliveries(subscriptionId: string): Promise<Delivery[]> {
    const rows = this.prepared(
      'SELECT * FROM deliveries WHERE subscription_id = ? ORDER BY created_at, kind, occurrence',
    ).all(subscriptionId) as Row[];
    return rows.map(toDelivery);
  }

  /* ---------------------------------------------------------- installations & metadata */

  async saveInstallation(platform: string, id: string, value: unknown, now: Date): Promise<void> {
    this.prepared(
      `INSERT INTO installations (platform, id, value, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (platform, id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ).run(platform, id, JSON.stringify(value ?? null), now.getTime());
  }

  async getInstallation(platform: string, id: string): Promise<unknown | null> {
    const row = this.prepared('SELECT value FROM installations WHERE platform = ? AND id = ?').get(platform, id) as
      Row | undefined;
    return row ? fromJson(row.value) : null;
  }

  async deleteInstallation(platform: string, id: string): Promise<void> {
    this.prepared('DELETE FROM installations WHERE platform = ? AND id = ?').run(platform, id);
  }

  async getMeta(key: string): Promise<string | null> {
    const row = this.prepared('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? row.value : null;
  }

  async compareAndSetMeta(key: string, expected: string | null, value: string): Promise<boolean> {
    const res =
      expected === null
        ? this.prepared('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING').run(key, value)
        : this.prepared('UPDATE meta SET value = ? WHERE key = ? AND value = ?').run(value, key, expected);
    return res.changes === 1;
  }
}

const pickKey = (k: ChannelKey): { platform: string; workspace: string; channel: string } => ({
  platform: k.platform,
  workspace: k.workspace,
  channel: k.channel,
});
const pickDel = (k: DeliveryKey): { subscriptionId: string; kind: string; occurrence: string } => ({
  subscriptionId: k.subscriptionId,
  kind: k.kind,
  occurrence: k.occurrence,
});

/** Opens (and creates the folder of) the SQLite store at `path`; `:memory:` for tests. */
export function createSqliteStore(path: string, opts?: SqliteStoreOptions): SqliteStore {
  return new SqliteStore(path, opts);
}
