/**
 * A fake Slack Web API for the benchmarks (node:http, port 0): answers the methods the bot uses
 * after a fixed latency and logs every chat.postMessage with its arrival time, token (= the
 * workspace, as on real Slack a bot token belongs to one workspace) and channel.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';

export interface PostRecord {
  /** Arrival time, ms on the parent's monotonic clock. */
  at: number;
  token: string;
  channel: string;
}

export interface FakeSlackApi {
  apiUrl: string;
  posts: PostRecord[];
  /** Calls per method (users.info, auth.test …). */
  counts: Map<string, number>;
  close(): Promise<void>;
}

const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

function fieldsOf(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) {
    try {
      return JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  return parseQuery(raw) as Record<string, unknown>;
}

export async function startFakeSlackApi(opts: { latencyMs?: number } = {}): Promise<FakeSlackApi> {
  const latency = opts.latencyMs ?? 0;
  const posts: PostRecord[] = [];
  const counts = new Map<string, number>();
  let ts = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const method = (req.url ?? '/').split('?')[0].replace(/^\/api\//, '');
      const at = nowMs();
      counts.set(method, (counts.get(method) ?? 0) + 1);
      const body = fieldsOf(Buffer.concat(chunks).toString('utf8'), req.headers['content-type']);
      const token = String(req.headers.authorization ?? '').replace(/^Bearer\s+/i, '') || String(body.token ?? '');
      let reply: unknown;
      if (method === 'chat.postMessage') {
        posts.push({ at, token, channel: String(body.channel ?? '') });
        ts += 1;
        reply = { ok: true, channel: body.channel, ts: `1764460800.${String(ts).padStart(6, '0')}` };
      } else if (method === 'users.info') {
        reply = { ok: true, user: { id: String(body.user ?? ''), tz: 'Asia/Singapore', tz_offset: 28800 } };
      } else if (method === 'auth.test') {
        reply = { ok: true, team_id: 'T0001', user_id: 'UBOT', bot_id: 'BBOT' };
      } else {
        reply = { ok: false, error: 'unknown_method' };
      }
      const send = (): void => {
        const payload = JSON.stringify(reply);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
        res.end(payload);
      };
      if (latency > 0) setTimeout(send, latency);
      else send();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    posts,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
