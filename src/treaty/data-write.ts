/**
 * Writes a plan's files into a data folder. Each file is written to a temporary file in the same
 * folder and renamed over the old one, so a reader (the server reloading) sees either the old or
 * the new file, never half of one. Files go in `WRITE_ORDER`: a new source before the event that
 * cites it, the date checks last, so every state in between still loads.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataFiles } from './data';
import { DATA_FILES, type DataFile } from './data-validate';

/** Files a plan may write, in the order that keeps every intermediate state loadable. */
export const WRITE_ORDER: readonly DataFile[] = [
  'sources.json',
  ...DATA_FILES.filter((f) => f !== 'sources.json' && f !== 'meta.json'),
  'meta.json',
];

/** The text a data file is written as: 2-space JSON and a final newline (what editors keep). */
export const dataFileText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

export function writeDataFiles(dir: string, files: DataFiles): string[] {
  const unknown = Object.keys(files).filter((f) => !(WRITE_ORDER as readonly string[]).includes(f));
  if (unknown.length > 0) throw new Error(`not a data file a plan may write: ${unknown.join(', ')}`);
  const names = WRITE_ORDER.filter((f) => files[f] !== undefined);
  const temps = names.map((f) => join(dir, `.${f}.${process.pid}.tmp`));
  try {
    names.forEach((f, i) => writeFileSync(temps[i], dataFileText(files[f])));
  } catch (err) {
    for (const t of temps) rmSync(t, { force: true });
    throw err;
  }
  names.forEach((f, i) => renameSync(temps[i], join(dir, f)));
  return names;
}
