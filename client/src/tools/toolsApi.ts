/** Typed calls to the operational-tool endpoints (docs/API.md, issue 5) and their export URLs. */
import type { Meta } from '../api';
import { filterParams } from '../data';
import type { AppState } from '../state/url';
import { analysisRes } from '../state/url';

export interface PatrolPlace {
  id: string; rank: number; cells: string[]; centre: [number, number]; areaKm2?: number; acrossMetres: number;
  ward: string | null; wardName: string | null; streets: string[]; institutional: string[];
  harm: number; count?: number; density: number; share: number; visits: number; minutes: number;
}
/** A police.uk point standing for an institution, left out of a tool's harm. */
export interface SetAsidePlace { name: string; kind: string; lon: number; lat: number; ward: string | null; count: number; harm: number }
export interface SetAside { incidents: number; harm: number; share?: number | null; places: SetAsidePlace[] }
export type InstitutionMode = 'exclude' | 'include';
export interface PatrolPlan {
  places: PatrolPlace[]; coveredShare: number; candidatePlaces?: number; visitsAvailable?: number; visitsPlanned?: number;
  institutions: InstitutionMode; setAside: SetAside | null;
  warnings?: string[];
  method: { guidance?: string[]; figures?: string[]; sources?: string[]; minutesPerVisit?: number; from?: string; to?: string; boroughHarm?: number; [k: string]: unknown };
}
export interface CctvSite {
  rank: number; lon: number; lat: number; ward: string | null; wardName: string | null; streets: string[];
  marginal: number; marginalShare?: number; cumulative: number; share: number;
}
export interface CctvResult {
  sites: CctvSite[];
  curve: { sites: number; covered: number; share: number }[];
  existing: { cameras?: number; harm: number; share: number };
  totalHarm?: number; covered?: number; share?: number; uncovered?: number;
  institutions: InstitutionMode; setAside: SetAside | null;
  method: { radiusMetres?: number; guarantee?: string; [k: string]: unknown };
}
export interface BacktestMonth {
  month: string; total?: number; hitRate: number; pai: number; pei: number;
  baseline: { hitRate: number; pai: number; pei: number };
}
export interface Backtest { res: number; coverage: number; window?: number; months: BacktestMonth[] }

export function q(params: Record<string, string | number | null | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') u.set(k, String(v));
  const s = u.toString().replace(/%2C/g, ',');
  return s ? `?${s}` : '';
}

/** The current filter as query parameters (harm or categories, window, weighting). */
export function filterQ(s: AppState): Record<string, string | number | undefined> {
  const f = filterParams(s);
  return { harm: f.harm, categories: f.categories, from: f.from, to: f.to, weight: f.weight, asbWeight: f.asbWeight };
}

/** The resolution the map's figures use (never the zoom's: see analysisRes), so exports and the pack match the headline. */
export function currentRes(s: AppState, meta: Meta): number {
  return analysisRes(s, meta.resolutions);
}

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const r = await fetch(url, init);
  const body = await r.json().catch(() => null) as (T & { error?: string }) | null;
  if (!r.ok) throw new Error(body?.error ?? `${r.status} ${r.statusText}`);
  if (!body) throw new Error('The server sent no data.');
  return body;
}

const memo = new Map<string, Promise<unknown>>();
function cached<T>(url: string): Promise<T> {
  let p = memo.get(url);
  if (!p) { p = json<T>(url); memo.set(url, p); p.catch(() => memo.delete(url)); }
  return p as Promise<T>;
}

export function patrolUrl(s: AppState, minutes: number, visit: number, institutions: InstitutionMode, format?: string): string {
  // The server's default is exclude: leave it out of the URL so links stay short.
  return `/api/patrol-plan${q({ ...filterQ(s), minutes, visit, institutions: institutions === 'include' ? 'include' : undefined, format })}`;
}

export const toolsApi = {
  patrol: (s: AppState, minutes: number, visit: number, institutions: InstitutionMode) => cached<PatrolPlan>(patrolUrl(s, minutes, visit, institutions)),
  backtest: (s: AppState, from: string, to: string) => {
    const f = filterQ(s);
    return cached<Backtest>(`/api/backtest${q({ harm: f.harm, categories: f.categories, weight: f.weight, res: 9, coverage: 0.05, from, to })}`);
  },
  cctvBody: (s: AppState, cameras: unknown, radius: number, count: number, institutions: InstitutionMode) => {
    const f = filterQ(s);
    return JSON.stringify({ cameras, radius, count, institutions, harm: f.harm, categories: f.categories, from: f.from, to: f.to, weight: f.weight });
  },
  cctv: (body: string) => json<CctvResult>('/api/cctv/siting', { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
};
