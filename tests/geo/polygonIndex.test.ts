import { describe, expect, it } from 'vitest';
import { buildPolygonIndex } from '../../geo/polygonIndex';
import type { PolygonGeometry } from '../../geo/pointInPolygon';

const box = (x0: number, y0: number, x1: number, y1: number): PolygonGeometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});

// Three "wards": two sharing the edge x = 1, one L-shaped whose box covers the gap at (2.5, 2.5).
const L: PolygonGeometry = {
  type: 'Polygon',
  coordinates: [
    [
      [2, 0],
      [3, 0],
      [3, 3],
      [0, 3],
      [0, 2],
      [2, 2],
      [2, 0],
    ],
  ],
};
const index = buildPolygonIndex([
  { value: 'A', geometry: box(0, 0, 1, 1) },
  { value: 'B', geometry: box(1, 0, 2, 1) },
  { value: 'L', geometry: L },
]);

describe('buildPolygonIndex', () => {
  it('finds the polygon holding a point', () => {
    expect(index.find(0.5, 0.5)).toBe('A');
    expect(index.find(1.5, 0.5)).toBe('B');
    expect(index.find(2.5, 0.5)).toBe('L');
    expect(index.find(0.5, 2.5)).toBe('L');
  });

  it('answers undefined in a gap inside the extent and outside the extent', () => {
    expect(index.find(1.5, 1.5)).toBeUndefined(); // inside L's box, outside L
    expect(index.find(-0.1, 0.5)).toBeUndefined();
    expect(index.find(3.1, 3)).toBeUndefined();
  });

  it('gives a shared edge to the first polygon listed, and counts the outer edge inside', () => {
    expect(index.find(1, 0.5)).toBe('A');
    expect(index.find(0, 0)).toBe('A');
    expect(index.find(3, 3)).toBe('L');
  });

  it('reports the extent of every polygon', () => {
    expect(index.extent).toEqual([0, 0, 3, 3]);
  });

  it('gives the same answers whatever the grid size', () => {
    const coarse = buildPolygonIndex(
      [
        { value: 'A', geometry: box(0, 0, 1, 1) },
        { value: 'L', geometry: L },
      ],
      1,
    );
    const fine = buildPolygonIndex(
      [
        { value: 'A', geometry: box(0, 0, 1, 1) },
        { value: 'L', geometry: L },
      ],
      256,
    );
    for (let x = -0.25; x <= 3.25; x += 0.25)
      for (let y = -0.25; y <= 3.25; y += 0.25) expect(coarse.find(x, y), `${x},${y}`).toBe(fine.find(x, y));
  });

  it('an empty index finds nothing', () => {
    expect(buildPolygonIndex([]).find(0, 0)).toBeUndefined();
  });
});
