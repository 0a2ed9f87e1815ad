/**
 * A signed data feed for tests: Ed25519 keys made on the spot, bundles signed from fixture copies,
 * and a tiny node:http server (port 0) that serves whatever the test says — a bundle with an ETag
 * (answering If-None-Match with 304), a 500, silence, a stalled body, or a 50 MB stream — and
 * records what it was asked and how many bytes it managed to send.
 */
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readDataFiles } from '../../src/treaty/data';
import { signBundle } from '../../src/treaty/data-bundle';
import { addFixtureEvents, copyData, type DataFixture, type FixtureEventInput } from './data-fixture';

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicPem: string;
  privatePem: string;
}

export function makeKeys(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey,
    publicKey,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** The bundle text of a data folder, signed with `key`, issued at `issuedAt`. */
export function bundleOf(dir: string, key: KeyObject, issuedAt: string): string {
  const { files, problems } = readDataFiles(dir);
  if (problems.length > 0) throw new Error(`fixture folder does not read: ${problems[0].message}`);
  return signBundle(files, key, new Date(issuedAt));
}

/**
 * The usual update: a copy of the fixture with one FIXTURE event added, and its bundle. The copy
 * stays until `remove()` (tests sign it again with other keys or times).
 */
export function updatedFixture(
  key: KeyObject,
  event: FixtureEventInput,
  issuedAt: string,
): { fixture: DataFixture; text: string } {
  const fixture = copyData();
  addFixtureEvents(fixture.dir, [event]);
  return { fixture, text: bundleOf(fixture.dir, key, issuedAt) };
}

export type Reply =
  | { kind: 'bundle'; text: string }
  | { kind: 'status'; status: number }
  /** Accept the request and never answer. */
  | { kind: 'hang' }
  /** Send headers and a little of the body, then stall. */
  | { kind: 'stall-body' }
  /** Stream `bytes` of filler; with `declare`, announce it in Content-Length. */
  | { kind: 'huge'; bytes: number; declare: boolean };

export interface FeedServer {
  url: string;
  reply: Reply;
  /** If-None-Match of each request, in order ('' when absent). */
  requests: string[];
  /** Bytes written by the last 'huge' reply before the client went away. */
  hugeSent: number;
  close(): Promise<void>;
}

const etagOf = (text: string): string => `"${createHash('sha256').update(text).digest('hex').slice(0, 16)}"`;

function streamHuge(res: ServerResponse, reply: Extract<Reply, { kind: 'huge' }>, feed: FeedServer): void {
  res.writeHead(200, {
    'content-type': 'application/json',
    ...(reply.declare ? { 'content-length': String(reply.bytes) } : {}),
  });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  feed.hugeSent = 0;
  let closed = false;
  res.on('close', () => {
    closed = true;
  });
  const pump = (): void => {
    while (!closed && feed.hugeSent < reply.bytes) {
      feed.hugeSent += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!closed) res.end();
  };
  pump();
}

export async function startFeedServer(initial: Reply): Promise<FeedServer> {
  const open = new Set<ServerResponse>();
  const feed: FeedServer = {
    url: '',
    reply: initial,
    requests: [],
    hugeSent: 0,
    close: async () => undefined,
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    feed.requests.push(String(req.headers['if-none-match'] ?? ''));
    open.add(res);
    res.on('close', () => open.delete(res));
    const reply = feed.reply;
    switch (reply.kind) {
      case 'bundle': {
        const etag = etagOf(reply.text);
        if (req.headers['if-none-match'] === etag) {
          res.writeHead(304, { etag }).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json', etag }).end(reply.text);
        return;
      }
      case 'status':
        res.writeHead(reply.status, { 'content-type': 'text/plain' }).end('nope');
        return;
      case 'hang':
        return;
      case 'stall-body':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"format":');
        return;
      case 'huge':
        streamHuge(res, reply, feed);
        return;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  feed.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cafta-data.json`;
  feed.close = () =>
    new Promise<void>((resolve) => {
      for (const res of open) res.destroy();
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return feed;
}
