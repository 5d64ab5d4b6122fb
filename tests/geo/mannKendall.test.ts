import { describe, expect, it } from 'vitest';
import { mannKendall, senSlope } from '../../geo/mannKendall';

describe('mannKendall', () => {
  it('matches a hand-computed example without ties', () => {
    // x = [1, 3, 2, 5, 4], n = 5. sign(x_j - x_i) by row i:
    //   i=0 (1): +,+,+,+ = +4;  i=1 (3): -,+,+ = +1;  i=2 (2): +,+ = +2;  i=3 (5): - = -1   => S = 6
    // Var(S) = 5*4*15/18 = 300/18 = 16.6667; z = (6 - 1)/sqrt(16.6667) = 5/4.082483 = 1.224745
    // p = 2(1 - Phi(1.224745)) = 0.22067; tau = 6 / (5*4/2) = 0.6
    // Sen: the 10 pairwise slopes 2, .5, 4/3, .75, -1, 1, 1/3, 3, 1, -1 sorted:
    //   -1, -1, 1/3, .5, .75, 1, 1, 4/3, 2, 3 -> median (0.75 + 1)/2 = 0.875
    const r = mannKendall([1, 3, 2, 5, 4], { senSlope: true });
    expect(r.s).toBe(6);
    expect(r.varS).toBeCloseTo(300 / 18, 12);
    expect(r.z).toBeCloseTo(1.224745, 6);
    expect(r.p).toBeCloseTo(0.22067, 5);
    expect(r.tau).toBeCloseTo(0.6, 15);
    expect(r.senSlope).toBeCloseTo(0.875, 15);
  });

  it('applies the tie correction', () => {
    // x = [1, 2, 2, 3, 3, 3]: S = 5 + 3 + 3 + 0 + 0 = 11.
    // Tie groups t = 2 and t = 3: Σ t(t-1)(2t+5) = 2*1*9 + 3*2*11 = 18 + 66 = 84.
    // Var(S) = (6*5*17 - 84)/18 = (510 - 84)/18 = 23.6667; z = (11 - 1)/sqrt(23.6667) = 2.055566.
    // tau-b: n0 = 15, n1 = 1 + 3 = 4 -> tau = 11 / sqrt(11 * 15) = 0.856349.
    const r = mannKendall([1, 2, 2, 3, 3, 3]);
    expect(r.s).toBe(11);
    expect(r.varS).toBeCloseTo(426 / 18, 12);
    expect(r.z).toBeCloseTo(2.055566, 6);
    expect(r.tau).toBeCloseTo(11 / Math.sqrt(165), 12);
    expect(r.senSlope).toBeNaN();
  });

  it('is symmetric for decreasing series and neutral for flat ones', () => {
    const up = mannKendall([1, 3, 2, 5, 4]);
    const down = mannKendall([-1, -3, -2, -5, -4]);
    expect(down.s).toBe(-6);
    expect(down.z).toBeCloseTo(-up.z, 15);
    expect(down.p).toBeCloseTo(up.p, 15);
    const flat = mannKendall([2, 2, 2, 2]);
    expect(flat).toMatchObject({ s: 0, z: 0, p: 1, tau: 0 });
    // A strong 24-month upward trend is significant.
    const trend = mannKendall(Array.from({ length: 24 }, (_, i) => i + (i % 3)));
    expect(trend.p).toBeLessThan(1e-6);
    expect(senSlope([0, 2, 4, 6])).toBe(2);
    expect(() => mannKendall([1, NaN, 2])).toThrow();
  });
});
