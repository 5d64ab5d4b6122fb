/**
 * Plain words for the method card: which inference ran, why, and what it can and cannot detect.
 */
import type { InferenceMode, InferenceResult } from './hotspotInference';

export const INFERENCE_LABELS: Record<InferenceMode, string> = {
  randomisation: 'Monte Carlo randomisation (values shuffled over the study area)',
  conditional: 'conditional permutation (PySAL esda, the cell’s own value held fixed)',
  normal: 'normal approximation (analytic z)',
  poisson: 'Poisson null for counts (each cell Poisson at the study-area mean)',
};

/** The randomisation null counted rather than sampled (whole-number values, automatic draws). */
const EXACT_LABEL = 'randomisation (values shuffled over the study area), its null counted exactly';

const WHY: Record<InferenceMode, string> = {
  randomisation:
    'The default: exact for the zero-heavy counts of small cells, because it compares each neighbourhood with the same number of cells drawn at random from this map’s own values; in a calibration study on maps made from real study areas’ own cells, its false discovery rate stayed at or below alpha in every configuration tried.',
  conditional:
    'As PySAL esda: each cell keeps its own value and its neighbours are drawn from the other cells. Valid, but with a few thousand permutations the smallest p is too large for the multiple-testing correction over thousands of cells, so it rarely finds anything.',
  normal:
    'Fast, and the method of the ArcGIS tool, but it assumes many non-zero values: on maps where most cells are empty it finds more hot spots than are there (its false discovery rate was above alpha in the calibration study).',
  poisson:
    'Tests counts against a Poisson model at the study-area mean. Real counts are far more clustered than Poisson, so it flags many cells that are only ordinary busy places: a comparison mode, not a basis for tasking.',
};

export interface InferenceDescription {
  inference: string;
  inferenceMode: InferenceMode;
  inferenceWhy: string;
  draws: number;
  smallestP: number | null;
  /** How many cells must reach the smallest p before BH at alpha can reject any; null when unbounded. */
  cellsNeededAtFloor: number | null;
  inferenceNote: string;
}

/**
 * Describe an inference run over `cells` cells at significance `alpha`. The BH step-up rejects the
 * r smallest p-values only if the r-th is at most r × alpha / cells, so with a Monte Carlo floor f
 * nothing can be rejected unless at least ceil(f × cells / alpha) cells sit at the floor.
 */
export function describeInference(
  result: Pick<InferenceResult, 'mode' | 'draws' | 'floor' | 'exact'>,
  cells: number,
  alpha: number,
): InferenceDescription {
  const bounded = result.floor > 0;
  const needed = bounded ? Math.max(1, Math.ceil((result.floor * cells) / alpha - 1e-9)) : null;
  let note: string;
  if (!bounded) note = 'Closed-form p-values: no floor.';
  else if (result.exact)
    note = `Exact p-values: every way of drawing a neighbourhood's cells from this map's values is counted, none sampled, so there is no Monte Carlo error; the smallest two-sided p any cell could reach is ${result.floor.toPrecision(2)}.`;
  else if (needed === 1)
    note = `${result.draws.toLocaleString('en-GB')} draws, chosen for ${cells.toLocaleString('en-GB')} cells: the smallest two-sided p, ${result.floor.toPrecision(2)}, is below the strictest level the correction can ask for (alpha / cells = ${(alpha / cells).toPrecision(2)}), so a single extreme cell can be found.`;
  else
    note = `With ${result.draws.toLocaleString('en-GB')} draws the smallest two-sided p is ${result.floor.toPrecision(2)}: the correction at alpha ${alpha} over ${cells.toLocaleString('en-GB')} cells can find nothing unless at least ${needed!.toLocaleString('en-GB')} cells reach it. Use more draws, or the default randomisation mode, which picks enough.`;
  if (result.exact)
    return {
      inference: `${EXACT_LABEL}; two-sided p, ties counted on both sides`,
      inferenceMode: result.mode,
      inferenceWhy: WHY[result.mode],
      draws: 0,
      smallestP: result.floor,
      cellsNeededAtFloor: needed,
      inferenceNote: note,
    };
  return {
    inference: `${INFERENCE_LABELS[result.mode]}${result.draws ? `, ${result.draws.toLocaleString('en-GB')} draws` : ''}${result.draws ? '; two-sided p, ties counted on both sides' : '; two-sided p'}`,
    inferenceMode: result.mode,
    inferenceWhy: WHY[result.mode],
    draws: result.draws,
    smallestP: bounded ? result.floor : null,
    cellsNeededAtFloor: needed,
    inferenceNote: note,
  };
}
