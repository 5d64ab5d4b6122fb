import type { PolygonIndex } from '../../geo/polygonIndex';
import type { Store } from '../db/openStore';

/**
 * When the current ward set changes, every incident and stop-and-search row gets the ward of the
 * new set that contains it. Points are few (police.uk snaps them), so each distinct point is
 * looked up once and the tables are updated by a join on (lon, lat). Returns how many rows'
 * ward changed. Runs inside the caller's transaction.
 */
export function reassignWards(db: Store, wards: PolygonIndex<string> | undefined): number {
  const points = db
    .prepare(`SELECT lon, lat FROM incidents GROUP BY lon, lat UNION SELECT lon, lat FROM stop_search GROUP BY lon, lat`)
    .raw()
    .all() as [number, number][];
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS ward_points (lon REAL, lat REAL, ward TEXT, PRIMARY KEY (lon, lat)) WITHOUT ROWID`);
  db.exec(`DELETE FROM temp.ward_points`);
  const insert = db.prepare(`INSERT INTO temp.ward_points (lon, lat, ward) VALUES (?, ?, ?)`);
  for (const [lon, lat] of points) insert.run(lon, lat, wards?.find(lon, lat) ?? null);
  let changed = 0;
  for (const table of ['incidents', 'stop_search']) {
    const ward = `(SELECT w.ward FROM temp.ward_points w WHERE w.lon = ${table}.lon AND w.lat = ${table}.lat)`;
    changed += db.prepare(`UPDATE ${table} SET ward_code = ${ward} WHERE ward_code IS NOT ${ward}`).run().changes;
  }
  db.exec(`DELETE FROM temp.ward_points`);
  return changed;
}
