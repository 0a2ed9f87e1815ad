/**
 * The `fetch` the Slack sender's WebClient posts with (its documented `fetch` option): one
 * node:http(s) request on a keep-alive agent, the whole answer buffered, and the few Response
 * members the Web API client reads (status, statusText, url, headers.get/entries, text,
 * arrayBuffer, json). Node's global fetch (undici, web streams, an AbortSignal.timeout per call)
 * cost about a third of the CPU of a delivery in the fan-out profile. The timeout is this
 * function's (the client's own is off); anything it does not handle (a streamed or multipart
 * body) goes to the global fetch.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface LeanFetchOptions {
  /** The longest a request may take, connection to last byte. */
  timeoutMs: number;
  /** Sockets per host (default 256). */
  maxSockets?: number;
}

/** The Headers members the Web API client uses, over Node's lower-cased header object. */
class LeanHeaders {
  constructor(private readonly raw: IncomingHttpHeaders) {}
  get(name: string): string | null {
    const v = this.raw[name.toLowerCase()];
    return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
  }
  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }
  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.raw)) yield [name, this.get(name) ?? ''];
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

type Body = string | Buffer | URLSearchParams | undefined;

const plainBody = (body: unknown): body is Body =>
  body === undefined ||
  body === null ||
  typeof body === 'string' ||
  Buffer.isBuffer(body) ||
  body instanceof URLSearchParams;

const headerObject = (headers: RequestInit['headers']): Record<string, string> => {
  if (!headers) return {};
  if (headers instanceof Headers || Array.isArray(headers))
    return Object.fromEntries(headers as Iterable<[string, string]>);
  return headers as Record<string, string>;
};

export function createLeanFetch(opts: LeanFetchOptions): typeof fetch {
  const maxSockets = opts.maxSockets ?? 256;
  const http = new HttpAgent({ keepAlive: true, maxSockets });
  const https = new HttpsAgent({ keepAlive: true, maxSockets });
  const lean = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    if (input instanceof Request || !plainBody(init.body)) return fetch(input, init);
    const url = new URL(String(input));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return fetch(input, init);
    const body = init.body instanceof URLSearchParams ? init.body.toString() : (init.body ?? undefined);
    return new Promise<Response>((resolveWith, rejectWith) => {
      // The whole request is bounded (a socket idle timeout alone would let an answer that
      // trickles in run on for ever): one timer per call, cleared when it settles.
      const timer = setTimeout(
        () => req.destroy(new Error(`request timed out after ${opts.timeoutMs} ms`)),
        opts.timeoutMs,
      );
      const resolve = (r: Response): void => {
        clearTimeout(timer);
        resolveWith(r);
      };
      const reject = (e: unknown): void => {
        clearTimeout(timer);
        rejectWith(e);
      };
      const secure = url.protocol === 'https:';
      const req = (secure ? httpsRequest : httpRequest)(
        url,
        { method: init.method ?? 'GET', headers: headerObject(init.headers), agent: secure ? https : http },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const bytes = Buffer.concat(chunks);
            const response = {
              ok: (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300,
              status: res.statusCode ?? 0,
              statusText: res.statusMessage ?? '',
              url: url.href,
              headers: new LeanHeaders(res.headers),
              text: async () => bytes.toString('utf8'),
              json: async (): Promise<unknown> => JSON.parse(bytes.toString('utf8')),
              arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
            };
            resolve(response as unknown as Response);
          });
        },
      );
      req.on('error', reject);
      const signal = init.signal;
      if (signal) {
        if (signal.aborted) req.destroy(new Error('request aborted'));
        else signal.addEventListener('abort', () => req.destroy(new Error('request aborted')), { once: true });
      }
      req.end(body);
    });
  };
  return lean as typeof fetch;
}
