import { polygonToCellsExperimental, POLYGON_TO_CELLS_FLAGS } from 'h3-js';
import type { PolygonGeometry } from './pointInPolygon';

/**
 * Every H3 cell at `res` that overlaps any of the polygons (not only cells whose centre lies
 * inside), sorted. Gi* needs the zero-count cells of the whole study area, and border cells
 * must be whole cells or their values would be biased low.
 */
export function studyAreaCells(polygons: readonly PolygonGeometry[], res: number): string[] {
  const cells = new Set<string>();
  for (const geometry of polygons) {
    const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    for (const rings of parts)
      for (const cell of polygonToCellsExperimental(rings, res, POLYGON_TO_CELLS_FLAGS.containmentOverlapping, true)) cells.add(cell);
  }
  return [...cells].sort();
}
