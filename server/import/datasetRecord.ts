import type { Store } from '../db/openStore';

/**
 * The datasets table names where each imported dataset came from and under what licence: the
 * API's attributions are built from it. Its sha256 is also how a re-import of an area table knows
 * it already holds that exact file.
 */
export interface DatasetInfo {
  dataset: string;
  title: string;
  source: string;
  licence: string;
}

export function storedDatasetSha(db: Store, dataset: string): string | undefined {
  const row = db.prepare(`SELECT sha256 FROM datasets WHERE dataset = ?`).get(dataset) as { sha256: string } | undefined;
  return row?.sha256;
}

export function recordDataset(db: Store, info: DatasetInfo, file: string, sha256: string, now: string): void {
  db.prepare(
    `INSERT OR REPLACE INTO datasets (dataset, title, source, licence, file, sha256, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(info.dataset, info.title, info.source, info.licence, file, sha256, now);
}
