/**
 * The Teams bot keeps each conversation's reference fresh without a store write on every turn:
 * an unchanged reference is written once per refresh period; a changed one (new serviceUrl) at
 * once; after the bot is removed, the next turn writes again.
 */
import { createTeamsBot } from '../adapters/teams/bot';
import type { Turn, TeamsActivity } from '../adapters/teams/types';
import { loadData } from '../src/treaty/data';
import { createMemoryLogger } from '../src/infra/logger';
import type { CommandDeps } from '../src/commands/types';
import { createSqliteStore } from '../src/store/sqlite';
import type { Store } from '../src/store/store';
import { FIXTURE_DATA_DIR } from './support/data-fixture';

let clockMs = Date.parse('2026-11-30T02:00:00Z');
let store: Store;
let writes: string[];

beforeEach(async () => {
  const real = createSqliteStore(':memory:');
  await real.migrate();
  writes = [];
  // The real store, with saveChannel calls recorded (the serviceUrl each wrote).
  store = Object.assign(Object.create(real) as Store, {
    saveChannel: async (...args: Parameters<Store['saveChannel']>) => {
      writes.push(String((args[0].address as { serviceUrl?: string }).serviceUrl));
      return real.saveChannel(...args);
    },
  });
});

const bot = (): ((turn: Turn) => Promise<void>) => {
  const data = loadData(FIXTURE_DATA_DIR);
  const commandDeps: CommandDeps = {
    data: () => data,
    store,
    clock: () => new Date(clockMs),
    logger: createMemoryLogger(),
    defaultZone: 'Asia/Singapore',
    catchupHours: 24,
    defaultLang: 'en',
  };
  return createTeamsBot({ store, commandDeps, logger: commandDeps.logger });
};

const turn = (activity: Partial<TeamsActivity>, serviceUrl: string): Turn => {
  const full: TeamsActivity = {
    type: 'message',
    id: 'a1',
    channelId: 'msteams',
    serviceUrl,
    text: 'help',
    from: { id: '29:u' },
    recipient: { id: '28:bot' },
    conversation: { id: 'a:chat', conversationType: 'personal', tenantId: 'tn' },
    ...activity,
  };
  return {
    activity: full,
    reference: {
      channelId: 'msteams',
      serviceUrl,
      conversation: full.conversation ?? { id: 'a:chat' },
      bot: { id: '28:bot' },
      user: { id: '29:u' },
    },
    reply: async () => 'r1',
  };
};

it('writes an unchanged reference once per refresh period, a changed one at once', async () => {
  const run = bot();
  await run(turn({}, 'https://smba.one/'));
  await run(turn({}, 'https://smba.one/'));
  await run(turn({}, 'https://smba.one/'));
  expect(writes).toEqual(['https://smba.one/']);
  await run(turn({}, 'https://smba.two/'));
  expect(writes).toEqual(['https://smba.one/', 'https://smba.two/']);
  clockMs += 5 * 60_000;
  await run(turn({}, 'https://smba.two/'));
  expect(writes).toHaveLength(3);
});

it('writes again after the bot was removed and added back', async () => {
  const run = bot();
  await run(turn({}, 'https://smba.one/'));
  await run(
    turn({ type: 'conversationUpdate', text: undefined, membersRemoved: [{ id: '28:bot' }] }, 'https://smba.one/'),
  );
  await run(turn({}, 'https://smba.one/'));
  expect(writes).toEqual(['https://smba.one/', 'https://smba.one/']);
});
