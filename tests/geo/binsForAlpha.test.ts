import { describe, expect, it } from 'vitest';
import { attainableBins, attainableConfidenceWords, attainableLevels, binRuleSentence } from '../../geo/binsForAlpha';
import { confidenceBins } from '../../geo/confidenceBin';

describe('attainableBins', () => {
  it('lists the bins each significance level the app offers can produce', () => {
    expect(attainableBins(0.1)).toEqual([3, 2, 1, -1, -2, -3]);
    expect(attainableBins(0.05)).toEqual([3, 2, -2, -3]);
    expect(attainableBins(0.01)).toEqual([3, -3]);
    expect(attainableLevels(0.05)).toEqual([3, 2]);
  });

  it('handles levels between and beyond the thresholds', () => {
    expect(attainableBins(0.005)).toEqual([3, -3]);
    expect(attainableBins(0.02)).toEqual([3, 2, -2, -3]);
    expect(attainableBins(0.2)).toEqual([3, 2, 1, -1, -2, -3]);
    expect(attainableBins(0)).toEqual([]);
    expect(attainableBins(Number.NaN)).toEqual([]);
  });

  it('agrees with confidenceBins on a fine grid of adjusted p', () => {
    const pFdr: number[] = [];
    for (let i = 0; i <= 2000; i++) pFdr.push(i / 10000);
    pFdr.push(0.01, 0.05, 0.1, 0.01 + 1e-15, 0.05 + 1e-15);
    const z = pFdr.map(() => 2);
    for (const alpha of [0.1, 0.05, 0.01, 0.005, 0.02, 0.07]) {
      const hot = new Set([...confidenceBins(z, pFdr, alpha)].filter((b) => b !== 0));
      const cold = new Set(
        [
          ...confidenceBins(
            z.map((v) => -v),
            pFdr,
            alpha,
          ),
        ].filter((b) => b !== 0),
      );
      expect(attainableBins(alpha).slice().sort(), `alpha ${alpha}`).toEqual([...hot, ...cold].sort());
    }
  });

  it('puts the rule in words', () => {
    expect(attainableConfidenceWords(0.1)).toBe('99%, 95% and 90%');
    expect(attainableConfidenceWords(0.05)).toBe('99% and 95%');
    expect(attainableConfidenceWords(0.01)).toBe('99%');
    expect(binRuleSentence(0.05)).toMatch(/only 99% and 95% can appear \(±1 needs α = 0.1\)/);
    expect(binRuleSentence(0.01)).toMatch(/only 99% can appear \(±2 needs α = 0.05, ±1 needs α = 0.1\)/);
    expect(binRuleSentence(0.1)).toMatch(/all three can appear/);
  });
});
