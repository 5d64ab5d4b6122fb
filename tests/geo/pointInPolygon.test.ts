import { describe, expect, it } from 'vitest';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { asPolygonGeometry, geometryBBox, pointInPolygon, type PolygonGeometry } from '../../geo/pointInPolygon';

const square: PolygonGeometry = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ],
  ],
};
const withHole: PolygonGeometry = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ],
    [
      [4, 4],
      [6, 4],
      [6, 6],
      [4, 6],
      [4, 4],
    ],
  ],
};
const twoParts: PolygonGeometry = {
  type: 'MultiPolygon',
  coordinates: [
    [
      [
        [0, 0],
        [2, 0],
        [2, 2],
        [0, 2],
        [0, 0],
      ],
    ],
    [
      [
        [5, 5],
        [8, 5],
        [8, 8],
        [5, 8],
        [5, 5],
      ],
    ],
  ],
};
const concave: PolygonGeometry = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [10, 0],
      [10, 10],
      [5, 3],
      [0, 10],
      [0, 0],
    ],
  ],
};

/** turf's answer, the reference the cases below were taken from. */
function turf(lon: number, lat: number, g: PolygonGeometry): boolean {
  return booleanPointInPolygon([lon, lat], { type: 'Feature', properties: {}, geometry: g });
}

const CASES: [string, number, number, PolygonGeometry, boolean][] = [
  ['well inside', 5, 5, square, true],
  ['outside', 11, 5, square, false],
  ['on an edge', 5, 0, square, true],
  ['on a vertical edge', 10, 3.25, square, true],
  ['on a vertex', 10, 10, square, true],
  ['on the first vertex', 0, 0, square, true],
  ['beside the polygon, level with a vertex', -1, 10, square, false],
  ['inside the hole', 5, 5, withHole, false],
  ['on the hole edge', 4, 5, withHole, true],
  ['between hole and outer ring', 2, 2, withHole, true],
  ['in the first part', 1, 1, twoParts, true],
  ['in the second part', 6, 7, twoParts, true],
  ['between the parts', 3.5, 3.5, twoParts, false],
  ['in the notch of a concave polygon', 5, 6, concave, false],
  ['below the notch', 5, 2, concave, true],
  ['on the notch vertex', 5, 3, concave, true],
];

describe('pointInPolygon', () => {
  for (const [name, lon, lat, g, expected] of CASES) {
    it(`${name}: ${expected ? 'inside' : 'outside'}, as turf says`, () => {
      expect(pointInPolygon(lon, lat, g)).toBe(expected);
      expect(turf(lon, lat, g)).toBe(expected);
    });
  }

  it('a ring not closed is closed implicitly (turf refuses such a ring)', () => {
    const open: PolygonGeometry = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [10, 0],
          [10, 10],
          [0, 10],
        ],
      ],
    };
    expect(pointInPolygon(5, 5, open)).toBe(true);
    expect(pointInPolygon(0, 5, open)).toBe(true); // on the implicit closing edge
    expect(pointInPolygon(-0.5, 5, open)).toBe(false);
    expect(pointInPolygon(11, 5, open)).toBe(false);
  });

  it('agrees with turf on a grid over the hole and the concave polygon, boundaries included', () => {
    let checked = 0;
    for (const g of [withHole, concave, twoParts])
      for (let x = -1; x <= 11; x += 0.5)
        for (let y = -1; y <= 11; y += 0.5) {
          expect(pointInPolygon(x, y, g), `${x},${y}`).toBe(turf(x, y, g));
          checked++;
        }
    expect(checked).toBe(3 * 25 * 25);
  });

  it('an empty polygon holds nothing', () => {
    expect(pointInPolygon(0, 0, { type: 'Polygon', coordinates: [] })).toBe(false);
    expect(pointInPolygon(0, 0, { type: 'MultiPolygon', coordinates: [] })).toBe(false);
  });
});

describe('geometryBBox and asPolygonGeometry', () => {
  it('boxes every part of a multipolygon', () => {
    expect(geometryBBox(twoParts)).toEqual([0, 0, 8, 8]);
    expect(geometryBBox(concave)).toEqual([0, 0, 10, 10]);
  });

  it('keeps polygons, refuses other geometries', () => {
    expect(asPolygonGeometry(square)).toBe(square);
    expect(asPolygonGeometry({ type: 'Point', coordinates: [0, 0] })).toBeNull();
    expect(
      asPolygonGeometry({
        type: 'LineString',
        coordinates: [
          [0, 0],
          [1, 1],
        ],
      }),
    ).toBeNull();
  });
});
