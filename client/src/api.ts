/**
 * Typed fetchers for the HTTP API (docs/API.md). Every fetch goes through one cache keyed by URL,
 * so that a filter change back to an earlier state, the play button's frames and the tooltips
 * don't ask the server twice. In-flight requests are shared too.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';

export interface Category { slug: string; name: string; count: number }
export interface HarmGroupInfo { id: string; label: string; priority: string; categories: string[] }
export interface WeightScheme {
  id: string; label: string; unit?: string; source?: string;
  weights?: Record<string, number>; notes?: Record<string, string>;
}
export interface Meta {
  categories: Category[];
  months: string[];
  wards: { code: string; name: string }[];
  resolutions: number[];
  harmGroups: HarmGroupInfo[];
  weightSchemes: WeightScheme[];
  bbox: [number, number, number, number];
  attributions: string[];
  firstMonth: string;
  lastMonth: string;
  /** When the street data was last imported, and fetched from police.uk (ISO times). */
  importedAt?: string | null;
  fetchedAt?: string;
}

export interface HexCell { h3: string; count: number; harm: number; institutional?: number }
export interface HexesResponse {
  res: number; from?: string; to?: string; weight?: string;
  cells: HexCell[];
  method?: MethodBlock & { res?: number; weightUnit?: string };
}

export interface MethodBlock {
  statistic?: string;
  caveats?: string[];
  /**
   * Plain-English warnings about the request itself, e.g. a weighting that gives the selection
   * no weight (server/services/weightingWarnings.ts); shown beside the headline.
   */
  warnings?: string[];
  parameters?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface HotspotCell {
  h3: string; value: number; count?: number; z: number; p: number; pFdr?: number; pSim?: number; bin: number;
}
export interface HotspotsResponse {
  res: number;
  cells: HotspotCell[];
  method: MethodBlock & { hotCells?: number; coldCells?: number; n?: number; mean?: number; sd?: number; alpha?: number; k?: number };
}

export type OverlapClass = 'both' | 'violence' | 'asb' | 'neither';
export interface OverlapLayer {
  hot: number;
  categories?: string[];
  /** False when the weighting gives every category of the layer zero weight: it cannot have hot cells. */
  weighted?: boolean;
}
export interface OverlapResponse {
  violence: OverlapLayer;
  asb: OverlapLayer;
  both: number;
  union: number;
  jaccard: number;
  overlapCoefficient: number;
  pJaccard?: number;
  permutations?: number;
  clq?: { violenceToAsb: number; asbToViolence: number };
  cells: { h3: string; class: OverlapClass }[];
  wards: { code: string; name: string; both: number; violence: number; asb: number }[];
  method: MethodBlock;
}

export interface TrendsResponse {
  cells: { h3: string; class: string; trend?: { z: number; p: number } }[];
  counts: Record<string, number>;
  method: MethodBlock;
}

export interface WardProps {
  code: string; name: string;
  count: number | null; harm: number | null;
  population?: number; rate?: number | null; ebRate?: number | null;
  previousCount?: number | null; change?: number | null; changePct?: number | null;
  trend?: { s: number; z: number; p: number; direction: 'up' | 'down' | 'none' };
  imdDecile?: number | null; imdScore?: number | null; idaci2025?: number | null;
  childrenLowIncome?: number | null; childPovertyRate?: number | null;
  expectedHarm?: number | null; observedExpected?: number | null;
  suppressed?: boolean;
  /** Counts per month of the window, oldest first (when the server gives them). */
  monthly?: (number | null)[];
  months?: number;
  children?: number | null;
  iod2025Decile?: number | null;
}
export type WardFeature = Feature<Geometry, WardProps>;
export type WardsResponse = FeatureCollection<Geometry, WardProps> & { method?: MethodBlock; metadata?: MethodBlock; sources?: Record<string, string> };

export interface AreaProps { code: string; name: string; score?: number; rank?: number; decile?: number }
export interface DeprivationResponse {
  level: string; measure: string; edition?: string | number; allocation?: string; source?: string;
  geojson?: FeatureCollection<Geometry, AreaProps>;
  features?: FeatureCollection<Geometry, AreaProps> | Feature<Geometry, AreaProps>[];
}

export interface Incident { month: string; category: string; location: string; lon: number; lat: number; outcome?: string | null; ward?: string | null }
export interface IncidentsResponse { total: number; limit: number; incidents: Incident[] }

/** What the ward panel needs. Asked of the server as GET /api/wards/:code/summary (see the report). */
export interface WardSummary {
  code: string; name: string;
  from: string; to: string;
  months: string[];
  /** harm group id -> counts per month, aligned with `months` */
  series: Record<string, number[]>;
  categories: { slug: string; name?: string; count: number; previousCount?: number }[];
  current?: { count: number | null; harm?: number | null };
  previous?: { from: string; to: string; count: number | null; harm?: number | null };
  deprivation?: Record<string, unknown>;
  childPoverty?: Record<string, unknown>;
  sources?: Record<string, string> | string[];
  suppressed?: boolean;
}

/**
 * A failed API request. `message` is a plain sentence fit for the screen; the server's own text
 * (a validation message meant for developers) is kept in `detail` for the console only.
 */
export class ApiError extends Error {
  constructor(message: string, readonly status: number, readonly url: string, readonly detail = '') { super(message); }
}

/** What each request parameter is called on screen. */
const PARAM_WORDS: Record<string, string> = {
  from: 'start month', to: 'end month', harm: 'harm type', categories: 'crime category', category: 'crime category',
  weight: 'weighting', asbWeight: 'ASB weight', res: 'cell size', alpha: 'significance level', k: 'neighbourhood size',
  bbox: 'map area', limit: 'number of incidents', level: 'area level', measure: 'measure', code: 'ward', coverage: 'share of the area',
  format: 'file format', baseline: 'comparison', permutations: 'number of random shuffles', seed: 'random seed',
};

/**
 * The plain sentence for a failed request: which setting the server could not use (read from the
 * "field: message" form of its validation errors), never the validation text itself.
 */
export function plainApiMessage(status: number, serverText = ''): string {
  if (status >= 500) return `the server had a problem answering (error ${status}); try again in a moment`;
  if (status === 404) return 'this server does not offer it';
  if (status === 429) return 'the server is busy; try again in a moment';
  const fields = [...new Set([...serverText.matchAll(/(?:^|[;,\n]\s*)([A-Za-z][A-Za-z0-9]*)(?:\.[A-Za-z0-9.]+)?:/g)].map((m) => PARAM_WORDS[m[1]]).filter(Boolean))];
  if (fields.length) return `the server could not use the ${fields.join(' and ')} asked for`;
  return 'the server could not use one of the settings asked for';
}

/** A plain sentence for any error a fetch can end in, for the screen. */
export function plainError(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof TypeError) return 'the server did not answer; check the connection and try again';
  const raw = e instanceof Error ? e.message : String(e);
  const status = /^(\d{3})\b/.exec(raw);
  if (status) return plainApiMessage(Number(status[1]));
  // Errors from other fetchers carry the server's text: keep a plain sentence, drop validation text.
  if (/invalid|expected|must be|required|received|zod|too_(small|big)|\bat path\b/i.test(raw) || /^[A-Za-z]+:\s/.test(raw)) return plainApiMessage(400, raw);
  return raw;
}

const cache = new Map<string, Promise<unknown>>();
const MAX_CACHE = 300;

/** A query string from defined values only, keys in a stable order (cache keys and request logs). */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const out = new URLSearchParams();
  for (const key of Object.keys(params).sort()) {
    const v = params[key];
    if (v === undefined || v === null || v === '') continue;
    out.set(key, String(v));
  }
  const s = out.toString();
  return s ? `?${s}` : '';
}

export function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const hit = cache.get(path);
  if (hit) return hit as Promise<T>;
  const p = (async () => {
    let res: Response;
    try {
      res = await fetch(path, { headers: { accept: 'application/json' } });
    } catch {
      throw new ApiError('the server did not answer; check the connection and try again', 0, path);
    }
    if (!res.ok) {
      let detail = `${res.status} ${res.statusText}`;
      try { const body = await res.json(); if (body?.error) detail = String(body.error); } catch { /* not JSON */ }
      throw new ApiError(plainApiMessage(res.status, detail), res.status, path, detail);
    }
    return (await res.json()) as T;
  })();
  cache.set(path, p);
  p.catch(() => cache.delete(path));
  if (cache.size > MAX_CACHE) {
    const first = cache.keys().next().value;
    if (first !== undefined) cache.delete(first);
  }
  // A caller's abort only stops it waiting; the shared request continues for the cache.
  if (signal) {
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(new DOMException('aborted', 'AbortError'));
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      p.then((v) => { signal.removeEventListener('abort', onAbort); resolve(v as T); }, reject);
    });
  }
  return p as Promise<T>;
}

/** The filter parameters every analytic endpoint takes. */
export interface FilterParams {
  from: string; to: string;
  harm?: string; categories?: string;
  weight?: string; asbWeight?: number;
}

function filterQuery(f: FilterParams): Record<string, string | number | undefined> {
  return { from: f.from, to: f.to, harm: f.harm, categories: f.categories, weight: f.weight, asbWeight: f.asbWeight };
}

export const api = {
  meta: () => getJson<Meta>('/api/meta'),
  hexes: (f: FilterParams, res: number, signal?: AbortSignal) =>
    getJson<HexesResponse>(`/api/hexes${query({ ...filterQuery(f), res })}`, signal),
  wards: (f: FilterParams, signal?: AbortSignal) =>
    getJson<WardsResponse>(`/api/wards${query(filterQuery(f))}`, signal),
  hotspots: (f: FilterParams, res: number, alpha: number, k = 1, signal?: AbortSignal) =>
    getJson<HotspotsResponse>(`/api/hotspots${query({ ...filterQuery(f), res, alpha, k })}`, signal),
  overlap: (f: FilterParams, res: number, alpha: number, signal?: AbortSignal) =>
    getJson<OverlapResponse>(`/api/overlap${query({ from: f.from, to: f.to, weight: f.weight, asbWeight: f.asbWeight, res, alpha })}`, signal),
  trends: (f: FilterParams, res: number, signal?: AbortSignal) =>
    getJson<TrendsResponse>(`/api/trends${query({ ...filterQuery(f), res })}`, signal),
  deprivation: (level: 'lsoa' | 'ward', measure = 'imd', signal?: AbortSignal) =>
    getJson<DeprivationResponse>(`/api/layers/deprivation${query({ level, measure })}`, signal),
  incidents: (bbox: [number, number, number, number], f: FilterParams, limit = 500, signal?: AbortSignal) =>
    getJson<IncidentsResponse>(`/api/incidents${query({ bbox: bbox.map((v) => v.toFixed(6)).join(','), from: f.from, to: f.to, harm: f.harm, categories: f.categories, limit })}`, signal),
  childPoverty: (level: 'ward' | 'lsoa' | 'msoa' = 'ward') =>
    getJson<{ level: string; year?: number; measure?: string; source?: string; note?: string; allocationNote?: string }>(`/api/layers/child-poverty${query({ level })}`),
  wardSummary: (code: string, f: FilterParams, signal?: AbortSignal) =>
    getJson<WardSummary>(`/api/wards/${encodeURIComponent(code)}/summary${query(filterQuery(f))}`, signal),
};

/** A FeatureCollection from the deprivation response, whichever key the server used. */
export function areaCollection(r: DeprivationResponse): FeatureCollection<Geometry, AreaProps> | null {
  if (r.geojson) return r.geojson;
  if (Array.isArray(r.features)) return { type: 'FeatureCollection', features: r.features };
  if (r.features && (r.features as FeatureCollection).type === 'FeatureCollection') return r.features as FeatureCollection<Geometry, AreaProps>;
  return null;
}
