import type { Store } from '../db/openStore';
import { H3_RESOLUTIONS, type H3Resolution } from '../../geo/h3Bin';

/**
 * The incidents held column-wise in typed arrays, with strings interned. Every aggregate the API
 * serves (cells, wards, months) is one pass over these arrays, which is far faster than a GROUP BY
 * per request. Reloaded when the store's contents change.
 */
export interface IncidentCube {
  readonly version: string;
  readonly n: number;
  readonly months: readonly string[];
  readonly monthOf: Uint16Array;
  readonly categories: readonly string[];
  readonly categoryOf: Uint8Array;
  readonly cells: Readonly<Record<H3Resolution, { ids: readonly string[]; of: Int32Array; index: ReadonlyMap<string, number> }>>;
  readonly wards: readonly string[];
  /** Index into `wards`, or -1 outside every current ward. */
  readonly wardOf: Int16Array;
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  readonly locations: readonly string[];
  readonly locationOf: Int32Array;
  readonly outcomes: readonly string[];
  readonly outcomeOf: Int32Array;
}

class Interner {
  readonly ids: string[] = [];
  readonly index = new Map<string, number>();
  of(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.ids.length;
      this.ids.push(value);
      this.index.set(value, i);
    }
    return i;
  }
}

/** A cheap fingerprint of the store's incidents: changes whenever an import changes anything. */
export function storeVersion(db: Store): string {
  const row = db
    .prepare(
      `SELECT (SELECT count(*) FROM incidents) AS n, (SELECT max(id) FROM incidents) AS maxId,
              (SELECT group_concat(sha256) FROM (SELECT sha256 FROM months ORDER BY dataset, source, force, month)) AS months,
              (SELECT group_concat(id || ':' || is_current) FROM boundary_sets) AS sets`,
    )
    .get() as { n: number; maxId: number | null; months: string | null; sets: string | null };
  return `${row.n}:${row.maxId}:${row.months}:${row.sets}`;
}

export function loadCube(db: Store): IncidentCube {
  const version = storeVersion(db);
  const rows = db
    .prepare(
      `SELECT month, category, h3_7, h3_8, h3_9, h3_10, ward_code, lon, lat, location, outcome
       FROM incidents ORDER BY month, id`,
    )
    .raw()
    .all() as [string, string, string, string, string, string, string | null, number, number, string, string | null][];
  const n = rows.length;
  const months = [...new Set(rows.map((r) => r[0]))].sort();
  const monthIndex = new Map(months.map((m, i) => [m, i]));
  const categories = new Interner();
  const wards = new Interner();
  const locations = new Interner();
  const outcomes = new Interner();
  const cellInterners = Object.fromEntries(H3_RESOLUTIONS.map((r) => [r, new Interner()])) as Record<H3Resolution, Interner>;
  const cellOf = Object.fromEntries(H3_RESOLUTIONS.map((r) => [r, new Int32Array(n)])) as Record<H3Resolution, Int32Array>;
  const monthOf = new Uint16Array(n);
  const categoryOf = new Uint8Array(n);
  const wardOf = new Int16Array(n);
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  const locationOf = new Int32Array(n);
  const outcomeOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    monthOf[i] = monthIndex.get(r[0])!;
    categoryOf[i] = categories.of(r[1]);
    cellOf[7][i] = cellInterners[7].of(r[2]);
    cellOf[8][i] = cellInterners[8].of(r[3]);
    cellOf[9][i] = cellInterners[9].of(r[4]);
    cellOf[10][i] = cellInterners[10].of(r[5]);
    wardOf[i] = r[6] === null ? -1 : wards.of(r[6]);
    lon[i] = r[7];
    lat[i] = r[8];
    locationOf[i] = locations.of(r[9]);
    outcomeOf[i] = r[10] === null ? -1 : outcomes.of(r[10]);
  }
  const cellTable = (r: H3Resolution) => ({ ids: cellInterners[r].ids, of: cellOf[r], index: cellInterners[r].index });
  const cells = { 7: cellTable(7), 8: cellTable(8), 9: cellTable(9), 10: cellTable(10) };
  return {
    version, n, months, monthOf, categories: categories.ids, categoryOf, cells, wards: wards.ids, wardOf,
    lon, lat, locations: locations.ids, locationOf, outcomes: outcomes.ids, outcomeOf,
  };
}

const cache = new WeakMap<Store, IncidentCube>();

/** The cube for the store's current contents, reloading it only when an import changed them. */
export function getCube(db: Store): IncidentCube {
  const cached = cache.get(db);
  if (cached && cached.version === storeVersion(db)) return cached;
  const cube = loadCube(db);
  cache.set(db, cube);
  return cube;
}
