/**
 * A fake Bot Framework connector for the Teams benchmark: answers every POST to
 * /v3/conversations/{id}/activities[/{replyTo}] with 200 at once, and counts replies whose body
 * passes a content check (so the benchmark verifies what the bot actually said).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeConnector {
  url: string;
  /** Replies received, and how many of them passed `check`. */
  /** `sample`: the first bad reply; `lastGood`: the last reply that passed. */
  stats: { replies: number; good: number; sample: string; lastGood: string };
  close(): Promise<void>;
}

export async function startFakeConnector(check: (body: string) => boolean): Promise<FakeConnector> {
  const stats = { replies: 0, good: 0, sample: '', lastGood: '' };
  let id = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.method === 'POST' && /^\/v3\/conversations\/[^/]+\/activities/.test(req.url ?? '')) {
        stats.replies += 1;
        if (check(body)) {
          stats.good += 1;
          stats.lastGood = body;
        } else if (!stats.sample) stats.sample = body.slice(0, 500);
      }
      id += 1;
      const payload = JSON.stringify({ id: `activity-${id}` });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
      res.end(payload);
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
