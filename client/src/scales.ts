/** Colour scales that depend on the data on screen (or on every frame, while playing). */
import type { WardProps } from './api';
import { decileColor, GREY_RAMP, hex, quantileBreaks, SHADE_ALPHA, type RGBA, classify } from './layers/colors';
import type { WardShade } from './state/url';

export const INVISIBLE: RGBA = [0, 0, 0, 1];
export const CHILD_POVERTY_BREAKS = [10, 20, 30, 40, 50];

/** Child poverty as a percentage, whether the API gives a share (0..1) or a percentage. */
export function childPovertyPct(p: WardProps, asShare: boolean): number | null {
  const v = p.childPovertyRate;
  if (v === null || v === undefined || !Number.isFinite(v)) return null;
  return asShare ? v * 100 : v;
}
export function childPovertyIsShare(wards: WardProps[]): boolean {
  const vals = wards.map((w) => w.childPovertyRate).filter((v): v is number => typeof v === 'number');
  return vals.length > 0 && vals.every((v) => v <= 1);
}

export function rateBreaks(wards: WardProps[]): number[] {
  return quantileBreaks(
    wards.map((w) => w.rate ?? 0).filter((r) => r > 0),
    GREY_RAMP.length,
  );
}

export function greyFor(value: number | null | undefined, breaks: number[]): RGBA {
  if (value === null || value === undefined || !Number.isFinite(value)) return INVISIBLE;
  const i = classify(value, breaks);
  const idx = breaks.length + 1 >= GREY_RAMP.length ? i : Math.round((i / Math.max(1, breaks.length)) * (GREY_RAMP.length - 1));
  return hex(GREY_RAMP[Math.min(idx, GREY_RAMP.length - 1)], SHADE_ALPHA);
}

export function wardFill(shade: WardShade, rBreaks: number[], share: boolean): (p: WardProps) => RGBA {
  switch (shade) {
    case 'rate':
      return (p) => greyFor(p.rate, rBreaks);
    case 'imd':
      return (p) => decileColor(p.imdDecile);
    case 'childpov':
      return (p) => greyFor(childPovertyPct(p, share), CHILD_POVERTY_BREAKS);
    default:
      return () => INVISIBLE;
  }
}
