import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
import { isCandidate, recognise } from './recognise';
import { writeRejects } from './rejectsWriter';
import { importStopSearchFile } from './stopSearchImport';
import { importStreetFile } from './streetImport';
import { summarise } from './summarise';
import { RefusedFile, type FileKind, type FileReport, type ImportOptions, type ImportSummary, type Reject } from './types';

/**
 * Imports a list of files, each in its own transaction (a police.uk file is one month), in an
 * order that lets later files use earlier ones: boundaries and POIs, area tables, then street
 * months (oldest first), outcomes, stop-and-search. Synchronous: better-sqlite3 is, and the whole
 * Teesside folder takes a few seconds. Never throws for a bad file: it is refused in the summary.
 */
const PHASE: Record<string, number> = { geojson: 0, table: 1, street: 2, outcomes: 3, 'stop-search': 4, other: 5 };

function phaseOf(path: string): { phase: number; month: string } {
  const ext = extname(path).toLowerCase();
  if (ext === '.geojson' || ext === '.json') return { phase: PHASE.geojson, month: '' };
  const police = parsePoliceFileName(basename(path));
  if (police) return { phase: PHASE[police.dataset], month: police.month };
  return { phase: ext === '.csv' ? PHASE.table : PHASE.other, month: '' };
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function ensureCategories(db: Store): void {
  const insert = db.prepare(`INSERT OR IGNORE INTO categories (slug, name) VALUES (?, ?)`);
  db.transaction(() => {
    for (const c of POLICE_UK_CATEGORIES) insert.run(c.slug, c.name);
  })();
}

export function importFiles(db: Store, files: readonly string[], options: ImportOptions = {}): ImportSummary {
  const started = performance.now();
  const now = new Date().toISOString();
  const show = (p: string) => (options.baseDir ? relative(options.baseDir, p) || basename(p) : p);
  const log = options.log ?? (() => {});
  ensureCategories(db);

  const ordered = files
    .map((p, i) => ({ path: resolve(p), i, ...phaseOf(p) }))
    .sort((a, b) => a.phase - b.phase || (a.month < b.month ? -1 : a.month > b.month ? 1 : a.i - b.i));

  let binner = new PointBinner(currentWardIndex(db));
  const reports: FileReport[] = [];
  const rejects: Reject[] = [];
  let wardsReassigned = 0;

  ordered.forEach(({ path }, fileIndex) => {
    const file = show(path);
    const t0 = performance.now();
    const report = (kind: FileKind, status: FileReport['status'], r?: FileResult, message?: string): FileReport => {
      const rejected: FileReport['rejected'] = {};
      for (const x of r?.rejects ?? []) rejected[x.reason] = (rejected[x.reason] ?? 0) + 1;
      return {
        file,
        kind,
        dataset: r?.dataset,
        status,
        rowsRead: r?.rowsRead ?? 0,
        stored: r?.stored ?? 0,
        replaced: r?.replaced ?? 0,
        rejected,
        duplicates: r?.duplicates ?? 0,
        message,
        ms: performance.now() - t0,
      };
    };

    if (!isCandidate(path)) {
      reports.push(report('unknown', 'ignored', undefined, 'not a data file'));
      return;
    }
    let kind: FileKind = 'unknown';
    try {
      const bytes = readFileSync(path);
      const rec = recognise(path, bytes);
      if (rec.kind === 'refused') throw new RefusedFile(rec.message);
      if (rec.kind === 'unknown') {
        const r = report('unknown', 'ignored', undefined, rec.message);
        reports.push(r);
        log(`ignored  ${file}: ${rec.message}`);
        return;
      }
      kind = rec.kind;
      const job: FileJob = {
        db,
        path,
        file,
        sha256: sha256(bytes),
        binner,
        now,
        progress: (done, total) => options.onProgress?.({ file, done, total, fileIndex, fileCount: ordered.length }),
      };
      let result: FileResult;
      switch (rec.kind) {
        case 'street':
          result = importStreetFile(job, rec.force, rec.month, rec.text);
          break;
        case 'outcomes':
          result = importOutcomesFile(job, rec.force, rec.month, rec.text);
          break;
        case 'stop-search':
          result = importStopSearchFile(job, rec.force, rec.month, rec.text);
          break;
        case 'area-table':
          result = importAreaTableFile(job, rec.spec, rec.text);
          break;
        case 'pois':
          result = importPoisFile(job, rec.data);
          break;
        case 'boundary': {
          const b = importBoundaryFile(job, rec.layout, rec.data);
          if (b.reassigned !== undefined) {
            binner = new PointBinner(currentWardIndex(db));
            wardsReassigned += b.reassigned;
            log(`wards    current ward set is now ${rec.layout.vintage} (${file}); ${b.reassigned} stored rows changed ward`);
          }
          result = b;
          break;
        }
      }
      rejects.push(...result.rejects);
      const r = report(kind, result.status, result);
      reports.push(r);
      log(describe(r));
    } catch (e) {
      const refused = e instanceof RefusedFile;
      const message = refused ? (e as Error).message : `import failed, nothing of it was stored: ${(e as Error).message}`;
      const r = report(kind, 'refused', undefined, message);
      reports.push(r);
      log(`REFUSED  ${file}: ${message}`);
    }
  });

  if (options.rejectsPath) writeRejects(options.rejectsPath, rejects);
  return summarise(reports, wardsReassigned, performance.now() - started);
}

function describe(r: FileReport): string {
  if (r.status === 'unchanged') return `same     ${r.file}: ${r.dataset} already stored, unchanged`;
  const rejected = Object.entries(r.rejected)
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ');
  const dup = r.duplicates ? `, ${r.duplicates} crime id(s) also in another month (newest kept)` : '';
  return `imported ${r.file}: ${r.dataset}: read ${r.rowsRead}, stored ${r.stored}, replaced ${r.replaced}${dup}${rejected ? `, rejected ${rejected}` : ''}`;
}
