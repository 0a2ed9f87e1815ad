/**
 * The seam between the composition root and each platform adapter (Slack, Teams).
 * An adapter contributes HTTP routes on the shared server and a Sender for scheduled delivery.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppConfig } from './config';
import type { DataSource } from '../src/treaty/data';
import type { CommandDeps } from '../src/commands/types';
import type { Clock, Logger, Sender } from '../src/infra/ports';
import type { Store } from '../src/store/store';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface Route {
  method: 'GET' | 'POST' | 'OPTIONS';
  /** Exact path, e.g. `/slack/events`. */
  path: string;
  handler: RouteHandler;
}

export interface PlatformAdapter {
  /** Platform name; also the `platform` stored on its subscriptions. */
  name: string;
  enabled: boolean;
  /** Shown in logs and /healthz: the mode when enabled, why not when disabled. */
  detail: string;
  /** Extra facts for /healthz (e.g. Teams `auth: "off"`). */
  health?: Record<string, unknown>;
  routes: Route[];
  sender?: Sender;
  /** For long-lived connections (Slack Socket Mode). */
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/** Everything an adapter may use. */
export interface AdapterDeps {
  config: AppConfig;
  store: Store;
  data: DataSource;
  logger: Logger;
  clock: Clock;
  commandDeps: CommandDeps;
}

export const disabledAdapter = (name: string, detail: string): PlatformAdapter => ({
  name,
  enabled: false,
  detail,
  routes: [],
});
