/**
 * Class breaks of the sequential fills (cells by count or harm, wards by rate): the expected breaks
 * below were worked out by hand from the rule "upper bound of class i is the value at position
 * floor(i * n / classes) of the sorted positive values, rounded (one decimal below 10, whole
 * numbers below 100, two significant figures above), dropping a break that does not rise".
 */
import { describe, expect, it } from 'vitest';
import { classify, GREY_RAMP, hex, quantileBreaks, SEQ_COLORS, seqColor, SHADE_ALPHA } from '../../client/src/layers/colors';
import { greyFor, INVISIBLE, rateBreaks } from '../../client/src/scales';
import type { WardProps } from '../../client/src/api';
import { createRng } from '../../geo/random';

describe('quantileBreaks on hand-computed fixtures', () => {
  it('1..14 in the default 7 classes: every second value', () => {
    expect(SEQ_COLORS.length).toBe(7);
    const v = Array.from({ length: 14 }, (_, i) => 14 - i); // unsorted on purpose
    expect(quantileBreaks(v)).toEqual([3, 5, 7, 9, 11, 13]);
  });

  it('leaves out zeros and negatives before taking quantiles', () => {
    // Positive values 2,4,...,28 (n = 14): positions 2,4,...,12 hold 6,10,14,18,22,26.
    const v = [0, 0, -5, ...Array.from({ length: 14 }, (_, i) => 2 * (i + 1)), 0];
    expect(quantileBreaks(v)).toEqual([6, 10, 14, 18, 22, 26]);
  });

  it('rounds to one decimal below 10, to whole numbers below 100, to two significant figures above', () => {
    // n = 7, 7 classes: positions 1..6, i.e. every value but the smallest.
    expect(quantileBreaks([0.5, 1.23, 4.56, 9.94, 12.4, 567, 1234])).toEqual([1.2, 4.6, 9.9, 12, 570, 1200]);
    // 999.5 rounds up to 1000 and 9.96 up to 10: the rounding may cross a decade.
    expect(quantileBreaks([0.5, 9.96, 99.6, 999.5, 12345, 123456, 1234567])).toEqual([10, 100, 1000, 12000, 120000, 1200000]);
  });

  it('ties: a break equal to the one before is dropped, so classes never repeat', () => {
    // sorted [1,5,5,5,5,5,5,5]: positions floor(8i/7) = 1..6 all hold 5.
    expect(quantileBreaks([5, 5, 5, 1, 5, 5, 5, 5])).toEqual([5]);
    // sorted [1,1,1,1,2,2,2,2,3,3,3,3,3,3] (n = 14): positions 2,4,6,8,10,12 hold 1,2,2,3,3,3.
    expect(quantileBreaks([3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 3])).toEqual([1, 2, 3]);
    // Values that differ only below the rounding collapse into one break.
    expect(quantileBreaks([1.01, 1.02, 1.03, 1.04, 1.01, 1.02, 1.03])).toEqual([1]);
    expect(quantileBreaks([1.01, 1.02, 1.03, 1.04, 1.06, 1.07, 1.08])).toEqual([1, 1.1]);
  });

  it('empty, all zero and all equal input', () => {
    expect(quantileBreaks([])).toEqual([]);
    expect(quantileBreaks([0, 0, -1])).toEqual([]);
    expect(quantileBreaks([4, 4, 4, 4, 4, 4, 4, 4, 4, 4])).toEqual([4]);
    expect(quantileBreaks([250])).toEqual([250]);
  });

  it('fewer values than classes: each value becomes a break', () => {
    // n = 3, 7 classes: positions floor(3i/7) = 0,0,1,1,2,2.
    expect(quantileBreaks([3, 1, 2])).toEqual([1, 2, 3]);
    // n = 2, 6 classes: positions floor(2i/6) = 0,0,1,1,1.
    expect(quantileBreaks([40, 8], 6)).toEqual([8, 40]);
  });

  it('a class count other than the palette’s', () => {
    // n = 10, 4 classes: positions floor(10i/4) = 2, 5, 7.
    expect(quantileBreaks([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 4)).toEqual([30, 60, 80]);
    expect(quantileBreaks([10, 20, 30], 1)).toEqual([]);
  });

  it('takes the exact rank where i / classes * n would round down in floating point', () => {
    // 7 / 10 * 90 is 62.99999999999999 in doubles; the 7th decile of 1..90 is position 63, the value 64.
    const values = Array.from({ length: 90 }, (_, i) => i + 1);
    expect(quantileBreaks(values, 10)[6]).toBe(64);
  });
});

describe('classify and seqColor', () => {
  it('a value equal to a break belongs to the class below it (breaks are upper bounds)', () => {
    const b = [3, 5, 7];
    expect([0, 3, 3.01, 5, 6, 7, 7.5, 1e9].map((v) => classify(v, b))).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(classify(42, [])).toBe(0);
  });

  it('with a full set of breaks each class takes its own colour; with fewer, the classes spread over the ramp', () => {
    const full = [1, 2, 3, 4, 5, 6];
    expect(seqColor(3.5, full)).toEqual(hex(SEQ_COLORS[3], 220));
    expect(seqColor(99, full)).toEqual(hex(SEQ_COLORS[6], 220));
    // Two breaks, three classes: class i goes to round(i / 2 * 6) = 0, 3, 6.
    const two = [10, 20];
    expect([5, 15, 25].map((v) => seqColor(v, two, SEQ_COLORS, 200))).toEqual([
      hex(SEQ_COLORS[0], 200),
      hex(SEQ_COLORS[3], 200),
      hex(SEQ_COLORS[6], 200),
    ]);
  });
});

describe('ward rate breaks', () => {
  const ward = (rate: number | null): WardProps => ({ rate }) as unknown as WardProps;

  it('six grey classes from the positive rates; wards with no rate or rate 0 take no part', () => {
    expect(GREY_RAMP.length).toBe(6);
    const wards = [null, 0, 999, 12.34, 25, 50.6, 75, 101, 149, 220, 333, 480].map(ward);
    // Positive rates sorted (n = 10): positions floor(10i/6) = 1,3,5,6,8 hold 25, 75, 149, 220, 480.
    expect(rateBreaks(wards)).toEqual([25, 75, 150, 220, 480]);
  });

  it('no rates at all gives no breaks, and every ward then takes the lightest grey', () => {
    const breaks = rateBreaks([ward(null), ward(0)]);
    expect(breaks).toEqual([]);
    expect(greyFor(17, breaks)).toEqual(hex(GREY_RAMP[0], SHADE_ALPHA));
  });

  it('greyFor: a missing value is invisible, a value takes its class of the ramp', () => {
    const b = [25, 75, 150, 220, 480];
    expect(greyFor(null, b)).toEqual(INVISIBLE);
    expect(greyFor(Number.NaN, b)).toEqual(INVISIBLE);
    expect(greyFor(25, b)).toEqual(hex(GREY_RAMP[0], SHADE_ALPHA));
    expect(greyFor(26, b)).toEqual(hex(GREY_RAMP[1], SHADE_ALPHA));
    expect(greyFor(481, b)).toEqual(hex(GREY_RAMP[5], SHADE_ALPHA));
  });
});

/** The rounding rule, written another way (decimal strings instead of scaled Math.round). */
function roundedLikeTheLegend(x: number): number {
  if (x < 10) return Number(x.toFixed(1));
  if (x < 100) return Number(x.toFixed(0));
  return Number(x.toPrecision(2));
}

/** The rule of the header, in integer arithmetic: sort, pick, round, drop repeats. */
function referenceBreaks(values: number[], classes: number): number[] {
  const v = values.filter((x) => x > 0).sort((a, b) => a - b);
  const out: number[] = [];
  if (v.length === 0) return out;
  for (let i = 1; i < classes; i++) {
    const r = roundedLikeTheLegend(v[Math.floor((i * v.length) / classes)]);
    if (out.length === 0 || r > out[out.length - 1]) out.push(r);
  }
  return out;
}

describe('quantileBreaks over many generated inputs', () => {
  it('matches the reference rule, rises strictly, and classifies sorted values in order', () => {
    const rng = createRng(20240607);
    for (let trial = 0; trial < 2000; trial++) {
      // The two class counts the app uses: the cell palette and the ward ramp.
      const classes = trial % 2 === 0 ? SEQ_COLORS.length : GREY_RAMP.length;
      const n = rng.int(60);
      const scale = [1, 30, 5000][rng.int(3)];
      const values = Array.from({ length: n }, () => {
        const r = rng.next();
        // Some zeros and some repeated values, as real cell counts have.
        if (r < 0.15) return 0;
        if (r < 0.3) return 7;
        return rng.next() * scale;
      });
      const breaks = quantileBreaks(values, classes);
      expect(breaks, `trial ${trial}`).toEqual(referenceBreaks(values, classes));
      expect(breaks.length).toBeLessThanOrEqual(classes - 1);
      for (let i = 1; i < breaks.length; i++) expect(breaks[i]).toBeGreaterThan(breaks[i - 1]);
      const sorted = [...values].sort((a, b) => a - b);
      const cls = sorted.map((v) => classify(v, breaks));
      for (let i = 1; i < cls.length; i++) expect(cls[i]).toBeGreaterThanOrEqual(cls[i - 1]);
      // The largest value always lands in the top class there is or the one below it.
      if (breaks.length) expect(classify(sorted[sorted.length - 1], breaks)).toBeGreaterThanOrEqual(breaks.length - 1);
    }
  });

  it('does not depend on the order of the values', () => {
    const rng = createRng(7);
    const values = Array.from({ length: 41 }, () => Math.floor(rng.next() * 300));
    const shuffled = [...values];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    expect(quantileBreaks(shuffled)).toEqual(quantileBreaks(values));
    expect(quantileBreaks(values)).toEqual(referenceBreaks(values, SEQ_COLORS.length));
  });
});
