import type Database from 'better-sqlite3';
import { damagedMessage, sqliteCode, StoreOpenError } from './storeErrors';

/**
 * PRAGMA quick_check: every page's b-tree structure, without integrity_check's index-against-table
 * cross-check, so it takes about 0.13 s on the 196k-incident store (integrity_check: 0.44 s). A
 * page of garbage is found either way; without the check an import compares the months table,
 * finds every file "unchanged" and reports success on a store that cannot be read.
 */
export type IntegrityResult = { ok: true } | { ok: false; detail: string };

export function checkStoreIntegrity(db: Database.Database): IntegrityResult {
  try {
    const rows = db.pragma('quick_check(5)', { simple: false }) as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    return problems.length === 0 ? { ok: true } : { ok: false, detail: problems.join('; ') };
  } catch (e) {
    // A page bad enough that the check cannot even walk to it raises SQLITE_CORRUPT instead.
    if (sqliteCode(e)?.startsWith('SQLITE_CORRUPT') || sqliteCode(e) === 'SQLITE_NOTADB')
      return { ok: false, detail: (e as Error).message };
    throw e;
  }
}

/** Throws a StoreOpenError ('damaged', exit 3) naming the store and the way out. */
export function assertStoreIntact(db: Database.Database, path = db.name): void {
  const result = checkStoreIntegrity(db);
  if (!result.ok) throw new StoreOpenError('damaged', path, damagedMessage(path, result.detail));
}
