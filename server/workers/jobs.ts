/**
 * The heavy work the API does, by name: each job takes the request's validated query (plain data)
 * and returns its plain result. The pool runs them on worker threads against the request thread's
 * cube; with no workers (ATLAS_WORKERS=0) they run in place. Jobs resolve their own selection so
 * that only the query crosses the thread boundary.
 */
import type { Store } from '../db/openStore';
import type { H3Resolution } from '../../geo/h3Bin';
import { hotspotInference, type InferenceOptions } from '../../geo/hotspotInference';
import type { IncidentCube } from '../services/cube';
import { resolveSelection } from '../services/selection';
import type { SelectionQuery } from '../http/params';
import { hotspotsAsync, type HotspotOptions } from '../services/hotspots';
import { patrol, type PatrolOptions } from '../services/patrol';
import { trendsAsync, type TrendOptions } from '../services/trends';
import { backtest } from '../services/backtest';
import { cctvSiting } from '../services/cctv';
import type { LonLat } from '../../geo/maximalCovering';
import { buildReportData, ReportInputError, type ReportOptions } from '../report/data';
import { HttpError } from '../http/httpError';

type WithRes = { res: number };

export const heavyJobs = {
  inference: (
    _db: Store | null,
    _cube: IncidentCube | null,
    a: { values: Float64Array; offsets: Int32Array; indices: Int32Array; options: InferenceOptions },
  ) => hotspotInference(a.values, { offsets: a.offsets, indices: a.indices }, a.options),
  hotspots: (db: Store, cube: IncidentCube, q: SelectionQuery & WithRes & HotspotOptions) =>
    hotspotsAsync(db, cube, q.res as H3Resolution, resolveSelection(cube, q), q),
  patrol: (db: Store, cube: IncidentCube, q: SelectionQuery & WithRes & PatrolOptions) =>
    patrol(db, cube, q.res as H3Resolution, resolveSelection(cube, q), q),
  trends: (db: Store, cube: IncidentCube, q: SelectionQuery & WithRes & TrendOptions) =>
    trendsAsync(db, cube, q.res as H3Resolution, resolveSelection(cube, q), q),
  backtest: (db: Store, cube: IncidentCube, q: SelectionQuery & WithRes & { window: number; coverages: number[]; k: number }) =>
    backtest(db, cube, q.res as H3Resolution, resolveSelection(cube, q), q),
  cctv: (
    db: Store,
    cube: IncidentCube,
    q: {
      selection: SelectionQuery;
      cameras: LonLat[];
      candidates?: LonLat[];
      radius: number;
      count: number;
      candidateRes: number;
      institutions?: 'exclude' | 'include';
    },
  ) => cctvSiting(db, cube, resolveSelection(cube, q.selection), q),
  report: async (db: Store, _cube: IncidentCube, q: ReportOptions) => {
    try {
      return await buildReportData(db, q);
    } catch (err) {
      // Error classes do not survive the thread boundary; an HttpError's status does.
      if (err instanceof ReportInputError) throw new HttpError(400, err.message);
      throw err;
    }
  },
};

export type JobKind = keyof typeof heavyJobs;
export type JobArgs<K extends JobKind> = Parameters<(typeof heavyJobs)[K]>[2];
export type JobResult<K extends JobKind> = Awaited<ReturnType<(typeof heavyJobs)[K]>>;

/** Jobs that need no store (pure computation over the arrays they are sent). */
export const STORELESS: ReadonlySet<JobKind> = new Set(['inference']);
