import { categorySlug } from '../../geo/categories';
import { restoreShadowed, storeCrimeRecords, type IncidentParams } from './crimeDedup';
import { crimeKey } from '../db/crimeKey';
import { readTable } from './csvTable';
import { recordFile, throttled, unchanged, type FileJob, type FileResult } from './fileJob';
import { resolveColumns } from './headers';
import { describeUnit, recordMonth, refreshStreetMonthCount, storedMonthSha, type MonthUnit } from './monthUnits';
import { refreshOutcomesForMonth } from './outcomeRefresh';
import { STREET_COLUMNS } from './policeUkColumns';
import { checkMonth, checkPoint } from './rowChecks';
import { REJECT_REASONS, RefusedFile, type Reject } from './types';

/**
 * One police.uk street file = one (source, force, month). The file is read and checked in full
 * first; then, in one transaction (a savepoint inside the import's batch), the month's previous
 * incidents are deleted and the new ones inserted at their places (placeBook.ts: a map point's H3
 * cells and ward, held once). A Crime ID already held by another month is settled by crimeDedup
 * (newest month wins).
 */
export const POLICE_UK = 'police.uk';

export function importStreetFile(job: FileJob, force: string, month: string, text: string): FileResult {
  const unit: MonthUnit = { dataset: 'street', source: POLICE_UK, force, month };
  const dataset = describeUnit(unit);
  if (storedMonthSha(job.db, unit) === job.sha256) return unchanged(dataset);

  const rejects: Reject[] = [];
  const rows: IncidentParams[] = [];
  const seen = new Set<string>();
  const newPlaces: { row: number; lon: number; lat: number; location: string; lsoaCode: string | null; lsoaName: string | null }[] = [];
  // A month has 14 distinct "Crime type" texts among thousands of rows: map each text once.
  const slugs = new Map<string, string | undefined>();
  let c: Record<keyof typeof STREET_COLUMNS, number> | undefined;
  const table = readTable(
    text,
    job.file,
    rejects,
    (f, _line, reject) => {
      if (c === undefined) return;
      const monthProblem = checkMonth(f[c.month], month);
      if (monthProblem) return reject(monthProblem);
      const point = checkPoint(f[c.lon], f[c.lat]);
      if (typeof point === 'string') return reject(point);
      const crimeType = f[c.crimeType];
      let category = slugs.get(crimeType);
      if (category === undefined && !slugs.has(crimeType)) slugs.set(crimeType, (category = categorySlug(crimeType)));
      if (category === undefined) return reject(REJECT_REASONS.unknownCategory);
      const crimeId = f[c.crimeId].trim() || null;
      if (crimeId !== null) {
        if (seen.has(crimeId)) return reject(REJECT_REASONS.duplicateInFile);
        seen.add(crimeId);
      }
      const location = f[c.location];
      const lsoaCode = f[c.lsoaCode] || null;
      const lsoaName = f[c.lsoaName] || null;
      // A new place is created inside the month's transaction, below, so a refused file leaves none.
      const place = job.places.find(point.lon, point.lat, location, lsoaCode, lsoaName) ?? -1;
      if (place === -1) newPlaces.push({ row: rows.length, lon: point.lon, lat: point.lat, location, lsoaCode, lsoaName });
      const lastOutcome = f[c.lastOutcome] || null;
      rows.push([POLICE_UK, force, month, crimeId, category, place, lastOutcome, lastOutcome, crimeId === null ? null : crimeKey(crimeId)]);
    },
    (header) => {
      const resolved = resolveColumns(header, STREET_COLUMNS);
      if (resolved.missing.length > 0) throw new RefusedFile(`header lacks ${resolved.missing.join(', ')}`);
      c = resolved.columns;
    },
  );

  const db = job.db;
  const progress = throttled(job.progress, rows.length);
  let stored = 0;
  let replaced = 0;
  let duplicates = 0;
  db.transaction(() => {
    const toRestore = db
      .prepare(
        `SELECT crime_id FROM incident_rows WHERE source = ? AND force = ? AND month = ? AND crime_id IS NOT NULL
           AND crime_id IN (SELECT crime_id FROM incidents_shadowed)`,
      )
      .pluck()
      .all(POLICE_UK, force, month) as string[];
    replaced = db.prepare(`DELETE FROM incident_rows WHERE source = ? AND force = ? AND month = ?`).run(POLICE_UK, force, month).changes;
    db.prepare(`DELETE FROM incidents_shadowed WHERE source = ? AND force = ? AND month = ?`).run(POLICE_UK, force, month);

    for (const p of newPlaces) {
      rows[p.row][5] = job.places.id(p.lon, p.lat, p.location, p.lsoaCode, p.lsoaName, () =>
        job.binner.bins(`${p.lon},${p.lat}`, p.lon, p.lat),
      );
    }
    const touched = new Set<string>();
    ({ stored, duplicates } = storeCrimeRecords(db, job.crimes, rows, touched, progress));
    for (const crimeId of toRestore) restoreShadowed(db, job.crimes, job.places, crimeId, job.binner, touched);
    refreshOutcomesForMonth(db, POLICE_UK, force, month);

    recordMonth(db, unit, job.sha256, stored, job.now);
    for (const key of touched) {
      const [s, f, m] = key.split('\u0000');
      refreshStreetMonthCount(db, s, f, m);
    }
    recordFile(job, 'street', table.rowsRead, stored);
  })();
  return { status: 'imported', dataset, rowsRead: table.rowsRead, stored, replaced, duplicates, rejects };
}
