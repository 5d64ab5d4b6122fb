/**
 * CCTV siting as the maximal covering location problem, MCLP (Church & ReVelle 1974,
 * "The maximal covering location problem", Papers of the Regional Science Association
 * 32:101-118; methods.md §8): choose p new sites from the candidates to maximise the demand
 * weight sum(a_i X_i) covered, a demand point being covered when some site (new or one of the
 * fixed existing cameras) lies within distance S of it.
 *
 * `greedyMaximalCovering` adds, p times, the candidate with the largest marginal gain given
 * everything already covered, existing cameras included. Coverage is monotone submodular, so
 * greedy achieves at least (1 - 1/e) of the best possible gain over the existing coverage
 * (Nemhauser, Wolsey & Fisher 1978, Mathematical Programming 14:265-294). Gains only shrink
 * as coverage grows, so the "lazy" evaluation (Minoux 1978) re-scores only the candidate at
 * the top of a max-heap of stale gains; it picks exactly what plain greedy picks, including
 * its tie-break (equal gains: lowest candidate index). Selection stops early when no
 * candidate adds coverage: a camera that covers nothing new is not proposed.
 *
 * `exactMaximalCovering` enumerates every p-subset: only for small instances (tests, or
 * checking a greedy answer), guarded by `maxSubsets`.
 *
 * Distances are haversine great-circle metres on a sphere of radius 6,371,008.8 m (IUGG
 * mean radius, as turf). Coverage sets are found with a uniform grid over the demand points:
 * y = R * lat, x = R * lon * cos(lat_max) in radians, where lat_max is the largest |latitude|
 * in the instance, cell size slightly over S. Since haversine distance >= R|dlat| and
 * >= R cos(lat_max)|dlon|(1 - dlon^2 / 24), every point within S of a site lies in the site's
 * grid cell or one of its 8 neighbours, so the grid never misses a covered point; the
 * haversine test then decides. Radii up to 50 km and |latitude| up to 85 degrees keep that
 * bound valid; the antimeridian is not handled (UK data never crosses it).
 */

export type LonLat = readonly [number, number];

export interface DemandPoint {
  /** [lon, lat] */
  position: LonLat;
  /** Demand weight a_i (harm, count); >= 0. */
  weight: number;
}

export interface MaximalCoveringInput {
  demand: readonly DemandPoint[];
  /** Candidate sites, [lon, lat]; results refer to them by index. */
  candidates: readonly LonLat[];
  /** Existing cameras, fixed and always counted. */
  existing?: readonly LonLat[];
  /** Coverage distance S in metres. */
  radiusMetres: number;
  /** Number of new sites to choose. */
  p: number;
}

export interface SiteChoice {
  /** Index into `candidates`. */
  index: number;
  position: LonLat;
  /** Demand weight this site newly covers, given existing cameras and earlier picks. */
  marginal: number;
  /** marginal / total demand, or null when total demand is 0. */
  marginalShare: number | null;
  /** Demand points newly covered. */
  marginalPoints: number;
  /** Indexes into `demand` of the points this site newly covers. */
  newlyCovered: number[];
  /** Covered weight after this pick, existing coverage included. */
  cumulative: number;
  /** cumulative / total demand, or null when total demand is 0. */
  share: number | null;
}

export interface CoveragePoint {
  /** Number of new sites (0 = existing cameras only). */
  sites: number;
  covered: number;
  share: number | null;
}

export interface MaximalCoveringResult {
  sites: SiteChoice[];
  curve: CoveragePoint[];
  existing: { cameras: number; covered: number; share: number | null };
  totalDemand: number;
  covered: number;
  share: number | null;
  /** True when fewer than p sites were chosen because no candidate added coverage. */
  stoppedEarly: boolean;
  method: {
    name: string;
    radiusMetres: number;
    p: number;
    candidates: number;
    distance: string;
    selection: string;
    guarantee: string;
    sources: string[];
  };
}

export interface ExactMaximalCoveringResult {
  /** Chosen candidate indexes, ascending; the lexicographically smallest optimal set. */
  indices: number[];
  covered: number;
  share: number | null;
  existingCovered: number;
  subsetsEvaluated: number;
}

export const EARTH_RADIUS_METRES = 6_371_008.8;
export const MAX_RADIUS_METRES = 50_000;
const MAX_ABS_LAT = 85;
const RAD = Math.PI / 180;

/** Great-circle distance in metres between two [lon, lat] points (haversine). */
export function haversineMetres(a: LonLat, b: LonLat): number {
  const dLat = (b[1] - a[1]) * RAD;
  const dLon = (b[0] - a[0]) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
}

function checkPosition(p: LonLat, what: string): void {
  if (!Number.isFinite(p[0]) || !Number.isFinite(p[1]) || Math.abs(p[1]) > MAX_ABS_LAT || Math.abs(p[0]) > 180) {
    throw new Error(`maximalCovering: ${what} [${p[0]}, ${p[1]}] is not a [lon, lat] within +-85 degrees latitude`);
  }
}

/**
 * For each site, the ascending indexes of the demand points within `radiusMetres`
 * (haversine), found through a grid as described in the module comment.
 */
export function coverageSets(demand: readonly LonLat[], sites: readonly LonLat[], radiusMetres: number): number[][] {
  if (!(radiusMetres > 0) || radiusMetres > MAX_RADIUS_METRES) {
    throw new Error(`maximalCovering: radius must be in (0, ${MAX_RADIUS_METRES}] metres`);
  }
  demand.forEach((p, i) => checkPosition(p, `demand point ${i}`));
  sites.forEach((p, i) => checkPosition(p, `site ${i}`));
  let latMax = 0;
  for (const p of demand) latMax = Math.max(latMax, Math.abs(p[1]));
  for (const p of sites) latMax = Math.max(latMax, Math.abs(p[1]));
  const ky = EARTH_RADIUS_METRES * RAD;
  const kx = ky * Math.cos(latMax * RAD);
  const cell = radiusMetres * 1.001;
  const gx = (p: LonLat) => Math.floor((p[0] * kx) / cell);
  const gy = (p: LonLat) => Math.floor((p[1] * ky) / cell);
  const key = (x: number, y: number) => `${x},${y}`;

  const grid = new Map<string, number[]>();
  demand.forEach((p, i) => {
    const k = key(gx(p), gy(p));
    const bucket = grid.get(k);
    if (bucket) bucket.push(i);
    else grid.set(k, [i]);
  });

  return sites.map((s) => {
    const x = gx(s);
    const y = gy(s);
    const hits: number[] = [];
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const bucket = grid.get(key(x + dx, y + dy));
        if (!bucket) continue;
        for (const i of bucket) if (haversineMetres(s, demand[i]) <= radiusMetres) hits.push(i);
      }
    }
    return hits.sort((a, b) => a - b);
  });
}

interface Prepared {
  weights: number[];
  total: number;
  candidateSets: number[][];
  existingMask: Uint8Array;
  existingCovered: number;
  p: number;
}

function prepare(input: MaximalCoveringInput): Prepared {
  if (!Number.isInteger(input.p) || input.p < 0) throw new Error('maximalCovering: p must be an integer >= 0');
  const weights = input.demand.map((d, i) => {
    if (!(d.weight >= 0) || !Number.isFinite(d.weight))
      throw new Error(`maximalCovering: weight of demand point ${i} must be finite and >= 0`);
    return d.weight;
  });
  const positions = input.demand.map((d) => d.position);
  const existing = input.existing ?? [];
  const sets = coverageSets(positions, [...input.candidates, ...existing], input.radiusMetres);
  const candidateSets = sets.slice(0, input.candidates.length);
  const existingMask = new Uint8Array(weights.length);
  for (const set of sets.slice(input.candidates.length)) for (const i of set) existingMask[i] = 1;
  let existingCovered = 0;
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    total += weights[i];
    if (existingMask[i]) existingCovered += weights[i];
  }
  return { weights, total, candidateSets, existingMask, existingCovered, p: input.p };
}

const shareOf = (x: number, total: number): number | null => (total > 0 ? x / total : null);

/** Max-heap ordered by gain, then lower candidate index first. */
class GainHeap {
  private readonly items: Array<[number, number]> = [];
  get size(): number {
    return this.items.length;
  }
  private before(a: [number, number], b: [number, number]): boolean {
    return a[0] > b[0] || (a[0] === b[0] && a[1] < b[1]);
  }
  peek(): [number, number] | undefined {
    return this.items[0];
  }
  push(item: [number, number]): void {
    const h = this.items;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }
  pop(): [number, number] | undefined {
    const h = this.items;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < h.length && this.before(h[l], h[best])) best = l;
        if (r < h.length && this.before(h[r], h[best])) best = r;
        if (best === i) break;
        [h[i], h[best]] = [h[best], h[i]];
        i = best;
      }
    }
    return top;
  }
}

/** Greedy marginal-gain MCLP with existing cameras fixed; see the module comment. */
export function greedyMaximalCovering(input: MaximalCoveringInput): MaximalCoveringResult {
  const prep = prepare(input);
  const { weights, total, candidateSets } = prep;
  const covered = Uint8Array.from(prep.existingMask);
  const gainOf = (j: number): [number, number] => {
    let g = 0;
    let n = 0;
    for (const i of candidateSets[j]) {
      if (!covered[i]) {
        g += weights[i];
        n++;
      }
    }
    return [g, n];
  };

  const heap = new GainHeap();
  candidateSets.forEach((_, j) => heap.push([gainOf(j)[0], j]));

  let cumulative = prep.existingCovered;
  const sites: SiteChoice[] = [];
  const curve: CoveragePoint[] = [{ sites: 0, covered: cumulative, share: shareOf(cumulative, total) }];
  while (sites.length < prep.p && heap.size > 0) {
    const [, j] = heap.pop()!;
    const [gain, points] = gainOf(j);
    const next = heap.peek();
    // The stored gains are upper bounds, so a re-scored gain that still beats the next
    // bound (same order as the heap: gain, then index) beats every true gain.
    if (next && (gain < next[0] || (gain === next[0] && j > next[1]))) {
      heap.push([gain, j]);
      continue;
    }
    if (!(gain > 0)) break;
    const newlyCovered: number[] = [];
    for (const i of candidateSets[j]) {
      if (!covered[i]) newlyCovered.push(i);
      covered[i] = 1;
    }
    cumulative += gain;
    sites.push({
      index: j,
      position: input.candidates[j],
      marginal: gain,
      marginalShare: shareOf(gain, total),
      marginalPoints: points,
      newlyCovered,
      cumulative,
      share: shareOf(cumulative, total),
    });
    curve.push({ sites: sites.length, covered: cumulative, share: shareOf(cumulative, total) });
  }

  return {
    sites,
    curve,
    existing: { cameras: input.existing?.length ?? 0, covered: prep.existingCovered, share: shareOf(prep.existingCovered, total) },
    totalDemand: total,
    covered: cumulative,
    share: shareOf(cumulative, total),
    stoppedEarly: sites.length < Math.min(prep.p, candidateSets.length),
    method: {
      name: 'Maximal covering location problem (Church & ReVelle 1974), greedy marginal gain',
      radiusMetres: input.radiusMetres,
      p: input.p,
      candidates: candidateSets.length,
      distance: 'Haversine great-circle metres (R = 6,371,008.8 m); a demand point is covered when a camera is within the radius.',
      selection:
        'Each step adds the candidate covering the most not-yet-covered demand, existing cameras counted first; ties go to the lower candidate index; stops when nothing new can be covered.',
      guarantee:
        'Greedy gain over existing coverage is at least 1 - 1/e (about 63%) of the best possible for the same number of sites (Nemhauser, Wolsey & Fisher 1978).',
      sources: [
        'Church, R. & ReVelle, C. (1974) The maximal covering location problem. Papers of the Regional Science Association 32:101-118.',
        'Nemhauser, G. L., Wolsey, L. A. & Fisher, M. L. (1978) An analysis of approximations for maximizing submodular set functions I. Mathematical Programming 14:265-294.',
      ],
    },
  };
}

/**
 * Exact MCLP by enumerating all p-subsets of the candidates (p capped at the number of
 * candidates); throws when C(m, p) exceeds `maxSubsets`. Existing cameras count as covered.
 */
export function exactMaximalCovering(input: MaximalCoveringInput, options: { maxSubsets?: number } = {}): ExactMaximalCoveringResult {
  const prep = prepare(input);
  const { weights, total, candidateSets } = prep;
  const m = candidateSets.length;
  const p = Math.min(prep.p, m);
  const maxSubsets = options.maxSubsets ?? 2_000_000;
  let subsets = 1;
  for (let i = 0; i < p; i++) {
    subsets = (subsets * (m - i)) / (i + 1);
    if (subsets > maxSubsets) throw new Error(`exactMaximalCovering: C(${m}, ${p}) exceeds ${maxSubsets} subsets`);
  }
  subsets = Math.round(subsets);

  // counts[i] = number of chosen sites (plus 1 if an existing camera) covering point i.
  const counts = Int32Array.from(prep.existingMask);
  let value = prep.existingCovered;
  let best = -Infinity;
  let bestSet: number[] = [];
  const chosen: number[] = [];
  // Incremental sums drift by a few ulps; a relative tolerance keeps the first
  // (lexicographically smallest) optimum instead of a later one that only looks larger.
  const tol = 1e-12 * Math.max(1, total);

  const visit = (start: number): void => {
    if (chosen.length === p) {
      if (value > best + tol) {
        best = value;
        bestSet = [...chosen];
      }
      return;
    }
    for (let j = start; j <= m - (p - chosen.length); j++) {
      for (const i of candidateSets[j]) if (counts[i]++ === 0) value += weights[i];
      chosen.push(j);
      visit(j + 1);
      chosen.pop();
      for (const i of candidateSets[j]) if (--counts[i] === 0) value -= weights[i];
    }
  };
  visit(0);

  // Recompute the winner's value from scratch so drift never reaches the caller.
  const mask = Uint8Array.from(prep.existingMask);
  for (const j of bestSet) for (const i of candidateSets[j]) mask[i] = 1;
  let coveredWeight = 0;
  for (let i = 0; i < weights.length; i++) if (mask[i]) coveredWeight += weights[i];

  return {
    indices: bestSet,
    covered: coveredWeight,
    share: shareOf(coveredWeight, total),
    existingCovered: prep.existingCovered,
    subsetsEvaluated: subsets,
  };
}
