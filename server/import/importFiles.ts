import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, extname, relative, resolve } from 'node:path';
import { POLICE_UK_CATEGORIES } from '../../geo/categories';
import type { Store } from '../db/openStore';
import { importAreaTableFile } from './areaTableImport';
import { importBoundaryFile } from './boundariesImport';
import type { FileJob, FileResult } from './fileJob';
import { importOutcomesFile } from './outcomesImport';
import { currentWardIndex, PointBinner } from './pointBinner';
import { importPoisFile } from './poisImport';
import { parsePoliceFileName } from './policeUkColumns';
import { isCandidate, recognise, type Recognised } from './recognise';
import { writeRejects } from './rejectsWriter';
import { importStopSearchFile } from './stopSearchImport';
import { importStreetFile } from './streetImport';
import { summarise } from './summarise';
import { RefusedFile, type FileKind, type FileReport, type ImportOptions, type ImportSummary, type Reject } from './types';

/**
 * Imports a list of files, each in its own transaction (a police.uk file is one month), in an
 * order that lets later files use earlier ones: boundaries and POIs, area tables, then street
 * months (oldest first), outcomes, stop-and-search. Synchronous: better-sqlite3 is, and the whole
 * Teesside folder takes seconds. Never throws for a bad file: it is refused in the summary.
 */
const PHASE: Record<string, number> = { geojson: 0, table: 1, street: 2, outcomes: 3, 'stop-search': 4, other: 5 };

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

function describe(r: FileReport): string {
  if (r.status === 'unchanged') return `same     ${r.file}: ${r.dataset} already stored, unchanged`;
  const rejected = Object.entries(r.rejected)
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ');
  const dup = r.duplicates ? `, ${r.duplicates} crime id(s) also in another month (newest kept)` : '';
  return `imported ${r.file}: ${r.dataset}: read ${r.rowsRead}, stored ${r.stored}, replaced ${r.replaced}${dup}${rejected ? `, rejected ${rejected}` : ''}`;
}

export function importFiles(db: Store, files: readonly string[], options: ImportOptions = {}): ImportSummary {
  const started = performance.now();
  const show = (p: string) => (options.baseDir ? relative(options.baseDir, p) || basename(p) : p);
  const run: Run = { db, now: new Date().toISOString(), binner: new PointBinner(currentWardIndex(db)), wardsReassigned: 0, log: options.log ?? (() => {}) };
  ensureCategories(db);

  // Two copies of one month in a folder: the newer file (by modification time) is imported last,
  // so it is the one that stays.
  const ordered = files
    .map((p, i) => ({ path: resolve(p), i, mtime: statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? 0, ...phaseOf(p) }))
    .sort((a, b) => a.phase - b.phase || (a.month < b.month ? -1 : a.month > b.month ? 1 : a.mtime - b.mtime || a.i - b.i));
  const reports: FileReport[] = [];
  const rejects: Reject[] = [];

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
      const bytes = readFileSync(path);
      const rec = recognise(path, bytes);
      if (rec.kind === 'refused') throw new RefusedFile(rec.message);
      if (rec.kind === 'unknown') {
        run.log(`ignored  ${file}: ${rec.message}`);
        return report('unknown', 'ignored', undefined, rec.message);
      }
      kind = rec.kind;
      const job: FileJob = {
        db,
        path,
        file,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        binner: run.binner,
        now: run.now,
        progress: (done, total) => options.onProgress?.({ file, done, total, fileIndex, fileCount: ordered.length }),
      };
      const result = dispatch(run, job, rec);
      rejects.push(...result.rejects);
      const r = report(kind, result.status, result);
      run.log(describe(r));
      return r;
    } catch (e) {
      // A refusal is expected; anything else (a bug, a full disk) rolled its transaction back too.
      const message = e instanceof RefusedFile ? e.message : `import failed, nothing of it was stored: ${(e as Error).message}`;
      run.log(`REFUSED  ${file}: ${message}`);
      return report(kind, 'refused', undefined, message);
    }
  };

  // Each month's commit rewrites the pages of the random-keyed indexes (crime_id, lon/lat) that it
  // touched; checkpointing after every month (the default, 1000 pages) copies them into the
  // database file again each time. A larger threshold during the import lets later months'
  // versions supersede earlier ones in the WAL: less I/O. Restored afterwards.
  const autoCheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('wal_autocheckpoint = 16384');
  try {
    ordered.forEach(({ path }, i) => reports.push(importOne(path, i)));
  } finally {
    db.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
    db.pragma('wal_checkpoint(PASSIVE)');
  }
  if (options.rejectsPath) writeRejects(options.rejectsPath, rejects);
  return summarise(reports, run.wardsReassigned, performance.now() - started);
}
