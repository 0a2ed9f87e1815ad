/**
 * Runs once before the suites (jest `globalSetup`): says plainly which checks this run skips and
 * how to enable them. Written straight to stderr, once, instead of a console call in every worker.
 */
import { pgTestUrl } from './postgres';
import { sharedSchemasDir } from './schemas';

export default function globalSetup(): void {
  const notes: string[] = [];
  if (!pgTestUrl) {
    notes.push(
      'PostgreSQL suites skipped: set CAFTA_TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)',
    );
  }
  if (!sharedSchemasDir) notes.push('schema copy check skipped: no shared/schemas beside the repository or above it');
  for (const note of notes) process.stderr.write(`\nnote: ${note}\n`);
}
