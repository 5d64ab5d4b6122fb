/**
 * Colour-blind check of the shared palette (issue 10, map clarity): the overlap outline colours and
 * the counts ramp must not be mistaken for a hot or cold Gi* bin, for readers with normal vision
 * and for deuteranopes (the commonest strong colour-vision deficiency, about 1 man in 100).
 *
 * Simulation: Machado, Oliveira & Fernandes (2009), deuteranopia at severity 1.0, a 3x3 matrix on
 * linear sRGB. Difference: CIEDE2000 (Sharma, Wu & Dalal 2005) in CIELAB under D65.
 *
 * Threshold ΔE00 ≥ 10. ΔE00 ≈ 1 is a just-noticeable difference between large side-by-side
 * patches; map cells are small (a few millimetres) and not side by side with a reference, and
 * Stone, Szafir & Setlur (2014) found the difference needed grows steeply as marks shrink, to
 * several times the large-patch figure. 10 is a margin at which two classes read as different
 * colours at a glance rather than as shades of one; the former palette's pairs that failed sat at
 * 2 to 9.6 (asserted below, so the check is shown to bite).
 */
import { describe, expect, it } from 'vitest';
import {
  BIN_COLORS,
  FOCUS_WARD_LINE_COLOR,
  HARM_SERIES_COLORS,
  hexToRgb,
  HOT_SPOT_COLOR,
  NEUTRAL_SERIES_COLOR,
  OVERLAP_CLASSES,
  OVERLAP_COLORS,
  PATROL_COLOR,
  SELECTED_CELL_COLOR,
  SEQ_COLORS,
  WARD_LINE_COLOR,
} from '../../geo/palette';

type Rgb = [number, number, number];
type Lab = [number, number, number];

const toLinear = (c: number) => {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
};
const toGamma = (v: number) => {
  const c = v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055;
  return Math.max(0, Math.min(1, c)) * 255;
};

/** Machado et al. (2009), Table 1, deuteranomaly at severity 1.0 (deuteranopia). */
const DEUTERANOPIA = [
  [0.367322, 0.860646, -0.227968],
  [0.280085, 0.672501, 0.047413],
  [-0.01182, 0.04294, 0.968881],
];

function deuteranopia(rgb: Rgb): Rgb {
  const l = rgb.map(toLinear);
  return DEUTERANOPIA.map((r) => toGamma(r[0] * l[0] + r[1] * l[1] + r[2] * l[2])) as Rgb;
}

function toLab(rgb: Rgb): Lab {
  const [r, g, b] = rgb.map(toLinear);
  const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
  const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
  const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

const rad = (d: number) => (d * Math.PI) / 180;

/** CIEDE2000 as Sharma, Wu & Dalal (2005) set it out, kL = kC = kH = 1. */
function deltaE2000([L1, a1, b1]: Lab, [L2, a2, b2]: Lab): number {
  const Cab = (Math.hypot(a1, b1) + Math.hypot(a2, b2)) / 2;
  const G = 0.5 * (1 - Math.sqrt(Cab ** 7 / (Cab ** 7 + 25 ** 7)));
  const ap1 = (1 + G) * a1,
    ap2 = (1 + G) * a2;
  const Cp1 = Math.hypot(ap1, b1),
    Cp2 = Math.hypot(ap2, b2);
  const hue = (a: number, b: number) => (a === 0 && b === 0 ? 0 : ((Math.atan2(b, a) * 180) / Math.PI + 360) % 360);
  const hp1 = hue(ap1, b1),
    hp2 = hue(ap2, b2);
  const dL = L2 - L1,
    dC = Cp2 - Cp1;
  let dh = 0;
  if (Cp1 * Cp2 !== 0) {
    dh = hp2 - hp1;
    if (dh > 180) dh -= 360;
    else if (dh < -180) dh += 360;
  }
  const dH = 2 * Math.sqrt(Cp1 * Cp2) * Math.sin(rad(dh / 2));
  const Lm = (L1 + L2) / 2,
    Cm = (Cp1 + Cp2) / 2;
  let hm = hp1 + hp2;
  if (Cp1 * Cp2 !== 0) {
    if (Math.abs(hp1 - hp2) > 180) hm += hp1 + hp2 < 360 ? 360 : -360;
    hm /= 2;
  }
  const T =
    1 - 0.17 * Math.cos(rad(hm - 30)) + 0.24 * Math.cos(rad(2 * hm)) + 0.32 * Math.cos(rad(3 * hm + 6)) - 0.2 * Math.cos(rad(4 * hm - 63));
  const dTheta = 30 * Math.exp(-(((hm - 275) / 25) ** 2));
  const RC = 2 * Math.sqrt(Cm ** 7 / (Cm ** 7 + 25 ** 7));
  const SL = 1 + (0.015 * (Lm - 50) ** 2) / Math.sqrt(20 + (Lm - 50) ** 2);
  const SC = 1 + 0.045 * Cm;
  const SH = 1 + 0.015 * Cm * T;
  const RT = -Math.sin(rad(2 * dTheta)) * RC;
  return Math.sqrt((dL / SL) ** 2 + (dC / SC) ** 2 + (dH / SH) ** 2 + RT * (dC / SC) * (dH / SH));
}

/** The smaller of the normal-vision and deuteranope differences between two hex colours. */
function difference(a: string, b: string): number {
  const ra = hexToRgb(a),
    rb = hexToRgb(b);
  return Math.min(deltaE2000(toLab(ra), toLab(rb)), deltaE2000(toLab(deuteranopia(ra)), toLab(deuteranopia(rb))));
}

/** WCAG 2 contrast ratio of two hex colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = hexToRgb(c).map(toLinear);
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const THRESHOLD = 10;
/** The bins the map draws (bin 0 is left off it). */
const HOT_COLD = [3, 2, 1, -1, -2, -3].map((b) => BIN_COLORS[b]);

function worst(colours: string[], against: string[]): { a: string; b: string; d: number } {
  let w = { a: '', b: '', d: Infinity };
  for (const a of colours)
    for (const b of against) {
      const d = difference(a, b);
      if (d < w.d) w = { a, b, d };
    }
  return w;
}

describe('colour science used by the check', () => {
  it('reproduces CIEDE2000 test pairs from Sharma, Wu & Dalal (2005)', () => {
    expect(deltaE2000([50, 2.6772, -79.7751], [50, 0, -82.7485])).toBeCloseTo(2.0425, 4);
    expect(deltaE2000([50, 2.5, 0], [73, 25, -18])).toBeCloseTo(27.1492, 4);
    expect(deltaE2000([50, 0, 0], [50, -1, 2])).toBeCloseTo(2.3669, 4);
  });

  it('simulates deuteranopia: greys unchanged, red and green confused', () => {
    for (const g of [0, 128, 255]) deuteranopia([g, g, g]).forEach((c) => expect(Math.abs(c - g)).toBeLessThan(0.5));
    // Pure red and a green of the same lightness are far apart in normal vision and near under deuteranopia.
    const red: Rgb = [200, 60, 40],
      green: Rgb = [100, 120, 40];
    expect(deltaE2000(toLab(red), toLab(green))).toBeGreaterThan(30);
    expect(deltaE2000(toLab(deuteranopia(red)), toLab(deuteranopia(green)))).toBeLessThan(8);
  });
});

describe('palette under deuteranopia', () => {
  it('overlap outline colours stand apart from every hot and cold bin', () => {
    const w = worst(
      OVERLAP_CLASSES.map((c) => OVERLAP_COLORS[c]),
      HOT_COLD,
    );
    expect(w.d, `${w.a} vs ${w.b}`).toBeGreaterThanOrEqual(THRESHOLD);
  });

  it('overlap classes stand apart from each other', () => {
    const cs = OVERLAP_CLASSES.map((c) => OVERLAP_COLORS[c]);
    for (const [i, a] of cs.entries())
      for (const b of cs.slice(i + 1)) expect(difference(a, b), `${a} vs ${b}`).toBeGreaterThanOrEqual(THRESHOLD);
  });

  it('every class of the counts ramp stands apart from every hot and cold bin', () => {
    const w = worst(SEQ_COLORS, HOT_COLD);
    expect(w.d, `${w.a} vs ${w.b}`).toBeGreaterThanOrEqual(THRESHOLD);
  });

  it('the counts ramp still reads light to dark, one step at a time', () => {
    const L = SEQ_COLORS.map((c) => toLab(deuteranopia(hexToRgb(c)))[0]);
    for (let i = 1; i < L.length; i++) expect(L[i - 1] - L[i], `class ${i}`).toBeGreaterThan(5);
    for (let i = 1; i < SEQ_COLORS.length; i++) expect(difference(SEQ_COLORS[i - 1], SEQ_COLORS[i])).toBeGreaterThanOrEqual(5);
  });

  it('patrol places stand apart from every bin and overlap class, and carry white numbers legibly', () => {
    const w = worst([PATROL_COLOR], [...HOT_COLD, ...OVERLAP_CLASSES.map((c) => OVERLAP_COLORS[c]), SELECTED_CELL_COLOR]);
    expect(w.d, `${w.a} vs ${w.b}`).toBeGreaterThanOrEqual(THRESHOLD);
    expect(contrast(PATROL_COLOR, '#ffffff')).toBeGreaterThanOrEqual(7);
    // The map's former purple was too near the 99% cold bin.
    expect(difference('#6a1b9a', BIN_COLORS[-3])).toBeLessThan(THRESHOLD);
  });

  it('the pack’s focus ward line stands apart from what its maps fill cells with', () => {
    const packFills = [...[3, 2, 1].map((b) => BIN_COLORS[b]), ...OVERLAP_CLASSES.map((c) => OVERLAP_COLORS[c])];
    expect(worst([FOCUS_WARD_LINE_COLOR], packFills).d).toBeGreaterThanOrEqual(THRESHOLD);
    expect(contrast(WARD_LINE_COLOR, '#f4f6f8')).toBeGreaterThanOrEqual(4.5);
  });

  it('chart lines read on the white panel and apart from each other', () => {
    const lines = [HARM_SERIES_COLORS.violence, HARM_SERIES_COLORS.asb, HOT_SPOT_COLOR, NEUTRAL_SERIES_COLOR];
    // WCAG 2.1 1.4.11: graphical objects at least 3:1 against what they sit on.
    for (const c of lines) expect(contrast(c, '#ffffff'), c).toBeGreaterThanOrEqual(3);
    expect(difference(HARM_SERIES_COLORS.violence, HARM_SERIES_COLORS.asb)).toBeGreaterThanOrEqual(THRESHOLD);
    expect(difference(HOT_SPOT_COLOR, NEUTRAL_SERIES_COLOR)).toBeGreaterThanOrEqual(THRESHOLD);
    // The overlap outline yellow would vanish as a line: why the harm lines are not the overlap hues.
    expect(contrast(OVERLAP_COLORS.violence, '#ffffff')).toBeLessThan(1.5);
  });

  it('the former colours fail the same check (so it can fail)', () => {
    // ColorBrewer YlGnBu's class 6 against RdBu's 99% cold bin, and the old sky-blue ASB outline
    // against the 95% cold bin.
    expect(difference('#225ea8', BIN_COLORS[-3])).toBeLessThan(3);
    expect(difference('#56b4e9', BIN_COLORS[-2])).toBeLessThan(THRESHOLD);
  });
});
