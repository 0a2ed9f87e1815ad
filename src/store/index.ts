/** STUB — replaced by the store work: picks PostgreSQL when DATABASE_URL is set, else SQLite. */
import type { Config } from '../config';
import type { Store } from './store';

export async function createStore(config: Pick<Config, 'databaseUrl' | 'dbPath'>): Promise<Store> {
  void config;
  throw new Error('createStore not implemented yet');
}
