import type { Store } from '../db/openStore';
import type { PolygonGeometry } from '../../geo/pointInPolygon';

export interface Area {
  readonly code: string;
  readonly name: string;
  readonly centroid: [number, number];
  readonly geometry: PolygonGeometry;
}

export type AreaKind = 'ward' | 'lsoa11' | 'lsoa21' | 'msoa11';

const cache = new WeakMap<Store, Map<string, Area[]>>();

/** Areas of the current set of a kind (the newest ward set; the only set for others), by code. */
export function currentAreas(db: Store, kind: AreaKind): Area[] {
  const set = db.prepare(`SELECT id, rank FROM boundary_sets WHERE kind = ? ORDER BY is_current DESC, rank DESC LIMIT 1`).get(kind) as
    { id: number; rank: string } | undefined;
  if (!set) return [];
  const key = `${kind}:${set.id}:${set.rank}`;
  let perStore = cache.get(db);
  if (!perStore) cache.set(db, (perStore = new Map()));
  const hit = perStore.get(key);
  if (hit) return hit;
  const rows = db
    .prepare(`SELECT code, name, centroid_lon, centroid_lat, geometry FROM areas WHERE set_id = ? ORDER BY code`)
    .all(set.id) as { code: string; name: string; centroid_lon: number; centroid_lat: number; geometry: string }[];
  const areas = rows.map((r) => ({
    code: r.code,
    name: r.name,
    centroid: [r.centroid_lon, r.centroid_lat] as [number, number],
    geometry: JSON.parse(r.geometry) as PolygonGeometry,
  }));
  perStore.set(key, areas);
  return areas;
}

/** One measure of a dataset for every area that has it. */
export function areaValues(db: Store, dataset: string, measure: string): Map<string, number> {
  const rows = db
    .prepare(`SELECT area_code, value FROM area_values WHERE dataset = ? AND measure = ? AND value IS NOT NULL`)
    .all(dataset, measure) as { area_code: string; value: number }[];
  return new Map(rows.map((r) => [r.area_code, r.value]));
}

export interface DatasetInfo {
  dataset: string;
  title: string;
  source: string;
  licence: string;
}

export function datasetInfo(db: Store, dataset: string): DatasetInfo | undefined {
  return db.prepare(`SELECT dataset, title, source, licence FROM datasets WHERE dataset = ?`).get(dataset) as DatasetInfo | undefined;
}
