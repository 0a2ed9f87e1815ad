/**
 * Environment → the core's Config, validated once at start. Platform settings (Slack, Teams) are
 * read by their adapters (`adapters/<platform>/config.ts`); the composition root reads both.
 * Nothing else reads `process.env`.
 */
import { isValidZone } from '../delivery/schedule';
import { CaftaError } from './errors';
import { loadDataFeedConfig } from './data-feed-config';
import type { DataFeedConfig } from '../treaty/data-feed';

export interface Config {
  port: number;
  databaseUrl?: string;
  dbPath: string;
  dataDir: string;
  defaultZone: string;
  catchupHours: number;
  /** The signed data feed to follow (CAFTA_DATA_URL …); undefined: the local folder is the data. */
  dataFeed?: DataFeedConfig;
}

export type Env = Record<string, string | undefined>;

export const opt = (env: Env, key: string): string | undefined => {
  const v = env[key];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
};

/** Reads and validates configuration. Throws `CaftaError('config_invalid')` naming the variable. */
export function loadConfig(env: Env): Config {
  const portText = opt(env, 'PORT') ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CaftaError('config_invalid', `PORT must be an integer from 0 to 65535, got "${portText}"`);
  }
  const defaultZone = opt(env, 'CAFTA_DEFAULT_TZ') ?? 'Asia/Singapore';
  if (!isValidZone(defaultZone)) {
    throw new CaftaError(
      'config_invalid',
      `CAFTA_DEFAULT_TZ must be an IANA time zone such as Asia/Singapore, got "${defaultZone}"`,
    );
  }
  const catchupText = opt(env, 'CAFTA_CATCHUP_HOURS') ?? '24';
  const catchupHours = Number(catchupText);
  if (!Number.isFinite(catchupHours) || catchupHours < 0) {
    throw new CaftaError('config_invalid', `CAFTA_CATCHUP_HOURS must be a number of hours >= 0, got "${catchupText}"`);
  }
  const databaseUrl = opt(env, 'DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new CaftaError('config_invalid', 'DATABASE_URL must start with postgres:// or postgresql://');
  }
  return {
    port,
    databaseUrl,
    dbPath: opt(env, 'CAFTA_DB_PATH') ?? './var/cafta.db',
    dataDir: opt(env, 'CAFTA_DATA_DIR') ?? './data',
    defaultZone,
    catchupHours,
    dataFeed: loadDataFeedConfig(env),
  };
}
