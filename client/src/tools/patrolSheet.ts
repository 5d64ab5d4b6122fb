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
import { bboxOf } from '../geo';
import { wardAnchor } from '../map/labels';
import { rangeLabel } from '../../../geo/month';
import { PATROL_COLOR, WARD_LINE_COLOR } from '../../../geo/palette';
import type { AppState } from '../state/url';
import { streetsText } from './patrolPanel';
import type { ToolDeps } from './toolsPanel';
import type { PatrolPlanResponse as PatrolPlan } from '../api';

interface SheetOptions {
  minutes: number;
  visit: number;
  harm: string;
  guidance: string[];
}

type Ring = Position[];

function rings(g: Geometry): Ring[] {
  if (g.type === 'Polygon') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat();
  return [];
}

/** Smallest span of the sheet map, metres: enough street context around one place. */
const MIN_SPAN_METRES = 1500;

/**
 * The static map: ward outlines, place cells and numbered markers, as an SVG element, framed on
 * the places (not the borough: at borough scale a town-centre plan is a dot). Ward names are
 * placed greedily, largest ward first, and a name that would overlap one already placed, a
 * marker, or the frame is left out rather than printed over it.
 */
export function staticMap(wards: { name: string; geometry: Geometry }[], plan: PatrolPlan, width = 680, height = 340): SVGElement {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of plan.places)
    for (const c of p.cells)
      for (const [lat, lon] of cellToBoundary(c)) {
        minX = Math.min(minX, lon);
        maxX = Math.max(maxX, lon);
        minY = Math.min(minY, lat);
        maxY = Math.max(maxY, lat);
      }
  if (!Number.isFinite(minX)) {
    for (const w of wards) {
      const b = bboxOf(w.geometry);
      minX = Math.min(minX, b[0]);
      minY = Math.min(minY, b[1]);
      maxX = Math.max(maxX, b[2]);
      maxY = Math.max(maxY, b[3]);
    }
  }
  if (!Number.isFinite(minX)) {
    minX = -1.5;
    maxX = -1.2;
    minY = 54.45;
    maxY = 54.65;
  }
  const midLat = (minY + maxY) / 2;
  const kx = Math.cos((midLat * Math.PI) / 180);
  const degLat = MIN_SPAN_METRES / 111_320;
  const degLon = degLat / kx;
  // Widen to the minimum span and to the frame's aspect, then pad 8% each side.
  const cx = (minX + maxX) / 2,
    cy = (minY + maxY) / 2;
  let spanX = Math.max(maxX - minX, degLon) * 1.16;
  let spanY = Math.max(maxY - minY, degLat) * 1.16;
  if ((spanX * kx) / spanY < width / height) spanX = (spanY * width) / height / kx;
  else spanY = (spanX * kx * height) / width;
  minX = cx - spanX / 2;
  maxX = cx + spanX / 2;
  minY = cy - spanY / 2;
  maxY = cy + spanY / 2;
  const scale = width / (spanX * kx);
  const X = (lon: number) => (lon - minX) * kx * scale;
  const Y = (lat: number) => (maxY - lat) * scale;
  const path = (r: Ring) => r.map(([x, y], i) => `${i ? 'L' : 'M'}${X(x).toFixed(1)},${Y(y).toFixed(1)}`).join('') + 'Z';
  const root = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    class: 'sheet-map',
    role: 'img',
    'aria-label': 'Map of the places to patrol and the ward boundaries',
  });
  root.append(svg('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }));
  for (const w of wards)
    root.append(svg('path', { d: rings(w.geometry).map(path).join(''), fill: '#f3f4f6', stroke: WARD_LINE_COLOR, 'stroke-width': 1 }));
  for (const p of plan.places) {
    for (const c of p.cells) {
      const b = cellToBoundary(c).map(([lat, lon]) => [lon, lat]);
      root.append(svg('path', { d: path(b), fill: PATROL_COLOR, 'fill-opacity': 0.35, stroke: PATROL_COLOR, 'stroke-width': 0.8 }));
    }
  }
  const taken: Box[] = plan.places.map((p) => ({
    x0: X(p.centre[0]) - 10,
    y0: Y(p.centre[1]) - 10,
    x1: X(p.centre[0]) + 10,
    y1: Y(p.centre[1]) + 10,
  }));
  const FONT = 11;
  const byArea = wards
    .map((w) => ({ w, b: bboxOf(w.geometry) }))
    .sort((a, b) => (b.b[2] - b.b[0]) * (b.b[3] - b.b[1]) - (a.b[2] - a.b[0]) * (a.b[3] - a.b[1]));
  for (const { w } of byArea) {
    // Inside the ward even when it is concave, as on the map.
    const at = wardAnchor(w.geometry);
    if (!at) continue;
    const x = X(at[0]),
      y = Y(at[1]);
    const half = (w.name.length * FONT * 0.56) / 2;
    const box = { x0: x - half, y0: y - FONT, x1: x + half, y1: y + 3 };
    if (box.x0 < 2 || box.x1 > width - 2 || box.y0 < 2 || box.y1 > height - 2 || taken.some((t) => overlaps(t, box))) continue;
    taken.push(box);
    root.append(svg('text', { x, y, 'text-anchor': 'middle', 'font-size': FONT, fill: '#4b5563', class: 'sheet-ward-label' }, w.name));
  }
  for (const p of plan.places) {
    const x = X(p.centre[0]),
      y = Y(p.centre[1]);
    root.append(svg('circle', { cx: x, cy: y, r: 9, fill: PATROL_COLOR, stroke: '#fff', 'stroke-width': 1.5 }));
    root.append(svg('text', { x, y: y + 4, 'text-anchor': 'middle', 'font-size': 11, 'font-weight': 700, fill: '#fff' }, String(p.rank)));
  }
  root.append(svg('rect', { x: 0.5, y: 0.5, width: width - 1, height: height - 1, fill: 'none', stroke: '#888', 'stroke-width': 1 }));
  // A 500 m scale bar, bottom left.
  const bar = (500 / 111_320) * scale;
  root.append(svg('path', { d: `M12,${height - 14}h${bar.toFixed(1)}`, stroke: '#111', 'stroke-width': 3 }));
  root.append(svg('text', { x: 12, y: height - 20, 'font-size': 10, fill: '#111' }, '500 m'));
  return root;
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
function overlaps(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/** Fills the print-only sheet for a plan. */
export async function buildPatrolSheet(deps: ToolDeps, plan: PatrolPlan, s: AppState, o: SheetOptions): Promise<HTMLElement> {
  let wards: { name: string; geometry: Geometry }[] = [];
  try {
    const w = await api.wards(filterParams(s));
    wards = w.features.map((f) => ({ name: f.properties.name, geometry: f.geometry }));
  } catch {
    /* the sheet without ward outlines */
  }
  let sheet = document.getElementById('patrol-sheet');
  if (!sheet) {
    sheet = h('section', { id: 'patrol-sheet', class: 'patrol-sheet', 'aria-label': 'Printable patrol sheet' });
    document.body.append(sheet);
  }
  const made = new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
  sheet.replaceChildren(
    h(
      'header',
      { class: 'sheet-head' },
      h('h1', {}, `Patrol sheet: ${o.harm}`),
      h(
        'p',
        {},
        `Based on ${rangeLabel(s.from, s.to)} · ${o.minutes} minutes available, about ${o.visit} minutes a visit · ${plan.places.length} places covering ${pct(plan.coveredShare, 0)} of the harm · printed ${made}`,
      ),
      plan.setAside && plan.setAside.incidents > 0
        ? h(
            'p',
            { class: 'sheet-note' },
            `Not on this sheet: ${plan.setAside.incidents.toLocaleString('en-GB')} incidents police.uk places at prisons, hospitals, police stations and courts, which no foot patrol can address.`,
          )
        : null,
    ),
    staticMap(wards, plan) as unknown as HTMLElement,
    h(
      'table',
      { class: 'sheet-table' },
      h(
        'colgroup',
        {},
        ['5%', '37%', '18%', '10%', '10%', '20%'].map((w) => h('col', { style: { width: w } })),
      ),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, '#'),
          h('th', {}, 'Streets (on or near)'),
          h('th', {}, 'Ward'),
          h('th', {}, 'Share of harm'),
          h('th', {}, 'Visits'),
          h('th', {}, 'Visited at (times)'),
        ),
      ),
      h(
        'tbody',
        {},
        plan.places.map((p) =>
          h(
            'tr',
            {},
            h('td', {}, String(p.rank)),
            h('td', {}, streetsText(p.streets)),
            h('td', {}, p.wardName ?? '–'),
            h('td', {}, pct(p.share, 1)),
            h('td', {}, String(p.visits)),
            h('td', { class: 'sheet-blank' }, ''),
          ),
        ),
      ),
    ),
    h(
      'section',
      { class: 'sheet-guidance' },
      h('h2', {}, 'How to patrol'),
      h(
        'ul',
        {},
        o.guidance.map((g) => h('li', {}, g)),
      ),
    ),
    h(
      'footer',
      {},
      'Hotspot Atlas · significant Gi* hot spots (FDR), cut into places one visit can cover on foot · police.uk data (OGL v3.0); locations are snapped to anonymous map points and are approximate. Koper, C. S. (1995) Justice Quarterly 12(4).',
    ),
  );
  void deps;
  return sheet;
}

export async function printPatrolSheet(deps: ToolDeps, plan: PatrolPlan, s: AppState, o: SheetOptions): Promise<void> {
  await buildPatrolSheet(deps, plan, s, o);
  document.body.dataset.sheet = 'patrol';
  window.print();
}
