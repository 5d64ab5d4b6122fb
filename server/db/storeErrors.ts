import { EXIT } from './exitCodes';

/**
 * Why a store could not be used, as one line an operator can act on. SQLite's own messages
 * ("unable to open database file", "file is not a database") name neither the file nor the fix.
 */
export type StoreProblem = 'read-only' | 'not-a-database' | 'missing' | 'damaged' | 'old-schema' | 'cannot-open';

export class StoreOpenError extends Error {
  readonly exitCode = EXIT.store;
  constructor(
    readonly problem: StoreProblem,
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'StoreOpenError';
  }
}

/** An SQLite error code such as 'SQLITE_FULL' or 'SQLITE_IOERR_WRITE', or undefined. */
export function sqliteCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

export function damagedMessage(path: string, detail: string): string {
  return `the store ${path} is damaged (${detail}): restore it from a backup or delete it and re-import`;
}

/** Turns what opening (and first reading) a store threw into a StoreOpenError, or undefined. */
export function classifyOpenError(e: unknown, path: string): StoreOpenError | undefined {
  if (e instanceof StoreOpenError) return e;
  const code = sqliteCode(e) ?? '';
  const message = (e as Error)?.message ?? String(e);
  if (code === 'SQLITE_NOTADB') {
    return new StoreOpenError(
      'not-a-database',
      path,
      `the store ${path} is not an SQLite database: point --db / DB_PATH at the atlas store, or at a new file name to create one`,
    );
  }
  if (code.startsWith('SQLITE_CORRUPT')) return new StoreOpenError('damaged', path, damagedMessage(path, message));
  if (code.startsWith('SQLITE_READONLY')) {
    return new StoreOpenError(
      'read-only',
      path,
      `the store ${path} is read-only (${message}): an import must write it; check its permissions and its folder's`,
    );
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') {
    return new StoreOpenError('cannot-open', path, `cannot open the store ${path} (${message})`);
  }
  const errno = (e as NodeJS.ErrnoException)?.code;
  if (errno === 'EACCES' || errno === 'EROFS' || errno === 'EPERM') {
    return new StoreOpenError('read-only', path, `cannot create the store ${path}: its folder is not writable (${errno})`);
  }
  if (e instanceof TypeError && /directory does not exist/.test(message)) {
    return new StoreOpenError('missing', path, `cannot open the store ${path}: its folder does not exist`);
  }
  return undefined;
}
