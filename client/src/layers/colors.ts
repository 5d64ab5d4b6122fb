/**
 * Colour scales for the deck.gl layers. The colours and class labels live in geo/palette.ts, shared
 * with the printed pack so a class looks the same on screen and on paper; they are re-exported here
 * under the names the client has always used.
 */
import {
  BIN_COLORS,
  CELL_ALPHA,
  COLD_TREND_COLOR,
  GREY_RAMP,
  hexToRgb,
  SEQ_COLORS,
  TREND_COLORS,
  UNKNOWN_CLASS_COLOR,
} from '../../../geo/palette';

export {
  BIN_COLORS,
  BIN_LABELS,
  CELL_ALPHA,
  COLD_TREND_COLOR,
  GREY_RAMP,
  OVERLAP_CLASSES,
  OVERLAP_COLORS,
  OVERLAP_LABELS,
  SEQ_COLORS,
  TREND_COLORS,
  TREND_LABELS,
  UNKNOWN_CLASS_COLOR,
} from '../../../geo/palette';

export type RGBA = [number, number, number, number];

export function hex(c: string, alpha = 255): RGBA {
  const [r, g, b] = hexToRgb(c);
  return [r, g, b, alpha];
}
export function css(c: RGBA): string {
  return `rgba(${c[0]},${c[1]},${c[2]},${(c[3] / 255).toFixed(2)})`;
}

/** Gi* bin -> fill; bin 0 (not significant) is transparent. */
export function binColor(bin: number): RGBA {
  const b = Math.max(-3, Math.min(3, Math.round(bin)));
  return hex(BIN_COLORS[b], b === 0 ? 0 : CELL_ALPHA);
}

/** Counts and harm: quantile class breaks (upper bounds of classes 0..n-2) from positive values, rounded. */
export function quantileBreaks(values: number[], classes = SEQ_COLORS.length): number[] {
  const v = values.filter((x) => x > 0).sort((a, b) => a - b);
  if (v.length === 0) return [];
  const out: number[] = [];
  for (let i = 1; i < classes; i++) {
    const q = v[Math.min(v.length - 1, Math.floor((i * v.length) / classes))];
    const r = niceRound(q);
    if (out.length === 0 || r > out[out.length - 1]) out.push(r);
  }
  return out;
}
function niceRound(x: number): number {
  if (x < 10) return Math.round(x * 10) / 10;
  if (x < 100) return Math.round(x);
  const p = Math.pow(10, Math.floor(Math.log10(x)) - 1);
  return Math.round(x / p) * p;
}
export function classify(value: number, breaks: number[]): number {
  let i = 0;
  while (i < breaks.length && value > breaks[i]) i++;
  return i;
}
export function seqColor(value: number, breaks: number[], palette = SEQ_COLORS, alpha = 220): RGBA {
  const i = classify(value, breaks);
  // With fewer breaks than classes, spread the classes used over the palette.
  const idx = breaks.length + 1 >= palette.length ? i : Math.round((i / Math.max(1, breaks.length)) * (palette.length - 1));
  return hex(palette[Math.min(idx, palette.length - 1)], alpha);
}

/** 'New Hot Spot', 'new_hotspot', 'new' -> 'new'; cold classes keep a 'cold-' prefix. */
export function trendKey(cls: string): string {
  const c = cls.toLowerCase();
  const cold = c.includes('cold');
  const base = c.replace(/(hot|cold)[ _-]?spots?/g, '').replace(/[^a-z]/g, '');
  return cold ? `cold-${base}` : base;
}
export function trendColor(cls: string): RGBA | null {
  const k = trendKey(cls);
  if (!k || k === 'none' || k === 'nopattern' || k === 'nopatterndetected' || k === 'neither') return null;
  if (k.startsWith('cold-')) return hex(COLD_TREND_COLOR, 150);
  return hex(TREND_COLORS[k] ?? UNKNOWN_CLASS_COLOR, CELL_ALPHA);
}

/** Ward shading alpha; missing values get a transparent fill. */
export const SHADE_ALPHA = 150;
/** IMD decile: 1 = most deprived = darkest. */
export function decileColor(decile: number | null | undefined): RGBA {
  if (decile === null || decile === undefined || !Number.isFinite(decile)) return [0, 0, 0, 0];
  const d = Math.max(1, Math.min(10, Math.round(decile)));
  return hex(GREY_RAMP[decileClass(d)], SHADE_ALPHA);
}
/** Decile -> ramp index: 1 -> 5 (darkest), 2 -> 4, 3-4 -> 3, 5-6 -> 2, 7-8 -> 1, 9-10 -> 0. */
export function decileClass(d: number): number {
  return d <= 1 ? 5 : d === 2 ? 4 : d <= 4 ? 3 : d <= 6 ? 2 : d <= 8 ? 1 : 0;
}
export const DECILE_CLASSES: { label: string; deciles: number[] }[] = [
  { label: '1 (most deprived 10% in England)', deciles: [1] },
  { label: '2', deciles: [2] },
  { label: '3–4', deciles: [3, 4] },
  { label: '5–6', deciles: [5, 6] },
  { label: '7–8', deciles: [7, 8] },
  { label: '9–10 (least deprived)', deciles: [9, 10] },
];
