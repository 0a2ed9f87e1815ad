/**
 * PostgreSQL for tests: runs only when CAFTA_TEST_DATABASE_URL is set, and says so loudly when
 * not. Each suite isolates itself in its own schema (suites run in parallel), dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The test database URL, or undefined when PostgreSQL tests are off. */
export const pgTestUrl: string | undefined = process.env.CAFTA_TEST_DATABASE_URL?.trim() || undefined;

/**
 * `describe` when PostgreSQL is configured; otherwise a skipped `describe` whose title says why.
 * test/support/global-setup.ts also says once, at the start of the run, that PostgreSQL suites
 * are skipped, so a green run never hides untested PostgreSQL code (without console noise).
 */
export function describePostgres(title: string, body: (url: string) => void): void {
  if (pgTestUrl) {
    const url = pgTestUrl;
    describe(title, () => body(url));
    return;
  }
  describe.skip(`${title} (skipped: set CAFTA_TEST_DATABASE_URL)`, () => {
    it('needs PostgreSQL', () => undefined);
  });
}

/** A schema name no other suite or run will use. */
export function uniqueSchema(prefix: string): string {
  return `t_${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Drops test schemas with a short-lived connection of its own. */
export async function dropSchemas(url: string, schemas: string[]): Promise<void> {
  if (schemas.length === 0) return;
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  } finally {
    await client.end();
  }
}
