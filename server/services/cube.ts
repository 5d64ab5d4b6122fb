import { createHash } from 'node:crypto';
import type { Store } from '../db/openStore';
import { H3_RESOLUTIONS, type H3Resolution } from '../../geo/h3Bin';
import { importInProgress } from '../db/importLock';
import { readCubeFile, writeCubeFile } from './cubeFile';

/**
 * The incidents held column-wise in typed arrays, with strings interned. Every aggregate the API
 * serves (cells, wards, months) is one pass over these arrays, which is far faster than a GROUP BY
 * per request. Reloaded when the store's contents change.
 *
 * The arrays live in SharedArrayBuffers so the heavy-work threads read the same cube without a
 * copy and without loading the store a second time (see cubeSnapshot).
 */
export interface IncidentCube {
  readonly version: string;
  readonly n: number;
  readonly months: readonly string[];
  readonly monthOf: Uint16Array;
  /**
   * Rows are ordered by month: month m's rows are monthStart[m] .. monthStart[m + 1] - 1, so a
   * window's aggregate reads only its own months' rows (see windowRows).
   */
  readonly monthStart: Int32Array;
  readonly categories: readonly string[];
  readonly categoryOf: Uint8Array;
  readonly cells: Readonly<Record<H3Resolution, { ids: readonly string[]; of: Int32Array; index: ReadonlyMap<string, number> }>>;
  readonly wards: readonly string[];
  /** The local authority (ONS code) of each of `wards`, so a selection can keep to one study area. */
  readonly wardAreas: readonly (string | null)[];
  /**
   * Each held study area's wards' extent [minLon, minLat, maxLon, maxLat], widened by AREA_MARGIN:
   * the rows inside it are the only rows an answer for that area can count (see areaRows).
   */
  readonly areaBoxes: Readonly<Record<string, readonly [number, number, number, number]>>;
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

/**
 * A fingerprint of the store's incidents that changes whenever an import changes anything: every
 * import writes the months table (a month's rows replaced whole, with its content hash and time) or
 * a boundary set (wards reassigned), and inserts raise the highest id. It reads those small tables
 * and the last rowid, never the incidents: a count(*) over 20M rows takes 16 s from a cold disk.
 */
export function storeVersion(db: Store): string {
  const row = db
    .prepare(
      `SELECT (SELECT max(id) FROM incident_rows) AS maxId,
              (SELECT group_concat(k, ',') FROM (SELECT dataset || '/' || source || '/' || force || '/' || month || ':' || sha256 || ':' || rows_stored || ':' || imported_at AS k
                 FROM months ORDER BY dataset, source, force, month)) AS months,
              (SELECT group_concat(id || ':' || is_current || ':' || sha256, ',') FROM boundary_sets) AS sets`,
    )
    .get() as { maxId: number | null; months: string | null; sets: string | null };
  // Condensed to one short token, shown in /api/health and used in every cache key.
  const digest = createHash('sha256').update(`${row.months}\n${row.sets}`).digest('hex').slice(0, 16);
  return `${row.maxId ?? 0}:${digest}`;
}

/**
 * Where each month's rows start in a month-ordered cube: an array of months.length + 1 offsets.
 * Throws if the rows are not in month order, because every windowed aggregate relies on it.
 */
export function monthStarts(monthOf: ArrayLike<number>, n: number, months: number, out = new Int32Array(months + 1)): Int32Array {
  let row = 0;
  for (let m = 0; m < months; m++) {
    out[m] = row;
    while (row < n && monthOf[row] === m) row++;
  }
  out[months] = row;
  if (row !== n) throw new Error(`cube rows are not in month order (row ${row} is month ${monthOf[row]})`);
  return out;
}

/**
 * The [start, end) rows holding months lo..hi (indices into cube.months, inclusive), clipped to the
 * months held; empty when lo > hi.
 */
export function windowRows(cube: Pick<IncidentCube, 'monthStart' | 'months'>, lo: number, hi: number): [number, number] {
  const first = Math.max(0, lo);
  const last = Math.min(cube.months.length - 1, hi);
  if (first > last) return [0, 0];
  return [cube.monthStart[first], cube.monthStart[last + 1]];
}

function shared<T extends Uint8Array | Uint16Array | Int16Array | Int32Array | Float64Array>(
  Kind: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
  n: number,
): T {
  return new Kind(new SharedArrayBuffer(Math.max(1, n) * Kind.BYTES_PER_ELEMENT));
}

type CubeRow = [month: string, category: string, placeId: number, outcome: string | null];
type PlaceRow = [
  id: number,
  h3_7: string,
  h3_8: string,
  h3_9: string,
  h3_10: string,
  ward: string | null,
  lon: number,
  lat: number,
  location: string,
];

/**
 * Reads every incident into a new cube. Rows are streamed (iterate), so the JS heap never holds
 * the whole result set as row arrays at once.
 */
export function loadCube(db: Store): IncidentCube {
  const version = storeVersion(db);
  const n = (db.prepare('SELECT count(*) AS n FROM incident_rows').get() as { n: number }).n;
  const monthList = db.prepare('SELECT DISTINCT month FROM incident_rows ORDER BY month').pluck().all() as string[];
  const monthIndex = new Map(monthList.map((m, i) => [m, i]));
  const categories = new Interner();
  const wards = new Interner();
  const locations = new Interner();
  const outcomes = new Interner();
  const cellInterners = Object.fromEntries(H3_RESOLUTIONS.map((r) => [r, new Interner()])) as Record<H3Resolution, Interner>;
  const cellOf = Object.fromEntries(H3_RESOLUTIONS.map((r) => [r, shared(Int32Array, n)])) as Record<H3Resolution, Int32Array>;
  const monthOf = shared(Uint16Array, n);
  const categoryOf = shared(Uint8Array, n);
  const wardOf = shared(Int16Array, n);
  const lon = shared(Float64Array, n);
  const lat = shared(Float64Array, n);
  const locationOf = shared(Int32Array, n);
  const outcomeOf = shared(Int32Array, n);
  // Places (police.uk map points) are few: read them whole, then stream the slim incident rows.
  // Each place's strings are interned when a row first meets it, so every interned list keeps the
  // order of first appearance in (month, id) order, as when each row carried its own strings.
  const places = db.prepare(`SELECT id, h3_7, h3_8, h3_9, h3_10, ward_code, lon, lat, location FROM places`).raw().all() as PlaceRow[];
  const slotOf = new Map<number, number>();
  places.forEach((p, slot) => slotOf.set(p[0], slot));
  const interned = new Int32Array(places.length * 6).fill(-2); // per place: cells 7-10, ward, location
  const rows = db
    .prepare(`SELECT month, category, place_id, outcome FROM incident_rows ORDER BY month, id`)
    .raw()
    .iterate() as IterableIterator<CubeRow>;
  let i = 0;
  for (const r of rows) {
    // Inside one read, the count cannot move; guard anyway so a bad count never overruns.
    if (i >= n) break;
    const slot = slotOf.get(r[2]);
    if (slot === undefined) throw new Error(`incident row ${i} refers to place ${r[2]}, which the store does not hold`);
    const p = places[slot];
    const at = slot * 6;
    if (interned[at] === -2) {
      interned[at] = cellInterners[7].of(p[1]);
      interned[at + 1] = cellInterners[8].of(p[2]);
      interned[at + 2] = cellInterners[9].of(p[3]);
      interned[at + 3] = cellInterners[10].of(p[4]);
      interned[at + 4] = p[5] === null ? -1 : wards.of(p[5]);
      interned[at + 5] = locations.of(p[8]);
    }
    monthOf[i] = monthIndex.get(r[0])!;
    categoryOf[i] = categories.of(r[1]);
    cellOf[7][i] = interned[at];
    cellOf[8][i] = interned[at + 1];
    cellOf[9][i] = interned[at + 2];
    cellOf[10][i] = interned[at + 3];
    wardOf[i] = interned[at + 4];
    lon[i] = p[6];
    lat[i] = p[7];
    locationOf[i] = interned[at + 5];
    outcomeOf[i] = r[3] === null ? -1 : outcomes.of(r[3]);
    i++;
  }
  const monthStart = monthStarts(monthOf, i, monthList.length, shared(Int32Array, monthList.length + 1));
  const ladOf = new Map(
    (
      db
        .prepare(
          `SELECT a.code, a.lad_code FROM areas a JOIN boundary_sets s ON s.id = a.set_id WHERE s.kind = 'ward' AND s.is_current = 1`,
        )
        .raw()
        .all() as [string, string | null][]
    ).map(([code, lad]) => [code, lad]),
  );
  const cellTable = (r: H3Resolution) => ({ ids: cellInterners[r].ids, of: cellOf[r], index: cellInterners[r].index });
  const cells = { 7: cellTable(7), 8: cellTable(8), 9: cellTable(9), 10: cellTable(10) };
  return {
    version,
    n: i,
    months: monthList,
    monthOf,
    monthStart,
    categories: categories.ids,
    categoryOf,
    cells,
    wards: wards.ids,
    wardAreas: wards.ids.map((w) => ladOf.get(w) ?? null),
    areaBoxes: areaExtents(db),
    wardOf,
    lon,
    lat,
    locations: locations.ids,
    locationOf,
    outcomes: outcomes.ids,
    outcomeOf,
  };
}

/**
 * The store's cube: the one kept beside the store when it is of the store's version (a start-up
 * that reads columns, not rows), else read from the store and kept for the next start.
 */
export function openCube(db: Store): IncidentCube {
  const kept = readCubeFile(db, storeVersion(db));
  if (kept) return kept;
  const cube = loadCube(db);
  writeCubeFile(db, cube);
  return cube;
}

/**
 * How far beyond its wards an area's answers can reach: a cell overlapping a ward counts every
 * incident in it, and no point of an H3 res-7 cell (the coarsest offered; edges under 1.6 km) is
 * more than about 3.2 km from the cell's edge. 5 km of latitude, and its equal in longitude at
 * the box's latitude, leave room to spare.
 */
export const AREA_MARGIN_KM = 5;

/** Rows in month order: all of them (rows null, row j is j) or a subset, with where each month starts. */
export interface RowSet {
  readonly rows: Int32Array | null;
  readonly monthStart: Int32Array;
}

const rowSets = new WeakMap<IncidentCube, Map<string, RowSet>>();

/**
 * The rows an answer for study area `area` can count: those inside its widened extent, in month
 * order. Built once per cube and area (one pass over the rows), so an area's aggregates read its own
 * rows only, however many areas the store holds. Every row without an area (or one not held).
 */
export function areaRows(cube: IncidentCube, area: string | undefined): RowSet {
  const box = area === undefined ? undefined : cube.areaBoxes[area];
  if (!box) return { rows: null, monthStart: cube.monthStart };
  let perCube = rowSets.get(cube);
  if (!perCube) rowSets.set(cube, (perCube = new Map()));
  let set = perCube.get(area!);
  if (!set) {
    const [minLon, minLat, maxLon, maxLat] = box;
    const picked: number[] = [];
    const monthStart = new Int32Array(cube.months.length + 1);
    for (let m = 0; m < cube.months.length; m++) {
      monthStart[m] = picked.length;
      for (let i = cube.monthStart[m]; i < cube.monthStart[m + 1]; i++) {
        const x = cube.lon[i];
        const y = cube.lat[i];
        if (x >= minLon && x <= maxLon && y >= minLat && y <= maxLat) picked.push(i);
      }
    }
    monthStart[cube.months.length] = picked.length;
    set = { rows: Int32Array.from(picked), monthStart };
    perCube.set(area!, set);
  }
  return set;
}

/** The rows of a selection's months (lo..hi) and study area: row j of the run is rows?.[j] ?? j. */
export function selectedRows(
  cube: IncidentCube,
  sel: { monthLo: number; monthHi: number; area?: string },
): { rows: Int32Array | null; start: number; end: number } {
  const set = areaRows(cube, sel.area);
  const [start, end] = windowRows({ months: cube.months, monthStart: set.monthStart }, sel.monthLo, sel.monthHi);
  return { rows: set.rows, start, end };
}

/** The widened extents of the current wards of each local authority. */
function areaExtents(db: Store): Record<string, [number, number, number, number]> {
  const boxes: Record<string, [number, number, number, number]> = {};
  const rows = db
    .prepare(
      `SELECT a.lad_code, a.geometry FROM areas a JOIN boundary_sets s ON s.id = a.set_id
       WHERE s.kind = 'ward' AND s.is_current = 1 AND a.lad_code IS NOT NULL`,
    )
    .raw()
    .iterate() as IterableIterator<[string, string]>;
  for (const [lad, geometry] of rows) {
    const g = JSON.parse(geometry) as { type: string; coordinates: number[][][] | number[][][][] };
    const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as number[][][][];
    const b = (boxes[lad] ??= [Infinity, Infinity, -Infinity, -Infinity]);
    for (const p of polys)
      for (const [x, y] of p[0]) {
        if (x < b[0]) b[0] = x;
        if (y < b[1]) b[1] = y;
        if (x > b[2]) b[2] = x;
        if (y > b[3]) b[3] = y;
      }
  }
  for (const b of Object.values(boxes)) {
    const dLat = AREA_MARGIN_KM / 111.2;
    const dLon = dLat / Math.cos((Math.max(Math.abs(b[1]), Math.abs(b[3])) * Math.PI) / 180);
    b[0] -= dLon;
    b[1] -= dLat;
    b[2] += dLon;
    b[3] += dLat;
  }
  return boxes;
}

/** A cube as a message: the shared arrays travel by reference, the string tables by copy. */
export type CubeSnapshot = Omit<IncidentCube, 'cells'> & { cells: Record<H3Resolution, { ids: readonly string[]; of: Int32Array }> };

export function cubeSnapshot(cube: IncidentCube): CubeSnapshot {
  const cells = Object.fromEntries(
    H3_RESOLUTIONS.map((r) => [r, { ids: cube.cells[r].ids, of: cube.cells[r].of }]),
  ) as CubeSnapshot['cells'];
  return { ...cube, cells };
}

export function cubeFromSnapshot(s: CubeSnapshot): IncidentCube {
  const cells = Object.fromEntries(
    H3_RESOLUTIONS.map((r) => [r, { ids: s.cells[r].ids, of: s.cells[r].of, index: new Map(s.cells[r].ids.map((id, i) => [id, i])) }]),
  ) as unknown as IncidentCube['cells'];
  return { ...s, cells };
}

interface Held {
  cube: IncidentCube;
  /**
   * When the cube was last confirmed: SQLite's data_version (commits by other connections), this
   * connection's total_changes (its own row changes) and schema_version (tables made or dropped).
   */
  dataVersion: number;
  changes: number;
  schema: number;
  /** A replacement being read off the request thread, if one is under way. */
  loading?: Promise<void>;
}

const held = new WeakMap<Store, Held>();
const adopted = new WeakMap<Store, IncidentCube>();
const changesStatement = new WeakMap<Store, () => number>();

function totalChanges(db: Store): number {
  let read = changesStatement.get(db);
  if (!read) {
    const stmt = db.prepare('SELECT total_changes()').pluck();
    changesStatement.set(db, (read = () => stmt.get() as number));
  }
  return read();
}

type Marks = { dataVersion: number; changes: number; schema: number };

function marks(db: Store): Marks {
  return {
    dataVersion: db.pragma('data_version', { simple: true }) as number,
    changes: totalChanges(db),
    schema: db.pragma('schema_version', { simple: true }) as number,
  };
}

/** How a replacement cube is read when another process changed the store; set by the server. */
type BackgroundLoader = (path: string) => Promise<IncidentCube>;
let backgroundLoader: BackgroundLoader | null = null;

export function setBackgroundCubeLoader(loader: BackgroundLoader | null): void {
  backgroundLoader = loader;
}

/** A heavy-work thread serves the cube the request thread sent it, never one of its own. */
export function adoptCube(db: Store, cube: IncidentCube): void {
  adopted.set(db, cube);
}

/**
 * The cube for the store's current contents. Checking costs two SQLite calls (data_version and
 * total_changes), not a scan. When this connection wrote (an import in this process), the cube is
 * rebuilt at once. When another process wrote, the old cube is served until that import has
 * finished (its lock is gone) and a new cube has been read off the request thread; then it is
 * swapped in whole, so no request ever sees half an import.
 */
export function getCube(db: Store): IncidentCube {
  const own = adopted.get(db);
  if (own) return own;
  const h = held.get(db);
  if (!h) return reload(db);
  const now = marks(db);
  if (now.dataVersion === h.dataVersion && now.changes === h.changes && now.schema === h.schema) return h.cube;
  if (now.changes !== h.changes || now.schema !== h.schema || !backgroundLoader) {
    if (importInProgress(db.name) && backgroundLoader) return h.cube;
    return storeVersion(db) === h.cube.version ? confirm(db, h, now).cube : reload(db);
  }
  if (h.loading || importInProgress(db.name)) return h.cube;
  if (storeVersion(db) === h.cube.version) {
    confirm(db, h, now);
    return h.cube;
  }
  // Marks from before the read: anything committed while it runs is seen on a later request.
  const before = now;
  h.loading = backgroundLoader(db.name).then(
    (cube) => {
      held.set(db, { cube, ...before });
    },
    (err: unknown) => {
      console.error(
        JSON.stringify({ level: 'error', event: 'cube reload failed', error: err instanceof Error ? err.message : String(err) }),
      );
      h.loading = undefined;
    },
  );
  return h.cube;
}

function confirm(db: Store, h: Held, now: Marks): Held {
  h.dataVersion = now.dataVersion;
  h.changes = now.changes;
  h.schema = now.schema;
  return h;
}

function reload(db: Store): IncidentCube {
  const before = marks(db);
  const cube = openCube(db);
  held.set(db, { cube, ...before });
  return cube;
}

/** Waits for a background reload under way, if any (tests, and the server's shutdown). */
export async function cubeSettled(db: Store): Promise<void> {
  await held.get(db)?.loading;
}

/** The cache key of answers built from this store: its cube's version (see http/responseCache). */
export function dataVersion(db: Store): () => string {
  return () => `${db.name}\n${getCube(db).version}`;
}
