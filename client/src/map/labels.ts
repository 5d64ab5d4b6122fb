/**
 * Ward label placement, as pure functions: an anchor inside each ward (its pole of
 * inaccessibility, the interior point farthest from the boundary, so a concave or crescent ward
 * never gets a label that sits in its neighbour), line breaks, and a greedy screen-space pass that
 * drops labels that would overlap one already placed.
 */
import type { Geometry, Position } from 'geojson';
import { polygons, ringArea, type Ring } from '../geo';
import { pointsBBox } from '../../../geo/pointsBBox';

/** Signed distance from a point to a polygon's edges: positive inside, negative outside. */
function signedDistance(x: number, y: number, poly: Ring[]): number {
  let inside = false;
  let min = Infinity;
  for (const ring of poly) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const ax = ring[i][0],
        ay = ring[i][1],
        bx = ring[j][0],
        by = ring[j][1];
      if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
      min = Math.min(min, segDist2(x, y, ax, ay, bx, by));
    }
  }
  return (inside ? 1 : -1) * Math.sqrt(min);
}

function segDist2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  let dx = bx - ax,
    dy = by - ay;
  let x = ax,
    y = ay;
  if (dx !== 0 || dy !== 0) {
    const t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy);
    if (t > 1) {
      x = bx;
      y = by;
    } else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = px - x;
  dy = py - y;
  return dx * dx + dy * dy;
}

interface Cell {
  x: number;
  y: number;
  h: number;
  d: number;
  max: number;
}

function cell(x: number, y: number, h: number, poly: Ring[]): Cell {
  const d = signedDistance(x, y, poly);
  return { x, y, h, d, max: d + h * Math.SQRT2 };
}

/**
 * The pole of inaccessibility of one polygon (Garcia-Castellanos & Lombardo's quadtree search, as
 * in Mapbox's polylabel), in the polygon's own units. Stops when no cell can beat the best by
 * more than `precision`.
 */
export function poleOfInaccessibility(poly: Ring[], precision: number): { point: [number, number]; distance: number } {
  const outer = poly[0];
  const [minX, minY, maxX, maxY] = pointsBBox(outer);
  const size = Math.min(maxX - minX, maxY - minY);
  if (!(size > 0)) return { point: [minX, minY], distance: 0 };
  const h = size / 2;
  // A plain array kept sorted by `max` is plenty for ward polygons (hundreds of cells at most).
  const queue: Cell[] = [];
  const push = (c: Cell) => {
    let lo = 0,
      hi = queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (queue[mid].max < c.max) lo = mid + 1;
      else hi = mid;
    }
    queue.splice(lo, 0, c);
  };
  for (let x = minX; x < maxX; x += size) for (let y = minY; y < maxY; y += size) push(cell(x + h, y + h, h, poly));
  // Start from the area centroid when it is inside (often the answer), else the box centre.
  let best = centroidCell(outer, poly);
  const boxCell = cell(minX + (maxX - minX) / 2, minY + (maxY - minY) / 2, 0, poly);
  if (boxCell.d > best.d) best = boxCell;
  let guard = 0;
  while (queue.length && guard++ < 20000) {
    const c = queue.pop()!;
    if (c.d > best.d) best = c;
    if (c.max - best.d <= precision) continue;
    const q = c.h / 2;
    push(cell(c.x - q, c.y - q, q, poly));
    push(cell(c.x + q, c.y - q, q, poly));
    push(cell(c.x - q, c.y + q, q, poly));
    push(cell(c.x + q, c.y + q, q, poly));
  }
  return { point: [best.x, best.y], distance: best.d };
}

function centroidCell(ring: Ring, poly: Ring[]): Cell {
  let a = 0,
    cx = 0,
    cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    cx += (ring[j][0] + ring[i][0]) * f;
    cy += (ring[j][1] + ring[i][1]) * f;
    a += f;
  }
  if (a === 0) return cell(ring[0][0], ring[0][1], 0, poly);
  return cell(cx / (3 * a), cy / (3 * a), 0, poly);
}

/**
 * The largest part of a ward in a local equirectangular frame (longitude scaled by `k`, the cosine
 * of its mean latitude), so distances inside it are in proportion to metres; null for no part with
 * a ring of 3 points. Anchors and candidates both search this part, so they agree on where a ward is.
 */
function localLargestPart(g: Geometry): { local: Ring[]; k: number } | null {
  let best: Ring[] | null = null;
  let bestArea = -1;
  for (const p of polygons(g)) {
    const a = Math.abs(ringArea(p[0]));
    if (a > bestArea) {
      bestArea = a;
      best = p;
    }
  }
  if (!best || best[0].length < 3) return null;
  const lat0 = best[0].reduce((s, p) => s + p[1], 0) / best[0].length;
  const k = Math.cos((lat0 * Math.PI) / 180);
  return { local: best.map((r) => r.map(([x, y]) => [x * k, y] as Position)), k };
}

/**
 * A label anchor inside a ward: the pole of inaccessibility of its largest part, found in a local
 * equirectangular frame (longitude scaled by cos latitude) so that "farthest from the boundary"
 * means metres, not degrees.
 */
export function wardAnchor(g: Geometry): [number, number] | null {
  const frame = localLargestPart(g);
  if (!frame) return null;
  const { local, k } = frame;
  // About a metre: far finer than a pixel at any zoom the map allows.
  const { point } = poleOfInaccessibility(local, 1e-5);
  return [point[0] / k, point[1]];
}

/**
 * Other label anchors inside a ward, best first (farthest from the boundary): where a name goes
 * when its pole is taken by a neighbour's label that must also be shown. A grid of about n×n
 * points over the largest part; only points inside it are kept.
 */
export function wardCandidates(g: Geometry, n = 7): [number, number][] {
  const frame = localLargestPart(g);
  if (!frame) return [];
  const { local, k } = frame;
  const [minX, minY, maxX, maxY] = pointsBBox(local[0]);
  const out: { p: [number, number]; d: number }[] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const x = minX + ((i + 0.5) / n) * (maxX - minX),
        y = minY + ((j + 0.5) / n) * (maxY - minY);
      const d = signedDistance(x, y, local);
      if (d > 0) out.push({ p: [x / k, y], d });
    }
  return out.sort((a, b) => b.d - a.d).map((c) => c.p);
}

/** Breaks a name into lines no wider than `maxWidth` (in the measure's units), at spaces and hyphens. */
export function wrapName(name: string, maxWidth: number, measure: (s: string) => number): string[] {
  const words = name.split(/(?<=[ -])/);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    const next = line + w;
    if (line && measure(next.trimEnd()) > maxWidth) {
      lines.push(line.trimEnd());
      line = w;
    } else line = next;
  }
  if (line) lines.push(line.trimEnd());
  return lines;
}

export type Box = [number, number, number, number];

export function boxesOverlap(a: Box, b: Box): boolean {
  return a[0] < b[2] && a[2] > b[0] && a[1] < b[3] && a[3] > b[1];
}

/**
 * Greedy placement in priority order: a label is kept when it overlaps no kept label. An ordinary
 * label must also lie wholly on screen and clear of `obstacles` (the legend, notices and panels
 * drawn over the map); a `required` one (a ward the headline names) only needs its anchor on
 * screen, and when its first box is taken it tries its `alternatives` (other anchors inside the
 * same ward) in turn.
 */
export function placeGreedy<T extends { box: Box }>(
  items: T[],
  width: number,
  height: number,
  obstacles: Box[] = [],
  required: (it: T) => boolean = () => false,
  alternatives: (it: T) => T[] = () => [],
): T[] {
  const onScreen = (b: Box) => {
    const cx = (b[0] + b[2]) / 2,
      cy = (b[1] + b[3]) / 2;
    return cx >= 0 && cy >= 0 && cx <= width && cy <= height;
  };
  // The required labels (a handful) first, by a small search: when two neighbours' best anchors
  // clash, moving the first may be what lets the second in.
  const must = items.filter(required);
  const options = must.map((it) => [it, ...alternatives(it)].filter((c) => onScreen(c.box)));
  const kept: T[] = [];
  let best: T[] = [];
  let budget = 20000;
  const search = (i: number): boolean => {
    if (kept.length > best.length) best = [...kept];
    if (i === must.length) return true;
    for (const c of options[i]) {
      if (--budget < 0) return false;
      if (kept.some((k) => boxesOverlap(k.box, c.box))) continue;
      kept.push(c);
      if (search(i + 1)) return true;
      kept.pop();
    }
    // No place for this one with the earlier ones where they are: place the rest without it.
    return options[i].length === 0 || budget < 0 ? search(i + 1) : false;
  };
  if (!search(0)) {
    kept.length = 0;
    kept.push(...best);
  }
  for (const it of items) {
    if (required(it)) continue;
    const b = it.box;
    if (!onScreen(b)) continue;
    if (b[0] < 0 || b[1] < 0 || b[2] > width || b[3] > height) continue;
    if (obstacles.some((o) => boxesOverlap(o, b))) continue;
    if (!kept.some((k) => boxesOverlap(k.box, b))) kept.push(it);
  }
  return kept;
}
