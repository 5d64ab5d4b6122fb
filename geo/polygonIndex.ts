import { geometryBBox, pointInPolygon, type BBox, type PolygonGeometry } from './pointInPolygon';

export interface IndexedPolygon<T> {
  readonly value: T;
  readonly geometry: PolygonGeometry;
}

/**
 * A uniform grid over the polygons' extent: each grid cell lists the polygons whose bounding box
 * touches it, so a lookup tests one or two polygons instead of all of them.
 */
export interface PolygonIndex<T> {
  /** The first polygon containing the point, or undefined when none does. */
  find(lon: number, lat: number): T | undefined;
  readonly extent: BBox;
}

export function buildPolygonIndex<T>(polygons: readonly IndexedPolygon<T>[], gridSize = 64): PolygonIndex<T> {
  const boxes = polygons.map((p) => geometryBBox(p.geometry));
  const extent: BBox = [
    Math.min(...boxes.map((b) => b[0])),
    Math.min(...boxes.map((b) => b[1])),
    Math.max(...boxes.map((b) => b[2])),
    Math.max(...boxes.map((b) => b[3])),
  ];
  const cellW = (extent[2] - extent[0]) / gridSize || 1;
  const cellH = (extent[3] - extent[1]) / gridSize || 1;
  const buckets: number[][] = Array.from({ length: gridSize * gridSize }, () => []);
  const col = (lon: number) => Math.min(gridSize - 1, Math.max(0, Math.floor((lon - extent[0]) / cellW)));
  const row = (lat: number) => Math.min(gridSize - 1, Math.max(0, Math.floor((lat - extent[1]) / cellH)));
  boxes.forEach((b, i) => {
    for (let r = row(b[1]); r <= row(b[3]); r++) for (let c = col(b[0]); c <= col(b[2]); c++) buckets[r * gridSize + c].push(i);
  });
  return {
    extent,
    find(lon, lat) {
      if (polygons.length === 0 || lon < extent[0] || lon > extent[2] || lat < extent[1] || lat > extent[3]) return undefined;
      for (const i of buckets[row(lat) * gridSize + col(lon)]) {
        const b = boxes[i];
        if (lon < b[0] || lon > b[2] || lat < b[1] || lat > b[3]) continue;
        if (pointInPolygon(lon, lat, polygons[i].geometry)) return polygons[i].value;
      }
      return undefined;
    },
  };
}
