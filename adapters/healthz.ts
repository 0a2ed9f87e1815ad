/**
 * GET /healthz: 200 with `{status, store, dataVersion, dataAsOf, data, adapters}` when the store
 * answers, 503 when it does not. Each adapter says whether it is on and why (e.g. Teams disabled
 * for want of MICROSOFT_APP_ID, or running with CAFTA_TEAMS_AUTH=off).
 */
import type { DataSource } from '../src/treaty/data';
import type { Store } from '../src/store/store';
import { sendJson } from './http-json';
import type { PlatformAdapter, Route } from './platform';

export function healthzRoute(deps: { store: Store; data: DataSource; adapters: readonly PlatformAdapter[] }): Route {
  const { store, data, adapters } = deps;
  return {
    method: 'GET',
    path: '/healthz',
    async handler(_req, res) {
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
        // Where the data comes from (folder or signed feed), its version, last fetch and last error.
        data: data.status(),
        adapters: Object.fromEntries(
          adapters.map((a) => [a.name, { enabled: a.enabled, detail: a.detail, ...a.health }]),
        ),
      };
      sendJson(res, storeState === 'ok' ? 200 : 503, body);
    },
  };
}
