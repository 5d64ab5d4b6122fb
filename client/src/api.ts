/**
 * The one API layer: typed fetchers for every endpoint (docs/API.md), one error type (ApiError)
 * and one cache keyed by URL, so that a filter change back to an earlier state, the play
 * button's frames and the tooltips don't ask the server twice. In-flight requests are shared too.
 */
import type {
  BacktestResponse,
  CctvSitingResponse,
  ChildPovertyResponse,
  DeprivationResponse,
  HexesResponse,
  HotspotsResponse,
  IncidentsResponse,
  MetaResponse,
  OverlapResponse,
  PatrolPlanResponse,
  TrendsResponse,
  WardsResponse,
  WardSummaryResponse,
} from '../../contract/responses';

// Every answer's type comes from contract/ (types only: no zod reaches the bundle). The names
// below are parts of those answers the client passes around.
export type {
  BacktestResponse,
  CctvSitingResponse,
  ChildPovertyResponse,
  DeprivationResponse,
  HexesResponse,
  HotspotsResponse,
  IncidentsResponse,
  OverlapResponse,
  PatrolPlanResponse,
  TrendsResponse,
  WardsResponse,
  WardSummaryResponse,
};
export type { MetaResponse };
/**
 * /api/meta of a store that holds incidents: the months and the area are known. The map starts
 * only with one (see heldMeta); an empty store sends them as null.
 */
export type Meta = Omit<MetaResponse, 'firstMonth' | 'lastMonth' | 'bbox'> & {
  firstMonth: string;
  lastMonth: string;
  bbox: NonNullable<MetaResponse['bbox']>;
};
export function heldMeta(m: MetaResponse): Meta | null {
  const { firstMonth, lastMonth, bbox } = m;
  return firstMonth !== null && lastMonth !== null && bbox !== null ? { ...m, firstMonth, lastMonth, bbox } : null;
}
export type Category = Meta['categories'][number];
export type WeightScheme = Meta['weightSchemes'][number];
export type HexCell = HexesResponse['cells'][number];
export type HotspotCell = HotspotsResponse['cells'][number];
export type OverlapClass = OverlapResponse['cells'][number]['class'];
export type WardFeature = WardsResponse['features'][number];
export type WardProps = WardFeature['properties'];
/** An area of the deprivation layer at a level drawn as polygons (the hex level sends cells). */
export type AreaCollection = Extract<DeprivationResponse, { geojson: unknown }>['geojson'];
export type AreaProps = AreaCollection['features'][number]['properties'];
export type Incident = IncidentsResponse['incidents'][number];
export type PatrolPlace = PatrolPlanResponse['places'][number];
export type SetAside = NonNullable<PatrolPlanResponse['setAside']>;
export type InstitutionMode = PatrolPlanResponse['institutions'];
export type CctvSite = CctvSitingResponse['sites'][number];
export type BacktestMonth = BacktestResponse['months'][number];
/**
 * What the client reads of any method block (hot spots, hexes, overlap, trends, ward metadata):
 * every block in the contract has this shape, some without caveats or warnings.
 */
export type MethodBlock = Partial<Pick<HotspotsResponse['method'], 'caveats' | 'warnings'>>;

/**
 * A failed API request. `message` is a plain sentence fit for the screen; the server's own text
 * (a validation message meant for developers) is kept in `detail` for the console only.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly url: string,
    readonly detail = '',
  ) {
    super(message);
  }
}

/** What each request parameter is called on screen. */
const PARAM_WORDS: Record<string, string> = {
  from: 'start month',
  to: 'end month',
  harm: 'harm type',
  categories: 'crime category',
  category: 'crime category',
  weight: 'weighting',
  asbWeight: 'ASB weight',
  res: 'cell size',
  alpha: 'significance level',
  k: 'neighbourhood size',
  bbox: 'map area',
  limit: 'number of incidents',
  level: 'area level',
  measure: 'measure',
  code: 'ward',
  area: 'study area',
  coverage: 'share of the area',
  format: 'file format',
  baseline: 'comparison',
  permutations: 'number of random shuffles',
  seed: 'random seed',
};

/**
 * The plain sentence for a failed request: which setting the server could not use (read from the
 * "field: message" form of its validation errors), never the validation text itself.
 */
export function plainApiMessage(status: number, serverText = ''): string {
  if (status >= 500) return `the server had a problem answering (error ${status}); try again in a moment`;
  if (status === 404) return 'this server does not offer it';
  if (status === 429) return 'the server is busy; try again in a moment';
  const fields = [
    ...new Set(
      [...serverText.matchAll(/(?:^|[;,\n]\s*)([A-Za-z][A-Za-z0-9]*)(?:\.[A-Za-z0-9.]+)?:/g)].map((m) => PARAM_WORDS[m[1]]).filter(Boolean),
    ),
  ];
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
  if (/invalid|expected|must be|required|received|zod|too_(small|big)|\bat path\b/i.test(raw) || /^[A-Za-z]+:\s/.test(raw))
    return plainApiMessage(400, raw);
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

/** The answer of one request, or an ApiError carrying a plain sentence. */
async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: { accept: 'application/json', ...init?.headers } });
  } catch {
    throw new ApiError('the server did not answer; check the connection and try again', 0, path);
  }
  if (!res.ok) {
    let detail = `${res.status} ${res.statusText}`;
    try {
      const body = await res.json();
      if (body?.error) detail = String(body.error);
    } catch {
      /* not JSON */
    }
    throw new ApiError(plainApiMessage(res.status, detail), res.status, path, detail);
  }
  try {
    return (await res.json()) as T;
  } catch {
    throw new ApiError('the server sent no data', res.status, path);
  }
}

export function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const hit = cache.get(path);
  if (hit) return hit as Promise<T>;
  const p = request<T>(path);
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
      p.then((v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v as T);
      }, reject);
    });
  }
  return p as Promise<T>;
}

/** The filter parameters every analytic endpoint takes. */
export interface FilterParams {
  from: string;
  to: string;
  harm?: string;
  categories?: string;
  weight?: string;
  asbWeight?: number;
  /** The study area (local authority code) when the store holds several. */
  area?: string;
}

function filterQuery(f: FilterParams): Record<string, string | number | undefined> {
  return { from: f.from, to: f.to, area: f.area, harm: f.harm, categories: f.categories, weight: f.weight, asbWeight: f.asbWeight };
}

/** The patrol plan's URL, fetched as JSON and linked as its CSV and parameters files. */
export function patrolPath(f: FilterParams, minutes: number, visit: number, institutions: InstitutionMode, format?: string): string {
  // The server's default is exclude: leave it out of the URL so links stay short.
  return `/api/patrol-plan${query({ ...filterQuery(f), minutes, visit, institutions: institutions === 'include' ? 'include' : undefined, format })}`;
}

/** The body of a CCTV siting request: the cameras already there and the current filter. */
export function cctvBody(f: FilterParams, cameras: unknown, radius: number, count: number, institutions: InstitutionMode): string {
  return JSON.stringify({
    cameras,
    radius,
    count,
    institutions,
    harm: f.harm,
    categories: f.categories,
    from: f.from,
    to: f.to,
    area: f.area,
    weight: f.weight,
  });
}

export const api = {
  meta: (area?: string | null) => getJson<MetaResponse>(`/api/meta${query({ area })}`),
  hexes: (f: FilterParams, res: number, signal?: AbortSignal) =>
    getJson<HexesResponse>(`/api/hexes${query({ ...filterQuery(f), res })}`, signal),
  wards: (f: FilterParams, signal?: AbortSignal) => getJson<WardsResponse>(`/api/wards${query(filterQuery(f))}`, signal),
  hotspots: (f: FilterParams, res: number, alpha: number, k = 1, signal?: AbortSignal) =>
    getJson<HotspotsResponse>(`/api/hotspots${query({ ...filterQuery(f), res, alpha, k })}`, signal),
  overlap: (f: FilterParams, res: number, alpha: number, signal?: AbortSignal) =>
    getJson<OverlapResponse>(
      `/api/overlap${query({ from: f.from, to: f.to, area: f.area, weight: f.weight, asbWeight: f.asbWeight, res, alpha })}`,
      signal,
    ),
  trends: (f: FilterParams, res: number, signal?: AbortSignal) =>
    getJson<TrendsResponse>(`/api/trends${query({ ...filterQuery(f), res })}`, signal),
  /** Polygons of one level; the hex level (cells, not polygons) is not asked for here. */
  deprivation: (level: 'lsoa' | 'ward', area: string | undefined, measure = 'imd', signal?: AbortSignal) =>
    getJson<Extract<DeprivationResponse, { level: typeof level }>>(`/api/layers/deprivation${query({ level, measure, area })}`, signal),
  incidents: (bbox: [number, number, number, number], f: FilterParams, limit = 500, signal?: AbortSignal) =>
    getJson<IncidentsResponse>(
      `/api/incidents${query({ bbox: bbox.map((v) => v.toFixed(6)).join(','), from: f.from, to: f.to, harm: f.harm, categories: f.categories, limit })}`,
      signal,
    ),
  childPoverty: (level: 'ward' | 'lsoa' | 'msoa', area: string | undefined) =>
    getJson<ChildPovertyResponse>(`/api/layers/child-poverty${query({ level, area })}`),
  wardSummary: (code: string, f: FilterParams, signal?: AbortSignal) =>
    getJson<WardSummaryResponse>(`/api/wards/${encodeURIComponent(code)}/summary${query(filterQuery(f))}`, signal),
  patrol: (f: FilterParams, minutes: number, visit: number, institutions: InstitutionMode) =>
    getJson<PatrolPlanResponse>(patrolPath(f, minutes, visit, institutions)),
  /** The back-test's own window: the filter's harm and weighting over `from`..`to`. */
  backtest: (f: FilterParams, from: string, to: string) =>
    getJson<BacktestResponse>(
      `/api/backtest${query({ harm: f.harm, categories: f.categories, area: f.area, weight: f.weight, res: 9, coverage: 0.05, from, to })}`,
    ),
  // Not cached: the body carries the user's camera file, and each run is asked for on purpose.
  cctv: (body: string) =>
    request<CctvSitingResponse>('/api/cctv/siting', { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
};
