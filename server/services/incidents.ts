import { categoryName } from '../../geo/categories';
import { windowRows, type IncidentCube } from './cube';
import { isSelected, type Selection } from './selection';

export interface IncidentRow {
  month: string;
  category: string;
  categoryName: string;
  location: string;
  lon: number;
  lat: number;
  outcome: string | null;
  ward: string | null;
}

/**
 * Incidents in a bounding box for drill-down, newest first, capped. Crime IDs are not returned:
 * the drill-down needs place, type and month, and nothing that links to a person.
 */
export function incidentsInBox(
  cube: IncidentCube,
  sel: Selection,
  bbox: [number, number, number, number],
  limit: number,
): { total: number; limit: number; incidents: IncidentRow[] } {
  const hits: number[] = [];
  const [minLon, minLat, maxLon, maxLat] = bbox;
  const [start, end] = windowRows(cube, sel.monthLo, sel.monthHi);
  for (let i = start; i < end; i++) {
    if (!isSelected(cube, sel, i)) continue;
    const x = cube.lon[i];
    const y = cube.lat[i];
    if (x >= minLon && x <= maxLon && y >= minLat && y <= maxLat) hits.push(i);
  }
  // The cube is ordered by month, so the newest are at the end.
  const chosen = hits.slice(-limit).reverse();
  return {
    total: hits.length,
    limit,
    incidents: chosen.map((i) => {
      const slug = cube.categories[cube.categoryOf[i]];
      return {
        month: cube.months[cube.monthOf[i]],
        category: slug,
        categoryName: categoryName(slug) ?? slug,
        location: cube.locations[cube.locationOf[i]],
        lon: cube.lon[i],
        lat: cube.lat[i],
        outcome: cube.outcomeOf[i] < 0 ? null : cube.outcomes[cube.outcomeOf[i]],
        ward: cube.wardOf[i] < 0 ? null : cube.wards[cube.wardOf[i]],
      };
    }),
  };
}
