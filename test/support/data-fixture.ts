/**
 * Copies the real `data/` into a temp dir so tests can break or extend it without touching data/.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REAL_DATA_DIR = join(__dirname, '..', '..', 'data');

export interface DataFixture {
  dir: string;
  read<T = unknown>(file: string): T;
  write(file: string, value: unknown): void;
  /** Reads, changes and writes back one file. */
  edit<T = unknown>(file: string, change: (value: T) => T | void): void;
  remove(): void;
}

export function copyData(): DataFixture {
  const dir = mkdtempSync(join(tmpdir(), 'cafta-data-'));
  cpSync(REAL_DATA_DIR, dir, { recursive: true });
  const read = <T>(file: string): T => JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;
  const write = (file: string, value: unknown): void => writeFileSync(join(dir, file), JSON.stringify(value, null, 2));
  return {
    dir,
    read,
    write,
    edit<T>(file: string, change: (value: T) => T | void) {
      const value = read<T>(file);
      const out = change(value);
      write(file, out === undefined ? value : out);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
