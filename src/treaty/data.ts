/**
 * Loads and validates `data/`, computes the data version, reloads keeping the last good data.
 * The schema lives in `data-validate.ts`; this file does the file I/O and the hashing.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaftaError } from '../infra/errors';
import type { TreatyData } from './model';
import type { Logger } from '../infra/ports';
import { canonicalJson, type Json } from './json';
import { overlayLang } from './data-l10n';
import { DATA_FILES, validateData } from './data-validate';

/** One validation problem: file, record and field, in words a data editor can act on. */
export interface DataProblem {
  file: string;
  record?: string;
  field?: string;
  message: string;
}

/** One line per problem: `file › record › field: message`. */
export function formatProblem(p: DataProblem): string {
  return [p.file, p.record, p.field].filter((x) => x !== undefined && x !== '').join(' › ') + `: ${p.message}`;
}

/**
 * Parsed data files by path relative to the data folder: the `DATA_FILES` and any
 * `l10n/<lang>.json` overlays (a file that is missing or not JSON is absent).
 */
export type DataFiles = Record<string, Json | undefined>;

/** The overlay files of `dir` (`l10n/<lang>.json`), sorted; none when there is no l10n folder. */
export function overlayFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(dir, 'l10n'));
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.json'))
    .map((n) => `l10n/${n}`)
    .sort();
}

/** Every file the loader reads from `dir`: the data files, then the overlays. */
export const dataFileNames = (dir: string): string[] => [...DATA_FILES, ...overlayFiles(dir)];

/** Reads and parses every data file of `dir`; unreadable or unparsable files become problems. */
export function readDataFiles(dir: string): { files: DataFiles; problems: DataProblem[] } {
  const problems: DataProblem[] = [];
  const files: DataFiles = {};
  for (const file of dataFileNames(dir)) {
    if (file.startsWith('l10n/') && !overlayLang(file)) {
      problems.push({ file, message: 'not a language overlay name: use l10n/<lang>.json, e.g. l10n/zh.json' });
      continue;
    }
    let text: string;
    try {
      text = readFileSync(join(dir, file), 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      problems.push({
        file,
        message: code === 'ENOENT' ? `missing file in ${dir}` : `cannot read: ${code ?? String(err)}`,
      });
      continue;
    }
    try {
      files[file] = JSON.parse(text) as Json;
    } catch (err) {
      problems.push({ file, message: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  return { files, problems };
}

export type CheckResult = { ok: true; data: TreatyData } | { ok: false; problems: DataProblem[] };

/**
 * Validates parsed files (e.g. a maintainer's edit before it is written, or a downloaded bundle):
 * every problem, or the data with its version. `readProblems` are those of reading the files.
 */
export function checkFiles(files: DataFiles, readProblems: DataProblem[] = []): CheckResult {
  const problems = [...readProblems];
  const { data, problems: schemaProblems } = validateData(files);
  // Schema problems for a file that is missing or unparsable would only repeat the first problem.
  const broken = new Set(problems.map((p) => p.file));
  problems.push(...schemaProblems.filter((p) => !broken.has(p.file)));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, data: { version: dataVersion(files), ...data } };
}

/** Validates `dir` without throwing: every problem, or the data. Used by `data check` and reload. */
export function checkData(dir: string): CheckResult {
  const { files, problems } = readDataFiles(dir);
  return checkFiles(files, problems);
}

/**
 * First 12 hex chars of sha256 over every file's canonical JSON, overlays included:
 * reformatting changes nothing, any change of content changes the version.
 */
export function dataVersion(files: DataFiles): string {
  const hash = createHash('sha256');
  const overlays = Object.keys(files)
    .filter((f) => !(DATA_FILES as readonly string[]).includes(f))
    .sort();
  for (const file of [...DATA_FILES, ...overlays]) hash.update(`${file}\n${canonicalJson(files[file] ?? null)}\n`);
  return hash.digest('hex').slice(0, 12);
}

/** Loads `dir`; throws `CaftaError('data_invalid', …, DataProblem[])` when anything is wrong. */
export function loadData(dir: string): TreatyData {
  const result = checkData(dir);
  if (!result.ok) {
    const first = result.problems.slice(0, 3).map(formatProblem).join('; ');
    throw new CaftaError(
      'data_invalid',
      `data in ${dir} has ${result.problems.length} problem(s): ${first}`,
      result.problems,
    );
  }
  return result.data;
}

/** Where the data in use comes from, and how keeping it current is going (for /healthz). */
export interface DataSourceStatus {
  /** `local`: the CAFTA_DATA_DIR folder; `feed`: the signed bundle at CAFTA_DATA_URL. */
  source: 'local' | 'feed';
  /** The feed's address without query or credentials (/healthz is public). */
  url?: string;
  version: string;
  asOf: string;
  /** When the bundle in use was issued (feed only; absent while the local folder is in use). */
  bundleIssuedAt?: string;
  /** Last time the feed answered with a bundle that was (or still is) the one in use. */
  lastFetchAt?: string;
  /** The most recent problem (a bad bundle, an unreachable feed, a folder that does not validate). */
  lastError?: { at: string; message: string };
}

/** Holds the last good data; it only ever swaps to data that validates. */
export interface DataSource {
  current(): TreatyData;
  /** Re-reads the local folder (the local source; a feed-backed source keeps its data and says so). */
  reload(): { ok: true; version: string; changed: boolean } | { ok: false; problems: DataProblem[] };
  /**
   * Brings the data up to date: re-reads the folder, or fetches the signed feed when one is
   * configured. Never throws; a failure keeps the last good data and shows in `status()`.
   */
  refresh(): Promise<void>;
  status(): DataSourceStatus;
}

/**
 * Loads `dir` once (throws when the first load fails: the bot cannot answer without data), then
 * keeps serving the last good data when a later reload fails, logging every problem.
 */
export function createDataSource(dir: string, logger: Logger, clock: () => Date = () => new Date()): DataSource {
  let current = loadData(dir);
  let lastError: DataSourceStatus['lastError'];
  logger.info('treaty data loaded', { dir, version: current.version, asOf: current.asOf });
  const reload: DataSource['reload'] = () => {
    const result = checkData(dir);
    if (!result.ok) {
      lastError = {
        at: clock().toISOString(),
        message: `${dir} does not validate: ${formatProblem(result.problems[0])}`,
      };
      logger.error('treaty data reload failed; keeping the last good data', {
        dir,
        keptVersion: current.version,
        problems: result.problems.map(formatProblem),
      });
      return { ok: false, problems: result.problems };
    }
    const changed = result.data.version !== current.version;
    // Same content: keep the same object so holders can cheaply compare by identity.
    if (!changed) return { ok: true, version: current.version, changed };
    current = result.data;
    logger.info('treaty data reloaded', { dir, version: current.version, asOf: current.asOf });
    return { ok: true, version: current.version, changed };
  };
  return {
    current: () => current,
    reload,
    refresh: async () => {
      reload();
    },
    status: () => ({
      source: 'local',
      version: current.version,
      asOf: current.asOf,
      ...(lastError ? { lastError } : {}),
    }),
  };
}
