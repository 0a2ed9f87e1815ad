/**
 * Builds the whole bot from a Config: store → data → adapters → one HTTP request listener.
 * `server.ts` runs it; tests call `startApp` with port 0.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from './config';
import { createDataSource, type DataSource } from '../src/treaty/data';
import { openFeedDataSource, startPolling, type FeedOptions } from '../src/treaty/data-feed';
import type { CommandDeps } from '../src/commands/types';
import { systemClock, type Clock, type Logger, type SenderRegistry } from '../src/infra/ports';
import { createStore } from '../src/store/index';
import type { Store } from '../src/store/store';
import { sendJson } from './http-json';
import type { AdapterDeps, PlatformAdapter, Route } from './platform';
import { createSlackAdapter } from './slack/index';
import { createTeamsAdapter } from './teams/index';
import { createTerminalAdapter } from './cli/terminal-adapter';

export interface AppOptions {
  config: AppConfig;
  logger: Logger;
  clock?: Clock;
  /** Use this store instead of creating one from the config (tests). */
  store?: Store;
  /**
   * Start long-lived adapter connections (Slack Socket Mode). Default true; `run-due` passes
   * false: it only needs the senders.
   */
  startAdapters?: boolean;
  /** Where deliveries to terminal subscriptions are written; default: an info log line. */
  terminalOutput?: (text: string) => void;
  /** How the signed data feed is fetched (tests: a fetch, a short timeout, a small size limit). */
  dataFeed?: Pick<FeedOptions, 'fetch' | 'timeoutMs' | 'maxBytes'>;
}

/** The built bot: everything adapters get, plus the adapters, their senders and the listener. */
export interface App extends AdapterDeps {
  adapters: PlatformAdapter[];
  senders: SenderRegistry;
  listener: (req: IncomingMessage, res: ServerResponse) => void;
  close(): Promise<void>;
}

export async function createApp(opts: AppOptions): Promise<App> {
  const { config, logger } = opts;
  const clock = opts.clock ?? systemClock;
  const store = opts.store ?? (await createStore(config));
  let data: DataSource;
  try {
    await store.migrate();
    data = await openDataSource(config, store, logger, clock, opts.dataFeed);
  } catch (err) {
    if (!opts.store) await store.close().catch(() => undefined);
    throw err;
  }
  // The server keeps following the feed between passes; run-due refreshes once, before its pass.
  const poller =
    config.dataFeed && opts.startAdapters !== false ? startPolling(data, config.dataFeed.pollSeconds) : null;
  if (poller) void data.refresh();
  const commandDeps: CommandDeps = {
    data: () => data.current(),
    store,
    clock,
    logger,
    defaultZone: config.defaultZone,
    catchupHours: config.catchupHours,
  };
  const deps: AdapterDeps = { config, store, data, logger, clock, commandDeps };
  const terminal = createTerminalAdapter(opts.terminalOutput ?? ((text) => logger.info('terminal delivery', { text })));
  const adapters = [await createSlackAdapter(deps), await createTeamsAdapter(deps), terminal];
  for (const a of adapters) {
    if (a.enabled) logger.info(`${a.name} adapter enabled`, { adapter: a.name, detail: a.detail });
    else logger.warn(`${a.name} adapter disabled: ${a.detail}`, { adapter: a.name });
  }
  const senders: SenderRegistry = {};
  for (const a of adapters) if (a.sender) senders[a.name] = a.sender;

  const routes = new Map<string, Route>();
  for (const a of adapters) for (const r of a.routes) routes.set(`${r.method} ${r.path}`, r);

  const healthz = async (res: ServerResponse): Promise<void> => {
    let storeState = 'ok';
    try {
      await store.ping();
    } catch {
      storeState = 'unavailable';
    }
    const body = {
      status: storeState === 'ok' ? 'ok' : 'degraded',
      store: { kind: store.name, state: storeState },
      dataVersion: data.current().version,
      dataAsOf: data.current().asOf,
      data: data.status(),
      adapters: Object.fromEntries(adapters.map((a) => [a.name, { enabled: a.enabled, detail: a.detail }])),
    };
    sendJson(res, storeState === 'ok' ? 200 : 503, body);
  };

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0];
    const run = async (): Promise<void> => {
      if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) return healthz(res);
      const route = routes.get(`${req.method} ${path}`);
      if (route) return route.handler(req, res);
      const known = [...routes.values()].some((r) => r.path === path) || path === '/healthz';
      sendJson(res, known ? 405 : 404, { error: known ? 'method not allowed' : 'not found' });
    };
    // The single error boundary for every route: log, answer 500 once, never crash the process.
    run().catch((err: unknown) => {
      logger.error('request failed', { path, error: err instanceof Error ? err.message : String(err) });
      sendJson(res, 500, { error: 'internal error' });
    });
  };

  if (opts.startAdapters !== false) for (const a of adapters) if (a.enabled && a.start) await a.start();

  return {
    config,
    store,
    data,
    logger,
    clock,
    commandDeps,
    adapters,
    senders,
    listener,
    async close() {
      poller?.stop();
      for (const a of adapters) if (a.stop) await a.stop().catch(() => undefined);
      await store.close();
    },
  };
}

/** The local folder, or the signed feed (starting from the bundle kept in the store) when configured. */
async function openDataSource(
  config: AppConfig,
  store: Store,
  logger: Logger,
  clock: Clock,
  feed: AppOptions['dataFeed'] = {},
): Promise<DataSource> {
  if (!config.dataFeed) return createDataSource(config.dataDir, logger, clock);
  return openFeedDataSource({ dir: config.dataDir, feed: config.dataFeed, store, logger, clock, ...feed });
}

/** Creates the app and listens on `config.port` (0 = any free port). */
export async function startApp(
  opts: AppOptions,
): Promise<App & { server: Server; port: number; url: string; stop(): Promise<void> }> {
  const app = await createApp(opts);
  const server = createServer(app.listener);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.config.port, '0.0.0.0', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    ...app,
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await app.close();
    },
  };
}
