import { describe, expect, it } from 'vitest';
import { erfc, normalCdf, normalTwoSidedP, normalUpperTail } from '../../geo/stats/normal';

// Reference values: erfc from Abramowitz & Stegun table 7.1 / high-precision
// evaluation (Wolfram), quoted to 16+ significant digits.
describe('erfc (Cody 1969)', () => {
  const cases: [number, number][] = [
    [0, 1],
    [0.1, 0.8875370839817151],
    [0.5, 0.4795001221869535],
    [1, 0.1572992070502851],
    [2, 0.004677734981047266],
    [3, 2.209049699858544e-5],
    [5, 1.537459794428035e-12],
    [10, 2.088487583762545e-45],
    [-1, 1.842700792949715],
  ];
  it.each(cases)('erfc(%f)', (x, expected) => {
    expect(Math.abs(erfc(x) - expected) / expected).toBeLessThan(1e-14);
  });

  it('gives the textbook normal quantiles', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(Math.abs(normalCdf(1.959963984540054) - 0.975)).toBeLessThan(1e-15);
    expect(Math.abs(normalTwoSidedP(1.959963984540054) - 0.05)).toBeLessThan(1e-15);
    expect(Math.abs(normalTwoSidedP(-2.5758293035489) - 0.01)).toBeLessThan(1e-14);
    expect(Math.abs(normalTwoSidedP(1.6448536269514722) - 0.1)).toBeLessThan(1e-14);
    // Upper tail keeps relative precision where 1 - cdf would cancel: Phi(-8) = 6.22096057427178e-16
    expect(Math.abs(normalUpperTail(8) - 6.22096057427178e-16) / 6.22096057427178e-16).toBeLessThan(1e-13);
    expect(normalTwoSidedP(NaN)).toBeNaN();
    expect(normalTwoSidedP(0)).toBe(1);
  });
});
