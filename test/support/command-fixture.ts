/**
 * Set-up for tests that run commands against a store: a fresh in-memory SQLite store per test and
 * CommandDeps with a fixed clock and the given data. Read `store` and `deps` inside tests (they are
 * replaced before each).
 */
import type { CommandDeps } from '../../src/commands/types';
import { createMemoryLogger } from '../../src/infra/logger';
import { SqliteStore } from '../../src/store/sqlite';
import type { TreatyData } from '../../src/treaty/model';

export function commandFixture(now: Date, data: TreatyData): { store: SqliteStore; deps: CommandDeps } {
  const f = {} as { store: SqliteStore; deps: CommandDeps };
  beforeEach(async () => {
    f.store = new SqliteStore(':memory:');
    await f.store.migrate();
    f.deps = {
      data: () => data,
      store: f.store,
      clock: () => now,
      logger: createMemoryLogger(),
      defaultZone: 'Asia/Singapore',
      catchupHours: 24,
      defaultLang: 'en',
    };
  });
  afterEach(() => f.store.close());
  return f;
}
