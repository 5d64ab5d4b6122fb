/**
 * The whole screen state lives in the URL: filters, layers, view, selection, open panels.
 * Reloading or sharing a link restores it. parse() never throws: unknown or bad values fall back
 * to the defaults, which lead a new user to the first question (violence hotspots of the last
 * 6 months, their overlap with ASB, and the deprivation of the wards they lie in).
 */
import { addMonths, financialYear, isMonth, monthFromIndex, monthIndex, monthLabel, rangeLabel } from '../../../geo/month';

export const CELL_LAYERS = ['hotspots', 'hexes', 'overlap', 'trends'] as const;
export const BASE_LAYERS = ['wardLines', 'lsoa'] as const;
export type LayerId = (typeof CELL_LAYERS)[number] | (typeof BASE_LAYERS)[number];
export const ALL_LAYERS: readonly LayerId[] = [...CELL_LAYERS, ...BASE_LAYERS];
export type WardShade = 'none' | 'rate' | 'imd' | 'childpov';
export const WARD_SHADES: readonly WardShade[] = ['none', 'rate', 'imd', 'childpov'];
export type TableTab = 'none' | 'hotspots' | 'wards';

export interface View {
  lon: number;
  lat: number;
  zoom: number;
}

export interface AppState {
  /** A harm group id, or 'cat:<slug>' for one police.uk category. */
  harm: string;
  weight: string;
  /** ASB weight override (cchi/cost weighting only); null = the scheme's default. */
  asbWeight: number | null;
  /** '1' | '3' | '6' | '12' (last N months), 'fy<year>', or 'custom'. */
  period: string;
  from: string;
  to: string;
  /**
   * The analysis cell size. 'auto' (the default, kept as the URL value so old links still parse)
   * is the standard resolution at every zoom: see analysisRes.
   */
  res: number | 'auto';
  alpha: number;
  layers: Set<LayerId>;
  shade: WardShade;
  view: View | null;
  ward: string | null;
  cell: string | null;
  table: TableTab;
  /** 'auto' = online style with offline fallback; 'offline'; or a style URL. */
  basemap: string;
  /** The study area (local authority code) when the store holds several; null with one. */
  area: string | null;
}

export const DEFAULT_PERIOD = '6';
export const DEFAULT_LAYERS: LayerId[] = ['hotspots', 'wardLines'];
export const ALPHAS = [0.1, 0.05, 0.01];

export function defaultState(lastMonth: string): AppState {
  const w = periodWindow(DEFAULT_PERIOD, lastMonth)!;
  return {
    harm: 'violence',
    weight: 'count',
    asbWeight: null,
    period: DEFAULT_PERIOD,
    from: w.from,
    to: w.to,
    res: 'auto',
    alpha: 0.05,
    layers: new Set(DEFAULT_LAYERS),
    shade: 'none',
    view: null,
    ward: null,
    cell: null,
    table: 'none',
    basemap: 'auto',
    area: null,
  };
}

/** The window a preset names, relative to the last month held. */
export function periodWindow(period: string, lastMonth: string): { from: string; to: string } | null {
  if (/^(1|3|6|12|24)$/.test(period)) return { from: addMonths(lastMonth, -(Number(period) - 1)), to: lastMonth };
  const fy = /^fy(\d{4})$/.exec(period);
  if (fy) return financialYear(Number(fy[1]));
  return null;
}

/** The latest complete financial year in the data, else the latest started one. */
export function latestFinancialYear(lastMonth: string): number {
  const y = Number(lastMonth.slice(0, 4));
  const m = Number(lastMonth.slice(5, 7));
  // FY y/y+1 ends in March y+1.
  return m >= 3 ? y - 1 : y - 2;
}

/** Which preset (if any) a window equals. */
export function presetFor(from: string, to: string, lastMonth: string): string {
  for (const p of ['1', '3', '6', '12']) {
    const w = periodWindow(p, lastMonth)!;
    if (w.from === from && w.to === to) return p;
  }
  if (from.endsWith('-04') && to === `${Number(from.slice(0, 4)) + 1}-03`) return `fy${from.slice(0, 4)}`;
  return 'custom';
}

export interface ParseContext {
  firstMonth: string;
  lastMonth: string;
  resolutions: number[];
  /** Known harm group, category and weighting ids; a link naming another is ignored with a notice. */
  harms?: string[];
  categories?: string[];
  weights?: string[];
  /** Known ward codes; a link naming another opens no ward. */
  wards?: string[];
  /** The study area the page was opened for (main.ts checks the link's area against the server). */
  area?: string | null;
  /** The name the notices give the default harm type ("Violence"). */
  defaultHarmLabel?: string;
}

export function parseState(search: string, ctx: ParseContext): AppState {
  return parseLink(search, ctx).state;
}

/** A value from a link as a notice quotes it: short, on one line, with no markup characters. */
export function quoteValue(v: string): string {
  const clean = v
    // Control characters are exactly what must not reach a notice.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return `“${clean.length > 40 ? `${clean.slice(0, 40)}…` : clean}”`;
}

/** Every parameter serializeState writes, plus 'layer' (a likely slip for 'layers'). */
const KNOWN_PARAMS = new Set([
  'area',
  'harm',
  'cat',
  'weight',
  'asbWeight',
  'period',
  'from',
  'to',
  'res',
  'alpha',
  'layers',
  'layer',
  'shade',
  'v',
  'ward',
  'cell',
  'table',
  'basemap',
]);

/**
 * The state a link asks for, and one plain sentence for each part of it that could not be used,
 * saying what is shown instead. A mistyped, truncated or outdated link must never show a blank
 * control or a validation message meant for developers, and must never fail silently either:
 * the user should know the map is not what the link's author saw.
 */
export function parseLink(search: string, ctx: ParseContext): { state: AppState; notices: string[] } {
  const q = new URLSearchParams(search);
  const s = defaultState(ctx.lastMonth);
  s.area = ctx.area ?? null;
  const notices: string[] = [];
  const say = (what: string, value: string, instead: string) =>
    notices.push(`The link asked for ${what} (${quoteValue(value)}), ${instead}`);
  const known = (list: string[] | undefined, id: string) => !list || list.includes(id);
  const defaultHarm = ctx.defaultHarmLabel ?? 'Violence';
  const harm = q.get('harm');
  const cat = q.get('cat');
  if (cat !== null) {
    if (/^[a-z-]+$/.test(cat) && known(ctx.categories, cat)) s.harm = `cat:${cat}`;
    else say('a crime category this atlas does not hold', cat, `so the map shows ${defaultHarm}`);
  } else if (harm !== null) {
    if (/^[a-z-]+$/.test(harm) && known(ctx.harms, harm)) s.harm = harm;
    else say('a harm type this atlas does not have', harm, `so the map shows ${defaultHarm}`);
  }
  const weight = q.get('weight');
  if (weight !== null) {
    if (/^[a-z0-9-]+$/i.test(weight) && known(ctx.weights, weight)) s.weight = weight;
    else say('a weighting this atlas does not have', weight, 'so the map counts every incident once');
  }
  const asb = q.get('asbWeight');
  if (asb !== null && asb !== '') {
    if (Number.isFinite(Number(asb)) && Number(asb) >= 0) s.asbWeight = Number(asb);
    else say('an ASB weight that is not a number of 0 or more', asb, 'so the weighting’s own ASB weight is used');
  }

  parsePeriod(q, ctx, s, notices, say);

  const res = q.get('res');
  if (res !== null && res !== 'auto') {
    if (/^\d+$/.test(res) && ctx.resolutions.includes(Number(res))) s.res = Number(res);
    else
      say('a cell size this atlas does not have', res, `so the map uses the standard ${cellWidth(analysisRes(s, ctx.resolutions))} cells`);
  }
  const alpha = q.get('alpha');
  if (alpha !== null) {
    if (alpha !== '' && ALPHAS.includes(Number(alpha))) s.alpha = Number(alpha);
    else say('a significance level this atlas does not offer', alpha, `so the map uses ${Math.round((1 - s.alpha) * 100)}% confidence`);
  }
  // 'layers' is a list; a singular 'layer' is read the same way rather than dropped.
  const layerLists = [q.get('layers'), q.get('layer')].filter((l): l is string => l !== null);
  if (layerLists.length) {
    const asked = layerLists
      .join(',')
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean);
    const isLayer = (l: string): l is LayerId => (ALL_LAYERS as readonly string[]).includes(l);
    const good = asked.filter(isLayer);
    const bad = asked.filter((l) => !isLayer(l));
    // An empty list is a real choice (every layer switched off); only unknown names are a problem.
    if (bad.length === 0 || good.length > 0) s.layers = new Set(good);
    if (bad.length) {
      say(
        bad.length === 1 ? 'a map layer this atlas does not have' : 'map layers this atlas does not have',
        bad.join(', '),
        good.length ? 'so it is left out' : 'so the map shows the hotspots and ward boundaries',
      );
    }
  }
  const shade = q.get('shade');
  if (shade !== null) {
    if ((WARD_SHADES as readonly string[]).includes(shade)) s.shade = shade as WardShade;
    else say('a ward shading this atlas does not have', shade, 'so the wards are not shaded');
  }
  const v = q.get('v');
  if (v !== null) {
    const [lon, lat, zoom] = v.split(',').map(Number);
    if ([lon, lat, zoom].every(Number.isFinite) && Math.abs(lat) < 85 && Math.abs(lon) <= 180 && zoom >= 0 && zoom <= 22) {
      s.view = { lon, lat, zoom };
    } else notices.push('The link’s map position could not be read, so the map shows the whole area');
  }
  const ward = q.get('ward');
  if (ward !== null) {
    if (/^[A-Z0-9]{9}$/.test(ward) && known(ctx.wards, ward)) s.ward = ward;
    else say('a ward this atlas does not hold', ward, 'so no ward is open');
  }
  const cell = q.get('cell');
  if (cell !== null) {
    if (/^[0-9a-f]{15}$/.test(cell)) s.cell = cell;
    else say('a map cell that does not exist', cell, 'so no cell is picked');
  }
  const table = q.get('table');
  if (table !== null) {
    if (table === 'hotspots' || table === 'wards') s.table = table;
    else if (table !== 'none') say('a table this atlas does not have', table, 'so the table stays closed');
  }
  const basemap = q.get('basemap');
  if (basemap !== null) {
    if (basemap === 'offline' || basemap === 'auto') s.basemap = basemap;
    else if (/^https?:\/\//.test(basemap)) s.basemap = basemap;
    else say('a basemap this atlas cannot use', basemap, 'so the map uses the standard one');
  }
  const unknown = [...new Set([...q.keys()].filter((k) => !KNOWN_PARAMS.has(k)))];
  if (unknown.length) {
    notices.push(
      `The link has ${unknown.length === 1 ? 'a setting' : 'settings'} this atlas does not know (${unknown.map(quoteValue).join(', ')}), so ${unknown.length === 1 ? 'it is' : 'they are'} ignored`,
    );
  }
  return { state: s, notices };
}

function cellWidth(res: number): string {
  const w: Record<number, string> = { 7: '2.8 km', 8: '1 km', 9: '400 m', 10: '150 m', 11: '60 m' };
  return w[res] ?? `resolution ${res}`;
}

/**
 * The months a link asks for: from/to (which win, as serializeState writes both) or a preset
 * period. A bad month, a start after the end, or months outside the data held fall back to the
 * preset, else the default, with a notice; a window partly outside the data is trimmed to it.
 */
function parsePeriod(
  q: URLSearchParams,
  ctx: ParseContext,
  s: AppState,
  notices: string[],
  say: (what: string, value: string, instead: string) => void,
): void {
  const first = monthIndex(ctx.firstMonth),
    last = monthIndex(ctx.lastMonth);
  const held = `the data held run from ${monthLabel(ctx.firstMonth)} to ${monthLabel(ctx.lastMonth)}`;
  const from = q.get('from');
  const to = q.get('to');
  const period = q.get('period');
  const presetWindow = period !== null && period !== 'custom' ? periodWindow(period, ctx.lastMonth) : null;
  const presetHeld = presetWindow && monthIndex(presetWindow.to) >= first && monthIndex(presetWindow.from) <= last;
  const fallbackWords = () =>
    presetWindow && presetHeld ? `so the map shows ${periodWords(period!)}` : 'so the map shows the last 6 months';
  const usePreset = () => {
    if (!presetWindow || !presetHeld) return;
    s.period = period!;
    s.from = monthFromIndex(Math.max(first, monthIndex(presetWindow.from)));
    s.to = monthFromIndex(Math.min(last, monthIndex(presetWindow.to)));
  };
  if (from !== null || to !== null) {
    if (from !== null && !isMonth(from)) {
      say('a start month that is not a month written like 2025-06', from, fallbackWords());
      usePreset();
      return;
    }
    if (to !== null && !isMonth(to)) {
      say('an end month that is not a month written like 2025-06', to, fallbackWords());
      usePreset();
      return;
    }
    if (from === null || to === null) {
      notices.push(
        `The link gave ${from === null ? 'an end month but no start month' : 'a start month but no end month'}, ${fallbackWords()}`,
      );
      usePreset();
      return;
    }
    if (monthIndex(from) > monthIndex(to)) {
      notices.push(`The link’s start month (${monthLabel(from)}) is after its end month (${monthLabel(to)}), ${fallbackWords()}`);
      usePreset();
      return;
    }
    if (monthIndex(to) < first || monthIndex(from) > last) {
      notices.push(`The link asked for ${rangeLabel(from, to)}, but ${held}, ${fallbackWords()}`);
      usePreset();
      return;
    }
    s.from = monthFromIndex(Math.max(first, monthIndex(from)));
    s.to = monthFromIndex(Math.min(last, monthIndex(to)));
    if (s.from !== from || s.to !== to)
      notices.push(`The link asked for ${rangeLabel(from, to)}, but ${held}, so the map shows ${rangeLabel(s.from, s.to)}`);
    s.period = presetFor(s.from, s.to, ctx.lastMonth);
    return;
  }
  if (period === null) return;
  if (!presetWindow) {
    say('a period this atlas does not offer', period, 'so the map shows the last 6 months');
    return;
  }
  if (!presetHeld) {
    notices.push(`The link asked for ${periodWords(period)}, but ${held}, so the map shows the last 6 months`);
    return;
  }
  usePreset();
  if (s.from !== presetWindow.from || s.to !== presetWindow.to) {
    notices.push(`The link asked for ${periodWords(period)}, but ${held}, so the map shows ${rangeLabel(s.from, s.to)}`);
  }
}

/** 'the last 3 months', 'financial year 2024/25'. */
function periodWords(period: string): string {
  if (period === '1') return 'the last month';
  if (/^\d+$/.test(period)) return `the last ${period} months`;
  const y = Number(period.slice(2));
  return `financial year ${y}/${String(y + 1).slice(2)}`;
}

export function serializeState(s: AppState): string {
  const q = new URLSearchParams();
  if (s.harm.startsWith('cat:')) q.set('cat', s.harm.slice(4));
  else q.set('harm', s.harm);
  q.set('weight', s.weight);
  if (s.asbWeight !== null) q.set('asbWeight', String(s.asbWeight));
  q.set('period', s.period);
  q.set('from', s.from);
  q.set('to', s.to);
  q.set('res', String(s.res));
  q.set('alpha', String(s.alpha));
  q.set('layers', ALL_LAYERS.filter((l) => s.layers.has(l)).join(','));
  q.set('shade', s.shade);
  if (s.view) q.set('v', `${s.view.lon.toFixed(5)},${s.view.lat.toFixed(5)},${s.view.zoom.toFixed(2)}`);
  if (s.ward) q.set('ward', s.ward);
  if (s.cell) q.set('cell', s.cell);
  if (s.table !== 'none') q.set('table', s.table);
  if (s.basemap !== 'auto') q.set('basemap', s.basemap);
  if (s.area) q.set('area', s.area);
  return `?${q.toString().replace(/%2C/g, ',')}`;
}

/** The standard analysis resolution: the API's default, the one the back-test in the README measured. */
export const STANDARD_RES = 9;

/**
 * The resolution every figure on screen is computed at. It never follows the zoom: the number of
 * hot cells depends on the cell size (148 at res 9 against 503 at res 10 for the same months), so
 * an answer that changed as the user zoomed would be a different answer to the same question.
 * 'auto' is the standard size; only the user's own choice changes it.
 */
export function analysisRes(s: Pick<AppState, 'res'>, available: number[]): number {
  if (s.res !== 'auto') return s.res;
  if (available.length === 0 || available.includes(STANDARD_RES)) return STANDARD_RES;
  return available.reduce((best, r) => (Math.abs(r - STANDARD_RES) < Math.abs(best - STANDARD_RES) ? r : best), available[0]);
}

/**
 * The cell size that would suit a zoom (street level: smaller cells). Only a suggestion the user
 * may take; the analysis stays at analysisRes until they do.
 */
export function resForZoom(zoom: number, available: number[]): number {
  // The whole borough on a laptop or a phone (zoom 9.5-11) gets 400 m cells (resolution 9, the
  // API's default); street level gets 150 m cells; only a view wider than the borough gets 1 km.
  const want = zoom < 9.5 ? 8 : zoom < 12.5 ? 9 : 10;
  if (available.includes(want)) return want;
  return available.reduce((best, r) => (Math.abs(r - want) < Math.abs(best - want) ? r : best), available[0] ?? 9);
}

/** The centre and zoom that fit a bounding box in a viewport (Web Mercator, 512 px tiles, as MapLibre). */
export function fitView(bbox: [number, number, number, number], width: number, height: number, padding = 20, padLeft = padding): View {
  const mx = (lon: number) => (lon + 180) / 360;
  const my = (lat: number) => {
    const r = (lat * Math.PI) / 180;
    return (1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2;
  };
  const [minX, minY, maxX, maxY] = bbox;
  const dx = mx(maxX) - mx(minX);
  const dy = my(minY) - my(maxY);
  // A wide left pad (the legend) is only worth it when the map is wide enough to keep its scale.
  if (width - padLeft - padding < width * 0.6) padLeft = padding;
  const w = Math.max(50, width - padLeft - padding),
    h = Math.max(50, height - 2 * padding);
  const zoom = Math.max(0, Math.min(18, Math.log2(Math.min(w / (dx * 512), h / (dy * 512)))));
  const cy = (my(minY) + my(maxY)) / 2;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - 2 * cy))) * 180) / Math.PI;
  // Shift the centre left by half the extra left pad, so the box sits in the padded area.
  const shift = ((padLeft - padding) / 2 / (512 * Math.pow(2, zoom))) * 360;
  return { lon: (minX + maxX) / 2 - shift, lat, zoom };
}

/** A local authority code as a link may carry it (ONS: E06000004); anything else is no area. */
export function areaFromLink(search: string): string | null {
  const a = new URLSearchParams(search).get('area');
  return a !== null && /^[EWSN]\d{8}$/.test(a) ? a : null;
}

/**
 * The study area to open: the link's when the server holds it, else Stockton-on-Tees when held
 * (the partnership this atlas was built for), else the first held; null when the store holds one
 * area or none (then no area is sent and every held ward is the study area).
 */
export function chooseArea(linked: string | null, held: readonly { code: string }[]): string | null {
  if (held.length <= 1) return linked && held.some((a) => a.code === linked) ? linked : null;
  if (linked && held.some((a) => a.code === linked)) return linked;
  return held.find((a) => a.code === 'E06000004')?.code ?? held[0].code;
}
