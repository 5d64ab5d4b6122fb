import { readTable } from './csvTable';
import { recordFile, throttled, unchanged, type FileJob, type FileResult } from './fileJob';
import { resolveColumns } from './headers';
import { describeUnit, recordMonth, storedMonthSha, type MonthUnit } from './monthUnits';
import { refreshOutcomesForCrimes, refreshOutcomesFromMonth } from './outcomeRefresh';
import { OUTCOMES_COLUMNS } from './policeUkColumns';
import { checkMonth, checkPoint } from './rowChecks';
import { POLICE_UK } from './streetImport';
import { REJECT_REASONS, RefusedFile, type Reject } from './types';

/**
 * One police.uk outcomes file = one (source, force, month) of outcome records, stored as they are
 * (several per crime are normal). Replacing the month re-derives the latest outcome of every crime
 * it mentions, before and after, so the incidents' outcomes stay right in any import order.
 * Outcome rows may lack a location (police.uk publishes some without); bad ones are rejected.
 */
export function importOutcomesFile(job: FileJob, force: string, month: string, text: string): FileResult {
  const unit: MonthUnit = { dataset: 'outcomes', source: POLICE_UK, force, month };
  const dataset = describeUnit(unit);
  if (storedMonthSha(job.db, unit) === job.sha256) return unchanged(dataset);

  const rejects: Reject[] = [];
  const rows: [string, string, number | null, number | null, string | null][] = [];
  let c: Record<keyof typeof OUTCOMES_COLUMNS, number> | undefined;
  const table = readTable(
    text,
    job.file,
    rejects,
    (f, _line, reject) => {
      if (c === undefined) return;
      const crimeId = f[c.crimeId].trim();
      if (crimeId === '') return reject(REJECT_REASONS.missingCrimeId);
      const monthProblem = checkMonth(f[c.month], month);
      if (monthProblem) return reject(monthProblem);
      let lon: number | null = null;
      let lat: number | null = null;
      if (f[c.lon].trim() !== '' || f[c.lat].trim() !== '') {
        const point = checkPoint(f[c.lon], f[c.lat]);
        if (typeof point === 'string') return reject(point);
        ({ lon, lat } = point);
      }
      const outcome = f[c.outcome].trim();
      if (outcome === '') return reject(REJECT_REASONS.missingOutcome);
      rows.push([crimeId, outcome, lon, lat, f[c.lsoaCode] || null]);
    },
    (header) => {
      const resolved = resolveColumns(header, OUTCOMES_COLUMNS);
      if (resolved.missing.length > 0) throw new RefusedFile(`header lacks ${resolved.missing.join(', ')}`);
      c = resolved.columns;
    },
  );

  const db = job.db;
  const progress = throttled(job.progress, rows.length);
  let replaced = 0;
  db.transaction(() => {
    // Crimes the replaced copy mentioned; those the new copy drops need their outcome re-derived.
    const dropped = new Set(
      db
        .prepare(`SELECT DISTINCT crime_id FROM outcomes WHERE source = ? AND force = ? AND month = ?`)
        .pluck()
        .all(POLICE_UK, force, month) as string[],
    );
    replaced = db.prepare(`DELETE FROM outcomes WHERE source = ? AND force = ? AND month = ?`).run(POLICE_UK, force, month).changes;
    const insert = db.prepare(
      `INSERT INTO outcomes (source, force, month, crime_id, outcome, lon, lat, lsoa_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    rows.forEach(([crimeId, outcome, lon, lat, lsoa], i) => {
      insert.run(POLICE_UK, force, month, crimeId, outcome, lon, lat, lsoa);
      dropped.delete(crimeId);
      progress(i + 1);
    });
    refreshOutcomesFromMonth(db, POLICE_UK, force, month);
    refreshOutcomesForCrimes(db, dropped);
    recordMonth(db, unit, job.sha256, rows.length, job.now);
    recordFile(job, 'outcomes', table.rowsRead, rows.length);
  })();
  return { status: 'imported', dataset, rowsRead: table.rowsRead, stored: rows.length, replaced, duplicates: 0, rejects };
}
