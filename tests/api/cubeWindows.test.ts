import { describe, expect, it } from 'vitest';
import { monthStarts, windowRows } from '../../server/services/cube';

describe('monthStarts', () => {
  it('gives each month the first row of its run, months with no rows an empty run', () => {
    // months 0 and 1 hold rows, month 2 none, month 3 two rows
    expect([...monthStarts([0, 0, 1, 3, 3], 5, 4)]).toEqual([0, 2, 3, 3, 5]);
  });

  it('refuses rows out of month order, which every windowed aggregate would miscount', () => {
    expect(() => monthStarts([0, 1, 0], 3, 2)).toThrow(/not in month order \(row 2 is month 0\)/);
  });

  it('holds an empty cube', () => {
    expect([...monthStarts([], 0, 0)]).toEqual([0]);
  });
});

describe('windowRows', () => {
  const cube = { months: ['2024-01', '2024-02', '2024-03', '2024-04'], monthStart: Int32Array.from([0, 2, 3, 3, 5]) };

  it('spans exactly the rows of months lo..hi', () => {
    expect(windowRows(cube, 0, 0)).toEqual([0, 2]);
    expect(windowRows(cube, 1, 3)).toEqual([2, 5]);
    expect(windowRows(cube, 2, 2)).toEqual([3, 3]);
  });

  it('clips a window that runs past the months held', () => {
    expect(windowRows(cube, -3, 1)).toEqual([0, 3]);
    expect(windowRows(cube, 3, 9)).toEqual([3, 5]);
  });

  it('is empty when no held month is in the window (lo > hi)', () => {
    expect(windowRows(cube, 4, 3)).toEqual([0, 0]);
    expect(windowRows(cube, 6, 9)).toEqual([0, 0]);
  });
});
