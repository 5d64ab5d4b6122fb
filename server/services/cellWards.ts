import { cellToLatLng } from 'h3-js';
import type { Store } from '../db/openStore';
import { buildPolygonIndex } from '../../geo/polygonIndex';
import { currentAreas } from './areas';
import { studyArea } from './studyArea';

const cache = new WeakMap<readonly string[], (string | null)[]>();

/** The current ward holding each study-area cell's centre (null for border cells centred outside). */
export function studyCellWards(db: Store, res: number): (string | null)[] {
  const cells = studyArea(db, res);
  let wards = cache.get(cells);
  if (!wards) {
    const index = buildPolygonIndex(currentAreas(db, 'ward').map((w) => ({ value: w.code, geometry: w.geometry })));
    wards = cells.map((c) => {
      const [lat, lon] = cellToLatLng(c);
      return index.find(lon, lat) ?? null;
    });
    cache.set(cells, wards);
  }
  return wards;
}
