/**
 * Colour scales. All colour-blind safe: ColorBrewer RdBu for Gi* bins (diverging, hot = red),
 * ColorBrewer YlGnBu for counts, Okabe–Ito hues for categorical classes, and a grey ramp for ward
 * shading so that it never competes with the hue of the cell layers drawn over it.
 */
export type RGBA = [number, number, number, number];

export function hex(c: string, alpha = 255): RGBA {
  const n = parseInt(c.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, alpha];
}
export function css(c: RGBA): string {
  return `rgba(${c[0]},${c[1]},${c[2]},${(c[3] / 255).toFixed(2)})`;
}

/** Gi* confidence bins, -3..3 (ColorBrewer RdBu, 7 classes). */
export const BIN_COLORS: Record<number, string> = {
  3: '#b2182b', 2: '#ef8a62', 1: '#fddbc7', 0: '#f7f7f7', [-1]: '#d1e5f0', [-2]: '#67a9cf', [-3]: '#2166ac',
};
export const BIN_LABELS: Record<number, string> = {
  3: 'Hot spot, 99% confidence', 2: 'Hot spot, 95% confidence', 1: 'Hot spot, 90% confidence',
  0: 'Not significant',
  [-1]: 'Cold spot, 90% confidence', [-2]: 'Cold spot, 95% confidence', [-3]: 'Cold spot, 99% confidence',
};
export function binColor(bin: number): RGBA {
  const b = Math.max(-3, Math.min(3, Math.round(bin)));
  return hex(BIN_COLORS[b], b === 0 ? 0 : 225);
}

/** Counts and harm: ColorBrewer YlGnBu, 7 classes. */
export const SEQ_COLORS = ['#ffffcc', '#c7e9b4', '#7fcdbb', '#41b6c4', '#1d91c0', '#225ea8', '#0c2c84'];

/** Class breaks (upper bounds of classes 0..n-2) from quantiles of positive values, rounded. */
export function quantileBreaks(values: number[], classes = SEQ_COLORS.length): number[] {
  const v = values.filter((x) => x > 0).sort((a, b) => a - b);
  if (v.length === 0) return [];
  const out: number[] = [];
  for (let i = 1; i < classes; i++) {
    const q = v[Math.min(v.length - 1, Math.floor((i / classes) * v.length))];
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

/** Violence / ASB overlap classes (Okabe–Ito orange and sky blue; both = dark purple). */
export const OVERLAP_COLORS: Record<string, string> = { both: '#5e2a84', violence: '#e69f00', asb: '#56b4e9' };
export const OVERLAP_LABELS: Record<string, string> = {
  both: 'Hot for violence and ASB', violence: 'Hot for violence only', asb: 'Hot for ASB only',
};

/** Emerging hot spot classes (ArcGIS / sfdep names), Okabe–Ito hues. */
export const TREND_COLORS: Record<string, string> = {
  new: '#d55e00', consecutive: '#e69f00', intensifying: '#7f1d00', persistent: '#cc79a7',
  diminishing: '#56b4e9', sporadic: '#009e73', oscillating: '#0072b2', historical: '#8c8c8c',
};
export const TREND_LABELS: Record<string, string> = {
  new: 'New: hot only in the last month',
  consecutive: 'Consecutive: hot for the last run of months',
  intensifying: 'Intensifying: hot most months, getting hotter',
  persistent: 'Persistent: hot most months, no trend',
  diminishing: 'Diminishing: hot most months, cooling',
  sporadic: 'Sporadic: on and off hot',
  oscillating: 'Oscillating: hot now, cold before',
  historical: 'Historical: hot before, not recently',
};
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
  if (k.startsWith('cold-')) return hex('#2166ac', 150);
  return hex(TREND_COLORS[k] ?? '#666666', 225);
}

/** Ward shading: a grey ramp (darker = more), with a transparent fill for missing values. */
export const GREY_RAMP = ['#f7f7f7', '#d9d9d9', '#bdbdbd', '#969696', '#737373', '#525252'];
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
