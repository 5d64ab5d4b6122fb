import { restoreShadowed, storeCrimeRecords, type IncidentParams } from './crimeDedup';
import { recordFile, throttled, unchanged, type FileJob, type FileResult } from './fileJob';
import { describeUnit, recordMonth, refreshStreetMonthCount, storedMonthSha, type MonthUnit } from './monthUnits';
import { refreshOutcomesForMonth } from './outcomeRefresh';
import { readStreetRows, type StreetRows } from './streetRows';

/**
 * One police.uk street file = one (source, force, month). The file is read and checked in full
 * first (streetRows.ts); then, in one transaction (a savepoint inside the import's batch), the month's previous
 * incidents are deleted and the new ones inserted at their places (placeBook.ts: a map point's H3
 * cells and ward, held once). A Crime ID already held by another month is settled by crimeDedup
 * (newest month wins).
 */
export const POLICE_UK = 'police.uk';

export function importStreetFile(job: FileJob, force: string, month: string, text: string): FileResult {
  const unit: MonthUnit = { dataset: 'street', source: POLICE_UK, force, month };
  if (storedMonthSha(job.db, unit) === job.sha256) return unchanged(describeUnit(unit));
  return storeStreetRows(job, force, month, readStreetRows(job.file, month, text));
}

/** Stores a street file already read (readStreetRows, on this thread or another). */
export function storeStreetRows(job: FileJob, force: string, month: string, read: StreetRows): FileResult {
  const unit: MonthUnit = { dataset: 'street', source: POLICE_UK, force, month };
  const dataset = describeUnit(unit);
  if (storedMonthSha(job.db, unit) === job.sha256) return unchanged(dataset);

  const { places } = read;
  const placeIds = new Float64Array(places.lon.length);
  const newPlaces: number[] = [];
  for (let p = 0; p < placeIds.length; p++) {
    const id = job.places.find(places.lon[p], places.lat[p], places.location[p], places.lsoaCode[p], places.lsoaName[p]);
    if (id === undefined) newPlaces.push(p);
    placeIds[p] = id ?? -1;
  }
  const rows: IncidentParams[] = new Array(read.crimeId.length);
  for (let i = 0; i < rows.length; i++) {
    const crimeId = read.crimeId[i];
    const lastOutcome = read.outcomes[read.outcome[i]];
    const category = read.categories[read.category[i]];
    rows[i] = [POLICE_UK, force, month, crimeId, category, -1, lastOutcome, lastOutcome, crimeId === null ? null : read.crimeKey[i]];
  }

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

    // A new place is created inside the month's transaction, so a refused file leaves none.
    for (const p of newPlaces) {
      const lon = places.lon[p];
      const lat = places.lat[p];
      placeIds[p] = job.places.id(lon, lat, places.location[p], places.lsoaCode[p], places.lsoaName[p], () =>
        job.binner.bins(`${lon},${lat}`, lon, lat),
      );
    }
    for (let i = 0; i < rows.length; i++) rows[i][5] = placeIds[read.place[i]];
    const touched = new Set<string>();
    ({ stored, duplicates } = storeCrimeRecords(db, job.crimes, rows, touched, progress));
    for (const crimeId of toRestore) restoreShadowed(db, job.crimes, job.places, crimeId, job.binner, touched);
    refreshOutcomesForMonth(db, POLICE_UK, force, month);

    recordMonth(db, unit, job.sha256, stored, job.now);
    for (const key of touched) {
      const [s, f, m] = key.split('\u0000');
      refreshStreetMonthCount(db, s, f, m);
    }
    recordFile(job, 'street', read.rowsRead, stored);
  })();
  return { status: 'imported', dataset, rowsRead: read.rowsRead, stored, replaced, duplicates, rejects: read.rejects };
}
