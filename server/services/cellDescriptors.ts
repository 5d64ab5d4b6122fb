import { cellToLatLng } from 'h3-js';
import type { Store } from '../db/openStore';
import type { H3Resolution } from '../../geo/h3Bin';
import { streetName } from '../../geo/patrolPlan';
import { currentAreas } from './areas';
import { studyArea } from './studyArea';
import { studyCellWards, wardIndex } from './cellWards';
import type { IncidentCube } from './cube';
import { isSelected, type Selection } from './selection';

/** What an exported row needs to be found on the ground without the map. */
export interface CellDescriptor {
  /** ONS code of the current ward holding the cell centre; null for a border cell centred outside every ward. */
  ward: string | null;
  wardName: string | null;
  /** Cell centre, 6 decimal places (about 0.1 m). */
  lat: number;
  lon: number;
  /** Up to TOP_STREETS police.uk locations of the selected incidents in the cell, most frequent first, "On or near " removed. */
  topStreets: string[];
}

export const TOP_STREETS = 3;

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/**
 * Ward, centre and top streets for each of `cells` at `res`. Wards are by cell centre, the rule the
 * overlap table uses, so a cell appears under one ward everywhere. Streets count selected incidents
 * (not harm), ties broken by name so the same request always lists the same streets.
 */
export function describeCells(
  db: Store,
  cube: IncidentCube,
  res: H3Resolution,
  sel: Selection,
  cells: readonly string[],
): Map<string, CellDescriptor> {
  const wards = currentAreas(db, 'ward');
  const names = new Map(wards.map((w) => [w.code, w.name]));
  const study = studyArea(db, res, sel.area);
  const studyWards = studyCellWards(db, res, sel.area);
  const studyIndex = new Map(study.map((c, i) => [c, i]));
  // A cell not overlapping any ward (a cube cell of incidents beyond the boundary) is looked up in the
  // one shared index, so its ward follows the same ward set as every other answer.
  const index = wardIndex(db);

  const out = new Map<string, CellDescriptor>();
  // Cube cell index -> tally of location index -> incidents, for the wanted cells only.
  const tallies = new Map<number, Map<number, number>>();
  const cubeIndex = cube.cells[res].index;
  for (const h3 of cells) {
    if (out.has(h3)) continue;
    const [lat, lon] = cellToLatLng(h3);
    const s = studyIndex.get(h3);
    const ward = s !== undefined ? studyWards[s] : (index.find(lon, lat) ?? null);
    out.set(h3, { ward, wardName: ward === null ? null : (names.get(ward) ?? null), lat: round6(lat), lon: round6(lon), topStreets: [] });
    const c = cubeIndex.get(h3);
    if (c !== undefined) tallies.set(c, new Map());
  }

  if (tallies.size > 0) {
    const cellOf = cube.cells[res].of;
    for (let i = 0; i < cube.n; i++) {
      const tally = tallies.get(cellOf[i]);
      if (!tally || !isSelected(cube, sel, i)) continue;
      const loc = cube.locationOf[i];
      tally.set(loc, (tally.get(loc) ?? 0) + 1);
    }
    const ids = cube.cells[res].ids;
    for (const [c, tally] of tallies) {
      // Two location texts can name one street once the prefix is gone.
      const byName = new Map<string, number>();
      for (const [loc, n] of tally) {
        const name = streetName(cube.locations[loc] ?? '');
        if (name !== '') byName.set(name, (byName.get(name) ?? 0) + n);
      }
      out.get(ids[c])!.topStreets = [...byName]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
        .slice(0, TOP_STREETS)
        .map(([name]) => name);
    }
  }
  return out;
}

/** The descriptor columns of an exported row, in export order; topStreets joined with "; " for spreadsheets. */
export const DESCRIPTOR_COLUMNS = ['ward', 'wardName', 'lat', 'lon', 'topStreets'] as const;

/** How the descriptor columns were made, for the parameters that travel with an export. */
export const DESCRIPTOR_NOTES = {
  ward: 'ward and wardName: the current ward holding the cell centre (empty for a border cell centred outside every ward)',
  latLon: 'lat and lon: the cell centre, WGS84, 6 decimal places',
  topStreets: `topStreets: the ${TOP_STREETS} police.uk locations with most selected incidents in the cell, "On or near " removed, separated by "; " (police.uk snaps each incident to an anonymised nearby point)`,
};

export function descriptorFields(d: CellDescriptor | undefined): Record<(typeof DESCRIPTOR_COLUMNS)[number], string | number | null> {
  return {
    ward: d?.ward ?? null,
    wardName: d?.wardName ?? null,
    lat: d?.lat ?? null,
    lon: d?.lon ?? null,
    topStreets: d ? d.topStreets.join('; ') : null,
  };
}
