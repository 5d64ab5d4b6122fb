import { describe, expect, it } from 'vitest';
import { cellAreaKm2, cellSizeWords, cellWidthWords } from '../../geo/cellSize';

describe('cellSizeWords', () => {
  it('names the resolution and the mean area; the width apart', () => {
    expect(cellSizeWords(9)).toBe('H3 res 9 cells, about 0.1 km² each');
    expect(cellSizeWords(10)).toBe('H3 res 10 cells, about 0.015 km² each');
    expect(cellSizeWords(8)).toBe('H3 res 8 cells, about 0.7 km² each');
    expect(cellWidthWords(9)).toBe('400 m');
    expect(cellAreaKm2(7)).toBe(5);
  });
});
