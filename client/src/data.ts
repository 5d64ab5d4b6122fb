/**
 * Loads what the visible layers need for one state (or one frame of the play button), in
 * parallel, and reports each layer's failure on its own so one missing endpoint never blanks the map.
 */
import {
  api,
  plainError,
  type AreaCollection,
  type FilterParams,
  type HexesResponse,
  type HotspotsResponse,
  type OverlapResponse,
  type TrendsResponse,
  type WardsResponse,
} from './api';
import type { AppState } from './state/url';

export type DataKey = 'hotspots' | 'hexes' | 'overlap' | 'trends' | 'wards' | 'lsoa';

export interface Loaded {
  /** Identifies the request set; the map marks a redraw as done when it has drawn this key. */
  key: string;
  res: number;
  filter: FilterParams;
  frame: string | null;
  hotspots?: HotspotsResponse;
  hexes?: HexesResponse;
  overlap?: OverlapResponse;
  trends?: TrendsResponse;
  wards?: WardsResponse;
  lsoa?: AreaCollection;
  errors: Partial<Record<DataKey, string>>;
}

export function filterParams(s: AppState, frame: string | null = null): FilterParams {
  const f: FilterParams = { from: frame ?? s.from, to: frame ?? s.to, weight: s.weight };
  if (s.area) f.area = s.area;
  if (s.harm.startsWith('cat:')) f.categories = s.harm.slice(4);
  else if (s.harm !== 'all') f.harm = s.harm;
  if (s.asbWeight !== null && s.weight !== 'count') f.asbWeight = s.asbWeight;
  return f;
}

export interface Needs {
  hotspots: boolean;
  hexes: boolean;
  overlap: boolean;
  trends: boolean;
  lsoa: boolean;
}

export function needsFor(s: AppState, offline: boolean): Needs {
  return {
    // Hotspots feed the headline and the table as well as their layer.
    hotspots: true,
    hexes: s.layers.has('hexes'),
    overlap: s.layers.has('overlap'),
    trends: s.layers.has('trends'),
    lsoa: s.layers.has('lsoa') || offline,
  };
}

export function loadKey(s: AppState, res: number, needs: Needs, frame: string | null): string {
  const f = filterParams(s, frame);
  return JSON.stringify([f, res, s.alpha, needs]);
}

export async function load(s: AppState, res: number, needs: Needs, frame: string | null = null): Promise<Loaded> {
  const filter = filterParams(s, frame);
  const out: Loaded = { key: loadKey(s, res, needs, frame), res, filter, frame, errors: {} };
  const tasks: Promise<void>[] = [];
  const run = <T>(k: DataKey, p: Promise<T>, put: (v: T) => void) =>
    tasks.push(
      p.then(put, (e: unknown) => {
        out.errors[k] = plainError(e);
      }),
    );

  run('wards', api.wards(filter), (v) => {
    out.wards = v;
  });
  if (needs.hotspots)
    run('hotspots', api.hotspots(filter, res, s.alpha), (v) => {
      out.hotspots = v;
    });
  if (needs.hexes)
    run('hexes', api.hexes(filter, res), (v) => {
      out.hexes = v;
    });
  if (needs.overlap)
    run('overlap', api.overlap(filter, res, s.alpha), (v) => {
      out.overlap = v;
    });
  // Trends are about the months of the whole window, also while playing one month at a time.
  if (needs.trends)
    run('trends', api.trends({ ...filter, from: s.from, to: s.to }, res), (v) => {
      out.trends = v;
    });
  if (needs.lsoa)
    run('lsoa', api.deprivation('lsoa', filter.area), (v) => {
      out.lsoa = v.geojson;
    });
  await Promise.all(tasks);
  return out;
}
