import { resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import type { Store } from '../db/openStore';
import { scanFolder } from './folderScan';
import { importFiles } from './importFiles';
import type { ImportOptions, ImportSummary } from './types';

/**
 * The importer's public API, used by the import CLI, the server's first-run import and the fetch
 * CLI. Both functions are synchronous (better-sqlite3 is; the Teesside folder takes seconds) and
 * never throw for a bad file: it is listed in summary.refused and summary.ok is false. They do
 * throw when the folder itself does not exist.
 */
export function importFolder(db: Store, dir: string, options: ImportOptions = {}): ImportSummary {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new Error(`data folder not found: ${root}`);
  return importFiles(db, scanFolder(root), { baseDir: root, ...options });
}

export { importFiles };
export { formatSummary } from './summaryTable';
export { progressReporter } from './progressBar';
export { UK_BBOX } from './rowChecks';
export { REJECT_REASONS, RefusedFile } from './types';
export type { FileKind, FileReport, FileStatus, ImportOptions, ImportProgress, ImportSummary, Reject, RejectReason } from './types';
