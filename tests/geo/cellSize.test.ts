import { describe, expect, it } from 'vitest';
import { cellAreaKm2, cellSizeWords } from '../../geo/cellSize';

describe('cellSizeWords', () => {
  it('names the resolution, the mean area and the width', () => {
    expect(cellSizeWords(9)).toBe('H3 res 9 cells, about 0.1 km² each (400 m across)');
    expect(cellSizeWords(10)).toBe('H3 res 10 cells, about 0.015 km² each (150 m across)');
    expect(cellSizeWords(8)).toBe('H3 res 8 cells, about 0.7 km² each (1 km across)');
    expect(cellAreaKm2(7)).toBe(5);
  });
});
