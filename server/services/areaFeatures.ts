import type { AreaFeature } from '../../geo/areaAllocation';
import type { Area } from './areas';

/** Stored areas as GeoJSON Features with their code as id, as geo/areaAllocation takes them. */
export function asFeatures(areas: readonly Area[]): AreaFeature[] {
  return areas.map((a) => ({ type: 'Feature', id: a.code, properties: {}, geometry: a.geometry }) as AreaFeature);
}
