/**
 * The vendored schemas in test/schemas are the official files from the team's shared/schemas, unchanged.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sharedSchemasDir, vendoredSchemasDir } from './support/schemas';

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));

const vendored = files(vendoredSchemasDir)
  .map((f) => relative(vendoredSchemasDir, f))
  .sort();

it('vendors the Adaptive Card 1.5, Teams v1.24 and Slack manifest schemas', () => {
  expect(vendored).toEqual(
    expect.arrayContaining([
      join('adaptivecards', 'adaptive-card.1.5.schema.json'),
      join('teams', 'MicrosoftTeams.v1.24.schema.json'),
      join('slack', 'slack-app-manifest.v1.0.0.schema.json'),
      'SOURCES.md',
    ]),
  );
});

// Without shared/schemas (a fresh clone) the check is skipped, and test/support/global-setup.ts
// says so once at the start of the run.
const shared = sharedSchemasDir;
(shared ? describe : describe.skip)('vendored copies equal shared/schemas', () => {
  it.each(vendored)('%s is byte-identical', (name) => {
    expect(readFileSync(join(vendoredSchemasDir, name)).equals(readFileSync(join(shared ?? '', name)))).toBe(true);
  });
});
