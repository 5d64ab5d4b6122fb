import type { PolygonGeometry } from '../../geo/pointInPolygon';

/**
 * Area-weighted centroid of a (multi)polygon, holes subtracted, in plain lon/lat: for areas the
 * size of a ward the curvature error is far below a label's width. Used only when a boundary file
 * does not carry its own centroid_lon/centroid_lat.
 */
function ringMoments(ring: number[][]): { a: number; x: number; y: number } {
  let a = 0;
  let x = 0;
  let y = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const cross = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    a += cross;
    x += (ring[j][0] + ring[i][0]) * cross;
    y += (ring[j][1] + ring[i][1]) * cross;
  }
  // Normalise orientation: the caller decides the sign (outer +, hole -).
  const s = a < 0 ? -1 : 1;
  return { a: (a / 2) * s, x: (x / 6) * s, y: (y / 6) * s };
}

export function polygonCentroid(geometry: PolygonGeometry): [number, number] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let area = 0;
  let x = 0;
  let y = 0;
  for (const rings of polygons)
    rings.forEach((ring, k) => {
      const m = ringMoments(ring);
      const sign = k === 0 ? 1 : -1;
      area += sign * m.a;
      x += sign * m.x;
      y += sign * m.y;
    });
  if (area === 0) {
    const first = polygons[0]?.[0]?.[0] ?? [0, 0];
    return [first[0], first[1]];
  }
  return [x / area, y / area];
}
