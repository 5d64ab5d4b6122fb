import type { Store } from '../db/openStore';
import type { PolygonGeometry } from '../../geo/pointInPolygon';

export interface Area {
  readonly code: string;
  readonly name: string;
  /** The local authority district (ONS code) the area lies in, when its boundary file says. */
  readonly lad: string | null;
  readonly centroid: [number, number];
  readonly geometry: PolygonGeometry;
}

export type AreaKind = 'ward' | 'lsoa11' | 'lsoa21' | 'msoa11';

const cache = new WeakMap<Store, Map<string, Area[]>>();

/** A study area (local authority) asked for that the store holds no wards of. */
export class UnknownAreaError extends Error {
  constructor(
    readonly code: string,
    readonly held: readonly string[],
  ) {
    super(`area ${code} is not held (held: ${held.join(', ') || 'none'})`);
  }
}

/** The local authorities the current wards belong to: each a study area of its own. */
export interface HeldArea {
  readonly code: string;
  readonly name: string;
  readonly wards: number;
}

const heldCache = new WeakMap<readonly Area[], HeldArea[]>();

export function heldAreas(db: Store): HeldArea[] {
  const wards = allCurrent(db, 'ward');
  let held = heldCache.get(wards);
  if (!held) {
    const names = new Map(
      (
        db
          .prepare(
            `SELECT a.lad_code AS code, max(a.lad_name) AS name FROM areas a JOIN boundary_sets s ON s.id = a.set_id
             WHERE s.kind = 'ward' AND s.is_current = 1 AND a.lad_code IS NOT NULL GROUP BY a.lad_code`,
          )
          .all() as { code: string; name: string | null }[]
      ).map((r) => [r.code, r.name ?? r.code]),
    );
    const counts = new Map<string, number>();
    for (const w of wards) if (w.lad) counts.set(w.lad, (counts.get(w.lad) ?? 0) + 1);
    held = [...counts].map(([code, n]) => ({ code, name: names.get(code) ?? code, wards: n })).sort((a, b) => a.code.localeCompare(b.code));
    heldCache.set(wards, held);
  }
  return held;
}

/**
 * Throws UnknownAreaError unless the store holds wards of `area` (nothing to check without one).
 * Routes call it before handing work to a thread, where the error would lose its 404.
 */
export function assertHeldArea(db: Store, area: string | undefined): void {
  if (area !== undefined) currentAreas(db, 'ward', area);
}

const byLad = new WeakMap<readonly Area[], Map<string, Area[]>>();

/**
 * Areas of the current set of a kind (the newest ward set; the only set for others), by code.
 * With `lad`, only the wards of that local authority (the study area); every held ward without.
 * Throws UnknownAreaError when the store holds no ward of `lad`.
 */
export function currentAreas(db: Store, kind: AreaKind, lad?: string): Area[] {
  const all = allCurrent(db, kind);
  if (lad === undefined || kind !== 'ward') return all;
  let perLad = byLad.get(all);
  if (!perLad) byLad.set(all, (perLad = new Map()));
  let some = perLad.get(lad);
  if (!some) {
    some = all.filter((a) => a.lad === lad);
    if (some.length === 0)
      throw new UnknownAreaError(
        lad,
        heldAreas(db).map((a) => a.code),
      );
    perLad.set(lad, some);
  }
  return some;
}

function allCurrent(db: Store, kind: AreaKind): Area[] {
  const set = db
    .prepare(`SELECT id, rank, sha256 FROM boundary_sets WHERE kind = ? ORDER BY is_current DESC, rank DESC LIMIT 1`)
    .get(kind) as { id: number; rank: string; sha256: string } | undefined;
  if (!set) return [];
  // The sha changes when a file merges another authority into the set (same id and rank).
  const key = `${kind}:${set.id}:${set.rank}:${set.sha256}`;
  let perStore = cache.get(db);
  if (!perStore) cache.set(db, (perStore = new Map()));
  const hit = perStore.get(key);
  if (hit) return hit;
  const rows = db
    .prepare(`SELECT code, name, lad_code, centroid_lon, centroid_lat, geometry FROM areas WHERE set_id = ? ORDER BY code`)
    .all(set.id) as { code: string; name: string; lad_code: string | null; centroid_lon: number; centroid_lat: number; geometry: string }[];
  const areas = rows.map((r) => ({
    code: r.code,
    name: r.name,
    lad: r.lad_code,
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
