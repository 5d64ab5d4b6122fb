import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { migrations } from './migrations';

export type Store = Database.Database;

export const DEFAULT_DB_PATH = 'data/atlas.db';

/** The store path: an explicit argument, then DB_PATH, then data/atlas.db. */
export function storePath(explicit?: string): string {
  return resolve(explicit ?? process.env.DB_PATH ?? DEFAULT_DB_PATH);
}

/**
 * Opens (creating if needed) the SQLite store in WAL mode and brings its schema up to date.
 * `readonly` stores skip migrations: they are for readers of a store someone else maintains.
 */
export function openStore(path: string, options: { readonly?: boolean } = {}): Store {
  if (!options.readonly) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
  }
  db.pragma('cache_size = -65536');
  return db;
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
