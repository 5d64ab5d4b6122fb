import { describe, expect, it } from 'vitest';
import { confidenceBins, confidenceBinsFdr } from '../../geo/confidenceBin';

describe('confidenceBins', () => {
  it('bins by FDR-adjusted p and the sign of z', () => {
    const z = [3.1, -2.2, 1.8, 0.4, -3.5, 2.0, 0];
    const pFdr = [0.004, 0.03, 0.08, 0.7, 0.01, 0.05, 0.001];
    // 0.004 <= 0.01 -> 3; 0.03 <= 0.05 -> 2 (cold); 0.08 <= 0.10 -> 1; 0.7 -> 0;
    // 0.01 is on the 99% line -> -3; 0.05 on the 95% line -> 2; z = 0 -> 0 whatever p.
    expect(Array.from(confidenceBins(z, pFdr))).toEqual([3, -2, 1, 0, -3, 2, 0]);
    // alpha = 0.05 drops the 90% bin; alpha = 0.01 keeps only ±3.
    expect(Array.from(confidenceBins(z, pFdr, 0.05))).toEqual([3, -2, 0, 0, -3, 2, 0]);
    expect(Array.from(confidenceBins(z, pFdr, 0.01))).toEqual([3, 0, 0, 0, -3, 0, 0]);
    expect(Array.from(confidenceBins([2], [NaN]))).toEqual([0]);
  });

  it('applies BH over all cells before binning', () => {
    // Raw two-sided p = [0.001, 0.02, 0.04, 0.3, 0.6], m = 5.
    // m p(j)/j = 0.005, 0.05, 0.0667, 0.375, 0.6 -> adjusted [0.005, 0.05, 0.0667, 0.375, 0.6].
    // Unadjusted, cell 1 (p = 0.02) would be a 95% hot spot and cell 2 (0.04) too; after FDR
    // cell 1 stays at 95% (0.05) and cell 2 falls to 90% (0.0667).
    const { bins, pFdr } = confidenceBinsFdr([3.3, 2.33, -2.05, 1.04, 0.52], [0.001, 0.02, 0.04, 0.3, 0.6]);
    expect(pFdr[2]).toBeCloseTo(1 / 15, 14);
    expect(Array.from(bins)).toEqual([3, 2, -1, 0, 0]);
  });
});
