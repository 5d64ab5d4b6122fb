import type { Store } from '../db/openStore';
import type { H3Resolution } from '../../geo/h3Bin';
import { byCell } from './aggregate';
import type { IncidentCube } from './cube';
import type { Selection } from './selection';
import { weightingWarnings } from './weightingWarnings';
import { institutionalByCell } from './institutions';
import { cellListWards } from './cellWards';
import { studyArea } from './studyArea';

export interface HexRow {
  h3: string;
  count: number;
  harm: number;
  /** Current ward holding the cell centre (null outside every ward): the overlap table's rule. */
  ward: string | null;
  /** Of `count`, incidents police.uk places at an institution (prison, hospital...); absent when none. */
  institutional?: number;
}

/**
 * Cells with at least one selected incident, with their count, harm and ward: every held cell, or
 * with a study area the cells of that area's study grid (as /api/hotspots tests them).
 */
export function hexes(db: Store, cube: IncidentCube, res: H3Resolution, sel: Selection): HexRow[] {
  const t = byCell(cube, res, sel);
  const inst = institutionalByCell(cube, res, sel);
  const ids = cube.cells[res].ids;
  const wards = cellListWards(db, ids);
  const inArea = sel.area === undefined ? null : studyCellSet(db, res, sel.area);
  const out: HexRow[] = [];
  for (let c = 0; c < ids.length; c++) {
    if (t.count[c] === 0 || (inArea && !inArea.has(ids[c]))) continue;
    const row: HexRow = { h3: ids[c], count: t.count[c], harm: round(t.harm[c]), ward: wards[c] };
    if (inst[c] > 0) row.institutional = inst[c];
    out.push(row);
  }
  return out;
}

/**
 * The /api/hexes body: the cells with a `method` block naming the parameters and any weighting
 * warning (a scheme that weighs the selection at zero draws an all-zero harm field).
 */
export function hexesResponse(db: Store, cube: IncidentCube, res: H3Resolution, sel: Selection) {
  const cells = hexes(db, cube, res, sel);
  return {
    res,
    from: sel.from,
    to: sel.to,
    weight: sel.scheme.id,
    cells,
    method: { res, ...selectionParameters(sel), weightUnit: sel.scheme.unit, warnings: weightingWarnings(sel, cube) },
  };
}

export function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** The parameters that make a figure reproducible, as exported and shown on method cards. */
export function selectionParameters(sel: Selection): Record<string, unknown> {
  return {
    from: sel.from,
    to: sel.to,
    harm: sel.harm ?? null,
    categories: sel.categories.join(','),
    weight: sel.scheme.id,
    asbWeight: sel.asbWeight ?? null,
  };
}

const cellSets = new WeakMap<readonly string[], Set<string>>();

function studyCellSet(db: Store, res: H3Resolution, area: string): Set<string> {
  const cells = studyArea(db, res, area);
  let set = cellSets.get(cells);
  if (!set) cellSets.set(cells, (set = new Set(cells)));
  return set;
}
