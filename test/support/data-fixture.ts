/**
 * Treaty data for tests. Behaviour tests use the FROZEN fixture in `test/fixtures/data` (a copy
 * of the corrected data of 3 Dec 2026), never the live `data/`: a maintainer recording a
 * ratification there must not change what any test sees. Only "the real data/ validates" and a
 * few deliberate facts tests read `REAL_DATA_DIR`.
 *
 * `copyData()` makes a temp copy a test may break or extend; `addFixtureEvents()` adds clearly
 * labelled FIXTURE events (not facts) to such a copy.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadData } from '../../src/treaty/data';
import type { TreatyData } from '../../src/treaty/model';

/** The frozen copy every behaviour test and harness uses. */
export const FIXTURE_DATA_DIR = join(__dirname, '..', 'fixtures', 'data');
/** The live folder the bot ships with: only for "it validates" and deliberate facts tests. */
export const REAL_DATA_DIR = join(__dirname, '..', '..', 'data');

let cached: TreatyData | undefined;
/** The fixture, loaded once per test file (TreatyData is never mutated by the code under test). */
export function loadFixtureData(): TreatyData {
  cached ??= loadData(FIXTURE_DATA_DIR);
  return cached;
}

export interface DataFixture {
  dir: string;
  read<T = unknown>(file: string): T;
  write(file: string, value: unknown): void;
  /** Reads, changes and writes back one file. */
  edit<T = unknown>(file: string, change: (value: T) => T | void): void;
  remove(): void;
}

/** A temp copy of the fixture (or of `from`, e.g. REAL_DATA_DIR) that a test may change. */
export function copyData(from: string = FIXTURE_DATA_DIR): DataFixture {
  const dir = mkdtempSync(join(tmpdir(), 'cafta-data-'));
  cpSync(from, dir, { recursive: true });
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

export interface FixtureEventInput {
  party: string;
  kind: 'ratification' | 'notification' | 'entry-into-force';
  date: string;
}

/** Adds FIXTURE events (clearly labelled, not facts) to a copied data dir's events.json. */
export function addFixtureEvents(dir: string, events: FixtureEventInput[]): void {
  const file = join(dir, 'events.json');
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { events: unknown[] };
  for (const e of events) {
    raw.events.push({
      id: `${e.party.toLowerCase()}-${e.kind}`,
      party: e.party,
      kind: e.kind,
      date: { values: [{ date: e.date, precision: 'day', sources: ['mofcom-signing-announcement'] }] },
      summary: 'FIXTURE event for tests: not a fact.',
      sources: ['mofcom-signing-announcement'],
    });
  }
  writeFileSync(file, JSON.stringify(raw, null, 2));
}
