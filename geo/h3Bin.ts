import { latLngToCell } from 'h3-js';

/** The H3 resolutions every incident is binned at: 7 (~5 km²) to 10 (~0.015 km², a street block). */
export const H3_RESOLUTIONS = [7, 8, 9, 10] as const;
export type H3Resolution = (typeof H3_RESOLUTIONS)[number];

export interface H3Cells {
  h3_7: string;
  h3_8: string;
  h3_9: string;
  h3_10: string;
}

/** The cells containing a point at each stored resolution. */
export function h3CellsFor(lon: number, lat: number): H3Cells {
  return {
    h3_7: latLngToCell(lat, lon, 7),
    h3_8: latLngToCell(lat, lon, 8),
    h3_9: latLngToCell(lat, lon, 9),
    h3_10: latLngToCell(lat, lon, 10),
  };
}

export function isH3Resolution(value: number): value is H3Resolution {
  return (H3_RESOLUTIONS as readonly number[]).includes(value);
}
