import { h3CellsFor, type H3Cells } from '../../geo/h3Bin';
import { buildPolygonIndex, type PolygonIndex } from '../../geo/polygonIndex';
import type { PolygonGeometry } from '../../geo/pointInPolygon';
import type { Store } from '../db/openStore';

/**
 * H3 cells and current ward for a point, cached per point. police.uk snaps every incident to one
 * of a fixed set of anonymised points (about 5,800 for 196,000 Teesside incidents), so nearly all
 * lookups are cache hits: this is what makes the full import about as fast as a plain load.
 */
export interface PointBins extends H3Cells {
  ward: string | null;
}

export class PointBinner {
  private readonly cache = new Map<string, PointBins>();

  constructor(private readonly wards: PolygonIndex<string> | undefined) {}

  /** `key` identifies the point cheaply (the raw "lon,lat" text of a CSV row will do). */
  bins(key: string, lon: number, lat: number): PointBins {
    let b = this.cache.get(key);
    if (b === undefined) {
      b = { ...h3CellsFor(lon, lat), ward: this.wards?.find(lon, lat) ?? null };
      this.cache.set(key, b);
    }
    return b;
  }

  ward(lon: number, lat: number): string | null {
    return this.wards?.find(lon, lat) ?? null;
  }
}

/** The current ward set (kind 'ward', is_current = 1), as a spatial index of ward codes. */
export function currentWardIndex(db: Store): PolygonIndex<string> | undefined {
  const rows = db
    .prepare(`SELECT a.code, a.geometry FROM areas a JOIN boundary_sets s ON s.id = a.set_id WHERE s.kind = 'ward' AND s.is_current = 1`)
    .all() as { code: string; geometry: string }[];
  if (rows.length === 0) return undefined;
  return buildPolygonIndex(rows.map((r) => ({ value: r.code, geometry: JSON.parse(r.geometry) as PolygonGeometry })));
}

/** Identifies the current ward set, to tell when it has changed. */
export function currentWardSetKey(db: Store): string | null {
  const row = db.prepare(`SELECT id, sha256 FROM boundary_sets WHERE kind = 'ward' AND is_current = 1`).get() as
    { id: number; sha256: string } | undefined;
  return row ? `${row.id}:${row.sha256}` : null;
}
