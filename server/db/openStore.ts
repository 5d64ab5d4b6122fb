import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { registerCrimeKey } from './crimeKey';
import { assertStoreIntact } from './integrity';
import { migrations } from './migrations';
import { classifyOpenError, StoreOpenError } from './storeErrors';

// better-sqlite3 reads this once, when its addon loads (the first `new Database`): read-only
// serving of a WAL store in a read-only folder needs a `file:...?immutable=1` URI. Plain paths
// are unaffected: ours are absolute and never start with "file:".
process.env.SQLITE_USE_URI ??= '1';

export type Store = Database.Database;

export const DEFAULT_DB_PATH = 'data/atlas.db';

/** The store path: an explicit argument, then DB_PATH, then data/atlas.db. */
export function storePath(explicit?: string): string {
  return resolve(explicit ?? process.env.DB_PATH ?? DEFAULT_DB_PATH);
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why this process cannot write the store at `path`, or undefined when it can. Checked with
 * access(2) rather than by trying: SQLite opens a write-protected file read-only without a word,
 * and the first write fails much later. WAL mode also needs to create -wal and -shm files, hence
 * the folder.
 */
export function whyNotWritable(path: string): string | undefined {
  if (existsSync(path)) {
    if (!writable(path)) return 'the file is read-only';
    if (!writable(dirname(path))) return 'its folder is read-only (SQLite must create the -wal and -shm files there)';
    return undefined;
  }
  let dir = dirname(path);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return writable(dir) ? undefined : `it does not exist and ${dir} is read-only`;
}

/** Throws the one-line StoreOpenError ('read-only', exit 3) when an import could not write the store. */
export function assertWritable(path: string): void {
  const why = whyNotWritable(path);
  if (why) throw new StoreOpenError('read-only', path, `cannot write the store ${path}: ${why}; an import must write it`);
}

/**
 * ATLAS_MAX_PAGES (a test hook, docs/robustness-import.md): caps the store at that many pages, so
 * that a test can fill "the disk" portably; SQLite then fails writes with SQLITE_FULL.
 */
function applyTestHooks(db: Store): void {
  const maxPages = Number(process.env.ATLAS_MAX_PAGES);
  if (Number.isInteger(maxPages) && maxPages > 0) db.pragma(`max_page_count = ${maxPages}`);
}

/**
 * Opens (creating if needed) the SQLite store in WAL mode and brings its schema up to date.
 * `readonly` stores skip migrations: they are for readers of a store someone else maintains.
 * Throws StoreOpenError (one line naming the store and the problem; exit 3) when the store is
 * read-only but must be written, is not a database, is damaged or its folder is missing.
 */
export function openStore(path: string, options: { readonly?: boolean } = {}): Store {
  const readonly = options.readonly ?? false;
  if (!readonly) assertWritable(path);
  let db: Store | undefined;
  try {
    if (!readonly) mkdirSync(dirname(path), { recursive: true });
    if (readonly && !existsSync(path)) {
      const what = existsSync(dirname(path)) ? 'there is no such file' : `its folder ${dirname(path)} does not exist`;
      throw new StoreOpenError('missing', path, `cannot open the store ${path}: ${what}`);
    }
    db = new Database(path, { readonly, fileMustExist: readonly });
    registerCrimeKey(db);
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      applyTestHooks(db);
      migrate(db);
    } else {
      db.prepare('SELECT count(*) FROM sqlite_master').get(); // reads page 1: a non-database fails here, not later
    }
    db.pragma('cache_size = -65536');
    return db;
  } catch (e) {
    db?.close();
    throw classifyOpenError(e, path) ?? e;
  }
}

export interface ServingStore {
  db: Store;
  readonly: boolean;
  /** Why the store is served read-only, for the start-up log. */
  note?: string;
}

function openImmutable(path: string): Store {
  // immutable=1: SQLite takes no locks and reads no -shm, which a read-only folder cannot hold.
  // Only safe because nothing writes this file while it is served (see the check on -wal below).
  const uri = `file:${encodeURI(path).replace(/[?#]/g, encodeURIComponent)}?immutable=1`;
  return new Database(uri, { readonly: true, fileMustExist: true });
}

/**
 * The server's way in: the store as openStore gives it when this process can write it (schema
 * migrated), else the same file read-only, so that a replica can serve a file it did not build.
 * Read-only: no migrations (a schema older than this code needs is refused), no store writes
 * (the area overlaps are then computed per start instead of kept). Either way PRAGMA quick_check
 * runs first, and a damaged store is refused.
 */
export function openStoreForServing(path: string): ServingStore {
  const why = whyNotWritable(path);
  if (!why || !existsSync(path)) {
    const db = openStore(path);
    checked(db, path);
    return { db, readonly: false };
  }
  let db: Store;
  let how = 'read-only';
  try {
    db = openStore(path, { readonly: true });
  } catch (e) {
    // A WAL store in a read-only folder without its -shm file cannot be opened the ordinary way.
    const wal = `${path}-wal`;
    if (!(e instanceof StoreOpenError && e.problem === 'cannot-open') || !writableFolderLacking(path)) throw e;
    if (existsSync(wal) && statSync(wal).size > 0) {
      throw new StoreOpenError(
        'cannot-open',
        path,
        `cannot serve the store ${path} read-only: its write-ahead log ${wal} holds changes that need a writable folder to read; checkpoint it where it was built (an import ends with one) and copy the store again`,
      );
    }
    try {
      db = openImmutable(path);
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (e2) {
      throw classifyOpenError(e2, path) ?? e2;
    }
    how = 'read-only, immutable (the folder is read-only; replace the file only while the server is stopped)';
  }
  const needed = migrations.length;
  const version = schemaVersion(db);
  if (version < needed) {
    db.close();
    throw new StoreOpenError(
      'old-schema',
      path,
      `the store ${path} is read-only and its schema (version ${version}) is older than this version of the atlas needs (${needed}): open it once where it can be written (npm run import) or re-import`,
    );
  }
  checked(db, path);
  return { db, readonly: true, note: `Serving the store ${path} ${how}: ${why}. Imports and stored area overlaps are off.` };
}

function writableFolderLacking(path: string): boolean {
  return !writable(dirname(path));
}

function checked(db: Store, path: string): void {
  try {
    assertStoreIntact(db, path);
  } catch (e) {
    db.close();
    throw e;
  }
}

export function migrate(db: Store): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

export function schemaVersion(db: Store): number {
  return db.pragma('user_version', { simple: true }) as number;
}
