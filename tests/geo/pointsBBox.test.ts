import { describe, expect, it } from 'vitest';
import { isEmptyBBox, pointsBBox } from '../../geo/pointsBBox';
import { geometryBBox } from '../../geo/pointInPolygon';

describe('pointsBBox', () => {
  it('spans the points, whatever their order, and reads only x and y of longer positions', () => {
    expect(
      pointsBBox([
        [-1.3, 54.6, 12],
        [-1.2, 54.5],
        [-1.4, 54.55],
      ]),
    ).toEqual([-1.4, 54.5, -1.2, 54.6]);
  });

  it('gives a degenerate box for one point and the empty box for none', () => {
    expect(pointsBBox([[2, 3]])).toEqual([2, 3, 2, 3]);
    expect(isEmptyBBox(pointsBBox([[2, 3]]))).toBe(false);
    const none = pointsBBox([]);
    expect(none).toEqual([Infinity, Infinity, -Infinity, -Infinity]);
    expect(isEmptyBBox(none)).toBe(true);
  });

  it('takes any iterable, not only arrays', () => {
    function* ring() {
      yield [0, 0];
      yield [4, 1];
      yield [2, -3];
    }
    expect(pointsBBox(ring())).toEqual([0, -3, 4, 1]);
  });

  it('agrees with the polygon box over an outer ring', () => {
    const ring = [
      [-1.35, 54.56],
      [-1.3, 54.58],
      [-1.28, 54.55],
      [-1.35, 54.56],
    ];
    expect(pointsBBox(ring)).toEqual(geometryBBox({ type: 'Polygon', coordinates: [ring] }));
  });
});
