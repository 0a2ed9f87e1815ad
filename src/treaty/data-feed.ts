/**
 * Following the maintainers' signed data feed (`CAFTA_DATA_URL`). The data source starts from
 * the last verified bundle kept in the store (so a restart or a new replica has it even while the
 * feed is down), else from the local folder, and on every `refresh()` fetches the bundle with
 * If-None-Match, a timeout and a size limit. A bundle is used only if its signature verifies with
 * a trusted key, its files validate, and it is not older than the one in use: a replayed old
 * bundle never rolls the data back. Anything wrong keeps the last good data; each distinct
 * problem is logged once and shown in `status()`. I/O is injected (fetch, store, clock).
 */
import type { KeyObject } from 'node:crypto';
import type { Logger } from '../infra/ports';
import { createDataSource, type DataSource, type DataSourceStatus } from './data';
import { verifyBundle, type VerifiedBundle } from './data-bundle';

/** `CAFTA_DATA_URL`, the trusted keys of `CAFTA_DATA_PUBLIC_KEY`, `CAFTA_DATA_POLL_SECONDS`. */
export interface DataFeedConfig {
  url: string;
  publicKeys: KeyObject[];
  pollSeconds: number;
}

/** Where the last verified bundle is kept: the store's metadata (SQLite or PostgreSQL). */
export interface BundleStore {
  getMeta(key: string): Promise<string | null>;
  compareAndSetMeta(key: string, expected: string | null, value: string): Promise<boolean>;
}

export const BUNDLE_META_KEY = 'data.bundle';
/** Data bundles are ~100 KB; anything near this is not ours. */
export const DEFAULT_MAX_BUNDLE_BYTES = 5 * 1024 * 1024;
export const DEFAULT_FETCH_TIMEOUT_MS = 10_000;

export interface FeedOptions {
  dir: string;
  /** The folder's data source, if already open (else it is opened here). */
  local?: DataSource;
  feed: DataFeedConfig;
  store: BundleStore;
  logger: Logger;
  clock?: () => Date;
  fetch?: typeof fetch;
  timeoutMs?: number;
  maxBytes?: number;
}

type FetchResult =
  { kind: 'bundle'; text: string; etag?: string } | { kind: 'not-modified' } | { kind: 'error'; reason: string };

/** Reads at most `maxBytes` of the body: a huge answer is cut off, never buffered whole. */
async function readLimited(res: Response, maxBytes: number): Promise<string | null> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** One GET of the bundle: 200 with a body, 304, or a reason in words. */
export async function fetchBundle(
  url: string,
  etag: string | undefined,
  opts: { fetch: typeof fetch; timeoutMs: number; maxBytes: number },
): Promise<FetchResult> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), opts.timeoutMs);
  try {
    const res = await opts.fetch(url, {
      headers: { accept: 'application/json', ...(etag ? { 'if-none-match': etag } : {}) },
      signal: abort.signal,
      redirect: 'follow',
    });
    if (res.status === 304) return { kind: 'not-modified' };
    if (res.status !== 200) {
      await res.body?.cancel().catch(() => undefined);
      return { kind: 'error', reason: `the feed answered HTTP ${res.status}` };
    }
    const length = Number(res.headers.get('content-length') ?? NaN);
    if (length > opts.maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      return { kind: 'error', reason: `the bundle is too large (${length} bytes; limit ${opts.maxBytes})` };
    }
    const text = await readLimited(res, opts.maxBytes);
    if (text === null) return { kind: 'error', reason: `the bundle is too large (over ${opts.maxBytes} bytes)` };
    return { kind: 'bundle', text, etag: res.headers.get('etag') ?? undefined };
  } catch (err) {
    if (abort.signal.aborted) return { kind: 'error', reason: `the feed did not answer within ${opts.timeoutMs} ms` };
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return {
      kind: 'error',
      reason: `the feed is unreachable (${err instanceof Error ? err.message : String(err)}${cause})`,
    };
  } finally {
    clearTimeout(timer);
  }
}

const issued = (b: VerifiedBundle): number => Date.parse(b.issuedAt);

/**
 * The feed's address as logs and /healthz show it: no query string and no user info, since a
 * private feed may carry a token there.
 */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/**
 * A DataSource that follows the feed. The local folder must load (it is the data until a bundle
 * is verified). Call `refresh()` before each delivery pass and at least every `pollSeconds`.
 */
export async function openFeedDataSource(opts: FeedOptions): Promise<DataSource> {
  const { feed, store, logger } = opts;
  const clock = opts.clock ?? (() => new Date());
  const http = {
    fetch: opts.fetch ?? fetch,
    timeoutMs: opts.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS,
    maxBytes: opts.maxBytes ?? DEFAULT_MAX_BUNDLE_BYTES,
  };
  const local = opts.local ?? createDataSource(opts.dir, logger, clock);
  let inUse: VerifiedBundle | undefined;
  let etag: string | undefined;
  let lastFetchAt: string | undefined;
  let lastError: DataSourceStatus['lastError'];
  let lastLogged: string | undefined;
  let inflight: Promise<void> | null = null;

  const problem = (message: string): void => {
    lastError = { at: clock().toISOString(), message };
    if (message === lastLogged) return;
    lastLogged = message;
    logger.warn('treaty data feed: keeping the last good data', {
      url: displayUrl(feed.url),
      reason: message,
      keptVersion: current().version,
    });
  };
  const fine = (): void => {
    lastFetchAt = clock().toISOString();
    lastLogged = undefined;
  };
  const current = () => inUse?.data ?? local.current();
  const use = (b: VerifiedBundle, from: string): void => {
    if (inUse && (inUse.text === b.text || issued(b) < issued(inUse))) return;
    inUse = b;
    logger.info('treaty data updated', {
      from,
      version: b.version,
      issuedAt: b.issuedAt,
      asOf: b.data.asOf,
      keyId: b.keyId,
    });
  };

  /** What another replica (or our last run) stored, if it verifies with today's keys. */
  const stored = async (): Promise<{ text: string | null; bundle?: VerifiedBundle }> => {
    const text = await store.getMeta(BUNDLE_META_KEY);
    if (text === null) return { text };
    if (inUse && text === inUse.text) return { text, bundle: inUse };
    const check = verifyBundle(text, feed.publicKeys);
    if (!check.ok) problem(`the stored bundle is not usable: ${check.reason}`);
    return check.ok ? { text, bundle: check.bundle } : { text };
  };

  /** Keeps `b` in the store unless something newer is there already (compare-and-set, any replicas). */
  const keep = async (b: VerifiedBundle): Promise<void> => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const now = await stored();
      if (now.bundle && issued(now.bundle) >= issued(b)) {
        use(now.bundle, 'store');
        return;
      }
      if (await store.compareAndSetMeta(BUNDLE_META_KEY, now.text, b.text)) return;
    }
  };

  const fetchOnce = async (): Promise<void> => {
    try {
      const s = await stored();
      if (s.bundle) use(s.bundle, 'store');
    } catch (err) {
      problem(`the store is unavailable: ${err instanceof Error ? err.message : String(err)}`);
    }
    const r = await fetchBundle(feed.url, etag, http);
    if (r.kind === 'not-modified') return fine();
    if (r.kind === 'error') return problem(r.reason);
    const check = verifyBundle(r.text, feed.publicKeys);
    if (!check.ok) return problem(`rejected bundle: ${check.reason}`);
    const b = check.bundle;
    if (inUse && issued(b) < issued(inUse))
      return problem(
        `rejected bundle: issued ${b.issuedAt}, older than the one in use (${inUse.issuedAt}); no rollback`,
      );
    if (inUse && issued(b) === issued(inUse) && b.text !== inUse.text)
      return problem(`rejected bundle: issued at the same time as the one in use (${inUse.issuedAt}) but different`);
    use(b, 'feed');
    etag = r.etag;
    fine();
    try {
      await keep(b);
    } catch (err) {
      problem(`the verified bundle could not be stored: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const source: DataSource = {
    current,
    reload: () => ({ ok: true, version: current().version, changed: false }),
    refresh() {
      // One fetch at a time: the poller and a delivery pass asking together share it.
      inflight ??= fetchOnce()
        .catch((err: unknown) => problem(`refresh failed: ${err instanceof Error ? err.message : String(err)}`))
        .finally(() => {
          inflight = null;
        });
      return inflight;
    },
    status: () => ({
      source: 'feed',
      url: displayUrl(feed.url),
      version: current().version,
      asOf: current().asOf,
      ...(inUse ? { bundleIssuedAt: inUse.issuedAt } : {}),
      ...(lastFetchAt ? { lastFetchAt } : {}),
      ...(lastError ? { lastError } : {}),
    }),
  };
  // A restart or a new replica starts from the last verified bundle, even while the feed is down.
  try {
    const s = await stored();
    if (s.bundle) use(s.bundle, 'store');
  } catch (err) {
    problem(`the store is unavailable: ${err instanceof Error ? err.message : String(err)}`);
  }
  return source;
}

/** Refreshes every `seconds` until stopped (the server; `run-due` refreshes once per pass). */
export function startPolling(source: DataSource, seconds: number): { stop(): void } {
  const timer = setInterval(() => void source.refresh(), seconds * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
