import type Database from 'better-sqlite3';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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

/**
 * The store file and its write-ahead log as last checked: size and modification time of each.
 * quick_check reads every page (two minutes for a national store of 8 GB), so a start repeats it
 * only when either file changed since a check passed; ATLAS_FULL_CHECK=1 checks at every start.
 */
function fileState(path: string): string | null {
  if (!existsSync(path)) return null;
  const part = (p: string) => {
    const s = existsSync(p) ? statSync(p) : null;
    // An empty log is no log: a clean close truncates it, which changes its time but no page.
    return s && s.size > 0 ? `${s.size}:${s.mtimeMs}` : '-';
  };
  return `${part(path)} ${part(`${path}-wal`)}`;
}

const markerOf = (path: string) => `${path}-checked`;

function passedBefore(path: string): boolean {
  if (process.env.ATLAS_FULL_CHECK === '1') return false;
  try {
    const state = fileState(path);
    return state !== null && existsSync(markerOf(path)) && readFileSync(markerOf(path), 'utf8') === state;
  } catch {
    return false;
  }
}

function rememberPassed(path: string): void {
  try {
    const state = fileState(path);
    if (state) writeFileSync(markerOf(path), state);
  } catch {
    // A read-only folder: the next start checks again.
  }
}

/** Throws a StoreOpenError ('damaged', exit 3) naming the store and the way out. */
export function assertStoreIntact(db: Database.Database, path = db.name): void {
  const file = db.memory ? null : path;
  if (file && passedBefore(file)) return;
  const result = checkStoreIntegrity(db);
  if (!result.ok) throw new StoreOpenError('damaged', path, damagedMessage(path, result.detail));
  if (file) rememberPassed(file);
}
