/**
 * The ward of a cell, as the server names it on every hexes, hotspots and overlap cell (the ward
 * holding the cell centre), so the client never repeats the point-in-polygon work.
 */
import type { z } from 'zod';
import type { hexCell } from '../../contract/core';
import type { WardFeature } from './api';

/** What carries the server's ward of a cell: a hexes, hotspots or overlap cell, or the tooltip's facts. */
type CellWard = Pick<z.infer<typeof hexCell>, 'ward'>;

/** The `ward` field of a cell answer (null outside every ward). */
export function wardCodeOf(cell: CellWard): string | null {
  return cell.ward;
}

let lastSrc: readonly WardFeature[] | null = null;
let byCode = new Map<string, WardFeature>();

/** The ward feature a cell answer names, or null outside every ward (or a ward not loaded). */
export function wardOfCell(cell: CellWard, wards: readonly WardFeature[]): WardFeature | null {
  if (wards !== lastSrc) {
    lastSrc = wards;
    byCode = new Map(wards.map((w) => [w.properties.code, w]));
  }
  const code = wardCodeOf(cell);
  return code === null ? null : (byCode.get(code) ?? null);
}
