/**
 * What one request may ask for. Heavy work runs off the request thread under a time budget, but
 * a request that would take minutes is refused up front with a 400 that names the parameter and
 * the largest value that fits, rather than queued to fail later. Costs are estimates from
 * measured rates on a 2-core machine (docs/robustness.md), erring high.
 */
import { drawsForCells } from '../../geo/giStarRandomisation';
import type { InferenceMode } from '../../geo/hotspotInference';
import { HttpError } from '../http/httpError';

/** Seconds of CPU one request may ask for; ATLAS_MAX_WORK_S overrides. */
export function maxWorkSeconds(): number {
  const v = Number(process.env.ATLAS_MAX_WORK_S);
  return v > 0 ? v : 15;
}

/** Conditional permutations: a cell's neighbourhood summed once per permutation (~8 ns per value read). */
const CONDITIONAL_NS = 8;
/** Total randomisation: one partial shuffle of the largest neighbourhood per draw (~15 ns per value). */
const RANDOMISATION_NS = 15;

/** Cells in a k-ring disk, the cell itself included. */
export function diskSize(k: number): number {
  return 3 * k * (k + 1) + 1;
}

export interface InferenceCost {
  mode: InferenceMode;
  /** Draws or permutations asked for; 0 means automatic. */
  permutations: number;
  cells: number;
  k: number;
  alpha: number;
  /** Independent maps tested (months of a trend). */
  maps?: number;
}

export function drawsUsed(c: InferenceCost): number {
  if (c.mode === 'conditional') return c.permutations || 999;
  if (c.mode === 'randomisation') return c.permutations || drawsForCells(c.cells, c.alpha);
  return 0;
}

/** Estimated seconds of CPU for a Gi* test. */
export function inferenceSeconds(c: InferenceCost): number {
  const n = diskSize(c.k);
  const draws = drawsUsed(c);
  const perMap =
    c.mode === 'conditional'
      ? draws * c.cells * n * CONDITIONAL_NS
      : c.mode === 'randomisation'
        ? draws * n * RANDOMISATION_NS
        : c.cells * n * 10;
  return ((c.maps ?? 1) * perMap) / 1e9;
}

const secondsText = (s: number) => (s >= 10 ? Math.round(s).toLocaleString('en-GB') : s.toFixed(1));

/**
 * Refuses a test over the limit, naming what to change: the permutations when they were asked
 * for (with the most that fit), otherwise k and res.
 */
export function checkInferenceCost(c: InferenceCost): void {
  const seconds = inferenceSeconds(c);
  const limit = maxWorkSeconds();
  if (seconds <= limit) return;
  const maps = c.maps && c.maps > 1 ? ` (${c.maps} monthly maps)` : '';
  const about = `would take about ${secondsText(seconds)} s of computing${maps}, more than the ${limit} s one request may ask for`;
  if (c.permutations > 0 && c.mode !== 'normal' && c.mode !== 'poisson') {
    const fit = Math.floor((c.permutations * limit) / seconds);
    throw new HttpError(
      400,
      `permutations: ${c.permutations.toLocaleString('en-GB')} ${c.mode === 'conditional' ? 'permutations' : 'draws'} over ${c.cells.toLocaleString('en-GB')} cells with k=${c.k} ${about}; use at most ${Math.max(0, fit).toLocaleString('en-GB')} here, or k=1, or a coarser res`,
    );
  }
  throw new HttpError(
    400,
    `k: a ${c.mode} test over ${c.cells.toLocaleString('en-GB')} cells with k=${c.k} ${about}; use a smaller k, a coarser res${c.maps ? ' or a shorter window' : ''}, or inference=normal`,
  );
}

/** Candidate sites times the area each covers, in km²: the CCTV search's work. */
export const MAX_CANDIDATE_KM2 = 1_500_000;
export const MAX_CANDIDATES = 300_000;

export function checkSitingCost(candidates: number, radiusMetres: number, supplied: boolean): void {
  const what = supplied ? 'candidates' : 'candidateRes';
  if (candidates > MAX_CANDIDATES) {
    throw new HttpError(
      400,
      `${what}: ${candidates.toLocaleString('en-GB')} candidate sites is more than the ${MAX_CANDIDATES.toLocaleString('en-GB')} one request may search; ${supplied ? 'send fewer points' : 'use a coarser candidateRes'}`,
    );
  }
  const km2 = candidates * Math.PI * (radiusMetres / 1000) ** 2;
  if (km2 > MAX_CANDIDATE_KM2) {
    const radiusFit = Math.floor(1000 * Math.sqrt(MAX_CANDIDATE_KM2 / (candidates * Math.PI)));
    throw new HttpError(
      400,
      `radius: ${candidates.toLocaleString('en-GB')} candidate sites each covering ${radiusMetres} m is more searching than one request may ask (candidates × covered area ${Math.round(km2).toLocaleString('en-GB')} km², limit ${MAX_CANDIDATE_KM2.toLocaleString('en-GB')}); use a radius of at most ${radiusFit} m, or ${supplied ? 'fewer candidate points' : 'a coarser candidateRes'}`,
    );
  }
}
