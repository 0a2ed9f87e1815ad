/**
 * The public, read-only web routes on the bot's one HTTP server: the status page, the board as
 * SVG and PNG, the calendar feed and the JSON API. Built from the treaty data alone; each answer
 * is cached per data version, language and local day, and revalidated by ETag.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LRUCache } from 'lru-cache';
import type { Clock, Logger } from '../../src/infra/ports';
import type { Lang } from '../../src/text/i18n';
import type { DataSource } from '../../src/treaty/data';
import type { Route } from '../platform';
import { BASE_HEADERS, etagOf, queryOf, requestLang, sendWeb, type WebAnswer } from './http';
import { buildStatusDoc, type StatusDoc } from './status-doc';
import { localDate } from '../../src/treaty/anniversaries';
import { findParty } from '../../src/treaty/lookup';
import type { Party } from '../../src/treaty/model';
import { quoteUserText } from '../../src/text/message';
import { textsFor } from '../../src/text/texts';
import { calendarIcs } from './calendar';
import { boardSvg } from './board-svg';
import { createPngCache } from './board-png';
import { htmlLang, pageHtml } from './page';
import { PAGE_CSS_HASH } from './page-css';

export interface WebDeps {
  data: DataSource;
  clock: Clock;
  logger: Logger;
  defaultLang: Lang;
  /** CAFTA_PUBLIC_URL without a trailing slash, when set: the page's absolute links use it. */
  publicUrl?: string;
  /** Zone whose local day decides "today" (anniversaries, the 90-day window). */
  zone: string;
}

/** What an answer depends on: the data version, the language and the local day. */
export interface WebKey {
  version: string;
  lang: Lang;
  today: string;
}

export interface WebContext {
  deps: WebDeps;
  key: WebKey;
  query: URLSearchParams;
  /** The status document for this key (built once per key). */
  doc(): StatusDoc;
}

export function createWebContext(deps: WebDeps) {
  const docs = new LRUCache<string, StatusDoc>({ max: 16 });
  return (req: IncomingMessage): WebContext => {
    const data = deps.data.current();
    const query = queryOf(req);
    const now = deps.clock();
    const key: WebKey = {
      version: data.version,
      lang: requestLang(req, query, deps.defaultLang),
      today: localDate(now, deps.zone),
    };
    const id = `${key.version}|${key.lang}|${key.today}`;
    return {
      deps,
      key,
      query,
      doc() {
        let doc = docs.get(id);
        if (!doc) {
          doc = buildStatusDoc(data, key.lang, now, deps.zone);
          docs.set(id, doc);
        }
        return doc;
      },
    };
  };
}

type Answerer = (ctx: WebContext, req: IncomingMessage) => WebAnswer | Promise<WebAnswer>;

const route = (
  path: string,
  context: (req: IncomingMessage) => WebContext,
  answer: Answerer,
  cache: LRUCache<string, Buffer>,
): Route => ({
  method: 'GET',
  path,
  async handler(req: IncomingMessage, res: ServerResponse) {
    await sendWeb(req, res, await answer(context(req), req), cache);
  },
});

/** Any origin may read the document and its ETag (to revalidate with If-None-Match). */
const API_CORS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'ETag',
};

/** GET /api/status.json: the document, for other tools (any origin may read it). */
export const statusJson: Answerer = (ctx) => ({
  type: 'application/json; charset=utf-8',
  body: () => JSON.stringify(ctx.doc()),
  etag: etagOf('status.json', ctx.key.version, ctx.key.lang, ctx.key.today),
  headers: API_CORS,
});

/**
 * OPTIONS /api/status.json: the CORS preflight a browser sends before a GET with a header of its
 * own (If-None-Match, say). Allowed: GET and HEAD, with If-None-Match, from any origin.
 */
const statusJsonPreflight: Route = {
  method: 'OPTIONS',
  path: '/api/status.json',
  handler(_req, res) {
    res.writeHead(204, {
      ...BASE_HEADERS,
      ...API_CORS,
      allow: 'GET, HEAD, OPTIONS',
      'access-control-allow-methods': 'GET, HEAD',
      'access-control-allow-headers': 'If-None-Match, Accept-Language',
      'access-control-max-age': '86400',
      'content-length': 0,
    });
    res.end();
    return Promise.resolve();
  },
};

/**
 * GET /calendar.ics[?party=vn]: the iCalendar feed. A `party` that is not one of the eleven is a
 * 400 saying which codes work (in the reader's language), never a 500.
 */
export const calendarFeed: Answerer = (ctx) => {
  const data = ctx.deps.data.current();
  const asked = ctx.query.get('party');
  let party: Party | undefined;
  if (asked !== null) {
    const found = findParty(data, asked);
    party = found.kind === 'found' && found.value.role === 'party' ? found.value : undefined;
    if (!party) {
      const tx = textsFor(ctx.key.lang);
      const codes = data.parties.filter((p) => p.role === 'party').map((p) => p.code.toLowerCase());
      return {
        status: 400,
        type: 'text/plain; charset=utf-8',
        body: () =>
          tx.t('web.ics.unknownParty', {
            text: tx.t('common.quoted', { text: quoteUserText(asked, 40) }),
            codes: tx.list(codes),
          }),
        etag: etagOf('calendar.ics', 'bad', ctx.key.version, ctx.key.lang, asked),
      };
    }
  }
  return {
    type: 'text/calendar; charset=utf-8',
    body: () => calendarIcs(data, ctx.key.lang, ctx.key.today, party),
    etag: etagOf('calendar.ics', ctx.key.version, ctx.key.lang, ctx.key.today, party?.code ?? ''),
    headers: {
      'content-disposition': `inline; filename="cafta-3.0${party ? `-${party.code.toLowerCase()}` : ''}.ics"`,
    },
  };
};

/** The page's policy: its one inline stylesheet by hash, no script at all, nothing from elsewhere. */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src ${PAGE_CSS_HASH}`,
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** A host name with an optional port, as a Host header may carry: anything else is not echoed. */
const HOST = /^[a-z0-9.-]{1,253}(?::\d{1,5})?$|^\[[0-9a-f:.]+\](?::\d{1,5})?$/i;

/** Where the page is served from: CAFTA_PUBLIC_URL, else this request's Host (when well-formed). */
function originOf(req: IncomingMessage, deps: WebDeps): string | undefined {
  if (deps.publicUrl) return deps.publicUrl;
  const host = req.headers.host;
  return host && HOST.test(host) ? `http://${host}` : undefined;
}

/** The path of CAFTA_PUBLIC_URL ('' when unset or at the root): a proxy's prefix for the routes. */
const basePath = (deps: WebDeps): string =>
  deps.publicUrl ? new URL(deps.publicUrl).pathname.replace(/\/+$/, '') : '';

/** GET /: the status page. */
const statusPage =
  (deps: WebDeps) =>
  (ctx: WebContext, req: IncomingMessage): WebAnswer => {
    const origin = originOf(req, deps);
    return {
      type: 'text/html; charset=utf-8',
      body: () => pageHtml(ctx.doc(), { ...(origin ? { origin } : {}), base: basePath(deps) }),
      etag: etagOf('page', ctx.key.version, ctx.key.lang, ctx.key.today, origin ?? ''),
      headers: { 'content-security-policy': PAGE_CSP, 'content-language': htmlLang(ctx.key.lang) },
      vary: 'Accept-Language, Host',
    };
  };

/** The board's own policy: an image needs nothing from anywhere. */
const IMAGE_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

/** GET /status.svg: the board as a standalone SVG. */
const statusSvg: Answerer = (ctx) => ({
  type: 'image/svg+xml; charset=utf-8',
  body: () => boardSvg(ctx.doc(), { standalone: true }),
  etag: etagOf('status.svg', ctx.key.version, ctx.key.lang),
  headers: { 'content-security-policy': IMAGE_CSP },
});

/** GET /status.png: the board rendered by resvg, once per data version and language. */
const statusPng =
  (pngs: ReturnType<typeof createPngCache>): Answerer =>
  (ctx) => ({
    type: 'image/png',
    body: () => pngs(`${ctx.key.version}|${ctx.key.lang}`, () => boardSvg(ctx.doc(), { standalone: true })),
    etag: etagOf('status.png', ctx.key.version, ctx.key.lang),
    headers: { 'content-security-policy': IMAGE_CSP },
    // The URL carries the data version (?v=) when the bot links it: a day is safe to keep.
    maxAge: ctx.query.has('v') ? 86_400 : 300,
  });

/**
 * GET /index.html and each route with a trailing slash: a 308 to the route itself (query kept),
 * so an address typed or pasted that way still works.
 */
function redirects(deps: WebDeps, targets: readonly string[]): Route[] {
  return targets.map((target): Route => ({
    method: 'GET',
    path: target === '/' ? '/index.html' : `${target}/`,
    handler(req, res) {
      const url = req.url ?? '';
      const at = url.indexOf('?');
      // Only printable ASCII in a header: anything else in the query is percent-encoded.
      const query = at < 0 ? '' : url.slice(at).replace(/[^\x21-\x7e]/g, (c) => encodeURIComponent(c));
      res.writeHead(308, {
        ...BASE_HEADERS,
        location: `${basePath(deps)}${target}${query}`,
        'content-length': 0,
        'cache-control': 'public, max-age=86400',
      });
      res.end();
      return Promise.resolve();
    },
  }));
}

export function webRoutes(deps: WebDeps): Route[] {
  const context = createWebContext(deps);
  const pngs = createPngCache({ logger: deps.logger });
  // Built bodies by ETag: each page, feed or document is built once per data version, language and day.
  const bodies = new LRUCache<string, Buffer>({ max: 64 });
  return [
    route('/', context, statusPage(deps), bodies),
    route('/status.svg', context, statusSvg, bodies),
    route('/status.png', context, statusPng(pngs), bodies),
    route('/calendar.ics', context, calendarFeed, bodies),
    route('/api/status.json', context, statusJson, bodies),
    statusJsonPreflight,
    ...redirects(deps, ['/', '/status.svg', '/status.png', '/calendar.ics', '/api/status.json']),
  ];
}
