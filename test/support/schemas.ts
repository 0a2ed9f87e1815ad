/**
 * The official schemas our output is validated against. They are vendored byte-for-byte in
 * test/schemas (sources and licences in test/schemas/SOURCES.md) so `npm test` works on any fresh
 * clone; test/schemas.test.ts proves the copies equal the team's shared/schemas wherever that exists.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const vendoredSchemasDir = join(__dirname, '..', 'schemas');

/**
 * The team's shared/schemas beside the repository or beside any folder above it (a git worktree
 * lives deeper than the main checkout), or undefined when there is none (a fresh clone).
 */
export function findSharedSchemasDir(start = join(__dirname, '..', '..')): string | undefined {
  for (let dir = dirname(start); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'schemas');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

export const sharedSchemasDir = findSharedSchemasDir();

export const schemaPath = (...parts: string[]): string => join(vendoredSchemasDir, ...parts);
