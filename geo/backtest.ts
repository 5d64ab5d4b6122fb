/**
 * Back-testing hotspot maps: how much of the next period's crime fell in the cells a
 * map flagged (methods.md §9).
 *
 * - Hit rate = n / N: share of next-period crimes inside the flagged area.
 * - Predictive Accuracy Index PAI = (n / N) / (a / A) (Chainey, Tompson & Uhlig 2008,
 *   "The utility of hotspot mapping for predicting spatial patterns of crime",
 *   Security Journal 21:4-28).
 * - Predictive Efficiency Index PEI = PAI / PAI_max, where PAI_max is the PAI of a map that
 *   flags the same amount of area perfectly, i.e. the cells with most observed crime
 *   (Hunt 2016, "Do crime hot spots move? Exploring the effects of the modifiable areal unit
 *   problem and modifiable temporal unit problem on crime hot spot stability", doctoral
 *   dissertation; discussed with its variant PEI* by White, Hunt & Green 2023, Security Journal).
 *   RRI is not computed: its two definitions in use disagree (methods.md §9).
 *
 * Flagging rule: cells are ranked by predicted score (descending; ties broken by cell id
 * ascending so a run is reproducible) and taken until the flagged area reaches
 * coverage × A. With equal-area cells (no `area` given, e.g. H3 at one resolution) that
 * is exactly ceil(n_cells × coverage) cells, never fewer than 1; a relative tolerance of
 * 1e-9 stops floating point (100 × 0.07 = 7.000000000000001) from adding a cell. The
 * flagged area therefore slightly overshoots the nominal coverage; `areaShare` reports
 * the true a / A, and PAI uses it.
 *
 * PAI_max for unequal areas would be a knapsack problem; it is approximated by ranking on
 * observed density (count / area) with the same stopping rule, so PEI can in rare cases
 * exceed 1 there. With equal areas it is exact: the top-k cells by observed count.
 *
 * Ties: when many cells share the cutoff score (typical for a last-month-counts baseline
 * full of zeros) the id tie-break picks which are flagged, which is arbitrary;
 * `tiedAtCutoff` reports how many unflagged cells share the last flagged score so a
 * reader can see when the result depends on that choice.
 */

export interface BacktestCell {
  /** Cell identifier (H3 index, ward code); also the tie-break key. */
  id: string;
  /** Score from the preceding window (Gi* z, smoothed harm, last month's count...). Higher = hotter. */
  predicted: number;
  /** Count (or harm) observed in the next period. */
  observed: number;
  /** Cell area in any unit; omit on every cell for equal-area cells. */
  area?: number;
}

export interface BacktestOptions {
  /** Fractions of the study area to flag; default [0.01, 0.05, 0.10]. */
  coverages?: readonly number[];
}

export interface CoverageResult {
  /** Requested fraction of the study area. */
  coverage: number;
  flaggedCells: number;
  /** Flagged cell ids, hottest first. */
  flaggedIds: string[];
  /** a: flagged area (cell count when equal-area). */
  flaggedArea: number;
  /** a / A, the realised share of the study area (>= coverage). */
  areaShare: number;
  /** n: next-period crimes in flagged cells. */
  captured: number;
  /** N: next-period crimes in the whole study area. */
  total: number;
  /** n / N, or null when N = 0. */
  hitRate: number | null;
  /** (n / N) / (a / A), or null when N = 0. */
  pai: number | null;
  /** Crimes a perfect map flagging the same area would capture. */
  perfectCaptured: number;
  perfectArea: number;
  paiMax: number | null;
  /** PAI / PAI_max, or null when N = 0. */
  pei: number | null;
  /** Unflagged cells whose predicted score equals the last flagged cell's score. */
  tiedAtCutoff: number;
}

export interface BacktestResult {
  cells: number;
  totalArea: number;
  totalObserved: number;
  equalArea: boolean;
  results: CoverageResult[];
  method: {
    flagging: string;
    tieBreak: string;
    paiMax: string;
    sources: string[];
  };
}

export const DEFAULT_COVERAGES: readonly number[] = [0.01, 0.05, 0.1];

const REL_TOL = 1e-9;

function byScoreThenId(score: (c: BacktestCell) => number) {
  return (x: BacktestCell, y: BacktestCell): number => {
    const d = score(y) - score(x);
    if (d !== 0) return d;
    return x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
  };
}

/** Shortest prefix of `ranked` whose area reaches `target` (at least one cell). */
function prefixReaching(ranked: readonly BacktestCell[], areaOf: (c: BacktestCell) => number, target: number, totalArea: number): number {
  let area = 0;
  for (let k = 0; k < ranked.length; k++) {
    area += areaOf(ranked[k]);
    if (area >= target - REL_TOL * totalArea) return k + 1;
  }
  return ranked.length;
}

/**
 * Hit rate, PAI and PEI of a hotspot prediction at each coverage fraction.
 * Pass every cell of the study area, including those with zero prediction and zero
 * outcome, or N and A are understated and PAI inflated.
 */
export function backtestHotspots(cells: readonly BacktestCell[], options: BacktestOptions = {}): BacktestResult {
  const coverages = options.coverages ?? DEFAULT_COVERAGES;
  for (const c of coverages) {
    if (!(c > 0 && c <= 1)) throw new Error(`backtestHotspots: coverage ${c} must be in (0, 1]`);
  }
  const withArea = cells.filter((c) => c.area !== undefined).length;
  if (withArea !== 0 && withArea !== cells.length) {
    throw new Error('backtestHotspots: give an area for every cell or for none');
  }
  const equalArea = withArea === 0;
  const ids = new Set<string>();
  for (const c of cells) {
    if (ids.has(c.id)) throw new Error(`backtestHotspots: duplicate cell ${c.id}`);
    ids.add(c.id);
    if (Number.isNaN(c.predicted)) throw new Error(`backtestHotspots: predicted score of ${c.id} is NaN`);
    if (!(c.observed >= 0) || !Number.isFinite(c.observed))
      throw new Error(`backtestHotspots: observed of ${c.id} must be finite and >= 0`);
    if (!equalArea && !(c.area! > 0 && Number.isFinite(c.area!)))
      throw new Error(`backtestHotspots: area of ${c.id} must be finite and > 0`);
  }
  const areaOf = equalArea ? () => 1 : (c: BacktestCell) => c.area!;
  const totalArea = cells.reduce((s, c) => s + areaOf(c), 0);
  const totalObserved = cells.reduce((s, c) => s + c.observed, 0);

  const predictedRank = [...cells].sort(byScoreThenId((c) => c.predicted));
  const perfectRank = [...cells].sort(byScoreThenId((c) => c.observed / areaOf(c)));

  const results: CoverageResult[] = coverages.map((coverage) => {
    const target = coverage * totalArea;
    const k = cells.length === 0 ? 0 : prefixReaching(predictedRank, areaOf, target, totalArea);
    const flagged = predictedRank.slice(0, k);
    const kPerfect = cells.length === 0 ? 0 : prefixReaching(perfectRank, areaOf, target, totalArea);
    const perfect = perfectRank.slice(0, kPerfect);

    const flaggedArea = flagged.reduce((s, c) => s + areaOf(c), 0);
    const captured = flagged.reduce((s, c) => s + c.observed, 0);
    const perfectArea = perfect.reduce((s, c) => s + areaOf(c), 0);
    const perfectCaptured = perfect.reduce((s, c) => s + c.observed, 0);
    const areaShare = totalArea > 0 ? flaggedArea / totalArea : 0;

    let hitRate: number | null = null;
    let pai: number | null = null;
    let paiMax: number | null = null;
    let pei: number | null = null;
    if (totalObserved > 0) {
      hitRate = captured / totalObserved;
      pai = hitRate / areaShare;
      paiMax = perfectCaptured / totalObserved / (perfectArea / totalArea);
      // N > 0 means the densest cell has a positive count, so paiMax > 0.
      pei = pai / paiMax;
    }

    let tiedAtCutoff = 0;
    if (k > 0) {
      const cutoff = flagged[k - 1].predicted;
      for (let i = k; i < predictedRank.length && predictedRank[i].predicted === cutoff; i++) tiedAtCutoff++;
    }

    return {
      coverage,
      flaggedCells: k,
      flaggedIds: flagged.map((c) => c.id),
      flaggedArea,
      areaShare,
      captured,
      total: totalObserved,
      hitRate,
      pai,
      perfectCaptured,
      perfectArea,
      paiMax,
      pei,
      tiedAtCutoff,
    };
  });

  return {
    cells: cells.length,
    totalArea,
    totalObserved,
    equalArea,
    results,
    method: {
      flagging: equalArea
        ? 'Equal-area cells: the ceil(cells x coverage) cells with the highest predicted score (at least 1).'
        : 'Cells by predicted score, highest first, until the flagged area reaches coverage x study area.',
      tieBreak: 'Equal scores are ordered by cell id (ascending); tiedAtCutoff counts unflagged cells tied with the last flagged one.',
      paiMax: equalArea
        ? 'PAI_max flags the same number of cells perfectly: those with the most next-period crime.'
        : 'PAI_max ranks cells by observed density (count / area) with the same stopping rule (an approximation for unequal areas).',
      sources: [
        'Chainey, Tompson & Uhlig (2008) Security Journal 21:4-28 (hit rate, PAI)',
        'Hunt (2016) PEI = PAI / PAI_max; White, Hunt & Green (2023) Security Journal',
      ],
    },
  };
}
