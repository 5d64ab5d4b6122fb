/**
 * Tooltips. A cell: count, harm, z, confidence bin, overlap and trend class, the ward it lies in,
 * and the most frequent "On or near" street names (from /api/incidents in the cell's bounding box,
 * kept to points inside the cell). A ward: name, count, rate, change, IMD decile, child poverty.
 * Hover shows it; a click (or Enter in the table) pins it with buttons, so it works by touch and keyboard.
 */
import { latLngToCell, getResolution } from 'h3-js';
import { api, type FilterParams, type WardFeature, type WardProps } from './api';
import type { Loaded } from './data';
import { fmt, h, signed } from './dom';
import { termLabel } from './glossary';
import { BIN_LABELS, OVERLAP_LABELS, TREND_LABELS, trendKey } from './layers/colors';
import { MapView } from './map/view';
import { childPovertyIsShare, childPovertyPct } from './scales';
import { wardCodeOf, wardOfCell } from './cellWard';

export interface CellFacts {
  h3: string;
  count?: number;
  harm?: number;
  z?: number;
  p?: number;
  pFdr?: number;
  bin?: number;
  overlap?: string;
  trend?: string;
  /** The ward the server names for the cell; null outside every ward or when no answer holds the cell. */
  ward: string | null;
  /** Of the incidents, those police.uk places at a prison, hospital, police station or court. */
  institutional?: number;
}

export function cellFacts(h3: string, d: Loaded): CellFacts {
  const f: CellFacts = { h3, ward: null };
  const hx = d.hexes?.cells.find((c) => c.h3 === h3);
  if (hx) {
    f.ward = wardCodeOf(hx);
    f.count = hx.count;
    f.harm = hx.harm;
    if (hx.institutional) f.institutional = hx.institutional;
  }
  const hs = d.hotspots?.cells.find((c) => c.h3 === h3);
  if (hs) {
    f.ward = wardCodeOf(hs);
    f.z = hs.z;
    f.p = hs.p;
    f.pFdr = hs.pFdr;
    f.bin = hs.bin;
    if (f.count === undefined && hs.count !== undefined) f.count = hs.count;
    if (f.harm === undefined) f.harm = hs.value;
  }
  const ov = d.overlap?.cells.find((c) => c.h3 === h3);
  if (ov) f.overlap = ov.class;
  const tr = d.trends?.cells.find((c) => c.h3 === h3);
  if (tr) f.trend = tr.class;
  return f;
}

const streetCache = new Map<string, Promise<{ name: string; n: number }[]>>();

export function topStreets(h3: string, filter: FilterParams): Promise<{ name: string; n: number }[]> {
  const key = `${h3}|${JSON.stringify(filter)}`;
  let p = streetCache.get(key);
  if (!p) {
    p = api.incidents(MapView.cellBbox(h3), filter, 2000).then((r) => {
      const res = getResolution(h3);
      const counts = new Map<string, number>();
      for (const i of r.incidents) {
        if (latLngToCell(i.lat, i.lon, res) !== h3) continue;
        const name = (i.location ?? '').replace(/^On or near\s+/i, '').trim() || 'Unnamed place';
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }
      return [...counts]
        .map(([name, n]) => ({ name, n }))
        .sort((a, b) => b.n - a.n)
        .slice(0, 4);
    });
    p.catch(() => streetCache.delete(key));
    streetCache.set(key, p);
  }
  return p;
}

function dl(rows: [string | Node, string | Node][]) {
  return h(
    'dl',
    { class: 'facts' },
    rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
  );
}

export function wardCountText(p: WardProps): string {
  return fmt(p.count);
}

export function cellContent(
  f: CellFacts,
  d: Loaded,
  harmLabel: string,
  weighted: boolean,
  pinned: boolean,
  actions: {
    openWard: (w: WardFeature) => void;
    close: () => void;
  },
): HTMLElement {
  const wards = (d.wards?.features ?? []) as WardFeature[];
  const ward = wardOfCell(f, wards);
  const rows: [string | Node, string | Node][] = [];
  if (f.count !== undefined) rows.push(['Incidents', fmt(f.count)]);
  // Real records, so counted; but the tools set them aside, and the reader should know why.
  if (f.institutional)
    rows.push([
      'At an institution',
      `${fmt(f.institutional)} (prison, hospital, police station or court: left out of patrol plans and CCTV siting)`,
    ]);
  if (weighted && f.harm !== undefined) rows.push(['Weighted harm', fmt(f.harm, 1)]);
  if (f.bin !== undefined) rows.push([f.bin !== 0 ? termLabel('Hotspot', 'confidence') : 'Hotspot', BIN_LABELS[f.bin] ?? String(f.bin)]);
  if (f.z !== undefined) rows.push([termLabel('Gi* z-score', 'z'), fmt(f.z, 2)]);
  if (f.pFdr !== undefined) rows.push([termLabel('p (FDR-adjusted)', 'pFdr'), f.pFdr < 0.001 ? '< 0.001' : fmt(f.pFdr, 3)]);
  if (f.overlap && f.overlap !== 'neither') rows.push(['Overlap', OVERLAP_LABELS[f.overlap] ?? f.overlap]);
  if (f.trend) rows.push(['Trend', TREND_LABELS[trendKey(f.trend)] ?? f.trend]);
  if (ward) rows.push(['Ward', ward.properties.name]);
  const streets = h('p', { class: 'streets' }, 'Finding street names…');
  topStreets(f.h3, d.filter).then(
    (list) => {
      streets.textContent = list.length
        ? `Most often recorded near: ${list.map((s) => `${s.name} (${s.n})`).join(', ')}`
        : 'No incident locations in this cell for this filter.';
    },
    () => {
      streets.textContent = 'Street names not available.';
    },
  );
  return h(
    'div',
    {},
    h(
      'div',
      { class: 'tip-head' },
      h('h3', {}, `${harmLabel}: this cell`),
      pinned
        ? h('button', { type: 'button', class: 'btn btn-icon', 'aria-label': 'Close cell details', onclick: actions.close }, '×')
        : null,
    ),
    dl(rows),
    streets,
    pinned && ward
      ? h('button', { type: 'button', class: 'btn', onclick: () => actions.openWard(ward) }, `Open ${ward.properties.name} ward`)
      : null,
    !pinned ? h('p', { class: 'hint' }, 'Click to pin these details.') : null,
  );
}

export function wardContent(w: WardFeature, d: Loaded, harmLabel: string): HTMLElement {
  const p = w.properties;
  const wards = ((d.wards?.features ?? []) as WardFeature[]).map((x) => x.properties);
  const share = childPovertyIsShare(wards);
  const cp = childPovertyPct(p, share);
  const rows: [string | Node, string | Node][] = [
    [`${harmLabel}`, wardCountText(p)],
    ['Per 1,000 residents a month', fmt(p.rate, 2)],
    ['Change on previous period', changeText(p)],
    [termLabel('IMD 2019 decile', 'imd'), p.imdDecile ? `${fmt(p.imdDecile, p.imdDecile % 1 ? 1 : 0)} (1 = most deprived)` : '–'],
    [termLabel('Child poverty', 'cilif'), cp !== null ? `${fmt(cp, 1)}% of children` : '–'],
  ];
  return h('div', {}, h('h3', {}, `${p.name} ward`), dl(rows), h('p', { class: 'hint' }, 'Click the ward for its trend and sources.'));
}

/** '+12 (+8%)' from count and previousCount (unambiguous whatever unit changePct uses). */
export function changeText(p: WardProps): string {
  if (p.previousCount === null) return '–';
  const change = p.change ?? p.count - p.previousCount;
  const pctText = p.previousCount > 0 ? ` (${signed((change / p.previousCount) * 100)}%)` : '';
  return `${signed(change)}${pctText}`;
}
