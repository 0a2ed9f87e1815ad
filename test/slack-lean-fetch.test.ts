/**
 * The sender's lean fetch (adapters/slack/lean-fetch.ts) answers what the Web API client reads,
 * as the global fetch would, and gives up after its timeout or when aborted.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLeanFetch } from '../adapters/slack/lean-fetch';

let server: Server;
let base: string;
const seen: Array<{ method?: string; headers: Record<string, unknown>; body: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push({ method: req.method, headers: req.headers, body });
      if (req.url === '/slow') return void setTimeout(() => res.end('{}'), 2000);
      if (req.url === '/trickle') {
        // Headers at once, then a byte every 50 ms for 1.5 s: never idle, but far over the timeout.
        res.writeHead(200, { 'content-type': 'application/json' });
        let n = 0;
        const tick = setInterval(() => {
          if (res.destroyed || (n += 1) > 30) {
            clearInterval(tick);
            if (!res.destroyed) res.end('{}');
            return;
          }
          res.write(' ');
        }, 50);
        return;
      }
      res.writeHead(req.url === '/limited' ? 429 : 200, {
        'content-type': 'application/json; charset=utf-8',
        'retry-after': '3',
        'x-oauth-scopes': 'chat:write, commands',
      });
      res.end(JSON.stringify({ ok: true, echo: body }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('lean fetch', () => {
  const lean = createLeanFetch({ timeoutMs: 200 });

  it('posts the body and headers, and answers like fetch does', async () => {
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Bearer xoxb-t' },
      body: 'channel=C1&text=hi%20there',
    };
    const [ours, theirs] = [
      await lean(`${base}/api/chat.postMessage`, init),
      await fetch(`${base}/api/chat.postMessage`, init),
    ];
    for (const res of [ours, theirs]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('Retry-After')).toBe('3');
      expect(res.headers.get('x-oauth-scopes')).toBe('chat:write, commands');
      expect(res.headers.get('x-missing')).toBeNull();
      expect(res.url).toBe(`${base}/api/chat.postMessage`);
    }
    expect(await ours.text()).toBe(await theirs.text());
    expect(Object.fromEntries(ours.headers.entries())).toMatchObject({ 'retry-after': '3' });
    const [a, b] = seen.slice(-2);
    expect(a).toMatchObject({ method: 'POST', body: 'channel=C1&text=hi%20there' });
    expect(a.headers.authorization).toBe('Bearer xoxb-t');
    expect(b.body).toBe(a.body);
  });

  it('gives the status of a refused call (429) with its body', async () => {
    const res = await lean(`${base}/limited`, { method: 'POST', body: new URLSearchParams({ a: '1' }) });
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ ok: true, echo: 'a=1' });
  });

  it('fails after its timeout, and when aborted', async () => {
    await expect(lean(`${base}/slow`, { method: 'POST', body: '' })).rejects.toThrow('timed out after 200 ms');
    const controller = new AbortController();
    const pending = lean(`${base}/slow`, { method: 'POST', body: '', signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toThrow('aborted');
  });

  it('bounds the whole request, connection to last byte (an answer that trickles in times out too)', async () => {
    await expect(lean(`${base}/trickle`, { method: 'POST', body: '' })).rejects.toThrow('timed out after 200 ms');
  });
});
