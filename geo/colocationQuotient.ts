/**
 * Global co-location quotient between categories of points (e.g. violence and
 * ASB incidents) with nearest-neighbour ties handled for police.uk's snapped
 * coordinates.
 */

export interface ColocationInput {
  /** Longitudes in degrees (or x in metres with coordinates: 'projected'). */
  x: ArrayLike<number>;
  /** Latitudes in degrees (or y in metres with coordinates: 'projected'). */
  y: ArrayLike<number>;
  /** Category code per point, an integer in [0, nTypes). */
  type: ArrayLike<number>;
}

export interface ColocationOptions {
  /** 'lonlat' (default): WGS84 degrees, projected internally; 'projected': planar metres already. */
  coordinates?: 'lonlat' | 'projected';
  /** Relative distance tolerance under which two neighbours count as tied (default 1e-9). */
  tieTolerance?: number;
}

export interface ColocationResult {
  nTypes: number;
  /** Total number of points N. */
  n: number;
  /** N_t per type. */
  counts: Float64Array;
  /** C(A→B) at [A * nTypes + B]: Σ over points of type A of the share of their nearest neighbours of type B. */
  c: Float64Array;
  /** CLQ(A→B) at [A * nTypes + B]; NaN where N_A = 0 or N'_B = 0. */
  clq: Float64Array;
  /** Distinct point locations (after merging identical coordinates). */
  locations: number;
}

const EARTH_RADIUS_M = 6371008.8; // IUGG mean radius

/**
 * Co-location quotients CLQ(A→B) for every ordered pair of types, after Leslie &
 * Kronenfeld (2011), "The colocation quotient: a new measure of spatial
 * association between categorical subsets of points", Geographical Analysis
 * 43(3):306-326, with one nearest neighbour:
 *
 *   CLQ(A→B) = (C(A→B) / N_A) / (N'_B / (N − 1)),  N'_B = N_B, or N_B − 1 when A = B
 *   C(A→B)   = Σ_{i of type A} (share of i's nearest neighbours that are of type B)
 *
 * CLQ > 1: B points are nearer to A points than random labelling would put them.
 * Every point passed is in the population N (and a potential neighbour): pass
 * only the categories that belong in the comparison.
 *
 * Tie rule (police.uk snaps incidents to shared anonymous map points, so ties are
 * the norm, not the exception):
 *  - points at identical coordinates are each other's nearest neighbours, at
 *    distance 0, so a point sharing its location with others has exactly those
 *    others as its nearest-neighbour set;
 *  - otherwise every point at the minimum distance is a nearest neighbour, each
 *    with equal fractional weight 1 / (number tied), as Leslie & Kronenfeld do;
 *    "tied" means within a relative distance tolerance (default 1e-9) so that
 *    rounding in the projection cannot break a genuine tie.
 * Thus each point's shares sum to 1 and Σ_B C(A→B) = N_A.
 *
 * Distances: degrees are projected to metres by an equirectangular projection at
 * the data's mean latitude (x = R cos φ0 λ, y = R φ). Over a city (tens of km)
 * its distance error is well under 1%, and a nearest-neighbour choice only
 * changes when two candidates are that close to tied.
 *
 * Speed: identical coordinates are merged first; only points alone at their
 * location need a search, done in a uniform grid over the distinct locations,
 * ring by ring until no closer location can exist. Tens of thousands of points
 * take milliseconds to tens of milliseconds.
 */
export function colocationQuotients(points: ColocationInput, nTypes: number, options: ColocationOptions = {}): ColocationResult {
  const N = points.x.length;
  if (points.y.length !== N || points.type.length !== N) throw new Error('colocationQuotients: x, y and type differ in length');
  if (!Number.isInteger(nTypes) || nTypes < 1)
    throw new RangeError(`colocationQuotients: nTypes must be a positive integer, got ${nTypes}`);
  const tol = options.tieTolerance ?? 1e-9;
  const K = nTypes;
  const counts = new Float64Array(K);
  for (let i = 0; i < N; i++) {
    const t = points.type[i];
    if (!Number.isInteger(t) || t < 0 || t >= K) throw new RangeError(`colocationQuotients: type[${i}] = ${t} is not in [0, ${K})`);
    if (!Number.isFinite(points.x[i]) || !Number.isFinite(points.y[i]))
      throw new RangeError(`colocationQuotients: point ${i} has no finite coordinates`);
    counts[t]++;
  }
  const { px, py } = project(points, options.coordinates ?? 'lonlat');

  // Merge identical coordinates. A hash on x with a chain over equal-x locations
  // is O(N); sorting 30,000 indices with a comparator cost several times more.
  const locOf = new Int32Array(N);
  const lx: number[] = [];
  const ly: number[] = [];
  const sameXNext: number[] = [];
  const headByX = new Map<number, number>();
  for (let i = 0; i < N; i++) {
    const xi = px[i];
    const yi = py[i];
    const head = headByX.get(xi);
    let l = head ?? -1;
    while (l !== -1 && ly[l] !== yi) l = sameXNext[l];
    if (l === -1) {
      l = lx.length;
      lx.push(xi);
      ly.push(yi);
      sameXNext.push(head ?? -1);
      headByX.set(xi, l);
    }
    locOf[i] = l;
  }
  const L = lx.length;
  const locSize = new Int32Array(L);
  const locCounts = new Float64Array(L * K);
  const locSingleType = new Int32Array(L).fill(-1);
  for (let i = 0; i < N; i++) {
    const l = locOf[i];
    locSize[l]++;
    locCounts[l * K + points.type[i]]++;
    locSingleType[l] = points.type[i];
  }

  const c = new Float64Array(K * K);
  // Points sharing a location: their neighbour set is the other m − 1 points there.
  for (let l = 0; l < L; l++) {
    const m = locSize[l];
    if (m < 2) continue;
    const base = l * K;
    for (let a = 0; a < K; a++) {
      const na = locCounts[base + a];
      if (na === 0) continue;
      for (let b = 0; b < K; b++) {
        const nb = locCounts[base + b] - (a === b ? 1 : 0);
        if (nb > 0) c[a * K + b] += (na * nb) / (m - 1);
      }
    }
  }

  // Points alone at their location: nearest other location(s) by grid search.
  if (L > 1) {
    const grid = buildGrid(lx, ly);
    const tied: number[] = [];
    for (let l = 0; l < L; l++) {
      if (locSize[l] !== 1) continue;
      nearestLocations(grid, lx, ly, l, tol, tied);
      let total = 0;
      for (const q of tied) total += locSize[q];
      const a = locSingleType[l];
      for (const q of tied) {
        const base = q * K;
        for (let b = 0; b < K; b++) {
          const v = locCounts[base + b];
          if (v > 0) c[a * K + b] += v / total;
        }
      }
    }
  }

  const clq = new Float64Array(K * K);
  for (let a = 0; a < K; a++) {
    for (let b = 0; b < K; b++) {
      const nbPrime = counts[b] - (a === b ? 1 : 0);
      clq[a * K + b] = counts[a] > 0 && nbPrime > 0 && N > 1 ? c[a * K + b] / counts[a] / (nbPrime / (N - 1)) : NaN;
    }
  }
  return { nTypes: K, n: N, counts, c, clq, locations: L };
}

/** CLQ(A→B) for one ordered pair of type codes, Leslie & Kronenfeld (2011); see colocationQuotients for the tie rule. */
export function colocationQuotient(points: ColocationInput, a: number, b: number, options: ColocationOptions = {}): number {
  let k = Math.max(a, b) + 1;
  for (let i = 0; i < points.type.length; i++) if (points.type[i] + 1 > k) k = points.type[i] + 1;
  return colocationQuotients(points, k, options).clq[a * k + b];
}

function project(points: ColocationInput, mode: 'lonlat' | 'projected'): { px: Float64Array; py: Float64Array } {
  const N = points.x.length;
  const px = new Float64Array(N);
  const py = new Float64Array(N);
  if (mode === 'projected') {
    for (let i = 0; i < N; i++) {
      px[i] = points.x[i];
      py[i] = points.y[i];
    }
    return { px, py };
  }
  let latSum = 0;
  for (let i = 0; i < N; i++) latSum += points.y[i];
  const rad = Math.PI / 180;
  const kx = EARTH_RADIUS_M * Math.cos((N > 0 ? latSum / N : 0) * rad) * rad;
  const ky = EARTH_RADIUS_M * rad;
  for (let i = 0; i < N; i++) {
    px[i] = points.x[i] * kx;
    py[i] = points.y[i] * ky;
  }
  return { px, py };
}

interface Grid {
  x0: number;
  y0: number;
  size: number;
  nx: number;
  ny: number;
  start: Int32Array;
  items: Int32Array;
}

/** Uniform bucket grid (CSR) with about one location per cell. */
function buildGrid(lx: number[], ly: number[]): Grid {
  const L = lx.length;
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (let l = 0; l < L; l++) {
    if (lx[l] < x0) x0 = lx[l];
    if (lx[l] > x1) x1 = lx[l];
    if (ly[l] < y0) y0 = ly[l];
    if (ly[l] > y1) y1 = ly[l];
  }
  const w = Math.max(x1 - x0, 1e-9);
  const h = Math.max(y1 - y0, 1e-9);
  let size = Math.sqrt((w * h) / L);
  // Very elongated extents (points along a line) would give a degenerate area.
  if (!(size > 0)) size = Math.max(w, h) / L;
  size = Math.max(size, Math.max(w, h) / 4096);
  const nx = Math.min(4096, Math.floor(w / size) + 1);
  const ny = Math.min(4096, Math.floor(h / size) + 1);
  const cellOf = new Int32Array(L);
  const start = new Int32Array(nx * ny + 1);
  for (let l = 0; l < L; l++) {
    const cx = Math.min(nx - 1, Math.floor((lx[l] - x0) / size));
    const cy = Math.min(ny - 1, Math.floor((ly[l] - y0) / size));
    cellOf[l] = cy * nx + cx;
    start[cellOf[l] + 1]++;
  }
  for (let g = 0; g < nx * ny; g++) start[g + 1] += start[g];
  const fill = start.slice(0, nx * ny);
  const items = new Int32Array(L);
  for (let l = 0; l < L; l++) items[fill[cellOf[l]]++] = l;
  return { x0, y0, size, nx, ny, start, items };
}

/**
 * Fill `out` with every location at the minimum distance from location q
 * (within the relative tolerance), searching square rings of grid cells outward
 * until the next ring cannot hold anything as close.
 */
function nearestLocations(g: Grid, lx: number[], ly: number[], q: number, tol: number, out: number[]): void {
  out.length = 0;
  const qx = lx[q];
  const qy = ly[q];
  const cx = Math.min(g.nx - 1, Math.floor((qx - g.x0) / g.size));
  const cy = Math.min(g.ny - 1, Math.floor((qy - g.y0) / g.size));
  let best = Infinity; // squared distance
  const slack = (1 + tol) * (1 + tol);
  const maxR = Math.max(g.nx, g.ny);
  for (let r = 0; r <= maxR; r++) {
    // Anything in ring r is at least (r − 1) cells away from q's own cell edge.
    const reach = (r - 1) * g.size;
    if (r > 0 && reach > 0 && reach * reach > best * slack) break;
    const yLo = cy - r;
    const yHi = cy + r;
    for (let yy = yLo; yy <= yHi; yy++) {
      if (yy < 0 || yy >= g.ny) continue;
      const edgeRow = yy === yLo || yy === yHi;
      const step = edgeRow ? 1 : 2 * r;
      for (let xx = cx - r; xx <= cx + r; xx += step || 1) {
        if (xx < 0 || xx >= g.nx) continue;
        const cell = yy * g.nx + xx;
        for (let t = g.start[cell]; t < g.start[cell + 1]; t++) {
          const l = g.items[t];
          if (l === q) continue;
          const dx = lx[l] - qx;
          const dy = ly[l] - qy;
          const d2 = dx * dx + dy * dy;
          if (d2 <= best * slack) {
            if (d2 * slack < best) out.length = 0; // clearly closer: earlier ties are out
            out.push(l);
            if (d2 < best) best = d2;
          }
        }
      }
    }
  }
  // A tie list built while `best` was still shrinking may hold stragglers.
  let w = 0;
  for (let t = 0; t < out.length; t++) {
    const l = out[t];
    const dx = lx[l] - qx;
    const dy = ly[l] - qy;
    if (dx * dx + dy * dy <= best * slack) out[w++] = l;
  }
  out.length = w;
}
