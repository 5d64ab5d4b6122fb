import { resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { acquireImportLock } from '../db/importLock';
import { assertStoreIntact } from '../db/integrity';
import type { Store } from '../db/openStore';
import { scanFolder } from './folderScan';
import { importFiles } from './importFiles';
import type { ImportOptions, ImportSummary } from './types';

/**
 * The importer's public API, used by the import CLI, the server's first-run import and the fetch
 * CLI. Both functions are synchronous (better-sqlite3 is; the Teesside folder takes seconds) and
 * never throw for a bad file: it is listed in summary.refused and summary.ok is false. A store
 * that cannot be written stops the run (summary.stopped). They do throw when the folder itself
 * does not exist (DataFolderMissing), when another import holds the store (ImportLockHeld), and
 * importFolder when PRAGMA quick_check finds the store damaged (StoreOpenError, 'damaged').
 */
export class DataFolderMissing extends Error {
  constructor(readonly folder: string) {
    super(`data folder not found: ${folder}`);
    this.name = 'DataFolderMissing';
  }
}

export function importFolder(db: Store, dir: string, options: ImportOptions = {}): ImportSummary {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new DataFolderMissing(root);
  const lock = db.memory ? undefined : acquireImportLock(db.name);
  try {
    if (lock?.note) options.log?.(lock.note);
    // Without it, a store with a page of garbage compares its months table, finds every file
    // "unchanged" and reports success.
    assertStoreIntact(db);
    return importFiles(db, scanFolder(root), { baseDir: root, ...options });
  } finally {
    lock?.release();
  }
}

export { importFiles };
export { formatSummary } from './summaryTable';
export { progressReporter } from './progressBar';
export { UK_BBOX } from './rowChecks';
export { REJECT_REASONS, RefusedFile } from './types';
export type { FileKind, FileReport, FileStatus, ImportOptions, ImportProgress, ImportSummary, Reject, RejectReason } from './types';
