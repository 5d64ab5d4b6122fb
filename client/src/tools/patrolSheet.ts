/**
 * The printable A4 patrol sheet: a print-only section of the page (see tools.css, @media print)
 * with a static SVG map of the places and the ward outlines (no WebGL, so it prints anywhere),
 * the list of places and the patrol guidance. Opens the browser's print dialog.
 */
import type { Geometry, Position } from 'geojson';
import { cellToBoundary } from 'h3-js';
import { api } from '../api';
import { filterParams } from '../data';
import { h, pct, svg } from '../dom';
import { bboxOf, labelPoint } from '../geo';
import { rangeLabel } from '../state/month';
import type { AppState } from '../state/url';
import { streetsText } from './patrolPanel';
import type { ToolDeps } from './toolsPanel';
import type { PatrolPlan } from './toolsApi';

interface SheetOptions { minutes: number; visit: number; harm: string; guidance: string[] }

type Ring = Position[];

function rings(g: Geometry): Ring[] {
  if (g.type === 'Polygon') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat();
  return [];
}

/** The static map: ward outlines, place cells and numbered markers, as an SVG element. */
export function staticMap(wards: { name: string; geometry: Geometry }[], plan: PatrolPlan, width = 680, height = 560): SVGElement {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const w of wards) {
    const b = bboxOf(w.geometry);
    minX = Math.min(minX, b[0]); minY = Math.min(minY, b[1]); maxX = Math.max(maxX, b[2]); maxY = Math.max(maxY, b[3]);
  }
  for (const p of plan.places) {
    minX = Math.min(minX, p.centre[0]); maxX = Math.max(maxX, p.centre[0]);
    minY = Math.min(minY, p.centre[1]); maxY = Math.max(maxY, p.centre[1]);
  }
  if (!Number.isFinite(minX)) { minX = -1.5; maxX = -1.2; minY = 54.45; maxY = 54.65; }
  const kx = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const pad = 12;
  const scale = Math.min((width - 2 * pad) / ((maxX - minX) * kx || 1), (height - 2 * pad) / ((maxY - minY) || 1));
  const ox = (width - (maxX - minX) * kx * scale) / 2, oy = (height - (maxY - minY) * scale) / 2;
  const X = (lon: number) => ox + (lon - minX) * kx * scale;
  const Y = (lat: number) => oy + (maxY - lat) * scale;
  const path = (r: Ring) => r.map(([x, y], i) => `${i ? 'L' : 'M'}${X(x).toFixed(1)},${Y(y).toFixed(1)}`).join('') + 'Z';
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'sheet-map', role: 'img', 'aria-label': 'Map of the places to patrol and the ward boundaries' });
  root.append(svg('rect', { x: 0, y: 0, width, height, fill: '#ffffff', stroke: '#888', 'stroke-width': 1 }));
  for (const w of wards) root.append(svg('path', { d: rings(w.geometry).map(path).join(''), fill: '#f3f4f6', stroke: '#6b7280', 'stroke-width': 0.8 }));
  for (const w of wards) {
    const p = labelPoint(w.geometry);
    if (p) root.append(svg('text', { x: X(p[0]), y: Y(p[1]), 'text-anchor': 'middle', 'font-size': 8, fill: '#6b7280' }, w.name));
  }
  for (const p of plan.places) {
    for (const c of p.cells) {
      const b = cellToBoundary(c).map(([lat, lon]) => [lon, lat]);
      root.append(svg('path', { d: path(b), fill: '#6a1b9a', 'fill-opacity': 0.35, stroke: '#6a1b9a', 'stroke-width': 0.8 }));
    }
  }
  for (const p of plan.places) {
    const x = X(p.centre[0]), y = Y(p.centre[1]);
    root.append(svg('circle', { cx: x, cy: y, r: 8, fill: '#6a1b9a', stroke: '#fff', 'stroke-width': 1.5 }));
    root.append(svg('text', { x, y: y + 3.5, 'text-anchor': 'middle', 'font-size': 10, 'font-weight': 700, fill: '#fff' }, String(p.rank)));
  }
  return root;
}

/** Fills the print-only sheet for a plan. */
export async function buildPatrolSheet(deps: ToolDeps, plan: PatrolPlan, s: AppState, o: SheetOptions): Promise<HTMLElement> {
  let wards: { name: string; geometry: Geometry }[] = [];
  try {
    const w = await api.wards(filterParams(s));
    wards = w.features.map((f) => ({ name: f.properties.name, geometry: f.geometry }));
  } catch { /* the sheet without ward outlines */ }
  let sheet = document.getElementById('patrol-sheet');
  if (!sheet) {
    sheet = h('section', { id: 'patrol-sheet', class: 'patrol-sheet', 'aria-label': 'Printable patrol sheet' });
    document.body.append(sheet);
  }
  const made = new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
  sheet.replaceChildren(
    h('header', { class: 'sheet-head' },
      h('h1', {}, `Patrol sheet: ${o.harm}`),
      h('p', {}, `Based on ${rangeLabel(s.from, s.to)} · ${o.minutes} minutes available, about ${o.visit} minutes a visit · ${plan.places.length} places covering ${pct(plan.coveredShare, 0)} of the harm · printed ${made}`),
      plan.setAside && plan.setAside.incidents > 0
        ? h('p', { class: 'sheet-note' }, `Not on this sheet: ${plan.setAside.incidents.toLocaleString('en-GB')} incidents police.uk places at prisons, hospitals, police stations and courts, which no foot patrol can address.`)
        : null),
    staticMap(wards, plan) as unknown as HTMLElement,
    h('table', { class: 'sheet-table' },
      h('colgroup', {}, ['4%', '40%', '18%', '9%', '7%', '22%'].map((w) => h('col', { style: `width:${w}` }))),
      h('thead', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, 'Streets (on or near)'), h('th', {}, 'Ward'), h('th', {}, 'Share of harm'),
        h('th', {}, 'Visits a round'), h('th', {}, 'Visited at (times)'))),
      h('tbody', {}, plan.places.map((p) => h('tr', {}, h('td', {}, String(p.rank)), h('td', {}, streetsText(p.streets)),
        h('td', {}, p.wardName ?? '–'), h('td', {}, pct(p.share, 1)), h('td', {}, String(p.visits)), h('td', { class: 'sheet-blank' }, ''))))),
    h('section', { class: 'sheet-guidance' }, h('h2', {}, 'How to patrol'), h('ul', {}, o.guidance.map((g) => h('li', {}, g)))),
    h('footer', {}, 'Hotspot Atlas · significant Gi* hot spots (FDR), cut into places one visit can cover on foot · police.uk data (OGL v3.0); locations are snapped to anonymous map points and are approximate. Koper, C. S. (1995) Justice Quarterly 12(4).'));
  void deps;
  return sheet;
}

export async function printPatrolSheet(deps: ToolDeps, plan: PatrolPlan, s: AppState, o: SheetOptions): Promise<void> {
  await buildPatrolSheet(deps, plan, s, o);
  document.body.dataset.sheet = 'patrol';
  window.print();
}
