/**
 * npm run import -- --data <dir> [--db <file>] [--rejects <file.csv>] [--wait]
 *
 * Imports every recognised file under <dir> into the store (--db, else DB_PATH, else
 * data/atlas.db). Progress goes to stderr, the summary table to stdout, a store or lock problem to
 * stderr as one line. Exit statuses: server/db/exitCodes.ts (printed by --help).
 */
import { EXIT, EXIT_CODES_HELP } from '../server/db/exitCodes';
import { acquireImportLock, ImportLockHeld, type ImportLock } from '../server/db/importLock';
import { assertWritable, openStore, storePath, type Store } from '../server/db/openStore';
import { sqliteCode, StoreOpenError } from '../server/db/storeErrors';
import { DataFolderMissing, formatSummary, importFolder, progressReporter } from '../server/import';
import { parseCli } from './cli';
import { openCube } from '../server/services/cube';

const USAGE = 'usage: npm run import -- --data <dir> [--db <file>] [--rejects <file.csv>] [--wait]';
const HELP = `${USAGE}
  --data     folder of downloaded files (police.uk CSVs, ONS GeoJSON, IoD tables, ...)
  --db       store file (default DB_PATH, then data/atlas.db)
  --rejects  write every rejected row to this CSV (file,line,reason,raw)
  --wait     when another import into the store is running, wait for it instead of exiting 4
${EXIT_CODES_HELP}`;

function main(): number {
  const { values } = parseCli(
    {
      options: {
        data: { type: 'string' },
        db: { type: 'string' },
        rejects: { type: 'string' },
        wait: { type: 'boolean' },
      },
    },
    USAGE,
    HELP,
  );
  if (!values.data) {
    console.error(`--data is required\n${USAGE}`);
    return EXIT.usage;
  }
  const path = storePath(values.db);
  const progress = progressReporter(process.stderr);
  let lock: ImportLock | undefined;
  let db: Store | undefined;
  try {
    // The lock before opening (opening migrates, which is already a write); writability before the
    // lock, whose file goes next to the store.
    assertWritable(path);
    lock = acquireImportLock(path, { wait: values.wait ?? false, onWait: progress.log });
    if (lock.note) progress.log(lock.note);
    db = openStore(path);
    progress.log(`Importing ${values.data} into ${path}`);
    const summary = importFolder(db, values.data, { rejectsPath: values.rejects, onProgress: progress.onProgress, log: progress.log });
    progress.done();
    console.log(formatSummary(summary));
    // Publish the cube with the store, so that servers start by reading columns, not rows.
    if (!summary.stopped) openCube(db);
    if (values.rejects) console.log(`Rejected rows written to ${values.rejects}`);
    return summary.stopped ? EXIT.stopped : summary.ok ? EXIT.ok : EXIT.refused;
  } catch (e) {
    progress.done();
    if (e instanceof ImportLockHeld || e instanceof StoreOpenError) {
      console.error(e.message);
      return e.exitCode;
    }
    if (e instanceof DataFolderMissing) {
      console.error(e.message);
      return EXIT.usage;
    }
    // Before any file (ensuring the categories, say): still the store failing, not a file.
    console.error(`import stopped${sqliteCode(e) === 'SQLITE_FULL' ? ': the disk is full' : ''}: ${(e as Error).message}`);
    return EXIT.stopped;
  } finally {
    try {
      db?.close();
    } catch {
      // Closing checkpoints; on a full disk that fails, and the log keeps what was committed.
    }
    lock?.release();
  }
}

process.exitCode = main();
