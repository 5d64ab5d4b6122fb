import { cellToLatLng } from 'h3-js';
import type { Store } from '../db/openStore';
import { buildPolygonIndex, type PolygonIndex } from '../../geo/polygonIndex';
import { currentAreas, type Area } from './areas';
import { studyArea } from './studyArea';

const indexCache = new WeakMap<readonly Area[], PolygonIndex<string>>();

/** The current wards' polygon index, built once per ward set (shared with wardLocator and cellDescriptors). */
export function wardIndex(db: Store): PolygonIndex<string> {
  const wards = currentAreas(db, 'ward');
  let index = indexCache.get(wards);
  if (!index) indexCache.set(wards, (index = buildPolygonIndex(wards.map((w) => ({ value: w.code, geometry: w.geometry })))));
  return index;
}

/** The ward holding each cell's centre, the one rule every answer uses so a cell has one ward everywhere. */
function centreWards(index: PolygonIndex<string>, cells: readonly string[]): (string | null)[] {
  return cells.map((c) => {
    const [lat, lon] = cellToLatLng(c);
    return index.find(lon, lat) ?? null;
  });
}

const studyCache = new WeakMap<readonly string[], (string | null)[]>();

/** The current ward holding each study-area cell's centre (null for border cells centred outside). */
export function studyCellWards(db: Store, res: number, area?: string): (string | null)[] {
  const cells = studyArea(db, res, area);
  let wards = studyCache.get(cells);
  if (!wards) studyCache.set(cells, (wards = centreWards(wardIndex(db), cells)));
  return wards;
}

// Keyed by the cube's cell list (a new cube, a new list) and checked against the ward index, so a
// boundary import without new incidents still recomputes.
const listCache = new WeakMap<readonly string[], { index: PolygonIndex<string>; wards: (string | null)[] }>();

/**
 * The ward holding the centre of each cell of `cells`, in order: computed once per cell list and
 * ward set, so an answer over a cube's cells pays one array read per cell.
 */
export function cellListWards(db: Store, cells: readonly string[]): (string | null)[] {
  const index = wardIndex(db);
  let hit = listCache.get(cells);
  if (!hit || hit.index !== index) listCache.set(cells, (hit = { index, wards: centreWards(index, cells) }));
  return hit.wards;
}
