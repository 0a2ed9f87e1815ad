/**
 * Picks the Store from configuration: PostgreSQL when `DATABASE_URL` is set (several replicas),
 * else the embedded SQLite file at `CAFTA_DB_PATH`. The caller runs `migrate()`.
 */
import type { Config } from '../infra/config';
import type { Store } from './store';
import { createSqliteStore } from './sqlite';
import { createPostgresStore, type PostgresStoreOptions } from './postgres';

export interface CreateStoreOptions {
  /** PostgreSQL only: a dedicated schema (tests isolate themselves with it). */
  schema?: string;
  /** PostgreSQL only: pool size. */
  poolMax?: number;
}

export async function createStore(
  config: Pick<Config, 'databaseUrl' | 'dbPath'>,
  options: CreateStoreOptions = {},
): Promise<Store> {
  if (config.databaseUrl) {
    const pgOpts: PostgresStoreOptions = { schema: options.schema, poolMax: options.poolMax };
    return createPostgresStore(config.databaseUrl, pgOpts);
  }
  return createSqliteStore(config.dbPath);
}
