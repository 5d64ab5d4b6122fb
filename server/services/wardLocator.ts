import type { Store } from '../db/openStore';
import { wardIndex } from './cellWards';
import { currentAreas, type Area } from './areas';

export interface WardRef {
  code: string;
  name: string;
}

const cache = new WeakMap<readonly Area[], (lon: number, lat: number) => WardRef | null>();

/** A lookup of the current ward holding a point (null outside every ward), cached with the ward set. */
export function wardLocator(db: Store): (lon: number, lat: number) => WardRef | null {
  const wards = currentAreas(db, 'ward');
  let find = cache.get(wards);
  if (!find) {
    const byCode = new Map(wards.map((w) => [w.code, { code: w.code, name: w.name }]));
    const index = wardIndex(db);
    find = (lon, lat) => {
      const code = index.find(lon, lat);
      return code === undefined || code === null ? null : (byCode.get(code) ?? null);
    };
    cache.set(wards, find);
  }
  return find;
}
