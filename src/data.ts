/**
 * Loads and validates `data/`, computes the data version, reloads keeping the last good data.
 * STUB — implemented by the core-data work.
 */
import type { TreatyData } from './model';
import type { Logger } from './ports';

/** One validation problem: file, record and field, in words a data editor can act on. */
export interface DataProblem {
  file: string;
  record?: string;
  field?: string;
  message: string;
}

/** Loads `dir`; throws `CaftaError('data_invalid', …, DataProblem[])` when anything is wrong. */
export function loadData(dir: string): TreatyData {
  void dir;
  throw new Error('loadData not implemented yet');
}

/** Holds the last good data; `reload()` swaps only when the new files validate. */
export interface DataSource {
  current(): TreatyData;
  reload(): { ok: true; version: string; changed: boolean } | { ok: false; problems: DataProblem[] };
}

export function createDataSource(dir: string, logger: Logger): DataSource {
  void dir; void logger;
  throw new Error('createDataSource not implemented yet');
}
