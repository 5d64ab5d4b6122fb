import { statSync } from 'node:fs';
import { basename, extname, relative, resolve } from 'node:path';
import { POLICE_UK_CATEGORIES } from '../../geo/categories';
import { acquireImportLock } from '../db/importLock';
import type { Store } from '../db/openStore';
import { sqliteCode } from '../db/storeErrors';
import { importAreaTableFile } from './areaTableImport';
import { DEFAULT_CSV_LIMITS } from './csvFile';
import { readInput, type FileRead } from './fileRead';
import { importBoundaryFile } from './boundariesImport';
import type { FileJob, FileResult } from './fileJob';
import { importOutcomesFile } from './outcomesImport';
import { beginBulk, CRIME_KEY_INDEX, indexedFinder, type CrimeFinder } from './crimeFinder';
import { PlaceBook } from './placeBook';
import { currentWardIndex, PointBinner } from './pointBinner';
import { importPoisFile } from './poisImport';
import { parsePoliceFileName } from './policeUkColumns';
import { isCandidate, recognise, type Recognised } from './recognise';
import { writeRejects } from './rejectsWriter';
import { importStopSearchFile } from './stopSearchImport';
import { importStreetFile, storeStreetRows } from './streetImport';
import { StreetReader } from './streetReader';
import { summarise } from './summarise';
import { REJECT_REASONS, RefusedFile, type FileKind, type FileReport, type ImportOptions, type ImportSummary, type Reject } from './types';

/**
 * Imports a list of files, each in its own transaction (a police.uk file is one month), in an
 * order that lets later files use earlier ones: boundaries and POIs, area tables, then street
 * months (oldest first), outcomes, stop-and-search. Synchronous: better-sqlite3 is, and the whole
 * Teesside folder takes seconds. Never throws for a bad file: it is refused in the summary.
 */
const PHASE: Record<string, number> = { geojson: 0, table: 1, street: 2, outcomes: 3, 'stop-search': 4, other: 5 };

/** Rows of police.uk months per commit, and the page cache that holds a batch's pages until then. */
const BATCH_ROWS = 1_000_000;
const IMPORT_CACHE_KIB = 512 * 1024;
/** Street rows above which an import goes the bulk way, estimated from file sizes. */
const BULK_ROWS = 1_000_000;
const POLICE_ROW_BYTES = 250;

function phaseOf(path: string): { phase: number; month: string } {
  const ext = extname(path).toLowerCase();
  if (ext === '.geojson' || ext === '.json') return { phase: PHASE.geojson, month: '' };
  const police = parsePoliceFileName(basename(path));
  if (police) return { phase: PHASE[police.dataset], month: police.month };
  return { phase: ext === '.csv' ? PHASE.table : PHASE.other, month: '' };
}

function ensureCategories(db: Store): void {
  const insert = db.prepare(`INSERT OR IGNORE INTO categories (slug, name) VALUES (?, ?)`);
  db.transaction(() => {
    for (const c of POLICE_UK_CATEGORIES) insert.run(c.slug, c.name);
  })();
}

/** State shared by the files of one run: the point cache follows the current ward set. */
interface Run {
  db: Store;
  now: string;
  binner: PointBinner;
  crimes: CrimeFinder;
  places: PlaceBook;
  /** Reads a bulk import's street months ahead, on its own thread. */
  reader?: StreetReader;
  wardsReassigned: number;
  log: (line: string) => void;
}

/** Hands a recognised file to its importer. */
function dispatch(run: Run, job: FileJob, rec: Exclude<Recognised, { kind: 'refused' | 'unknown' }>): FileResult {
  switch (rec.kind) {
    case 'street':
      return importStreetFile(job, rec.force, rec.month, rec.text);
    case 'outcomes':
      return importOutcomesFile(job, rec.force, rec.month, rec.text);
    case 'stop-search':
      return importStopSearchFile(job, rec.force, rec.month, rec.text);
    case 'area-table':
      return importAreaTableFile(job, rec.spec, rec.text);
    case 'pois':
      return importPoisFile(job, rec.data);
    case 'boundary': {
      const result = importBoundaryFile(job, rec.layout, rec.data);
      if (result.reassigned !== undefined) {
        run.binner = new PointBinner(currentWardIndex(run.db));
        run.wardsReassigned += result.reassigned;
        run.log(`wards    current ward set is now ${rec.layout.vintage} (${job.file}); ${result.reassigned} stored rows changed ward`);
      }
      return result;
    }
  }
}

const fmt = (n: number) => n.toLocaleString('en-GB');

/**
 * Errors that say the store, not the file, is at fault: continuing would store later files around
 * a hole (a full disk frees a little space, a smaller month fits) and leave months that look real
 * but are not contiguous. The import stops at the first.
 */
function storeFault(e: unknown): { code: string; reason: string } | undefined {
  const code = sqliteCode(e);
  if (!code) return undefined;
  // SHMSIZE: the write-ahead log's index could not grow, which on a full disk is the first write
  // to fail once a batch of months outgrows the page cache.
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_SHMSIZE')
    return { code, reason: 'the disk is full (or the store reached its size limit)' };
  if (/^SQLITE_(IOERR|CORRUPT|READONLY|CANTOPEN|NOTADB|BUSY|LOCKED|PERM|NOMEM)/.test(code)) {
    return { code, reason: `the store could not be written (${code}: ${(e as Error).message})` };
  }
  return undefined;
}

function describe(r: FileReport): string {
  if (r.status === 'unchanged') return `same     ${r.file}: ${r.dataset} already stored, unchanged`;
  const rejected = Object.entries(r.rejected)
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ');
  const dup = r.duplicates ? `, ${r.duplicates} crime id(s) also in another month (newest kept)` : '';
  return `imported ${r.file}: ${r.dataset}: read ${r.rowsRead}, stored ${r.stored}, replaced ${r.replaced}${dup}${rejected ? `, rejected ${rejected}` : ''}`;
}

export function importFiles(db: Store, files: readonly string[], options: ImportOptions = {}): ImportSummary {
  // Re-entrant: the import CLI already holds it, with its --wait choice, when it gets here.
  const lock = db.memory ? undefined : acquireImportLock(db.name);
  if (lock?.note) options.log?.(lock.note);
  try {
    return importLocked(db, files, options);
  } finally {
    lock?.release();
  }
}

function importLocked(db: Store, files: readonly string[], options: ImportOptions): ImportSummary {
  const started = performance.now();
  const show = (p: string) => (options.baseDir ? relative(options.baseDir, p) || basename(p) : p);
  const run: Run = {
    db,
    now: new Date().toISOString(),
    binner: new PointBinner(currentWardIndex(db)),
    crimes: indexedFinder(db),
    places: new PlaceBook(db),
    wardsReassigned: 0,
    log: options.log ?? (() => {}),
  };
  ensureCategories(db);
  // A bulk import that died before rebuilding the Crime ID index left it missing.
  db.exec(CRIME_KEY_INDEX);

  // Two copies of one month in a folder: the newer file (by modification time) is imported last,
  // so it is the one that stays.
  const ordered = files
    .map((p, i) => ({ path: resolve(p), i, mtime: statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? 0, ...phaseOf(p) }))
    .sort((a, b) => a.phase - b.phase || (a.month < b.month ? -1 : a.month > b.month ? 1 : a.mtime - b.mtime || a.i - b.i));
  const reports: FileReport[] = [];
  const rejects: Reject[] = [];
  const limits = options.csvLimits ?? DEFAULT_CSV_LIMITS;
  let stopped: ImportSummary['stopped'];

  const importOne = (path: string, fileIndex: number): FileReport => {
    const file = show(path);
    const t0 = performance.now();
    const report = (kind: FileKind, status: FileReport['status'], r?: FileResult, message?: string): FileReport => {
      const rejected: FileReport['rejected'] = {};
      for (const x of r?.rejects ?? []) rejected[x.reason] = (rejected[x.reason] ?? 0) + 1;
      const { rowsRead = 0, stored = 0, replaced = 0, duplicates = 0, dataset } = r ?? {};
      return { file, kind, dataset, status, rowsRead, stored, replaced, rejected, duplicates, message, ms: performance.now() - t0 };
    };
    if (!isCandidate(path)) return report('unknown', 'ignored', undefined, 'not a data file');
    let kind: FileKind = 'unknown';
    try {
      // A bulk import's street month may have been read already, on the reader thread.
      const ahead = run.reader?.take(path);
      const read = ahead ? { sha256: ahead.sha256, oversized: [] } : readInput(path, limits);
      const rec = ahead ? undefined : recognise(path, (read as FileRead).bytes, (read as FileRead).head);
      if (rec?.kind === 'refused') throw new RefusedFile(rec.message);
      if (rec?.kind === 'unknown') {
        run.log(`ignored  ${file}: ${rec.message}`);
        return report('unknown', 'ignored', undefined, rec.message);
      }
      kind = rec?.kind ?? 'street';
      const job: FileJob = {
        db,
        path,
        file,
        sha256: read.sha256,
        binner: run.binner,
        crimes: run.crimes,
        places: run.places,
        now: run.now,
        progress: (done, total) => options.onProgress?.({ file, done, total, fileIndex, fileCount: ordered.length }),
        oversizedRows: read.oversized.length,
      };
      let result = ahead ? storeStreetRows(job, ahead.force, ahead.month, ahead.rows) : dispatch(run, job, rec!);
      const notes: string[] = [];
      if (result.status === 'imported' && read.oversized.length > 0) {
        const held: Reject[] = read.oversized.map((o) => ({
          file,
          line: o.line,
          reason: o.fields > limits.maxFields ? REJECT_REASONS.tooManyFields : REJECT_REASONS.tooLong,
          raw: `${o.preview}...`,
        }));
        result = {
          ...result,
          rowsRead: result.rowsRead + held.length,
          rejects: [...held, ...result.rejects].sort((a, b) => a.line - b.line),
        };
        for (const o of read.oversized) notes.push(`line ${o.line}: ${o.detail}`);
      }
      run.places.keepPending();
      rejects.push(...result.rejects);
      const r = report(kind, result.status, result);
      if (notes.length > 0) r.oversized = notes;
      run.log(describe(r));
      for (const note of notes) run.log(`rejected ${file} ${note}`);
      return r;
    } catch (e) {
      run.places.forgetPending();
      const fault = storeFault(e);
      if (fault) {
        // The file's transaction rolled back: its month is as it was before this run.
        stopped = { file, reason: fault.reason, code: fault.code };
        const message = `STOPPED: ${fault.reason}; nothing of this file was stored`;
        run.log(`STOPPED  ${file}: ${fault.reason}; nothing of it was stored, and the files after it were not attempted`);
        return report(kind, 'refused', undefined, message);
      }
      // A refusal is expected; anything else (a bug, a full disk) rolled its transaction back too.
      const message = e instanceof RefusedFile ? e.message : `import failed, nothing of it was stored: ${(e as Error).message}`;
      run.log(`REFUSED  ${file}: ${message}`);
      return report(kind, 'refused', undefined, message);
    }
  };

  // Months are committed in batches of about BATCH_ROWS rows, each file in a savepoint of its own:
  // a commit writes every index page the batch touched, and the Crime ID index is random-keyed, so
  // committing every month rewrote most of it once per month (docs/benchmarks.md, "Import at
  // scale"). A refused file rolls back only its savepoint. A store fault rolls the batch back and
  // its files are imported again one commit each, which stops at the first file that does not fit:
  // the store ends as it did with a commit per file, whole months only.
  const autoCheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma('wal_autocheckpoint = 16384');
  db.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  const notAttempted: string[] = [];
  let batch: { path: string; i: number }[] = [];
  let batchRows = 0;
  let mark = { reports: 0, rejects: 0 };

  // Copies the log into the store and empties it. At the start of a batch, so that the log then
  // holds the batch alone and a failed batch can be cut from it without needing new space.
  const emptyLog = () => {
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
    } catch (e) {
      if (!storeFault(e)) throw e;
    }
  };
  const replayBatch = () => {
    if (db.inTransaction) db.exec('ROLLBACK');
    run.places = new PlaceBook(db); // the batch's new places went with it
    // The batch's pages that spilled into the log are dead but still take its space: on a full
    // disk that space is what the months replayed below need, and what a reader needs to open it.
    emptyLog();
    reports.length = mark.reports;
    rejects.length = mark.rejects;
    stopped = undefined;
    run.log(
      `note     the store failed with ${batch.length} month file(s) in one transaction; importing them again one at a time, to keep what fits`,
    );
    for (const f of batch) {
      if (stopped) notAttempted.push(show(f.path));
      else reports.push(importOne(f.path, f.i));
    }
    batch = [];
    batchRows = 0;
  };
  const commitBatch = () => {
    if (!db.inTransaction) return;
    try {
      db.exec('COMMIT');
    } catch (e) {
      if (!storeFault(e)) throw e;
      replayBatch();
      return;
    }
    batch = [];
    batchRows = 0;
  };

  // Bulk: when the street months to import are many, the Crime ID index is dropped for their
  // length and rebuilt once after them (crimeFinder.ts); outcomes, which need it, come later.
  const streetFiles = ordered.filter((f) => f.phase === PHASE.street);
  const streetBytes = streetFiles.reduce((n, f) => n + (statSync(f.path, { throwIfNoEntry: false })?.size ?? 0), 0);
  let bulk = false;
  let bulkDecided = false;
  const rebuildIndex = () => {
    try {
      db.exec(CRIME_KEY_INDEX);
    } catch (e) {
      // A full disk: the next import rebuilds it before anything else.
      if (!storeFault(e)) throw e;
      run.log(`index    the Crime ID index could not be rebuilt (${(e as Error).message}); the next import rebuilds it`);
    }
  };
  const startBulk = () => {
    const t0 = performance.now();
    const { finder, held } = beginBulk(db);
    bulk = true;
    run.crimes = finder;
    run.reader = new StreetReader(
      streetFiles.map((f) => ({ path: f.path, file: show(f.path) })),
      limits,
    );
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    run.log(
      `bulk     ${fmt(streetFiles.length)} street files: the Crime ID index is rebuilt after them (${fmt(held)} held crimes read in ${seconds} s)`,
    );
  };
  const endBulk = () => {
    if (!bulk) return;
    if (run.reader) {
      run.reader.close();
      run.log(`reader   ${fmt(run.reader.served)} of ${fmt(streetFiles.length)} street files were read ahead on a second thread`);
      run.reader = undefined;
    }
    commitBatch();
    bulk = false;
    run.crimes = indexedFinder(db);
    const t0 = performance.now();
    rebuildIndex();
    run.log(`index    Crime ID index rebuilt in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };

  try {
    ordered.forEach(({ path, phase }, i) => {
      if (stopped) return notAttempted.push(show(path));
      if (phase !== PHASE.street) endBulk();
      else if (!bulkDecided) {
        bulkDecided = true;
        if (streetFiles.length > 1 && streetBytes / POLICE_ROW_BYTES >= (options.bulkRows ?? BULK_ROWS)) startBulk();
      }
      if (phase < PHASE.street || phase > PHASE['stop-search']) {
        commitBatch();
        if (stopped) return notAttempted.push(show(path));
        return reports.push(importOne(path, i));
      }
      if (!db.inTransaction) {
        emptyLog();
        db.exec('BEGIN');
        mark = { reports: reports.length, rejects: rejects.length };
      }
      batch.push({ path, i });
      const r = importOne(path, i);
      if (stopped) return replayBatch();
      reports.push(r);
      batchRows += r.rowsRead;
      if (batchRows >= BATCH_ROWS) commitBatch();
    });
    commitBatch();
    endBulk();
  } finally {
    // Only a bug gets here with a batch open: its months were never reported as stored.
    if (db.inTransaction) db.exec('ROLLBACK');
    run.reader?.close();
    if (bulk) rebuildIndex();
    db.pragma(`cache_size = ${cacheSize}`);
    db.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch (e) {
      // Copying the log into a full disk fails; the log keeps the committed months, which is enough.
      // A fault that is not the disk is a bug worth more than whatever the import was throwing.
      // eslint-disable-next-line no-unsafe-finally
      if (!storeFault(e)) throw e;
    }
  }
  if (options.rejectsPath) writeRejects(options.rejectsPath, rejects);
  return summarise(reports, run.wardsReassigned, performance.now() - started, stopped ? { stopped, notAttempted } : undefined);
}
