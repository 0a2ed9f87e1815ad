/**
 * A tiny fake of the Slack Web API (and of response_url) on a real port, shared by the tests and
 * the benchmarks (`npm run bench` compiles it with the bench): records every request with its
 * arrival time and answers the methods the bot uses, optionally after a fixed latency (the
 * fan-out benchmark's 40 ms Slack). Tests and benches point `SLACK_API_URL` at `fake.apiUrl`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';

export interface RecordedCall {
  /** Web API method (e.g. `chat.postMessage`) or `respond:<id>` for response_url posts. */
  method: string;
  headers: IncomingMessage['headers'];
  /**
   * Parsed body; JSON-encoded form fields (blocks, view) are decoded. Parsed on first read, so a
   * benchmark recording 10,000 posts spends no CPU on bodies it never looks at.
   */
  readonly body: Record<string, unknown>;
  raw: string;
  /** Arrival time in ms on this process's monotonic clock (`performance.now()`). */
  at: number;
}

/** A scripted answer for the next call of one method. */
export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  delayMs?: number;
}

export interface FakeSlackOptions {
  /** Every answer waits this long (ms) unless a scripted reply sets its own delay. Default 0. */
  latencyMs?: number;
}

export interface FakeSlack {
  apiUrl: string;
  /** Base for response_url values: `${respondUrl}/<anything>`. */
  respondUrl: string;
  calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** Queues replies for the next calls to `method` (then defaults resume). */
  script(method: string, ...replies: ScriptedReply[]): void;
  /** Time zone users.info reports per user id (default `America/New_York`). */
  userZones: Record<string, string>;
  /** Locale users.info reports per user id when asked (`include_locale`), default `en-US`, as Slack does. */
  userLocales: Record<string, string>;
  /** Delay users.info answers (ms), to prove the ack does not wait for it. */
  usersInfoDelayMs: number;
  /** Waits until `count` calls to `method` were recorded (bounded). */
  waitFor(method: string, count?: number, timeoutMs?: number): Promise<RecordedCall[]>;
  close(): Promise<void>;
}

/** The bot token a call was made with (the WebClient sends it as a bearer token). */
export const tokenOf = (call: RecordedCall): string =>
  String(call.headers.authorization ?? '').replace(/^Bearer\s+/i, '') || String(call.body.token ?? '');

function decode(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parseQuery(raw))) {
    const value = Array.isArray(v) ? v[0] : v;
    if ((k === 'blocks' || k === 'view' || k === 'attachments') && typeof value === 'string') {
      try {
        out[k] = JSON.parse(value);
        continue;
      } catch {
        /* keep the text */
      }
    }
    out[k] = value;
  }
  return out;
}

function recordOf(method: string, req: IncomingMessage, raw: string, at: number): RecordedCall {
  let parsed: Record<string, unknown> | undefined;
  const call = { method, headers: req.headers, raw, at } as RecordedCall;
  Object.defineProperty(call, 'body', {
    enumerable: true,
    get: () => (parsed ??= decode(raw, req.headers['content-type'])),
  });
  return call;
}

export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const latencyMs = opts.latencyMs ?? 0;
  const calls: RecordedCall[] = [];
  const scripts = new Map<string, ScriptedReply[]>();
  let tsCounter = 0;
  let viewCounter = 0;
  const fake = {
    userZones: {} as Record<string, string>,
    userLocales: {} as Record<string, string>,
    usersInfoDelayMs: 0,
  };

  const defaults = (method: string, body: Record<string, unknown>): unknown => {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://test.slack.com/',
          team: 'Test',
          user: 'cafta',
          team_id: 'T0001',
          user_id: 'UBOT',
          bot_id: 'BBOT',
          is_enterprise_install: false,
        };
      case 'users.info': {
        const id = String(body.user ?? '');
        // Slack includes the locale only when include_locale is set.
        const locale = String(body.include_locale) === 'true' ? { locale: fake.userLocales[id] ?? 'en-US' } : {};
        return {
          ok: true,
          user: { id, name: 'someone', tz: fake.userZones[id] ?? 'America/New_York', tz_offset: 0, ...locale },
        };
      }
      case 'chat.postMessage':
        tsCounter += 1;
        return { ok: true, channel: body.channel, ts: `1764460800.${String(tsCounter).padStart(6, '0')}` };
      case 'views.publish':
        return { ok: true, view: { id: 'V0001', type: 'home' } };
      // Modals: recorded like every call (the view is decoded), answered as Slack does.
      case 'views.open':
      case 'views.update': {
        const view = typeof body.view === 'object' && body.view !== null ? (body.view as Record<string, unknown>) : {};
        viewCounter += 1;
        return { ok: true, view: { ...view, id: `VMODAL${viewCounter}` } };
      }
      case 'chat.postEphemeral':
        tsCounter += 1;
        return { ok: true, message_ts: `1764460800.${String(tsCounter).padStart(6, '0')}` };
      case 'oauth.v2.access':
        return {
          ok: true,
          app_id: 'A0001',
          access_token: 'xoxb-installed-token',
          token_type: 'bot',
          scope: 'commands,chat:write,users:read',
          bot_user_id: 'UBOT2',
          team: { id: 'T0002', name: 'Second Team' },
          enterprise: null,
          is_enterprise_install: false,
          authed_user: { id: 'UINSTALLER', scope: '', token_type: 'user' },
        };
      default:
        if (method.startsWith('respond:')) return { ok: true };
        return { ok: false, error: 'unknown_method' };
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string, at: number): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = url.pathname.startsWith('/respond/')
      ? `respond:${url.pathname.slice('/respond/'.length)}`
      : url.pathname.replace(/^\/api\//, '');
    const call = recordOf(method, req, raw, at);
    calls.push(call);
    const queued = scripts.get(method);
    const scripted = queued && queued.length > 0 ? queued.shift() : undefined;
    const usersInfoDelay = method === 'users.info' && !scripted ? fake.usersInfoDelayMs : 0;
    const delay = scripted?.delayMs ?? Math.max(latencyMs, usersInfoDelay);
    const send = (): void => {
      if (res.destroyed) return;
      // Answers that need the request's fields (users.info, chat.postMessage) read them here.
      const payload = JSON.stringify(scripted?.body ?? defaults(method, call.body));
      res.writeHead(scripted?.status ?? 200, { 'content-type': 'application/json', ...(scripted?.headers ?? {}) });
      res.end(payload);
    };
    if (delay > 0) setTimeout(send, delay).unref();
    else send();
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8'), performance.now()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;

  return Object.assign(fake, {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    respondUrl: `http://127.0.0.1:${port}/respond`,
    calls,
    callsTo: (method: string) => calls.filter((c) => c.method === method),
    script: (method: string, ...replies: ScriptedReply[]) => {
      scripts.set(method, [...(scripts.get(method) ?? []), ...replies]);
    },
    async waitFor(method: string, count = 1, timeoutMs = 5000): Promise<RecordedCall[]> {
      const until = Date.now() + timeoutMs;
      while (calls.filter((c) => c.method === method).length < count) {
        if (Date.now() > until)
          throw new Error(
            `timed out waiting for ${count} call(s) to ${method}; got ${calls.map((c) => c.method).join(', ')}`,
          );
        await new Promise((r) => setTimeout(r, 10));
      }
      return calls.filter((c) => c.method === method);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}
