/**
 * The cube kept on disk beside its store (`<store>-cube/`), so that a server starts by reading a
 * few column files instead of every incident row: reading the rows costs about 8 µs each (20M
 * rows nationally: minutes), reading the columns about a nanosecond per byte.
 *
 * The file is a cache, never a source: it is used only when its version is the store's version
 * (storeVersion), and any missing, short or unreadable part makes the reader build the cube from
 * the store again. Writing is best effort (a server may serve a store on a read-only disk) and
 * atomic: the parts go into a temporary folder renamed over the old one, so a reader never sees a
 * half-written cube.
 */
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { H3_RESOLUTIONS, type H3Resolution } from '../../geo/h3Bin';
import type { Store } from '../db/openStore';
import type { IncidentCube } from './cube';

const FORMAT = 3;

type Column = 'monthOf' | 'monthStart' | 'categoryOf' | 'wardOf' | 'lon' | 'lat' | 'locationOf' | 'outcomeOf';
type Typed = Uint8Array | Uint16Array | Int16Array | Int32Array | Float64Array;
type Kind = { new (buffer: SharedArrayBuffer): Typed; BYTES_PER_ELEMENT: number };

const COLUMNS: Record<Column, Kind> = {
  monthOf: Uint16Array,
  monthStart: Int32Array,
  categoryOf: Uint8Array,
  wardOf: Int16Array,
  lon: Float64Array,
  lat: Float64Array,
  locationOf: Int32Array,
  outcomeOf: Int32Array,
};

interface Header {
  format: number;
  version: string;
  n: number;
  months: string[];
  categories: string[];
  wards: string[];
  wardAreas: (string | null)[];
  areaBoxes: IncidentCube['areaBoxes'];
  locations: string[];
  outcomes: string[];
  cells: Record<H3Resolution, string[]>;
}

/** The folder a store's cube is kept in; null for stores without a file (in memory). */
export function cubeDir(db: Store): string | null {
  if (db.memory || !db.name || db.name === ':memory:') return null;
  return `${db.name}-cube`;
}

function readColumn(path: string, Kind: Kind, length: number): Typed {
  const bytes = length * Kind.BYTES_PER_ELEMENT;
  const fd = openSync(path, 'r');
  try {
    if (fstatSync(fd).size !== bytes) throw new Error(`${basename(path)}: ${fstatSync(fd).size} bytes, expected ${bytes}`);
    // Shared memory, as loadCube makes it, so the heavy-work threads read the same columns.
    const buffer = new SharedArrayBuffer(Math.max(1, bytes));
    const view = new Uint8Array(buffer, 0, bytes);
    let at = 0;
    while (at < bytes) {
      const got = readSync(fd, view, at, bytes - at, at);
      if (got === 0) throw new Error(`${basename(path)}: ended at byte ${at} of ${bytes}`);
      at += got;
    }
    return new Kind(buffer);
  } finally {
    closeSync(fd);
  }
}

function columnLength(column: Column, h: Header): number {
  return column === 'monthStart' ? h.months.length + 1 : h.n;
}

/** The cube kept for this store if it is of the store's current version, else null. */
export function readCubeFile(db: Store, version: string): IncidentCube | null {
  const dir = cubeDir(db);
  if (!dir || !existsSync(join(dir, 'header.json'))) return null;
  try {
    const h = JSON.parse(readFileSync(join(dir, 'header.json'), 'utf8')) as Header;
    if (h.format !== FORMAT || h.version !== version) return null;
    const col = Object.fromEntries(
      (Object.keys(COLUMNS) as Column[]).map((c) => [c, readColumn(join(dir, `${c}.bin`), COLUMNS[c], columnLength(c, h))]),
    ) as Record<Column, Typed>;
    const cells = Object.fromEntries(
      H3_RESOLUTIONS.map((r) => {
        const ids = h.cells[r];
        const of = readColumn(join(dir, `cell${r}.bin`), Int32Array, h.n) as Int32Array;
        return [r, { ids, of, index: new Map(ids.map((id, i) => [id, i])) }];
      }),
    ) as unknown as IncidentCube['cells'];
    return {
      version: h.version,
      n: h.n,
      months: h.months,
      monthOf: col.monthOf as Uint16Array,
      monthStart: col.monthStart as Int32Array,
      categories: h.categories,
      categoryOf: col.categoryOf as Uint8Array,
      cells,
      wards: h.wards,
      wardAreas: h.wardAreas,
      areaBoxes: h.areaBoxes,
      wardOf: col.wardOf as Int16Array,
      lon: col.lon as Float64Array,
      lat: col.lat as Float64Array,
      locations: h.locations,
      locationOf: col.locationOf as Int32Array,
      outcomes: h.outcomes,
      outcomeOf: col.outcomeOf as Int32Array,
    };
  } catch (err) {
    console.error(
      JSON.stringify({ level: 'warn', event: 'cube file unreadable; rebuilding from the store', dir, error: (err as Error).message }),
    );
    return null;
  }
}

function writeColumn(path: string, a: Typed, length: number): void {
  writeFileSync(path, new Uint8Array(a.buffer, a.byteOffset, length * a.BYTES_PER_ELEMENT));
}

/** Keeps `cube` beside its store; returns false (and keeps serving) when the folder is not writable. */
export function writeCubeFile(db: Store, cube: IncidentCube): boolean {
  const dir = cubeDir(db);
  if (!dir) return false;
  const tmp = join(dirname(dir), `.${basename(dir)}-${process.pid}-${Date.now()}`);
  try {
    mkdirSync(tmp);
    const h: Header = {
      format: FORMAT,
      version: cube.version,
      n: cube.n,
      months: [...cube.months],
      categories: [...cube.categories],
      wards: [...cube.wards],
      wardAreas: [...cube.wardAreas],
      areaBoxes: cube.areaBoxes,
      locations: [...cube.locations],
      outcomes: [...cube.outcomes],
      cells: Object.fromEntries(H3_RESOLUTIONS.map((r) => [r, [...cube.cells[r].ids]])) as Record<H3Resolution, string[]>,
    };
    for (const c of Object.keys(COLUMNS) as Column[]) writeColumn(join(tmp, `${c}.bin`), cube[c], columnLength(c, h));
    for (const r of H3_RESOLUTIONS) writeColumn(join(tmp, `cell${r}.bin`), cube.cells[r].of, cube.n);
    // The header last: a folder without one is never read.
    writeFileSync(join(tmp, 'header.json'), JSON.stringify(h));
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
    return true;
  } catch {
    rmSync(tmp, { recursive: true, force: true });
    return false;
  }
}
