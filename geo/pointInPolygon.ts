/** GeoJSON polygon geometry in WGS84 (lon, lat). */
export type PolygonGeometry =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

/**
 * Even-odd ray casting on one ring. Points exactly on an edge may fall either side; police.uk
 * snap points sit on streets, not on ward boundaries drawn to 6 decimals, so this is immaterial.
 */
function inRing(lon: number, lat: number, ring: number[][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i][0];
    const yi = ring[i][1];
    const xj = ring[j][0];
    const yj = ring[j][1];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygonRings(lon: number, lat: number, rings: number[][][]): boolean {
  if (rings.length === 0 || !inRing(lon, lat, rings[0])) return false;
  for (let h = 1; h < rings.length; h++) if (inRing(lon, lat, rings[h])) return false;
  return true;
}

/** True when (lon, lat) lies inside the polygon (holes excluded). */
export function pointInPolygon(lon: number, lat: number, geometry: PolygonGeometry): boolean {
  if (geometry.type === 'Polygon') return inPolygonRings(lon, lat, geometry.coordinates);
  return geometry.coordinates.some((rings) => inPolygonRings(lon, lat, rings));
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
