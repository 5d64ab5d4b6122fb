/** Small planar helpers over GeoJSON (lon/lat degrees; fine at borough scale). */
import type { Geometry, Position } from 'geojson';
import { asPolygonGeometry, geometryBBox, pointInPolygon, type BBox } from '../../geo/pointInPolygon';

export type Ring = Position[];

/** The polygons of a Polygon or MultiPolygon, as arrays of rings; nothing for other types. */
export function polygons(g: Geometry): Ring[][] {
  if (g.type === 'Polygon') return [g.coordinates];
  if (g.type === 'MultiPolygon') return g.coordinates;
  return [];
}

/** Signed shoelace area of a ring, in squared degrees (only its size and sign are used). */
export function ringArea(r: Ring): number {
  let a = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) a += r[j][0] * r[i][1] - r[i][0] * r[j][1];
  return a / 2;
}

/** Area centroid of the largest polygon's outer ring: a label point that lies on the main part. */
export function labelPoint(g: Geometry): [number, number] | null {
  let best: Ring | null = null;
  let bestArea = -1;
  for (const p of polygons(g)) {
    const a = Math.abs(ringArea(p[0]));
    if (a > bestArea) {
      bestArea = a;
      best = p[0];
    }
  }
  if (!best) return null;
  let cx = 0,
    cy = 0,
    a = 0;
  for (let i = 0, j = best.length - 1; i < best.length; j = i++) {
    const f = best[j][0] * best[i][1] - best[i][0] * best[j][1];
    cx += (best[j][0] + best[i][0]) * f;
    cy += (best[j][1] + best[i][1]) * f;
    a += f;
  }
  if (a === 0) return [best[0][0], best[0][1]];
  const c: [number, number] = [cx / (3 * a), cy / (3 * a)];
  // A concave ward's centroid may fall outside it: then use the vertex mean of its ring points
  // nudged inside, or failing that the first vertex.
  if (pointInGeometry(c, g)) return c;
  const mean: [number, number] = [best.reduce((s, p) => s + p[0], 0) / best.length, best.reduce((s, p) => s + p[1], 0) / best.length];
  return pointInGeometry(mean, g) ? mean : [best[0][0], best[0][1]];
}

/** Inside a Polygon or MultiPolygon (holes out, boundary in): geo/pointInPolygon's rule, as the server's. */
export function pointInGeometry(pt: [number, number], g: Geometry): boolean {
  const p = asPolygonGeometry(g);
  return p !== null && pointInPolygon(pt[0], pt[1], p);
}

/** The bounding box of a Polygon or MultiPolygon; an empty (infinite) box for other geometries. */
export function bboxOf(g: Geometry): BBox {
  const p = asPolygonGeometry(g);
  return p ? geometryBBox(p) : [Infinity, Infinity, -Infinity, -Infinity];
}
