/**
 * The whole app on port 0 with fixture data and a fixed clock, for the public web routes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type RunningApp } from '../../adapters/app';
import { loadAppConfig } from '../../adapters/config';
import { createMemoryLogger } from '../../src/infra/logger';
import { FIXTURE_DATA_DIR } from './data-fixture';

/** 30 Nov 2026: the signing's anniversary (28 Oct) has passed; the window runs to 28 Feb 2027. */
export const WEB_NOW = new Date('2026-11-30T03:00:00Z');

export interface WebApp extends RunningApp {
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startWebApp(env: Record<string, string> = {}, now: Date = WEB_NOW): Promise<WebApp> {
  const dir = mkdtempSync(join(tmpdir(), 'cafta-web-'));
  const config = loadAppConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    CAFTA_DB_PATH: join(dir, 'web.db'),
    CAFTA_DATA_DIR: FIXTURE_DATA_DIR,
    CAFTA_DEFAULT_TZ: 'Asia/Singapore',
    ...env,
  });
  const app = await startApp({ config, logger: createMemoryLogger(), clock: () => now });
  return Object.assign(app, {
    get: (path: string, headers: Record<string, string> = {}) => fetch(`${app.url}${path}`, { headers }),
    async close() {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}
