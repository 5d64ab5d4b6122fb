import type { PolygonIndex } from '../../geo/polygonIndex';
import type { Store } from '../db/openStore';

/**
 * When the current ward set changes, every place (and so every incident) and every stop-and-search
 * row gets the ward of the new set that contains it. Points are few (police.uk snaps them), so each
 * distinct point is looked up once and the tables are updated by a join on (lon, lat). Returns how
 * many stored rows' ward changed (incidents and stop-and-search rows). Runs inside the caller's
 * transaction.
 */
export function reassignWards(db: Store, wards: PolygonIndex<string> | undefined): number {
  const points = db
    .prepare(`SELECT lon, lat FROM places GROUP BY lon, lat UNION SELECT lon, lat FROM stop_search GROUP BY lon, lat`)
    .raw()
    .all() as [number, number][];
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS ward_points (lon REAL, lat REAL, ward TEXT, PRIMARY KEY (lon, lat)) WITHOUT ROWID`);
  db.exec(`DELETE FROM temp.ward_points`);
  const insert = db.prepare(`INSERT INTO temp.ward_points (lon, lat, ward) VALUES (?, ?, ?)`);
  for (const [lon, lat] of points) insert.run(lon, lat, wards?.find(lon, lat) ?? null);
  const wardOf = (table: string) => `(SELECT w.ward FROM temp.ward_points w WHERE w.lon = ${table}.lon AND w.lat = ${table}.lat)`;
  // Incidents change ward with their place: count them before the places move.
  let changed = db
    .prepare(`SELECT count(*) FROM incident_rows r JOIN places ON places.id = r.place_id WHERE places.ward_code IS NOT ${wardOf('places')}`)
    .pluck()
    .get() as number;
  db.prepare(`UPDATE places SET ward_code = ${wardOf('places')} WHERE ward_code IS NOT ${wardOf('places')}`).run();
  changed += db
    .prepare(`UPDATE stop_search SET ward_code = ${wardOf('stop_search')} WHERE ward_code IS NOT ${wardOf('stop_search')}`)
    .run().changes;
  db.exec(`DELETE FROM temp.ward_points`);
  return changed;
}
