import type { Store } from '../db/openStore';
import { studyAreaCells } from '../../geo/studyArea';
import { currentAreas } from './areas';

const cache = new WeakMap<Store, Map<string, string[]>>();

/**
 * The study area's cells at `res`: every cell overlapping a current ward of local authority `area`
 * (of every held ward without one), cached per ward set.
 */
export function studyArea(db: Store, res: number, area?: string): string[] {
  const wards = currentAreas(db, 'ward', area);
  const key = `${res}:${wards.map((w) => w.code).join(',')}`;
  let perStore = cache.get(db);
  if (!perStore) cache.set(db, (perStore = new Map()));
  let cells = perStore.get(key);
  if (!cells) {
    cells = studyAreaCells(
      wards.map((w) => w.geometry),
      res,
    );
    perStore.set(key, cells);
  }
  return cells;
}
