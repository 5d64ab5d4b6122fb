/**
 * The bounding box of a run of points: one loop for the map's ward label search, the tools' zoom
 * to their markers and (later) a cell's box for /api/incidents?bbox, which each wrote their own.
 */
import type { BBox } from './pointInPolygon';

/**
 * [minX, minY, maxX, maxY] of `points`, each read as [x, y, ...] (GeoJSON positions, [lon, lat]
 * pairs, or a local projected frame). No points give the empty box [∞, ∞, −∞, −∞], which contains
 * nothing and widens to the first point, as `bboxOf` in client/src/geo.ts does for a non-polygon.
 */
export function pointsBBox(points: Iterable<readonly number[]>): BBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of points) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

/** Whether a box holds any point (false for the empty box of no points). */
export function isEmptyBBox(b: BBox): boolean {
  return !(b[0] <= b[2] && b[1] <= b[3]);
}
