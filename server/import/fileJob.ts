import type { Store } from '../db/openStore';
import type { CrimeFinder } from './crimeFinder';
import type { PlaceBook } from './placeBook';
import type { PointBinner } from './pointBinner';
import type { Reject } from './types';

/**
 * What every per-kind importer is given and returns. The bytes are read and hashed once by the
 * caller; the importer decides whether its unit (month, dataset, boundary set) already holds
 * exactly this content and, if not, replaces that unit in one transaction.
 */
export interface FileJob {
  db: Store;
  /** Absolute path, recorded in import_files. */
  path: string;
  /** Path as shown to users and written to the rejects file. */
  file: string;
  sha256: string;
  binner: PointBinner;
  /** How street imports find crimes already held (crimeFinder.ts). */
  crimes: CrimeFinder;
  /** The police.uk map points held, by description (placeBook.ts). */
  places: PlaceBook;
  /** ISO timestamp shared by everything one import run writes. */
  now: string;
  progress: (done: number, total: number) => void;
  /** Rows held back before parsing for being over the size limits (csvFile.ts); read, and rejected. */
  oversizedRows?: number;
}

export interface FileResult {
  status: 'imported' | 'unchanged';
  dataset: string;
  rowsRead: number;
  stored: number;
  replaced: number;
  duplicates: number;
  rejects: Reject[];
}

export function unchanged(dataset: string): FileResult {
  return { status: 'unchanged', dataset, rowsRead: 0, stored: 0, replaced: 0, duplicates: 0, rejects: [] };
}

/** Records the file in import_files (which file last supplied what, and when). */
export function recordFile(job: FileJob, kind: string, rowsRead: number, rowsStored: number): void {
  job.db
    .prepare(`INSERT OR REPLACE INTO import_files (path, kind, sha256, rows_read, rows_stored, imported_at) VALUES (?, ?, ?, ?, ?, ?)`)
    .run(job.path, kind, job.sha256, rowsRead + (job.oversizedRows ?? 0), rowsStored, job.now);
}

/** Calls `progress` every `every` steps (and at the end) so that a progress bar costs nothing. */
export function throttled(progress: (done: number, total: number) => void, total: number, every = 2048) {
  return (done: number) => {
    if (done % every === 0 || done === total) progress(done, total);
  };
}
