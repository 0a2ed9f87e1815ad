/**
 * The users.info cache (time zone and locale from one call): answers from cache within the TTL,
 * and stays bounded.
 */
import { webApi } from '@slack/bolt';
import { createUserInfo } from '../adapters/slack/user-info';
import { createMemoryLogger } from '../src/infra/logger';
import { startFakeSlack, type FakeSlack } from './support/fake-slack';

let fake: FakeSlack;
let client: webApi.WebClient;
beforeEach(async () => {
  fake = await startFakeSlack();
  client = new webApi.WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  fake.userZones = { U1: 'Asia/Jakarta', U2: 'Europe/London', U3: 'Asia/Shanghai' };
});
afterEach(() => fake.close());

it('caches each user zone for the TTL, then asks again', async () => {
  let t = 0;
  const zones = createUserInfo(createMemoryLogger(), 1000, () => t);
  expect(await zones.lookup(client, 'T1', 'U1', 1000)).toEqual({ zone: 'Asia/Jakarta', lang: 'en' });
  expect(await zones.lookup(client, 'T1', 'U1', 1000)).toEqual({ zone: 'Asia/Jakarta', lang: 'en' });
  expect(fake.callsTo('users.info')).toHaveLength(1);
  t = 1001;
  expect((await zones.lookup(client, 'T1', 'U1', 1000)).zone).toBe('Asia/Jakarta');
  expect(fake.callsTo('users.info')).toHaveLength(2);
});

it('keeps at most maxEntries users, evicting the oldest', async () => {
  const zones = createUserInfo(createMemoryLogger(), 60_000, () => 0, 2);
  for (const u of ['U1', 'U2', 'U3']) await zones.lookup(client, 'T1', u, 1000);
  expect(fake.callsTo('users.info')).toHaveLength(3);
  expect((await zones.lookup(client, 'T1', 'U3', 1000)).zone).toBe('Asia/Shanghai');
  expect((await zones.lookup(client, 'T1', 'U2', 1000)).zone).toBe('Europe/London');
  expect(fake.callsTo('users.info')).toHaveLength(3);
  // U1 was evicted when U3 arrived: it is looked up again.
  expect((await zones.lookup(client, 'T1', 'U1', 1000)).zone).toBe('Asia/Jakarta');
  expect(fake.callsTo('users.info')).toHaveLength(4);
});

it('reads the locale from the same call (include_locale): zh-CN and zh-TW are Chinese; unknown ones are left out', async () => {
  fake.userLocales = { U1: 'zh-CN', U2: 'zh-TW', U3: 'fr-FR' };
  const info = createUserInfo(createMemoryLogger());
  expect(await info.lookup(client, 'T1', 'U1', 1000)).toEqual({ zone: 'Asia/Jakarta', lang: 'zh' });
  expect((await info.lookup(client, 'T1', 'U2', 1000)).lang).toBe('zh');
  expect(await info.lookup(client, 'T1', 'U3', 1000)).toEqual({ zone: 'Asia/Shanghai' });
  expect(fake.callsTo('users.info').map((c) => c.body.include_locale)).toEqual(['true', 'true', 'true']);
});
