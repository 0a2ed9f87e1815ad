/**
 * Opening what the bot cannot run without — the store and the treaty data — with failures turned
 * into one line that names the variable to fix (DATABASE_URL, CAFTA_DB_PATH, CAFTA_DATA_DIR),
 * never a stack trace.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from '../src/infra/config';
import { CaftaError, isCaftaError } from '../src/infra/errors';
import type { Logger } from '../src/infra/ports';
import { redact } from '../src/infra/redact';
import { createStore } from '../src/store/index';
import { connectTimeoutMs } from '../src/store/postgres';
import type { Store } from '../src/store/store';
import { createDataSource, type DataSource } from '../src/treaty/data';

type ErrorLike = { code?: unknown; message?: unknown; cause?: unknown };

/** The error and its causes, outermost first: wrappers (ours, the pg pool's) keep the original as `cause`. */
function causeChain(err: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  for (let e = err as ErrorLike | undefined; e && chain.length < 6; e = e.cause as ErrorLike | undefined) chain.push(e);
  return chain.length > 0 ? chain : [{}];
}

const rootCause = (err: unknown): ErrorLike => causeChain(err).at(-1) as ErrorLike;

const text = (v: unknown): string => String(redact(String(v ?? ''))).split('\n')[0];

/** Why PostgreSQL could not be reached or used, in words (SQLSTATEs and socket errors). */
function postgresReason(err: unknown, url: string): string {
  const chain = causeChain(err);
  if (chain.some((e) => /timeout|timed out/i.test(String(e.message)))) {
    return `no answer within ${connectTimeoutMs(url) / 1000} s`;
  }
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host name lookup failed',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    ECONNRESET: 'connection reset',
    '28P01': 'password authentication failed',
    '28000': 'authentication refused',
    '3D000': 'database does not exist',
  };
  const known = chain.map((e) => (typeof e.code === 'string' ? reasons[e.code] : undefined)).find(Boolean);
  return known ?? (text(rootCause(err).message) || 'unknown error');
}

function whereIs(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname.length > 1 ? u.pathname : ''}`;
  } catch {
    return 'the configured server';
  }
}

/** Opens and migrates the store; on failure closes what was opened and names the variable. */
export async function openStore(config: Pick<Config, 'databaseUrl' | 'dbPath'>): Promise<Store> {
  let store: Store | undefined;
  try {
    store = await createStore(config);
    await store.migrate();
    return store;
  } catch (err) {
    await store?.close().catch(() => undefined);
    if (config.databaseUrl) {
      const where = whereIs(config.databaseUrl);
      const why = postgresReason(err, config.databaseUrl);
      throw new CaftaError('store_unavailable', `DATABASE_URL: cannot use PostgreSQL at ${where}: ${why}`, undefined, {
        cause: err,
      });
    }
    const e = rootCause(err);
    const fsReasons: Record<string, string> = {
      EACCES: 'permission denied',
      EPERM: 'permission denied',
      EROFS: 'read-only file system',
      EEXIST: 'a file is in the way of its folder',
      ENOTDIR: 'a file is in the way of its folder',
      ENOSPC: 'no space left on the device',
    };
    const code = typeof e.code === 'string' ? e.code : '';
    const why = fsReasons[code] ? `${fsReasons[code]} (${code})` : text(e.message);
    throw new CaftaError(
      'store_unavailable',
      `CAFTA_DB_PATH: cannot create or open ${resolve(config.dbPath)}: ${why}`,
      undefined,
      {
        cause: err,
      },
    );
  }
}

/** Loads the treaty data from CAFTA_DATA_DIR, or says in one line what is wrong with it. */
export function openData(config: Pick<Config, 'dataDir'>, logger: Logger): DataSource {
  const dir = resolve(config.dataDir);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new CaftaError('data_invalid', `CAFTA_DATA_DIR: ${dir} does not exist`);
  }
  if (!isDir) throw new CaftaError('data_invalid', `CAFTA_DATA_DIR: ${dir} is not a folder`);
  try {
    return createDataSource(config.dataDir, logger);
  } catch (err) {
    const why = isCaftaError(err) ? err.message : text((err as ErrorLike).message);
    throw new CaftaError(
      'data_invalid',
      `CAFTA_DATA_DIR: ${why} (run "npm run --silent cafta -- data check" to see every problem)`,
      undefined,
      { cause: err },
    );
  }
}

/**
 * One line for a failed start. Our errors already name their variable; anything else is
 * unexpected and shown by its message alone (no stack trace for the operator to wade through).
 */
export function startupFailureLine(err: unknown): string {
  if (isCaftaError(err)) return err.message;
  const e = (err ?? {}) as ErrorLike;
  return `startup failed: ${text(e.message ?? err)}${typeof e.code === 'string' ? ` (${e.code})` : ''}`;
}
