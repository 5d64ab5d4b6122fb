/**
 * The JSON answer of every route, keyed by method and path exactly as server/routes declare
 * them. The client takes the types (`import type`), the server validates and documents with the
 * schemas. Objects strip unknown keys rather than refuse them, so a field added on the server
 * does not break an older client; every field the server sends is declared.
 */
import type { z } from 'zod';
import { healthResponse, hexesResponse, incidentsResponse, metaResponse } from './core';
import {
  childPovertyResponse,
  concentrationResponse,
  deprivationResponse,
  hotspotsResponse,
  overlapResponse,
  trendsResponse,
  wardsResponse,
} from './analytics';
import { backtestResponse, cctvSitingResponse, patrolPlanResponse } from './operations';
import { wardSummaryResponse } from './wardSummary';
import { areaOverviewResponse } from './areas';

export const responseSchemas = {
  'GET /api/health': healthResponse,
  'GET /api/meta': metaResponse,
  'GET /api/areas': areaOverviewResponse,
  'GET /api/hexes': hexesResponse,
  'GET /api/incidents': incidentsResponse,
  'GET /api/hotspots': hotspotsResponse,
  'GET /api/overlap': overlapResponse,
  'GET /api/trends': trendsResponse,
  'GET /api/concentration': concentrationResponse,
  'GET /api/wards': wardsResponse,
  'GET /api/wards/:code/summary': wardSummaryResponse,
  'GET /api/layers/deprivation': deprivationResponse,
  'GET /api/layers/child-poverty': childPovertyResponse,
  'GET /api/patrol-plan': patrolPlanResponse,
  'POST /api/cctv/siting': cctvSitingResponse,
  'GET /api/backtest': backtestResponse,
} as const satisfies Record<string, z.ZodType>;

/** Routes with a JSON answer; GET /api/report has none (see nonJson.ts). */
export type JsonRouteKey = keyof typeof responseSchemas;
export type RouteKey = JsonRouteKey | 'GET /api/report';

/** The answer's type as the client receives it. */
export type ResponseOf<K extends JsonRouteKey> = z.output<(typeof responseSchemas)[K]>;

export type HealthResponse = ResponseOf<'GET /api/health'>;
export type MetaResponse = ResponseOf<'GET /api/meta'>;
export type AreaOverviewResponse = ResponseOf<'GET /api/areas'>;
export type HexesResponse = ResponseOf<'GET /api/hexes'>;
export type IncidentsResponse = ResponseOf<'GET /api/incidents'>;
export type HotspotsResponse = ResponseOf<'GET /api/hotspots'>;
export type OverlapResponse = ResponseOf<'GET /api/overlap'>;
export type TrendsResponse = ResponseOf<'GET /api/trends'>;
export type ConcentrationResponse = ResponseOf<'GET /api/concentration'>;
export type WardsResponse = ResponseOf<'GET /api/wards'>;
export type WardSummaryResponse = ResponseOf<'GET /api/wards/:code/summary'>;
export type DeprivationResponse = ResponseOf<'GET /api/layers/deprivation'>;
export type ChildPovertyResponse = ResponseOf<'GET /api/layers/child-poverty'>;
export type PatrolPlanResponse = ResponseOf<'GET /api/patrol-plan'>;
export type CctvSitingResponse = ResponseOf<'POST /api/cctv/siting'>;
export type BacktestResponse = ResponseOf<'GET /api/backtest'>;
