/**
 * Label placement for the pack's static map: a greedy collision pass in the manner of MapLibre's
 * symbol placement. Labels are placed most important first; each tries candidate positions around
 * its anchor (centred, then above, below, beside, diagonals, on one line then two), first clear of
 * the mapped cells, then over them, then further out on a leader line, and takes the first whose
 * box stays on the map, inside its own area where the caller asks for that, and clear of every box
 * already taken. A label with no such position is left off rather than printed over another.
 * Pure: no DOM, so text widths come from font metrics.
 */

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface LabelRequest {
  id: string;
  text: string;
  /** Font size in map units (SVG user units). */
  fontSize: number;
  anchor: [number, number];
  /** Higher is placed first. */
  priority: number;
  /** Whether a label centred at (x, y) still reads as this area's; leader-line positions skip it. */
  inside?: (x: number, y: number) => boolean;
}

export interface PlacedLabel {
  id: string;
  /** One or two lines, each centred on x. */
  lines: string[];
  fontSize: number;
  /** Centre of the label's box. */
  x: number;
  y: number;
  box: Box;
  /** Set when the label sits away from its anchor: draw a thin line from the anchor to the box. */
  leader: { from: [number, number]; to: [number, number] } | null;
}

export interface Placement {
  placed: PlacedLabel[];
  dropped: LabelRequest[];
}

/**
 * Advance widths of Helvetica / Arial (Liberation Sans has the same metrics) in 1/1000 em for
 * ASCII 32..126, from Adobe's Helvetica AFM. Printing uses Arial-metric fonts, so these are exact
 * to the kerning.
 */
const WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278,
  278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
  667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556,
  556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/** Width of a line of text at a font size, in the same units as the size. */
export function textWidth(text: string, fontSize: number): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    w += c >= 32 && c <= 126 ? WIDTHS[c - 32] : 600;
  }
  return (w / 1000) * fontSize;
}

/** Line height as a multiple of the font size; also the box height of one line. */
export const LINE_HEIGHT = 1.15;

export function boxesOverlap(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/** Every way of setting the text: one line, then two lines split at the space nearest the middle. */
function layouts(text: string): string[][] {
  const out = [[text]];
  const spaces = [...text.matchAll(/ /g)].map((m) => m.index!);
  if (spaces.length) {
    const mid = text.length / 2;
    const at = spaces.reduce((best, i) => (Math.abs(i - mid) < Math.abs(best - mid) ? i : best), spaces[0]);
    out.push([text.slice(0, at), text.slice(at + 1)]);
  }
  return out;
}

/**
 * Places labels greedily. `obstacles` are boxes no label may cover (markers, scale bar, credits);
 * `avoid` are boxes a label keeps off when it can (the mapped cells, whose colour is the data), but
 * may cover rather than be left off. `halo` pads every label box (the white text halo) so that
 * halos do not touch either.
 */
export function placeLabels(requests: LabelRequest[], bounds: Box, obstacles: Box[] = [], halo = 1.5, avoid: Box[] = []): Placement {
  const taken: Box[] = [...obstacles];
  const placed: PlacedLabel[] = [];
  const dropped: LabelRequest[] = [];
  const order = [...requests].sort((a, b) => b.priority - a.priority || a.id.localeCompare(b.id));
  for (const r of order) {
    const found = place(r, bounds, taken, halo, avoid);
    if (found) {
      placed.push(found);
      taken.push(found.box);
      // Keep later labels off the leader line's far end, where it meets the label.
      if (found.leader) taken.push(pointBox(found.leader.from, 2));
    } else dropped.push(r);
  }
  return { placed, dropped };
}

function pointBox([x, y]: [number, number], r: number): Box {
  return { x0: x - r, y0: y - r, x1: x + r, y1: y + r };
}

/** Tiers of preference: near and clear of cells, near over cells, then on a leader line. */
const TIERS = [
  { leader: false, strict: true },
  { leader: false, strict: false },
  { leader: true, strict: true },
  { leader: true, strict: false },
];

function place(r: LabelRequest, bounds: Box, taken: Box[], halo: number, avoid: Box[]): PlacedLabel | null {
  const [ax, ay] = r.anchor;
  const lineH = r.fontSize * LINE_HEIGHT;
  for (const { leader, strict } of TIERS) {
    // With nothing to keep off, the relaxed tier would repeat the strict one.
    if (!strict && avoid.length === 0) continue;
    for (const lines of layouts(r.text)) {
      const w = Math.max(...lines.map((l) => textWidth(l, r.fontSize))) + 2 * halo;
      const h = lines.length * lineH + 2 * halo;
      // Near positions keep the label on its anchor's area; far ones hang off a leader line.
      const steps = leader ? [1.6, 2.4, 3.4] : [0, 0.5, 1];
      for (const s of steps) {
        const dx = s * (w / 2 + 3);
        const dy = s * (h / 2 + 3);
        const candidates: [number, number][] =
          s === 0
            ? [[0, 0]]
            : [
                [0, -dy],
                [0, dy],
                [dx, 0],
                [-dx, 0],
                [dx, -dy],
                [-dx, -dy],
                [dx, dy],
                [-dx, dy],
              ];
        for (const [ox, oy] of candidates) {
          const x = ax + ox;
          const y = ay + oy;
          const box = { x0: x - w / 2, y0: y - h / 2, x1: x + w / 2, y1: y + h / 2 };
          if (box.x0 < bounds.x0 || box.y0 < bounds.y0 || box.x1 > bounds.x1 || box.y1 > bounds.y1) continue;
          if (!leader && r.inside && !r.inside(x, y)) continue;
          if (taken.some((t) => boxesOverlap(t, box))) continue;
          if (strict && avoid.some((t) => boxesOverlap(t, box))) continue;
          return {
            id: r.id,
            lines,
            fontSize: r.fontSize,
            x,
            y,
            box,
            leader: leader ? { from: [ax, ay], to: nearestOnBox(box, ax, ay) } : null,
          };
        }
      }
    }
  }
  return null;
}

function nearestOnBox(b: Box, x: number, y: number): [number, number] {
  return [Math.min(b.x1, Math.max(b.x0, x)), Math.min(b.y1, Math.max(b.y0, y))];
}
