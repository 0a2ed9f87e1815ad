/**
 * `digest`: previews this channel's digest now, compared with its digest subscription's state;
 * without a subscription it says there is nothing to compare with. Answers only the asker.
 */
import { runCommand } from '../src/commands/index';
import { parseCommand } from '../src/commands/parse';
import type { CommandDeps } from '../src/commands/types';
import { digestSnapshot } from '../src/delivery/digest';
import { createMemoryLogger } from '../src/infra/logger';
import { toPlainText } from '../src/text/message';
import { formatDay as dayIn } from '../src/text/format';

const formatDay = (date: string): string => dayIn('en', date);
import type { Store } from '../src/store/store';
import { addSub, memoryStore, realData } from './support/delivery-harness';

const data = realData();
const now = new Date('2026-11-30T03:00:00Z');
const channel = { platform: 'test', workspace: 'W1', channel: 'C1', address: { channel: 'C1' } };
let store: Store;
let deps: CommandDeps;

beforeEach(async () => {
  store = await memoryStore();
  deps = {
    data: () => data,
    store,
    clock: () => now,
    logger: createMemoryLogger(),
    defaultZone: 'Asia/Singapore',
    catchupHours: 24,
    defaultLang: 'en',
  };
});
afterEach(async () => {
  await store.close();
});

async function digest(userZone?: string) {
  const parsed = parseCommand('digest');
  if (!parsed.ok) throw new Error('digest did not parse');
  return runCommand(parsed.command, { channel, user: 'U1', userZone }, deps);
}

it('previews against the channel subscription: nothing changed since the last digest', async () => {
  const sub = await addSub(store, data, { kind: 'digest', zone: 'Europe/London' }, new Date('2026-11-10T00:00:00Z'));
  await store.updateSubscription(sub.id, { state: { ...digestSnapshot(data, new Date('2026-11-23T09:00:00Z')) } }, now);
  const msg = await digest('America/New_York');
  expect(msg.audience).toBe('reply');
  const plain = toPlainText(msg);
  expect(plain).toContain('Digest preview: CAFTA 3.0, 30 Nov 2026');
  expect(plain).toContain('Nothing changed since your last digest on 23 Nov 2026.');
  expect(plain).toContain(`Data as of ${formatDay(data.asOf)}`);
});

it('says plainly when the channel has no digest subscription', async () => {
  const plain = toPlainText(await digest());
  expect(plain).toContain('This channel has no digest subscription, so there is no earlier digest to compare with.');
  expect(plain).toContain('Ratification status (11 parties)');
});

it('uses the subscription zone for the local date, else the user zone', async () => {
  // 03:00Z on 30 Nov is still 29 Nov in Los Angeles.
  expect(toPlainText(await digest('America/Los_Angeles'))).toContain('Digest preview: CAFTA 3.0, 29 Nov 2026');
  await addSub(store, data, { kind: 'digest', zone: 'Asia/Tokyo' }, new Date('2026-11-10T00:00:00Z'));
  expect(toPlainText(await digest('America/Los_Angeles'))).toContain('Digest preview: CAFTA 3.0, 30 Nov 2026');
});
