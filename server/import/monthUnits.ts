import type { Store } from '../db/openStore';

/**
 * The months table: one row per (dataset, source, force, month), the unit that a newer copy of a
 * police.uk file replaces. Its sha256 is how a re-import knows a month is already stored as is.
 */
export interface MonthUnit {
  dataset: 'street' | 'outcomes' | 'stop-search';
  source: string;
  force: string;
  month: string;
}

export function storedMonthSha(db: Store, u: MonthUnit): string | undefined {
  const row = db
    .prepare(`SELECT sha256 FROM months WHERE dataset = ? AND source = ? AND force = ? AND month = ?`)
    .get(u.dataset, u.source, u.force, u.month) as { sha256: string } | undefined;
  return row?.sha256;
}

export function recordMonth(db: Store, u: MonthUnit, sha256: string, rowsStored: number, now: string): void {
  db.prepare(
    `INSERT OR REPLACE INTO months (dataset, source, force, month, sha256, rows_stored, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(u.dataset, u.source, u.force, u.month, sha256, rowsStored, now);
}

/** Street months' rows_stored counts the month's incidents now held (duplicates move them). */
export function refreshStreetMonthCount(db: Store, source: string, force: string, month: string): void {
  db.prepare(
    `UPDATE months SET rows_stored = (SELECT count(*) FROM incident_rows WHERE source = @source AND force = @force AND month = @month)
     WHERE dataset = 'street' AND source = @source AND force = @force AND month = @month`,
  ).run({ source, force, month });
}

export function describeUnit(u: MonthUnit): string {
  return `${u.dataset} ${u.force} ${u.month}`;
}
