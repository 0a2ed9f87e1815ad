/**
 * What every public web route shares: the reader's language (`?lang=` first, then
 * `Accept-Language`, then the configured default), the ETag and its `304`, and the security
 * headers. The routes are read-only and public; nothing here reads a store.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import type { LRUCache } from 'lru-cache';
import { isLang, negotiateLang, resolveLang, type Lang } from '../../src/text/i18n';

/** The request's query string as URLSearchParams (never throws on odd input). */
export function queryOf(req: IncomingMessage): URLSearchParams {
  const url = req.url ?? '/';
  const at = url.indexOf('?');
  try {
    return new URLSearchParams(at < 0 ? '' : url.slice(at + 1));
  } catch {
    return new URLSearchParams();
  }
}

/** `?lang=zh` wins (an unknown value is ignored), then `Accept-Language`, then `fallback`. */
export function requestLang(req: IncomingMessage, query: URLSearchParams, fallback: Lang): Lang {
  const asked = resolveLang(query.get('lang'));
  if (asked) return asked;
  const header = req.headers['accept-language'];
  const negotiated = negotiateLang(Array.isArray(header) ? header.join(',') : header);
  return negotiated ?? (isLang(fallback) ? fallback : 'en');
}

/** A strong ETag from the parts an answer depends on (data version, language, day, options). */
export function etagOf(...parts: string[]): string {
  return `"${createHash('sha256').update(parts.join('\n')).digest('base64url').slice(0, 22)}"`;
}

/** True when `If-None-Match` names `etag` (or `*`); weak and strong forms both match. */
export function notModified(req: IncomingMessage, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  return header
    .split(',')
    .map((s) => s.trim().replace(/^W\//, ''))
    .some((tag) => tag === etag || tag === '*');
}

/** Headers every web answer carries: no sniffing, no referrer beyond the origin, no framing. */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

export interface WebAnswer {
  /** Default 200; an error answer is never cached. */
  status?: number;
  type: string;
  /** Built only when the client does not already have it (never for a 304). */
  body: () => string | Buffer | Promise<string | Buffer>;
  etag: string;
  headers?: Record<string, string>;
  /** The request headers the answer varies on; default `Accept-Language`. */
  vary?: string;
  /** Seconds a cache may keep it; the ETag revalidates after. */
  maxAge?: number;
}

/**
 * Sends `answer`, or `304` with the same validators when the client already has it. A 200 body is
 * kept in `cache` under its ETag (which names everything it depends on), so it is built once.
 */
export async function sendWeb(
  req: IncomingMessage,
  res: ServerResponse,
  answer: WebAnswer,
  cache?: LRUCache<string, Buffer>,
): Promise<void> {
  const headers: Record<string, string | number> = {
    ...BASE_HEADERS,
    ...answer.headers,
    etag: answer.etag,
    'cache-control': `public, max-age=${answer.maxAge ?? 300}`,
    vary: answer.vary ?? 'Accept-Language',
  };
  if ((answer.status ?? 200) === 200 && notModified(req, answer.etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const status = answer.status ?? 200;
  let body = status === 200 ? cache?.get(answer.etag) : undefined;
  if (!body) {
    const built = await answer.body();
    body = typeof built === 'string' ? Buffer.from(built, 'utf8') : built;
    if (status === 200) cache?.set(answer.etag, body);
  }
  if (status !== 200) headers['cache-control'] = 'no-store';
  res.writeHead(status, { ...headers, 'content-type': answer.type, 'content-length': body.length });
  res.end(body);
}
