import { describe, expect, it } from 'vitest';
import { backtestHotspots, type BacktestCell } from '../../geo/backtest';

// Ten equal-area cells; N = 20. Hand-computed expectations below.
const predicted = { a: 5, b: 4, c: 3, d: 3, e: 2, f: 1, g: 0, h: 0, i: 0, j: 0 };
const observed = { a: 2, b: 0, c: 4, d: 1, e: 0, f: 3, g: 6, h: 0, i: 0, j: 4 };
const cells: BacktestCell[] = Object.keys(predicted)
  .reverse() // input order must not matter
  .map((id) => ({ id, predicted: predicted[id as keyof typeof predicted], observed: observed[id as keyof typeof observed] }));

describe('backtestHotspots, equal-area cells', () => {
  const r = backtestHotspots(cells, { coverages: [0.1, 0.25, 0.5, 0.8, 1] });

  it('reports totals', () => {
    expect(r.cells).toBe(10);
    expect(r.totalArea).toBe(10);
    expect(r.totalObserved).toBe(20);
    expect(r.equalArea).toBe(true);
  });

  it('10%: flags 1 cell; hit 2/20, PAI 1, PAI_max 3 (cell g, 6 crimes), PEI 1/3', () => {
    const x = r.results[0];
    expect(x.flaggedIds).toEqual(['a']);
    expect(x.captured).toBe(2);
    expect(x.hitRate).toBeCloseTo(0.1, 12);
    expect(x.areaShare).toBeCloseTo(0.1, 12);
    expect(x.pai).toBeCloseTo(1, 12);
    expect(x.perfectCaptured).toBe(6);
    expect(x.paiMax).toBeCloseTo(3, 12);
    expect(x.pei).toBeCloseTo(1 / 3, 12);
    expect(x.tiedAtCutoff).toBe(0);
  });

  it('25%: ceil(2.5) = 3 cells; tie c/d at score 3 goes to c by id; PEI 3/7', () => {
    const x = r.results[1];
    expect(x.flaggedCells).toBe(3);
    expect(x.flaggedIds).toEqual(['a', 'b', 'c']);
    expect(x.captured).toBe(6);
    expect(x.areaShare).toBeCloseTo(0.3, 12);
    expect(x.pai).toBeCloseTo(1, 12);
    expect(x.perfectCaptured).toBe(14); // g 6, c 4, j 4
    expect(x.paiMax).toBeCloseTo(7 / 3, 12);
    expect(x.pei).toBeCloseTo(3 / 7, 12);
    expect(x.tiedAtCutoff).toBe(1); // d
  });

  it('50%: 5 cells, hit 7/20, PAI 0.7, PAI_max 1.9, PEI 7/19', () => {
    const x = r.results[2];
    expect(x.flaggedIds).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(x.captured).toBe(7);
    expect(x.hitRate).toBeCloseTo(0.35, 12);
    expect(x.pai).toBeCloseTo(0.7, 12);
    expect(x.perfectCaptured).toBe(19); // g 6, c 4, j 4, f 3, a 2
    expect(x.paiMax).toBeCloseTo(1.9, 12);
    expect(x.pei).toBeCloseTo(7 / 19, 12);
  });

  it('80%: zero-score ties are broken by id and counted', () => {
    const x = r.results[3];
    expect(x.flaggedIds).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(x.tiedAtCutoff).toBe(2); // i, j
    expect(x.captured).toBe(16);
  });

  it('100%: everything flagged, PAI = PEI = 1', () => {
    const x = r.results[4];
    expect(x.flaggedCells).toBe(10);
    expect(x.hitRate).toBe(1);
    expect(x.pai).toBe(1);
    expect(x.pei).toBe(1);
  });

  it('uses ceil(n x coverage) without floating-point overshoot', () => {
    const many: BacktestCell[] = Array.from({ length: 100 }, (_, i) => ({
      id: `c${String(i).padStart(3, '0')}`,
      predicted: -i,
      observed: 1,
    }));
    // 100 * 0.07 = 7.000000000000001 and 10 * 0.3 = 3.0000000000000004 in floating point.
    expect(backtestHotspots(many, { coverages: [0.07] }).results[0].flaggedCells).toBe(7);
    expect(backtestHotspots(cells, { coverages: [0.3] }).results[0].flaggedCells).toBe(3);
    // Below one cell's worth still flags one cell.
    expect(backtestHotspots(many, { coverages: [0.001] }).results[0].flaggedCells).toBe(1);
    // 0.011 * 100 = 1.1 -> 2
    expect(backtestHotspots(many, { coverages: [0.011] }).results[0].flaggedCells).toBe(2);
  });

  it('defaults to 1%, 5% and 10%', () => {
    const many: BacktestCell[] = Array.from({ length: 200 }, (_, i) => ({
      id: `c${String(i).padStart(3, '0')}`,
      predicted: 200 - i,
      observed: i < 4 ? 5 : 0,
    }));
    const d = backtestHotspots(many);
    expect(d.results.map((x) => x.coverage)).toEqual([0.01, 0.05, 0.1]);
    expect(d.results.map((x) => x.flaggedCells)).toEqual([2, 10, 20]);
    // 2 of 200 cells hold 10 of 20 crimes: hit 0.5, PAI 0.5 / 0.01 = 50, perfect at 1%.
    expect(d.results[0].pai).toBeCloseTo(50, 9);
    expect(d.results[0].pei).toBeCloseTo(1, 12);
  });
});

describe('backtestHotspots, unequal areas', () => {
  // A = 10, N = 10. Densities: x 5, y 1, z 1/3.
  const uneq: BacktestCell[] = [
    { id: 'x', predicted: 2, observed: 5, area: 1 },
    { id: 'y', predicted: 1, observed: 3, area: 3 },
    { id: 'z', predicted: 3, observed: 2, area: 6 },
  ];
  it('flags by predicted score until the area target is reached', () => {
    const r = backtestHotspots(uneq, { coverages: [0.1, 0.7] });
    expect(r.equalArea).toBe(false);
    const [p10, p70] = r.results;
    // 10%: target 1; z alone (area 6) reaches it.
    expect(p10.flaggedIds).toEqual(['z']);
    expect(p10.areaShare).toBeCloseTo(0.6, 12);
    expect(p10.hitRate).toBeCloseTo(0.2, 12);
    expect(p10.pai).toBeCloseTo(1 / 3, 12);
    // Perfect map by density: x alone (area 1, 5 crimes): PAI_max 0.5 / 0.1 = 5.
    expect(p10.perfectArea).toBe(1);
    expect(p10.paiMax).toBeCloseTo(5, 12);
    expect(p10.pei).toBeCloseTo(1 / 15, 12);
    // 70%: target 7; z (6) then x (7).
    expect(p70.flaggedIds).toEqual(['z', 'x']);
    expect(p70.captured).toBe(7);
    expect(p70.pai).toBeCloseTo(1, 12);
    // Perfect: x (1), y (4), z (10): everything, PAI_max 1.
    expect(p70.paiMax).toBeCloseTo(1, 12);
    expect(p70.pei).toBeCloseTo(1, 12);
  });
});

describe('backtestHotspots, edge cases', () => {
  it('returns null metrics when the next period has no crime', () => {
    const r = backtestHotspots(
      cells.map((c) => ({ ...c, observed: 0 })),
      { coverages: [0.2] },
    );
    const x = r.results[0];
    expect(x.flaggedIds).toEqual(['a', 'b']);
    expect(x.total).toBe(0);
    expect(x.hitRate).toBeNull();
    expect(x.pai).toBeNull();
    expect(x.paiMax).toBeNull();
    expect(x.pei).toBeNull();
  });

  it('handles an empty study area', () => {
    const x = backtestHotspots([], { coverages: [0.1] }).results[0];
    expect(x.flaggedCells).toBe(0);
    expect(x.pai).toBeNull();
  });

  it('rejects bad input', () => {
    expect(() => backtestHotspots(cells, { coverages: [0] })).toThrow(/coverage/);
    expect(() => backtestHotspots(cells, { coverages: [1.5] })).toThrow(/coverage/);
    expect(() =>
      backtestHotspots([
        { id: 'a', predicted: 1, observed: 1, area: 1 },
        { id: 'b', predicted: 1, observed: 1 },
      ]),
    ).toThrow(/every cell or for none/);
    expect(() =>
      backtestHotspots([
        { id: 'a', predicted: 1, observed: 1 },
        { id: 'a', predicted: 1, observed: 1 },
      ]),
    ).toThrow(/duplicate/);
    expect(() => backtestHotspots([{ id: 'a', predicted: Number.NaN, observed: 1 }])).toThrow(/NaN/);
    expect(() => backtestHotspots([{ id: 'a', predicted: 1, observed: -1 }])).toThrow(/observed/);
    expect(() => backtestHotspots([{ id: 'a', predicted: 1, observed: 1, area: 0 }])).toThrow(/area/);
  });
});
