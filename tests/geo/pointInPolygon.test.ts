import { describe, expect, it } from 'vitest';
import { square as squareRing } from '../helpers/rings';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { asPolygonGeometry, geometryBBox, pointInPolygon, type PolygonGeometry } from '../../geo/pointInPolygon';

const square: PolygonGeometry = {
  type: 'Polygon',
  coordinates: [squareRing(0, 0, 10, 10)],
};
const withHole: PolygonGeometry = {
  type: 'Polygon',
  coordinates: [squareRing(0, 0, 10, 10), squareRing(4, 4, 6, 6)],
};
const twoParts: PolygonGeometry = {
  type: 'MultiPolygon',
  coordinates: [[squareRing(0, 0, 2, 2)], [squareRing(5, 5, 8, 8)]],
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

const triangle: PolygonGeometry = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [10, 0],
      [0, 10],
      [0, 0],
    ],
  ],
};
// A ward with a hole and, inside the hole, an island belonging to the same ward (part two).
const islandInHole: PolygonGeometry = {
  type: 'MultiPolygon',
  coordinates: [[squareRing(0, 0, 10, 10), squareRing(2, 2, 8, 8)], [squareRing(4, 4, 6, 6)]],
};
// The square wound the other way: orientation must not matter.
const clockwise: PolygonGeometry = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [0, 10],
      [10, 10],
      [10, 0],
      [0, 0],
    ],
  ],
};
// A repeated vertex (a zero-length edge), as digitised boundaries have.
const repeated: PolygonGeometry = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [10, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ],
  ],
};

/** turf's answer, the reference the cases below were taken from. */
function turf(lon: number, lat: number, g: PolygonGeometry): boolean {
  return booleanPointInPolygon([lon, lat], { type: 'Feature', properties: {}, geometry: g });
}

/** turf with boundaries left out: tells which grid points lie on a boundary. */
function turfStrict(lon: number, lat: number, g: PolygonGeometry): boolean {
  return booleanPointInPolygon([lon, lat], { type: 'Feature', properties: {}, geometry: g }, { ignoreBoundary: true });
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
  ['on a hole vertex', 6, 6, withHole, true],
  ['on a diagonal edge', 2.5, 7.5, triangle, true],
  ['just off a diagonal edge', 5, 5.25, triangle, false],
  ['on the far corner of the bounding box, not a vertex', 10, 10, triangle, false],
  ['on an edge of the second part', 8, 6.5, twoParts, true],
  ['on a vertex of the second part', 5, 8, twoParts, true],
  ['in the hole of a part, outside the island in it', 3, 3, islandInHole, false],
  ['on the island inside the hole', 5, 5, islandInHole, true],
  ['on the island edge', 4, 5, islandInHole, true],
  ['on the hole edge around the island', 8, 5, islandInHole, true],
  ['in the ring between outer edge and hole', 1, 5, islandInHole, true],
  ['north of the bounding box', 5, 10.5, square, false],
  ['south of the bounding box', 5, -0.5, square, false],
  ['west of the bounding box, level with an edge', -3, 0, square, false],
  ['east of the bounding box, level with an edge', 13, 10, square, false],
  ['diagonally outside the bounding box', 12, 12, square, false],
  ['far away', 170, -80, twoParts, false],
  ['inside, wound clockwise', 5, 5, clockwise, true],
  ['on an edge, wound clockwise', 10, 5, clockwise, true],
  ['outside, wound clockwise', 10.5, 5, clockwise, false],
  ['on a repeated vertex', 10, 0, repeated, true],
  ['inside, beside a repeated vertex', 9.5, 0.5, repeated, true],
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

  it('agrees with turf on a fine grid over the island-in-hole, triangle, clockwise and repeated-vertex shapes', () => {
    let boundary = 0;
    for (const g of [islandInHole, triangle, clockwise, repeated])
      for (let x = -1; x <= 11; x += 0.25)
        for (let y = -1; y <= 11; y += 0.25) {
          const mine = pointInPolygon(x, y, g);
          expect(mine, `${x},${y}`).toBe(turf(x, y, g));
          if (mine && !turfStrict(x, y, g)) boundary++;
        }
    // The grid lands on many edges and vertices, where the two must agree too.
    expect(boundary).toBeGreaterThan(100);
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
