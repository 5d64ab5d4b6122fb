/** GeoJSON polygon geometry in WGS84 (lon, lat). */
export type PolygonGeometry = { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

type RingSide = 'in' | 'out' | 'on';

/**
 * Even-odd ray casting on one ring, with the boundary (an edge or a vertex) reported apart, as
 * turf's booleanPointInPolygon does. An unclosed ring is closed implicitly: the loop's first edge
 * runs from the last position back to the first.
 */
function ringSide(lon: number, lat: number, ring: number[][]): RingSide {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i][0];
    const yi = ring[i][1];
    const xj = ring[j][0];
    const yj = ring[j][1];
    if (onSegment(lon, lat, xi, yi, xj, yj)) return 'on';
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside ? 'in' : 'out';
}

function onSegment(x: number, y: number, x1: number, y1: number, x2: number, y2: number): boolean {
  if (x < Math.min(x1, x2) || x > Math.max(x1, x2) || y < Math.min(y1, y2) || y > Math.max(y1, y2)) return false;
  return (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1) === 0;
}

/** Inside the outer ring and outside every hole; a point on any ring's boundary counts as inside. */
function inPolygonRings(lon: number, lat: number, rings: number[][][]): boolean {
  if (rings.length === 0) return false;
  const outer = ringSide(lon, lat, rings[0]);
  if (outer !== 'in') return outer === 'on';
  for (let h = 1; h < rings.length; h++) {
    const side = ringSide(lon, lat, rings[h]);
    if (side !== 'out') return side === 'on';
  }
  return true;
}

/**
 * True when (lon, lat) lies inside the polygon: holes excluded, boundaries (outer or hole edges and
 * vertices) included, turf's default. Where two wards share an edge, an index returns the first.
 */
export function pointInPolygon(lon: number, lat: number, geometry: PolygonGeometry): boolean {
  if (geometry.type === 'Polygon') return inPolygonRings(lon, lat, geometry.coordinates);
  return geometry.coordinates.some((rings) => inPolygonRings(lon, lat, rings));
}

/** The geometry as a polygon one, or null for points, lines and collections. */
export function asPolygonGeometry(g: { type: string; coordinates?: unknown }): PolygonGeometry | null {
  return g.type === 'Polygon' || g.type === 'MultiPolygon' ? (g as PolygonGeometry) : null;
}

export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

export function geometryBBox(geometry: PolygonGeometry): BBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const rings of polygons)
    for (const [x, y] of rings[0]) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  return [minX, minY, maxX, maxY];
}
