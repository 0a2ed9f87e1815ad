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
    '%s on every route is a 405 with Allow: GET, HEAD',
    async (method) => {
      for (const path of ROUTES) {
        const res = await send(`${app.url}${path}`, method);
        expect([path, res.status]).toEqual([path, 405]);
        expect([path, res.headers.allow]).toEqual([path, 'GET, HEAD']);
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
    for (const path of ['/index.html', '/calendar.ics/', '//', '/%zz', '/api/', '/status.svg.png']) {
      const res = await send(`${app.url}${path}`, 'GET');
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });
});
