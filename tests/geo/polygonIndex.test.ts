import { readFileSync } from 'node:fs';
import { square } from '../helpers/rings';
import { join } from 'node:path';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { describe, expect, it } from 'vitest';
import { buildPolygonIndex } from '../../geo/polygonIndex';
import type { PolygonGeometry } from '../../geo/pointInPolygon';
import { createRng } from '../../geo/random';
import { REAL_DATA_DIR } from '../setup/realStore';

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

  it('outside the extent on every side, and on its boundary where a polygon’s edge runs', () => {
    for (const [x, y] of [
      [1.5, -0.001],
      [1.5, 3.001],
      [-0.001, 2.5],
      [3.001, 1.5],
      [-1, -1],
      [4, 4],
    ])
      expect(index.find(x, y), `${x},${y}`).toBeUndefined();
    expect(index.find(1.5, 0)).toBe('B');
    expect(index.find(3, 1.5)).toBe('L');
    expect(index.find(1.5, 3)).toBe('L');
    // On the extent's edge but outside every polygon (L's notch reaches it at x = 0, y = 1.5).
    expect(index.find(0, 1.5)).toBeUndefined();
  });

  it('a hole belongs to no one but the polygon inside it, and a multipolygon’s parts all give its value', () => {
    const holed: PolygonGeometry = {
      type: 'Polygon',
      coordinates: [square(0, 0, 10, 10), square(2, 2, 8, 8)],
    };
    const parts: PolygonGeometry = {
      type: 'MultiPolygon',
      coordinates: [box(4, 4, 6, 6).coordinates as number[][][], box(20, 0, 21, 1).coordinates as number[][][]],
    };
    // The holed polygon is listed first: a point in its hole must still reach the one inside it.
    const idx = buildPolygonIndex([
      { value: 'ring', geometry: holed },
      { value: 'island', geometry: parts },
    ]);
    expect(idx.find(1, 1)).toBe('ring');
    expect(idx.find(3, 3)).toBeUndefined();
    expect(idx.find(5, 5)).toBe('island');
    expect(idx.find(20.5, 0.5)).toBe('island');
    expect(idx.find(15, 0.5)).toBeUndefined();
    // The hole's edge is the ring's boundary, so the ring (listed first) has it.
    expect(idx.find(2, 5)).toBe('ring');
    expect(idx.extent).toEqual([0, 0, 21, 10]);
  });
});

describe('buildPolygonIndex on the real wards', () => {
  const wards = JSON.parse(readFileSync(join(REAL_DATA_DIR, 'boundaries', 'wards.geojson'), 'utf8')) as {
    features: { properties: { ward_code: string }; geometry: PolygonGeometry }[];
  };
  const polygons = wards.features.map((f) => ({ value: f.properties.ward_code, geometry: f.geometry }));
  /** The first ward turf says holds the point: what the index must give, without its grid. */
  const linear = (lon: number, lat: number) =>
    polygons.find((p) => booleanPointInPolygon([lon, lat], { type: 'Feature', properties: {}, geometry: p.geometry }))?.value;

  it('gives the first ward turf finds, at random points and at every ward vertex, whatever the grid', () => {
    const index = buildPolygonIndex(polygons);
    const coarse = buildPolygonIndex(polygons, 3);
    const [x0, y0, x1, y1] = index.extent;
    const rng = createRng(2023);
    const points: [number, number][] = Array.from({ length: 1500 }, () => [
      x0 - 0.02 + rng.next() * (x1 - x0 + 0.04),
      y0 - 0.02 + rng.next() * (y1 - y0 + 0.04),
    ]);
    // Vertices lie on two or three wards' boundaries at once: the first listed must win.
    for (const p of polygons) {
      const rings = p.geometry.type === 'Polygon' ? [p.geometry.coordinates[0]] : p.geometry.coordinates.map((r) => r[0]);
      for (const ring of rings) for (let i = 0; i < ring.length; i += 25) points.push([ring[i][0], ring[i][1]]);
    }
    let found = 0;
    for (const [lon, lat] of points) {
      const want = linear(lon, lat);
      expect(index.find(lon, lat), `${lon},${lat}`).toBe(want);
      expect(coarse.find(lon, lat), `${lon},${lat}`).toBe(want);
      if (want !== undefined) found++;
    }
    expect(polygons).toHaveLength(27);
    expect(found).toBeGreaterThan(points.length / 3);
    expect(found).toBeLessThan(points.length);
  });
});
