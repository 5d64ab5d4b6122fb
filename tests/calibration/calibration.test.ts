import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/db/openStore';
import { getCube } from '../../server/services/cube';
import { resolveSelection } from '../../server/services/selection';
import { studyNeighbours, studyValues } from '../../server/services/hotspots';
import { discoveries, nullFdp, nullMap, plantedScore, plantHotSpots, type NullModel } from '../../geo/calibration';
import { DEFAULT_INFERENCE, type InferenceMode } from '../../geo/hotspotInference';
import type { Neighbours } from '../../geo/neighbours';
import { createRng } from '../../geo/random';
import { realStore } from '../setup/realStore';

// A CI-sized slice of `npm run bench:calibration` (docs/calibration.md has the full study): the
// real res-8 study area of Stockton, violence over the last 12 months, count weighting.
const ALPHA = 0.05;
const REPLICATES = 50;
// One-sided Monte Carlo margin: two binomial standard errors of a proportion alpha over 50 maps.
const MARGIN = 2 * Math.sqrt((ALPHA * (1 - ALPHA)) / REPLICATES);

let db: Store;
let values: Float64Array;
let nb: Neighbours;

beforeAll(() => {
  db = openStore(realStore(), { readonly: true });
  const cube = getCube(db);
  const sel = resolveSelection(cube, { from: '2024-12', to: '2025-11', harm: 'violence', weight: 'count' } as never);
  const study = studyValues(db, cube, 8, sel);
  values = study.value;
  nb = studyNeighbours(study.cells, 1);
});
afterAll(() => db?.close());

function nullFdr(mode: InferenceMode, model: NullModel): number {
  let sum = 0;
  for (let r = 0; r < REPLICATES; r++) sum += nullFdp(discoveries(nullMap(values, model, createRng(1000 + r)), nb, mode, ALPHA, 0, r + 1));
  return sum / REPLICATES;
}

describe('null calibration on the real res-8 study area', () => {
  it('holds the default mode’s false discovery rate at alpha on shuffled and Poisson null maps', () => {
    expect(DEFAULT_INFERENCE).toBe('randomisation');
    expect(values.length).toBe(384);
    const shuffled = nullFdr(DEFAULT_INFERENCE, 'shuffle');
    const poisson = nullFdr(DEFAULT_INFERENCE, 'poisson');
    console.log(
      `default mode FDR over ${REPLICATES} null maps: shuffled ${shuffled}, Poisson ${poisson} (limit ${(ALPHA + MARGIN).toFixed(3)})`,
    );
    expect(shuffled).toBeLessThanOrEqual(ALPHA + MARGIN);
    expect(poisson).toBeLessThanOrEqual(ALPHA + MARGIN);
  });

  it('catches a mode that does not hold it: the normal approximation on the same shuffled maps', () => {
    // Zero-heavy, skewed counts: one busy cell shuffled anywhere makes its whole ring "significant".
    expect(nullFdr('normal', 'shuffle')).toBeGreaterThan(ALPHA + MARGIN);
  });

  it('finds planted hot spots with few false discoveries', () => {
    let nonZero = 0;
    let sum = 0;
    for (const v of values) if (v > 0) (nonZero++, (sum += v));
    let power = 0;
    let fdp = 0;
    const reps = 20;
    for (let r = 0; r < reps; r++) {
      const rng = createRng(5000 + r);
      // Three 7-cell hot spots, each cell given Poisson(8 × the mean busy cell) more incidents.
      const planted = plantHotSpots(nullMap(values, 'shuffle', rng), nb, { spots: 3, extraPerCell: (8 * sum) / nonZero }, rng);
      const s = plantedScore(discoveries(planted.values, nb, DEFAULT_INFERENCE, ALPHA, 0, r + 1), planted);
      power += s.power / reps;
      fdp += s.fdp / reps;
    }
    console.log(`planted hot spots: power ${power.toFixed(3)}, false discovery proportion ${fdp.toFixed(3)}`);
    expect(power).toBeGreaterThan(0.8);
    expect(fdp).toBeLessThanOrEqual(ALPHA + MARGIN);
  });
});
