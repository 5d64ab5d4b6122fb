import { createHash } from 'node:crypto';
import type { Store } from '../../server/db/openStore';

/**
 * A checksum of everything an import can change, table by table, rows in a stable order: equal
 * checksums before and after mean the store's contents did not change at all.
 */
const TABLES: Record<string, string> = {
  // Not place_id: which id a place gets depends on the order its months arrived in.
  incidents: `SELECT id, source, force, month, crime_id, category, lon, lat, location, lsoa_code, lsoa_name, last_outcome, outcome,
                     outcome_month, h3_7, h3_8, h3_9, h3_10, ward_code, crime_key FROM incidents ORDER BY id`,
  incidents_shadowed: 'SELECT * FROM incidents_shadowed ORDER BY rowid',
  months: 'SELECT * FROM months ORDER BY dataset, source, force, month',
  outcomes: 'SELECT * FROM outcomes ORDER BY rowid',
  stop_search: 'SELECT * FROM stop_search ORDER BY id',
  boundary_sets: 'SELECT * FROM boundary_sets ORDER BY id',
  areas: 'SELECT * FROM areas ORDER BY set_id, code',
  area_values: 'SELECT * FROM area_values ORDER BY dataset, area_code, measure',
  datasets: 'SELECT * FROM datasets ORDER BY dataset',
  pois: 'SELECT * FROM pois ORDER BY id',
  import_files: 'SELECT * FROM import_files ORDER BY path, kind',
  categories: 'SELECT * FROM categories ORDER BY slug',
};

export function tableChecksums(db: Store): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [table, sql] of Object.entries(TABLES)) {
    const h = createHash('sha256');
    for (const row of db.prepare(sql).raw().iterate()) h.update(JSON.stringify(row) + '\n');
    out[table] = h.digest('hex').slice(0, 16);
  }
  return out;
}

/** Incidents as content only (no ids, which depend on insertion order). */
export function incidentContentChecksum(db: Store): string {
  const h = createHash('sha256');
  const rows = db
    .prepare(
      `SELECT source, force, month, crime_id, category, lon, lat, location, lsoa_code, lsoa_name, last_outcome, outcome,
              outcome_month, h3_7, h3_8, h3_9, h3_10, ward_code FROM incidents
       ORDER BY month, crime_id, lon, lat, category, location, lsoa_code`,
    )
    .raw()
    .iterate();
  for (const row of rows) h.update(JSON.stringify(row) + '\n');
  return h.digest('hex');
}
