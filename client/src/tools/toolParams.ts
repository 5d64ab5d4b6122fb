/** The query parameters of the tools' export and report links (the fetches are in ../api.ts). */
import type { Meta } from '../api';
import { filterParams } from '../data';
import type { AppState } from '../state/url';
import { analysisRes } from '../state/url';

/** A query string from defined values, commas left readable (these URLs are shown as links). */
export function q(params: Record<string, string | number | null | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') u.set(k, String(v));
  const s = u.toString().replace(/%2C/g, ',');
  return s ? `?${s}` : '';
}

/** The current filter as query parameters (harm or categories, window, study area, weighting). */
export function filterQ(s: AppState): Record<string, string | number | undefined> {
  const f = filterParams(s);
  return { harm: f.harm, categories: f.categories, from: f.from, to: f.to, area: f.area, weight: f.weight, asbWeight: f.asbWeight };
}

/** The resolution the map's figures use (never the zoom's: see analysisRes), so exports and the pack match the headline. */
export function currentRes(s: AppState, meta: Meta): number {
  return analysisRes(s, meta.resolutions);
}
