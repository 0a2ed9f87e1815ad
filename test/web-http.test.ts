/**
 * The public web routes as HTTP: methods other than GET and HEAD are a 405 naming the allowed
 * ones, HEAD answers like GET without a body, odd paths are a 404, never a 500.
 */
import { request } from 'node:http';
import { startWebApp, type WebApp } from './support/web-app';

const ROUTES = ['/', '/status.svg', '/status.png', '/calendar.ics', '/api/status.json'];

/** A raw request (fetch refuses some methods and bodies). */
function send(
  url: string,
  method: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end(method === 'POST' || method === 'PUT' ? 'x=1' : undefined);
  });
}

describe('the public web routes over HTTP', () => {
  let app: WebApp;
  beforeAll(async () => {
    app = await startWebApp();
  });
  afterAll(() => app.close());

  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])(
    '%s on every route is a 405 with Allow: GET, HEAD (OPTIONS on the API is its CORS preflight)',
    async (method) => {
      for (const path of ROUTES) {
        if (method === 'OPTIONS' && path === '/api/status.json') continue;
        const res = await send(`${app.url}${path}`, method);
        expect([path, res.status]).toEqual([path, 405]);
        const allow = path === '/api/status.json' ? 'GET, HEAD, OPTIONS' : 'GET, HEAD';
        expect([path, res.headers.allow]).toEqual([path, allow]);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(JSON.parse(res.body)).toEqual({ error: 'method not allowed' });
      }
    },
  );

  it('HEAD answers like GET: same status, type and ETag, no body', async () => {
    for (const path of ROUTES) {
      const get = await send(`${app.url}${path}`, 'GET');
      const head = await send(`${app.url}${path}`, 'HEAD');
      expect([path, head.status]).toEqual([path, 200]);
      expect(head.headers['content-type']).toBe(get.headers['content-type']);
      expect(head.headers.etag).toBe(get.headers.etag);
      expect(head.body).toBe('');
      expect(get.body.length).toBeGreaterThan(0);
    }
  });

  it('odd paths are a 404 (never a 500), not sniffed', async () => {
    for (const path of ['//', '/%zz', '/api/', '/status.svg.png', '/calendar.ics//', '/index.htm']) {
      const res = await send(`${app.url}${path}`, 'GET');
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('a browser on another origin may revalidate the API: preflight allowed, ETag exposed', async () => {
    const origin = { origin: 'https://dashboard.example.com' };
    const pre = await send(`${app.url}/api/status.json`, 'OPTIONS', {
      ...origin,
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'if-none-match',
    });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('*');
    expect(String(pre.headers['access-control-allow-methods'])).toContain('GET');
    expect(String(pre.headers['access-control-allow-headers']).toLowerCase()).toContain('if-none-match');
    expect(pre.body).toBe('');
    const get = await send(`${app.url}/api/status.json`, 'GET', origin);
    expect(get.headers['access-control-allow-origin']).toBe('*');
    expect(String(get.headers['access-control-expose-headers']).toLowerCase()).toContain('etag');
    const etag = String(get.headers.etag);
    const again = await send(`${app.url}/api/status.json`, 'GET', { ...origin, 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.headers['access-control-allow-origin']).toBe('*');
  });

  it('/index.html and a route with a trailing slash lead to the route, query kept', async () => {
    const cases = [
      ['/index.html', '/'],
      ['/index.html?lang=zh', '/?lang=zh'],
      ['/calendar.ics/?party=vn&lang=zh', '/calendar.ics?party=vn&lang=zh'],
      ['/api/status.json/', '/api/status.json'],
      ['/status.svg/', '/status.svg'],
      ['/status.png/?lang=zh', '/status.png?lang=zh'],
    ];
    for (const [from, to] of cases) {
      for (const method of ['GET', 'HEAD']) {
        const res = await send(`${app.url}${from}`, method);
        expect([from, method, res.status, res.headers.location]).toEqual([from, method, 308, to]);
      }
      expect((await app.get(from)).status).toBe(200);
    }
    expect((await send(`${app.url}/index.html`, 'POST')).status).toBe(405);
  });
});
