/**
 * A closed-loop HTTP load generator: `connections` keep-alive clients each send the next request
 * as soon as the previous answer arrives, for `seconds` (after a warm-up) or for a number of
 * `requests`. Latency per request; an answer failing `check` counts as an error.
 */
import { Agent, request } from 'node:http';
import { summarise, type LatencySummary } from './stats';

export interface LoadRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface LoadOptions {
  url: string;
  connections: number;
  /** How long to load (after the warm-up); default: until `requests` were sent. */
  seconds?: number;
  /** Stop after this many requests (e.g. 1 for a probe); default: no limit. */
  requests?: number;
  warmupSeconds?: number;
  /** Builds each request (e.g. a freshly signed Slack request). */
  make: () => LoadRequest;
  /** Checks an answer; a false return counts as an error. */
  check?: (status: number, body: string) => boolean;
}

function once(agent: Agent, base: URL, req: LoadRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const r = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: 'POST',
        path: req.path,
        headers: { ...req.headers, 'content-length': Buffer.byteLength(req.body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

/** One request on a fresh connection: the answer's status and body (probes, answer capture). */
export async function requestOnce(url: string, req: LoadRequest): Promise<{ status: number; body: string }> {
  const agent = new Agent({ keepAlive: false });
  try {
    return await once(agent, new URL(url), req);
  } finally {
    agent.destroy();
  }
}

async function phase(
  opts: LoadOptions,
  seconds: number,
  agent: Agent,
  base: URL,
  requests = Infinity,
): Promise<{ lat: number[]; errors: number; elapsed: number }> {
  const lat: number[] = [];
  let errors = 0;
  let sent = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  const worker = async (): Promise<void> => {
    while (process.hrtime.bigint() < deadline && sent < requests) {
      sent += 1;
      const t0 = process.hrtime.bigint();
      try {
        const { status, body } = await once(agent, base, opts.make());
        const ok = opts.check ? opts.check(status, body) : status < 400;
        if (ok) lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
        else errors += 1;
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, worker));
  return { lat, errors, elapsed: Number(process.hrtime.bigint() - start) / 1e9 };
}

export async function runLoad(opts: LoadOptions): Promise<LatencySummary> {
  const base = new URL(opts.url);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.connections });
  try {
    if (opts.warmupSeconds) await phase(opts, opts.warmupSeconds, agent, base);
    const { lat, errors, elapsed } = await phase(opts, opts.seconds ?? 3600, agent, base, opts.requests);
    return summarise(lat, errors, elapsed);
  } finally {
    agent.destroy();
  }
}
