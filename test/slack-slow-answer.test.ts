/**
 * When the core is slower than the ack budget, /cafta acks "working on it" at once and posts the
 * real answer to response_url (replacing the placeholder). Real Bolt, real HTTP, a slow store.
 */
import { loadFixtureData } from './support/data-fixture';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMemoryLogger } from '../src/infra/logger';
import type { CommandDeps } from '../src/commands/types';
import { SqliteStore } from '../src/store/sqlite';
import type { Store } from '../src/store/store';
import { createBoltApp } from '../adapters/slack/bolt-app';
import { registerSlashCommand } from '../adapters/slack/slash-command';
import { createUserInfo } from '../adapters/slack/user-info';
import { startFakeSlack, type FakeSlack } from './support/fake-slack';
import { NOW, postSigned, SECRET, slashBody } from './support/slack-request';

let fake: FakeSlack;
let server: Server;
let store: SqliteStore;
let url: string;

beforeAll(async () => {
  fake = await startFakeSlack();
  store = new SqliteStore(':memory:');
  await store.migrate();
  // Every subscription listing takes 600 ms: longer than the 150 ms answer budget below.
  const slowStore = new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop === 'listSubscriptions' && typeof value === 'function') {
        return async (...args: unknown[]) => {
          await new Promise((r) => setTimeout(r, 600));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as Store;
  const logger = createMemoryLogger();
  const data = loadFixtureData();
  const deps: CommandDeps = {
    data: () => data,
    store: slowStore,
    clock: () => NOW,
    logger,
    defaultZone: 'Asia/Singapore',
    catchupHours: 24,
    defaultLang: 'en',
  };
  const bolt = createBoltApp({
    mode: { kind: 'token', signingSecret: SECRET, botToken: 'xoxb-slow' },
    apiUrl: fake.apiUrl,
    logger,
    clock: () => NOW,
  });
  registerSlashCommand(bolt.app, {
    commandDeps: deps,
    userInfo: createUserInfo(logger),
    answerBudgetMs: 150,
    zoneBudgetMs: 100,
  });
  const route = bolt.routes[0];
  server = createServer((req, res) => void route.handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await store.close();
  await fake.close();
});

it('acks a placeholder quickly, then answers via response_url', async () => {
  const res = await postSigned(url, slashBody('subscriptions', { response_url: `${fake.respondUrl}/slow1` }));
  // The ack came back before the answer existed.
  expect(fake.callsTo('respond:slow1')).toHaveLength(0);
  expect(res.status).toBe(200);
  expect(res.json()).toEqual({ response_type: 'ephemeral', text: ':hourglass_flowing_sand: Working on it…' });
  const [answer] = await fake.waitFor('respond:slow1');
  expect(answer.body.replace_original).toBe(true);
  expect(answer.body.response_type).toBe('ephemeral');
  expect((answer.body.blocks as unknown[]).length).toBeGreaterThan(0);
});
