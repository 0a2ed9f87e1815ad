/**
 * A temporary copy of data/ with FIXTURE events added (never edits data/ itself). Used to prove
 * change detection, digests and alerts against the real files.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DATA_DIR = join(__dirname, '..', '..', 'data');

export interface FixtureEventInput {
  party: string;
  kind: 'ratification' | 'notification' | 'entry-into-force';
  date: string;
}

/** Copies data/ to a temp dir; returns its path and a cleanup. */
export function copyData(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'cafta-data-'));
  cpSync(DATA_DIR, dir, { recursive: true });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
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
