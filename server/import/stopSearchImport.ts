import { readTable } from './csvTable';
import { recordFile, throttled, unchanged, type FileJob, type FileResult } from './fileJob';
import { resolveColumns } from './headers';
import { londonMonth } from './londonMonth';
import { describeUnit, recordMonth, storedMonthSha, type MonthUnit } from './monthUnits';
import { STOP_SEARCH_COLUMNS, STOP_SEARCH_OPTIONAL } from './policeUkColumns';
import { checkPoint } from './rowChecks';
import { POLICE_UK } from './streetImport';
import { REJECT_REASONS, RefusedFile, type Reject } from './types';

/**
 * One police.uk stop-and-search file = one (source, force, month). Searches without a location
 * cannot be mapped and are rejected as 'missing coordinates' (the store needs a point); the date
 * must fall in the file's month, London time.
 */
export function importStopSearchFile(job: FileJob, force: string, month: string, text: string): FileResult {
  const unit: MonthUnit = { dataset: 'stop-search', source: POLICE_UK, force, month };
  const dataset = describeUnit(unit);
  if (storedMonthSha(job.db, unit) === job.sha256) return unchanged(dataset);

  const rejects: Reject[] = [];
  const rows: unknown[][] = [];
  let c: Record<string, number> | undefined;
  const opt = (f: string[], key: keyof typeof STOP_SEARCH_OPTIONAL) => (c![key] >= 0 ? f[c![key]] || null : null);
  const table = readTable(
    text,
    job.file,
    rejects,
    (f, _line, reject) => {
      if (c === undefined) return;
      const ms = Date.parse(f[c.date]);
      if (Number.isNaN(ms)) return reject(REJECT_REASONS.badDate);
      if (londonMonth(ms) !== month) return reject(REJECT_REASONS.otherMonth);
      const point = checkPoint(f[c.lon], f[c.lat]);
      if (typeof point === 'string') return reject(point);
      const bins = job.binner.bins(`${f[c.lon]},${f[c.lat]}`, point.lon, point.lat);
      rows.push([
        POLICE_UK,
        force,
        month,
        f[c.type] || null,
        f[c.date],
        point.lon,
        point.lat,
        opt(f, 'gender'),
        opt(f, 'ageRange'),
        opt(f, 'selfEthnicity'),
        opt(f, 'officerEthnicity'),
        opt(f, 'legislation'),
        opt(f, 'object'),
        opt(f, 'outcome'),
        opt(f, 'outcomeLinked'),
        opt(f, 'removal'),
        bins.h3_9,
        bins.ward,
      ]);
    },
    (header) => {
      const resolved = resolveColumns(header, STOP_SEARCH_COLUMNS, STOP_SEARCH_OPTIONAL);
      if (resolved.missing.length > 0) throw new RefusedFile(`header lacks ${resolved.missing.join(', ')}`);
      c = resolved.columns;
    },
  );

  const db = job.db;
  const progress = throttled(job.progress, rows.length);
  let replaced = 0;
  db.transaction(() => {
    replaced = db.prepare(`DELETE FROM stop_search WHERE source = ? AND force = ? AND month = ?`).run(POLICE_UK, force, month).changes;
    const insert = db.prepare(
      `INSERT INTO stop_search (source, force, month, type, date, lon, lat, gender, age_range, self_ethnicity, officer_ethnicity,
         legislation, object, outcome, outcome_linked, removal, h3_9, ward_code)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    rows.forEach((r, i) => {
      insert.run(...r);
      progress(i + 1);
    });
    recordMonth(db, unit, job.sha256, rows.length, job.now);
    recordFile(job, 'stop-search', table.rowsRead, rows.length);
  })();
  return { status: 'imported', dataset, rowsRead: table.rowsRead, stored: rows.length, replaced, duplicates: 0, rejects };
}
