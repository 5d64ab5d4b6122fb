import type { AreaTableSpec } from './areaTables';
import { readTable } from './csvTable';
import { recordDataset, storedDatasetSha } from './datasetRecord';
import { recordFile, throttled, unchanged, type FileJob, type FileResult } from './fileJob';
import { REJECT_REASONS, type Reject } from './types';

/**
 * Loads one area statistics table into area_values (one row per area and measure) and replaces
 * the dataset's previous rows in one transaction. A candidate measure column that holds any text
 * is dropped as not a measure; empty cells are left out (suppressed or not published).
 */
function parseNumber(text: string): number | undefined | 'text' {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(/^-?[\d,]+(\.\d+)?$/.test(t) ? t.replace(/,/g, '') : t);
  return Number.isFinite(n) ? n : 'text';
}

export function importAreaTableFile(job: FileJob, spec: AreaTableSpec, text: string): FileResult {
  const db = job.db;
  if (storedDatasetSha(db, spec.dataset) === job.sha256) return unchanged(spec.dataset);

  const rejects: Reject[] = [];
  const rows: { code: string; name: string | null; values: (number | undefined | 'text')[] }[] = [];
  const table = readTable(text, job.file, rejects, (f, _line, reject) => {
    const code = f[spec.codeColumn].trim();
    if (code === '') return reject(REJECT_REASONS.missingAreaCode);
    rows.push({
      code,
      name: spec.nameColumn >= 0 ? f[spec.nameColumn].trim() || null : null,
      values: spec.measures.map((m) => parseNumber(f[m.column])),
    });
  });
  const numeric = spec.measures.map((_, k) => rows.every((r) => r.values[k] !== 'text'));

  const progress = throttled(job.progress, rows.length, 256);
  let stored = 0;
  let replaced = 0;
  db.transaction(() => {
    replaced = db.prepare(`DELETE FROM area_values WHERE dataset = ?`).run(spec.dataset).changes;
    const insert = db.prepare(
      `INSERT OR REPLACE INTO area_values (dataset, area_kind, area_code, area_name, measure, value) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    rows.forEach((r, i) => {
      spec.measures.forEach((m, k) => {
        const v = r.values[k];
        if (!numeric[k] || typeof v !== 'number') return;
        insert.run(spec.dataset, spec.areaKind, r.code, r.name, m.measure, v);
        stored++;
      });
      progress(i + 1);
    });
    recordDataset(db, spec, job.file, job.sha256, job.now);
    recordFile(job, 'area-table', table.rowsRead, stored);
  })();
  return { status: 'imported', dataset: spec.dataset, rowsRead: table.rowsRead, stored, replaced, duplicates: 0, rejects };
}
