/** Which ward a cell's centre lies in (for the headline, the table and the tooltip). */
import { cellToLatLng } from 'h3-js';
import type { WardFeature } from './api';
import { bboxOf, pointInGeometry } from './geo';

interface Entry { w: WardFeature; b: [number, number, number, number] }
let lastSrc: WardFeature[] | null = null;
let entries: Entry[] = [];
const memo = new Map<string, WardFeature | null>();

export function wardOfCell(h3: string, wards: WardFeature[]): WardFeature | null {
  if (wards !== lastSrc) {
    lastSrc = wards;
    entries = wards.map((w) => ({ w, b: bboxOf(w.geometry) }));
    memo.clear();
  }
  const hit = memo.get(h3);
  if (hit !== undefined) return hit;
  const [lat, lon] = cellToLatLng(h3);
  let found: WardFeature | null = null;
  for (const e of entries) {
    if (lon < e.b[0] || lon > e.b[2] || lat < e.b[1] || lat > e.b[3]) continue;
    if (pointInGeometry([lon, lat], e.w.geometry)) { found = e.w; break; }
  }
  memo.set(h3, found);
  return found;
}
