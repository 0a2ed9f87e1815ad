/**
 * Builds the whole bot from a Config: store → data → adapters → one HTTP request listener.
 * `server.ts` runs it; tests call `startApp` with port 0.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from './config';
import type { CommandDeps } from '../src/commands/types';
import { CaftaError } from '../src/infra/errors';
import { systemClock, type Clock, type Logger, type SenderRegistry } from '../src/infra/ports';
import type { Store } from '../src/store/store';
import type { DataSource } from '../src/treaty/data';
import { openFeedDataSource, startPolling, type FeedOptions } from '../src/treaty/data-feed';
import { healthzRoute } from './healthz';
import { createHttpListener, type HttpListener } from './http-listener';
import { createAppMetrics, enableProcessMetrics, type AppMetrics } from './metrics';
import type { AdapterDeps, PlatformAdapter } from './platform';
import { createSlackAdapter } from './slack/index';
import { openData, openStore } from './startup';
import { createTeamsAdapter } from './teams/index';
import { createTerminalAdapter } from './cli/terminal-adapter';
import { webRoutes } from './web/routes';

export interface AppOptions {
  config: AppConfig;
  logger: Logger;
  clock?: Clock;
  /** Use this store instead of creating one from the config (tests). */
  store?: Store;
  /**
   * Start long-lived adapter connections (Slack Socket Mode). Default true; `run-due` passes
   * false: it only needs the senders (and their start-up notes are the server's, not its own).
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
  metrics: AppMetrics;
  listener: HttpListener;
  close(): Promise<void>;
}

/** Every adapter, each saying once whether it is on and why (at debug for `run-due`). */
async function createAdapters(deps: AdapterDeps, opts: AppOptions): Promise<PlatformAdapter[]> {
  const terminal = createTerminalAdapter(
    opts.terminalOutput ?? ((text) => deps.logger.info('terminal delivery', { text })),
  );
  const adapters = [await createSlackAdapter(deps), await createTeamsAdapter(deps), terminal];
  const quiet = opts.startAdapters === false;
  for (const a of adapters) {
    const fields = { adapter: a.name, ...(a.enabled ? { detail: a.detail } : {}) };
    const msg = a.enabled ? `${a.name} adapter enabled` : `${a.name} adapter disabled: ${a.detail}`;
    if (quiet) deps.logger.debug(msg, fields);
    else if (a.enabled) deps.logger.info(msg, fields);
    else deps.logger.warn(msg, fields);
  }
  return adapters;
}

function commandDepsFor(config: AppConfig, store: Store, data: AdapterDeps['data'], logger: Logger, clock: Clock) {
  const deps: CommandDeps = {
    data: () => data.current(),
    store,
    clock,
    logger,
    defaultZone: config.defaultZone,
    catchupHours: config.catchupHours,
    defaultLang: config.defaultLang,
    ...(config.web.publicUrl ? { publicUrl: config.web.publicUrl } : {}),
  };
  return deps;
}

/**
 * The store, then the data: the folder, or with CAFTA_DATA_URL the signed feed over it (the folder
 * only until a bundle verifies). The store comes first so that when it fails, its one error line
 * is all the operator sees; when the data fails, the store opened here is closed again.
 */
async function openStoreAndData(opts: AppOptions, clock: Clock): Promise<{ store: Store; data: DataSource }> {
  const { config, logger } = opts;
  const store = opts.store ?? (await openStore(config));
  try {
    const local = openData(config, logger);
    if (!config.dataFeed) return { store, data: local };
    const feed = { dir: config.dataDir, local, feed: config.dataFeed, store, logger, clock, ...opts.dataFeed };
    return { store, data: await openFeedDataSource(feed) };
  } catch (err) {
    if (!opts.store) await store.close().catch(() => undefined);
    throw err;
  }
}

export async function createApp(opts: AppOptions): Promise<App> {
  const { config, logger } = opts;
  const clock = opts.clock ?? systemClock;
  const { store, data } = await openStoreAndData(opts, clock);
  // The server keeps following the feed between passes; run-due refreshes once, before its pass.
  const poller =
    config.dataFeed && opts.startAdapters !== false ? startPolling(data, config.dataFeed.pollSeconds) : null;
  if (poller) void data.refresh();
  const commandDeps = commandDepsFor(config, store, data, logger, clock);
  const deps: AdapterDeps = { config, store, data, logger, clock, commandDeps };
  const adapters = await createAdapters(deps, opts);
  const senders: SenderRegistry = Object.fromEntries(adapters.flatMap((a) => (a.sender ? [[a.name, a.sender]] : [])));
  const metrics = createAppMetrics({ store, data, clock, logger, token: config.metrics.token });
  const web = webRoutes({
    data,
    clock,
    logger,
    defaultLang: config.defaultLang,
    zone: config.defaultZone,
    ...(config.web.publicUrl ? { publicUrl: config.web.publicUrl } : {}),
  });
  const routes = [...adapters.flatMap((a) => a.routes), healthzRoute({ store, data, adapters }), metrics.route, ...web];
  const listener = createHttpListener(routes, { logger, metrics });

  if (opts.startAdapters !== false) for (const a of adapters) if (a.enabled && a.start) await a.start();

  return {
    ...deps,
    adapters,
    senders,
    metrics,
    listener,
    async close() {
      poller?.stop();
      for (const a of adapters) if (a.stop) await a.stop().catch(() => undefined);
      await store.close();
    },
  };
}

/** Listens, turning the usual failures into one line naming HOST or PORT. */
async function listen(server: Server, port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const why: Record<string, string> = {
        EADDRINUSE: `PORT: ${port} is already in use on ${host}`,
        EACCES: `PORT: ${port} needs more privileges than this process has`,
        EADDRNOTAVAIL: `HOST: ${host} is not an address of this machine`,
        ENOTFOUND: `HOST: ${host} could not be resolved`,
        EAI_AGAIN: `HOST: ${host} could not be resolved`,
      };
      const known = err.code ? why[err.code] : undefined;
      reject(known ? new CaftaError('config_invalid', known, undefined, { cause: err }) : err);
    });
    server.listen(port, host, () => resolve());
  });
}

export type RunningApp = App & { server: Server; port: number; url: string; stop(): Promise<void> };

/** Creates the app and listens on `config.host`:`config.port` (port 0 = any free port). */
export async function startApp(opts: AppOptions): Promise<RunningApp> {
  const app = await createApp(opts);
  enableProcessMetrics();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => app.listener(req, res));
  server.keepAliveTimeout = 65_000;
  try {
    await listen(server, opts.config.port, opts.config.host);
  } catch (err) {
    await app.close().catch(() => undefined);
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const local = ['0.0.0.0', '::', ''].includes(opts.config.host) ? '127.0.0.1' : opts.config.host;
  return {
    ...app,
    server,
    port,
    url: `http://${local.includes(':') ? `[${local}]` : local}:${port}`,
    /** Stops at once (tests): open connections are cut, not drained. */
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await app.close();
    },
  };
}
