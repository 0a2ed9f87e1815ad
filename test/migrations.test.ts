/**
 * The DDL is written once (src/store/migrations.ts) and released steps never change: a database
 * migrated by an earlier release must have exactly the tables a new one gets. The fingerprints
 * below are of version 1 as released (SQLite byte for byte; PostgreSQL checked, when this was
 * written, to give the same catalog — columns, types, defaults, constraints, indexes).
 */
import { createHash } from 'node:crypto';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS, type Migration } from '../src/store/migrations';

const fingerprint = (m: Migration): string =>
  createHash('sha256')
    .update(JSON.stringify([m.version, m.name, m.statements]))
    .digest('hex')
    .slice(0, 16);

it.each([
  ['SQLite', SQLITE_MIGRATIONS, '01a514fa4964b552'],
  ['PostgreSQL', POSTGRES_MIGRATIONS, '433559a6f62e1d0d'],
])('%s: released step 1 is unchanged (add a new step instead of editing it)', (_name, migrations, pin) => {
  expect(fingerprint(migrations[0])).toBe(pin);
});

it('both dialects have the same steps, differing only in the marked instant and JSON types', () => {
  expect(POSTGRES_MIGRATIONS.map((m) => [m.version, m.name])).toEqual(
    SQLITE_MIGRATIONS.map((m) => [m.version, m.name]),
  );
  const asSqlite = POSTGRES_MIGRATIONS.map((m) =>
    m.statements.map((s) => s.replace(/timestamptz/g, 'INTEGER').replace(/jsonb/g, 'TEXT')),
  );
  expect(asSqlite).toEqual(SQLITE_MIGRATIONS.map((m) => m.statements));
});
