/**
 * Null-calibration and power of hot-spot inference (methods.md §11): generate maps with no hot
 * spots from a real map, run a mode with BH, and count false discoveries; plant hot spots of known
 * size and count how many are found.
 */
import type { Neighbours } from './neighbours';
import { benjaminiHochberg } from './benjaminiHochberg';
import { hotspotInference, type InferenceMode } from './hotspotInference';
import type { Rng } from './random';

export type NullModel = 'shuffle' | 'poisson';

/**
 * A map with no hot spots built from `values`: `shuffle` assigns the observed values to the cells
 * in a random order (total randomisation: the same skewed, zero-heavy distribution, no place
 * effect); `poisson` draws every cell from Poisson(mean) (counts with no overdispersion at all).
 */
export function nullMap(values: ArrayLike<number>, model: NullModel, rng: Rng): Float64Array {
  const n = values.length;
  const out = Float64Array.from(values as ArrayLike<number>);
  if (model === 'shuffle') {
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  for (let i = 0; i < n; i++) out[i] = poissonDraw(rng, mean);
  return out;
}

/** Poisson variate: Knuth's product method for small means, a normal approximation above 500. */
export function poissonDraw(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 500) {
    const u = 1 - rng.next();
    const v = rng.next();
    const g = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * g));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  let prod = rng.next();
  while (prod > limit) {
    k++;
    prod *= rng.next();
  }
  return k;
}

export interface PlantOptions {
  /** Number of hot spots to plant, each a cell and its ring of neighbours (disjoint). */
  spots: number;
  /** Mean extra incidents added to each planted cell (Poisson). */
  extraPerCell: number;
}

export interface PlantedMap {
  values: Float64Array;
  /** 1 for a planted cell. */
  planted: Uint8Array;
  /** 1 for a cell whose neighbourhood holds a planted cell: flagging it is not a false discovery. */
  touched: Uint8Array;
}

/**
 * Plant `spots` hot spots on `base`: each is a centre with a full neighbourhood and its neighbours
 * (under k = 1, seven cells), chosen so no two touch, each cell given Poisson(extraPerCell) more.
 */
export function plantHotSpots(base: ArrayLike<number>, neighbours: Neighbours, opts: PlantOptions, rng: Rng): PlantedMap {
  const n = base.length;
  const { offsets, indices } = neighbours;
  const values = Float64Array.from(base as ArrayLike<number>);
  const planted = new Uint8Array(n);
  const blocked = new Uint8Array(n);
  let full = 0;
  for (let i = 0; i < n; i++) full = Math.max(full, offsets[i + 1] - offsets[i]);
  let placed = 0;
  for (let attempt = 0; placed < opts.spots && attempt < 100 * opts.spots; attempt++) {
    const c = rng.int(n);
    if (offsets[c + 1] - offsets[c] < full) continue;
    let free = true;
    for (let t = offsets[c]; t < offsets[c + 1]; t++) if (blocked[indices[t]]) free = false;
    if (!free) continue;
    for (let t = offsets[c]; t < offsets[c + 1]; t++) {
      const j = indices[t];
      planted[j] = 1;
      values[j] += poissonDraw(rng, opts.extraPerCell);
    }
    // Keep later spots two rings away, so their neighbourhoods never share a cell.
    for (let t = offsets[c]; t < offsets[c + 1]; t++) {
      const j = indices[t];
      for (let u = offsets[j]; u < offsets[j + 1]; u++) {
        const l = indices[u];
        blocked[l] = 1;
        for (let v = offsets[l]; v < offsets[l + 1]; v++) blocked[indices[v]] = 1;
      }
    }
    placed++;
  }
  if (placed < opts.spots) throw new Error(`plantHotSpots: room for only ${placed} of ${opts.spots} hot spots`);
  const touched = new Uint8Array(n);
  for (let i = 0; i < n; i++) for (let t = offsets[i]; t < offsets[i + 1]; t++) if (planted[indices[t]]) touched[i] = 1;
  return { values, planted, touched };
}

export interface Discoveries {
  /** Cells declared hot spots (positive z, BH-rejected). */
  hot: number;
  /** Cells declared cold spots. */
  cold: number;
  rejected: Uint8Array;
  z: Float64Array;
}

/** One mode's discoveries on one map: BH at alpha over every cell, as the API applies it. */
export function discoveries(
  values: ArrayLike<number>,
  neighbours: Neighbours,
  mode: InferenceMode,
  alpha: number,
  draws: number,
  seed: number,
): Discoveries {
  const r = hotspotInference(values, neighbours, { mode, alpha, draws, seed });
  const bh = benjaminiHochberg(r.p, alpha);
  let hot = 0;
  let cold = 0;
  for (let i = 0; i < values.length; i++) {
    if (!bh.rejected[i] || r.z[i] === 0) {
      bh.rejected[i] = 0;
      continue;
    }
    if (r.z[i] > 0) hot++;
    else cold++;
  }
  return { hot, cold, rejected: bh.rejected, z: r.z };
}

/**
 * False discovery proportion on a map where every rejection is false: 1 if anything is rejected,
 * else 0 (under the complete null FDR equals the chance of any discovery).
 */
export function nullFdp(d: Discoveries): number {
  return d.hot + d.cold > 0 ? 1 : 0;
}

/** Power and false discovery proportion on a planted map. */
export function plantedScore(d: Discoveries, map: PlantedMap): { power: number; fdp: number; found: number } {
  let plantedCells = 0;
  let found = 0;
  let rejected = 0;
  let falseHits = 0;
  for (let i = 0; i < map.planted.length; i++) {
    if (map.planted[i]) plantedCells++;
    if (!d.rejected[i]) continue;
    rejected++;
    const truePositive = map.touched[i] && d.z[i] > 0;
    if (truePositive && map.planted[i]) found++;
    if (!truePositive) falseHits++;
  }
  return { power: plantedCells ? found / plantedCells : 0, fdp: rejected ? falseHits / rejected : 0, found };
}
