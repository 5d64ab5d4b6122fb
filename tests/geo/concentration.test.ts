import { describe, expect, it } from 'vitest';
import { concentration, topShare } from '../../geo/concentration';

describe('concentration', () => {
  // 200 cells: 10 with 50, 10 with 10, 20 with 1, 160 with 0. Total = 500 + 100 + 20 = 620.
  const values = Array.from({ length: 200 }, (_, i) => (i < 10 ? 50 : i < 20 ? 10 : i < 40 ? 1 : 0)).reverse();

  it('computes top-k% shares, the half-share point and Gini by hand', () => {
    const r = concentration(values);
    expect(r.n).toBe(200);
    expect(r.total).toBe(620);
    // top 1% = ceil(2) = 2 cells = 100/620; top 5% = 10 cells = 500/620; top 10% = 20 cells = 600/620.
    expect(r.top1).toBeCloseTo(100 / 620, 15);
    expect(r.top5).toBeCloseTo(500 / 620, 15);
    expect(r.top10).toBeCloseTo(600 / 620, 15);
    // Half of 620 is 310; 6 cells hold 300, 7 hold 350 -> 7/200 = 3.5% of cells.
    expect(r.cellShareForHalf).toBe(0.035);
    // Gini with x ascending, G = Σ(2i - n - 1) x_i / (n Σx), n + 1 = 201:
    //   ones (ranks 161..180): 2*3410 - 20*201 = 2800;  tens (181..190): (2*1855 - 2010)*10 = 17000;
    //   fifties (191..200): (2*1955 - 2010)*50 = 95000;  G = 114800 / (200*620) = 0.925806...
    expect(r.gini).toBeCloseTo(114800 / 124000, 14);
    expect(topShare(values, 5)).toBeCloseTo(500 / 620, 15);
  });

  it('returns a monotone curve from (0,0) to (1,1), thinned to at most maxPoints', () => {
    const r = concentration(values);
    expect(r.curve.x.length).toBe(200);
    expect(r.curve.x[0]).toBe(0);
    expect(r.curve.y[0]).toBe(0);
    expect(r.curve.x[199]).toBe(1);
    expect(r.curve.y[199]).toBeCloseTo(1, 15);
    for (let t = 1; t < 200; t++) {
      expect(r.curve.x[t]).toBeGreaterThan(r.curve.x[t - 1]);
      expect(r.curve.y[t]).toBeGreaterThanOrEqual(r.curve.y[t - 1]);
    }
    // Unthinned, point k is exactly (k/n, cum_k / total): k = 10 -> (0.05, 500/620).
    const full = concentration(values, 1000);
    expect(full.curve.x.length).toBe(201);
    expect(full.curve.x[10]).toBe(0.05);
    expect(full.curve.y[10]).toBeCloseTo(500 / 620, 15);
    expect(concentration(values, 11).curve.x.length).toBe(11);
  });

  it('handles even and degenerate inputs', () => {
    const even = concentration(new Array(100).fill(3));
    expect(even.top10).toBeCloseTo(0.1, 15); // ceil(10) = 10 of 100 cells
    expect(even.gini).toBeCloseTo(0, 15);
    expect(even.cellShareForHalf).toBe(0.5);
    const zero = concentration([0, 0, 0]);
    expect(zero.top1).toBeNaN();
    expect(zero.gini).toBeNaN();
    expect(() => concentration([1, -1])).toThrow();
  });
});
