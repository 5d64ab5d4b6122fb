/**
 * The ward of a cell, as the server names it on every hexes, hotspots and overlap cell (the ward
 * holding the cell centre), so the client never repeats the point-in-polygon work.
 */
import type { z } from 'zod';
import type { hexCell } from '../../contract/core';
import type { WardFeature } from './api';

type CellWard = Pick<z.infer<typeof hexCell>, 'ward'>;

/** The `ward` field of a cell answer; api.ts's cell types do not declare it yet, the contract does. */
export function wardCodeOf(cell: object): string | null {
  return (cell as Partial<CellWard>).ward ?? null;
}

let lastSrc: readonly WardFeature[] | null = null;
let byCode = new Map<string, WardFeature>();

/** The ward feature a cell answer names, or null outside every ward (or a ward not loaded). */
export function wardOfCell(cell: object, wards: readonly WardFeature[]): WardFeature | null {
  if (wards !== lastSrc) {
    lastSrc = wards;
    byCode = new Map(wards.map((w) => [w.properties.code, w]));
  }
  const code = wardCodeOf(cell);
  return code === null ? null : (byCode.get(code) ?? null);
}
