/**
 * A second study area for tests of a store of several local authorities: Stockton's real wards
 * and street months moved together, by bench:scale's copy offset, to a place of their own, under
 * another authority's code. The shared data hold Stockton's boundaries only, so the second area's
 * boundaries are synthetic; its incidents are real rows moved with them, so every figure of the
 * copy has an exact expected value: the same as Stockton's own.
 */
import Database from 'better-sqlite3';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyOffset, writeCopies } from '../../bench/scale/syntheticNation';
import { openStore } from '../../server/db/openStore';
import { importFiles } from '../../server/import';
import { REAL_DATA_DIR, realStore } from '../setup/realStore';

type Ring = [number, number][];
type Geometry = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
interface WardFeature {
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: Geometry;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export interface SyntheticArea {
  lad: string;
  ladName: string;
  wardsFile: string;
  streetFiles: string[];
  /** Stockton ward code -> the copy's ward code. */
  wardCode: Map<string, string>;
  offset: { dLon: number; dLat: number };
}

/** Writes the copy's ward file and the copies of `streetFiles` into `dir`. */
export function writeSyntheticArea(
  dir: string,
  realWards: string,
  streetFiles: readonly string[],
  opts: { copy: number; lad: string; ladName: string; wardPrefix: string },
): SyntheticArea {
  const offset = copyOffset(opts.copy);
  const move = (ring: Ring): Ring => ring.map(([x, y]) => [round6(x + offset.dLon), round6(y + offset.dLat)]);
  const real = JSON.parse(readFileSync(realWards, 'utf8')) as { features: WardFeature[] };
  const wardCode = new Map<string, string>();
  const features = real.features.map((f, i) => {
    const code = `${opts.wardPrefix}${String(i + 1).padStart(9 - opts.wardPrefix.length, '0')}`;
    wardCode.set(String(f.properties.ward_code), code);
    const g = f.geometry;
    const geometry: Geometry =
      g.type === 'Polygon'
        ? { type: 'Polygon', coordinates: g.coordinates.map(move) }
        : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(move)) };
    return {
      type: 'Feature',
      properties: {
        ...f.properties,
        ward_code: code,
        ward_name: `${String(f.properties.ward_name)} (copy)`,
        lad_code: opts.lad,
        lad_name: opts.ladName,
        centroid_lon: round6(Number(f.properties.centroid_lon) + offset.dLon),
        centroid_lat: round6(Number(f.properties.centroid_lat) + offset.dLat),
      },
      geometry,
    };
  });
  const wardsFile = join(dir, `wards-${opts.lad}.geojson`);
  writeFileSync(wardsFile, JSON.stringify({ type: 'FeatureCollection', features }));
  const out: string[] = [];
  for (const f of streetFiles) {
    const written = writeCopies(f, dir, opts.copy + 1);
    // Only the moved copy: the real month is in the store already.
    written.slice(0, opts.copy).forEach((g) => rmSync(g.path));
    out.push(written[opts.copy].path);
  }
  return { lad: opts.lad, ladName: opts.ladName, wardsFile, streetFiles: out, wardCode, offset };
}

export const SECOND_AREA = { lad: 'E06000002', ladName: 'Middlesbrough', months: ['2025-10', '2025-11'] } as const;
export const REAL_WARDS = join(REAL_DATA_DIR, 'boundaries', 'wards.geojson');

/**
 * A copy of the real store with a second study area beside Stockton: "Middlesbrough" (E06000002),
 * Stockton's wards and two months of its rows moved by copy 1's offset. Returns the store's path.
 */
export function twoAreaStore(dir: string): { path: string; copy: SyntheticArea } {
  const path = join(dir, 'two-areas.db');
  const src = new Database(realStore(), { readonly: true });
  src.exec(`VACUUM INTO '${path.replace(/'/g, "''")}'`);
  src.close();
  const copy = writeSyntheticArea(
    dir,
    REAL_WARDS,
    SECOND_AREA.months.map((m) => join(REAL_DATA_DIR, 'police-uk', `${m}-cleveland-street.csv`)),
    { copy: 1, lad: SECOND_AREA.lad, ladName: SECOND_AREA.ladName, wardPrefix: 'E0599' },
  );
  const db = openStore(path);
  try {
    const summary = importFiles(db, [copy.wardsFile, ...copy.streetFiles]);
    if (!summary.ok) throw new Error(`the second area was refused: ${JSON.stringify(summary.refused)}`);
  } finally {
    db.close();
  }
  return { path, copy };
}
