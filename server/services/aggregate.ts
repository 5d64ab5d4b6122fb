import type { H3Resolution } from '../../geo/h3Bin';
import { selectedRows, type IncidentCube } from './cube';
import type { Selection } from './selection';

export interface Tally {
  readonly count: Float64Array;
  readonly harm: Float64Array;
}

function tally(size: number): Tally {
  return { count: new Float64Array(size), harm: new Float64Array(size) };
}

/** Counts and harm per cube cell index at `res`. */
export function byCell(cube: IncidentCube, res: H3Resolution, sel: Selection): Tally {
  const { of, ids } = cube.cells[res];
  const out = tally(ids.length);
  const excluded = sel.excludedLocations;
  const { rows, start, end } = selectedRows(cube, sel);
  for (let j = start; j < end; j++) {
    const i = rows === null ? j : rows[j];
    const c = cube.categoryOf[i];
    if (sel.selected[c] === 0) continue;
    if (excluded && excluded[cube.locationOf[i]] === 1) continue;
    out.count[of[i]] += 1;
    out.harm[of[i]] += sel.weight[c];
  }
  return out;
}

/** Counts and harm per cube ward index (incidents outside every ward are left out). */
export function byWard(cube: IncidentCube, sel: Selection): Tally {
  const out = tally(cube.wards.length);
  const { rows, start, end } = selectedRows(cube, sel);
  for (let j = start; j < end; j++) {
    const i = rows === null ? j : rows[j];
    const w = cube.wardOf[i];
    if (w < 0) continue;
    const c = cube.categoryOf[i];
    if (sel.selected[c] === 0) continue;
    out.count[w] += 1;
    out.harm[w] += sel.weight[c];
  }
  return out;
}

/** Counts per (ward, month) over the selection's months: row-major [ward][month - monthLo]. */
export function byWardMonth(cube: IncidentCube, sel: Selection): { months: number; count: Float64Array } {
  const months = Math.max(0, sel.monthHi - sel.monthLo + 1);
  const count = new Float64Array(cube.wards.length * months);
  const { rows, start, end } = selectedRows(cube, sel);
  for (let j = start; j < end; j++) {
    const i = rows === null ? j : rows[j];
    const w = cube.wardOf[i];
    if (w < 0 || sel.selected[cube.categoryOf[i]] === 0) continue;
    count[w * months + (cube.monthOf[i] - sel.monthLo)] += 1;
  }
  return { months, count };
}

/** Counts and harm per (cell, month) at `res` for the selection's months: row-major [month][cell]. */
export function byCellMonth(
  cube: IncidentCube,
  res: H3Resolution,
  sel: Selection,
): { months: number; harm: Float64Array; count: Float64Array } {
  const { of, ids } = cube.cells[res];
  const months = Math.max(0, sel.monthHi - sel.monthLo + 1);
  const harm = new Float64Array(ids.length * months);
  const count = new Float64Array(ids.length * months);
  const { rows, start, end } = selectedRows(cube, sel);
  for (let j = start; j < end; j++) {
    const i = rows === null ? j : rows[j];
    const c = cube.categoryOf[i];
    if (sel.selected[c] === 0) continue;
    const k = (cube.monthOf[i] - sel.monthLo) * ids.length + of[i];
    harm[k] += sel.weight[c];
    count[k] += 1;
  }
  return { months, harm, count };
}
