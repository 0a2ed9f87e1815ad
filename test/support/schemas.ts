/**
 * The official schemas our output is validated against. They are vendored byte-for-byte in
 * test/schemas (sources and licences in test/schemas/SOURCES.md) so `npm test` works on any fresh
 * clone; test/schemas.test.ts proves the copies equal ../shared/schemas wherever that exists.
 */
import { join } from 'node:path';

export const vendoredSchemasDir = join(__dirname, '..', 'schemas');
export const sharedSchemasDir = join(__dirname, '..', '..', '..', 'shared', 'schemas');

export const schemaPath = (...parts: string[]): string => join(vendoredSchemasDir, ...parts);
