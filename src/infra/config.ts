/**
 * Environment → the core's Config, validated once at start. Platform settings (Slack, Teams) are
 * read by their adapters (`adapters/<platform>/config.ts`); the composition root reads both.
 * Nothing else reads `process.env`.
 */
import { isValidZone } from '../delivery/schedule';
import { LANGS, resolveLang, type Lang } from '../text/i18n';
import { CaftaError } from './errors';
import { loadDataFeedConfig } from './data-feed-config';
import type { DataFeedConfig } from '../treaty/data-feed';

/** Log levels, least to most severe. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  port: number;
  /** Listen address; 0.0.0.0 (every IPv4 interface) is the container convention. */
  host: string;
  logLevel: LogLevel;
  databaseUrl?: string;
  dbPath: string;
  dataDir: string;
  defaultZone: string;
  catchupHours: number;
  /** `CAFTA_DEFAULT_LANG`: answers for askers whose language is not known, and new subscriptions' default. */
  defaultLang: Lang;
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
  const host = opt(env, 'HOST') ?? '0.0.0.0';
  // An address or a host name; anything else (a URL, a port, spaces) is a mistake worth naming.
  if (!/^(\[?[0-9A-Fa-f:.]+\]?|[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)$/.test(host)) {
    throw new CaftaError(
      'config_invalid',
      `HOST must be an IP address or host name such as 0.0.0.0, got "${host.slice(0, 60)}"`,
    );
  }
  const logLevel = (opt(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new CaftaError(
      'config_invalid',
      `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel.slice(0, 40)}"`,
    );
  }
  const defaultZone = opt(env, 'CAFTA_DEFAULT_TZ') ?? 'Asia/Singapore';
  if (!isValidZone(defaultZone)) {
    throw new CaftaError(
      'config_invalid',
      `CAFTA_DEFAULT_TZ must be an IANA time zone such as Asia/Singapore, got "${defaultZone}"`,
    );
  }
  const langText = opt(env, 'CAFTA_DEFAULT_LANG') ?? 'en';
  const defaultLang = resolveLang(langText);
  if (!defaultLang) {
    throw new CaftaError(
      'config_invalid',
      `CAFTA_DEFAULT_LANG must be one of ${LANGS.join(', ')} (or a locale such as zh-CN), got "${langText}"`,
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
    host: host.replace(/^\[(.*)\]$/, '$1'),
    logLevel: logLevel as LogLevel,
    databaseUrl,
    dbPath: opt(env, 'CAFTA_DB_PATH') ?? './var/cafta.db',
    dataDir: opt(env, 'CAFTA_DATA_DIR') ?? './data',
    defaultZone,
    catchupHours,
    defaultLang,
    dataFeed: loadDataFeedConfig(env),
  };
}
