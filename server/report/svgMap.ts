import { cellToBoundary } from 'h3-js';
import type { PolygonGeometry } from '../../geo/pointInPolygon';
import type { Area } from '../services/areas';
import { escapeHtml } from './format';
import { LINE_HEIGHT, placeLabels, textWidth, type Box, type LabelRequest, type PlacedLabel } from './labels';
import { CELL_ALPHA, FOCUS_WARD_LINE_COLOR, PATROL_MARKER_COLOR, WARD_LINE_COLOR } from '../../geo/palette';

export interface MapLayerCell {
  h3: string;
  fill: string;
}

export interface MapMarker {
  lon: number;
  lat: number;
  label: string;
}

export interface MapOptions {
  wards: Area[];
  /** Wards the view is fitted to (all wards for the borough pack). */
  focus: Area[];
  cells: MapLayerCell[];
  markers: MapMarker[];
  width?: number;
  /** Outline the focus wards more heavily (ward pack). */
  highlight?: boolean;
  labels?: boolean;
  /** Height over width of the map box (default 1.1, a portrait A4 page below a header). */
  aspect?: number;
}

function rings(g: PolygonGeometry): number[][][] {
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
}

const LABEL_SIZE = 8.5;
const FOCUS_LABEL_SIZE = 13;
/** Width of the white halo drawn behind label text; pads each label's box in the collision pass. */
const LABEL_HALO = 1.25;
/** Arial's ascent (the top of a text box above its baseline), in ems. */
const ASCENT = 0.905;
const FONT_BOX = 1.117;

function inRings(x: number, y: number, rs: [number, number][][]): boolean {
  let inside = false;
  for (const ring of rs)
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  return inside;
}

function ringsArea(rs: [number, number][][]): number {
  let a = 0;
  for (const ring of rs)
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  return Math.abs(a / 2);
}

function distanceToRings(x: number, y: number, rs: [number, number][][]): number {
  let best = Infinity;
  for (const ring of rs)
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [x1, y1] = ring[j];
      const [x2, y2] = ring[i];
      const dx = x2 - x1,
        dy = y2 - y1;
      const t = dx || dy ? Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy))) : 0;
      const d = Math.hypot(x - x1 - t * dx, y - y1 - t * dy);
      if (d < best) best = d;
    }
  return best;
}

/**
 * Where a ward's name goes: the sampled point of the ward's visible part farthest from its boundary
 * and from the map's edge (a coarse pole of inaccessibility), so a name sits in the ward's widest
 * visible part rather than at a centroid that may fall outside a crescent-shaped ward.
 */
function labelAnchor(rs: [number, number][][], view: Box): [number, number] | null {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const ring of rs)
    for (const [x, y] of ring) {
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  x0 = Math.max(x0, view.x0);
  y0 = Math.max(y0, view.y0);
  x1 = Math.min(x1, view.x1);
  y1 = Math.min(y1, view.y1);
  if (x0 >= x1 || y0 >= y1) return null;
  const n = 24;
  let best: [number, number] | null = null;
  let bestD = 0;
  for (let i = 0; i <= n; i++)
    for (let j = 0; j <= n; j++) {
      const x = x0 + ((x1 - x0) * (i + 0.5)) / (n + 1);
      const y = y0 + ((y1 - y0) * (j + 0.5)) / (n + 1);
      if (!inRings(x, y, rs)) continue;
      const edge = Math.min(x - view.x0, view.x1 - x, y - view.y0, view.y1 - y);
      const d = Math.min(distanceToRings(x, y, rs), edge);
      if (d > bestD) {
        bestD = d;
        best = [x, y];
      }
    }
  return best;
}

function labelSvg(l: PlacedLabel): string {
  const lineH = l.fontSize * LINE_HEIGHT;
  const top = l.y - (l.lines.length * lineH) / 2;
  // Baseline of each line so that the font's ascent-to-descent box fills the line box.
  const base = (k: number) => (top + k * lineH + (lineH - FONT_BOX * l.fontSize) / 2 + ASCENT * l.fontSize).toFixed(1);
  const leader = l.leader
    ? `<line x1="${l.leader.from[0].toFixed(1)}" y1="${l.leader.from[1].toFixed(1)}" x2="${l.leader.to[0].toFixed(1)}" y2="${l.leader.to[1].toFixed(1)}" stroke="#222" stroke-width="0.6"/><circle cx="${l.leader.from[0].toFixed(1)}" cy="${l.leader.from[1].toFixed(1)}" r="1.2" fill="#222"/>`
    : '';
  const tspans = l.lines.map((t, k) => `<tspan x="${l.x.toFixed(1)}" y="${base(k)}">${escapeHtml(t)}</tspan>`).join('');
  return `${leader}<text class="map-label" data-ward="${escapeHtml(l.id)}" data-box="${[l.box.x0, l.box.y0, l.box.x1, l.box.y1].map((v) => v.toFixed(1)).join(',')}" font-size="${l.fontSize}" text-anchor="middle" fill="#222" stroke="#fff" stroke-width="${LABEL_HALO * 2}" paint-order="stroke" font-family="Arial, Helvetica, sans-serif">${tspans}</text>`;
}

/**
 * A static map as SVG: ward outlines and H3 cells, projected equirectangularly (longitude scaled by
 * cos of the mid latitude) onto the focus wards' bounding box. No tiles, no browser map.
 */
export function svgMap(o: MapOptions): string {
  const width = o.width ?? 680;
  let minLon = Infinity,
    minLat = Infinity,
    maxLon = -Infinity,
    maxLat = -Infinity;
  for (const w of o.focus)
    for (const ring of rings(w.geometry))
      for (const [x, y] of ring) {
        if (x < minLon) minLon = x;
        if (x > maxLon) maxLon = x;
        if (y < minLat) minLat = y;
        if (y > maxLat) maxLat = y;
      }
  const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const padLon = (maxLon - minLon) * 0.04;
  const padLat = (maxLat - minLat) * 0.04;
  minLon -= padLon;
  maxLon += padLon;
  minLat -= padLat;
  maxLat += padLat;
  // Widen the shorter side so the map fills a box of the wanted shape (height / width).
  const aspect = o.aspect ?? 1.1;
  const spanX = (maxLon - minLon) * kx;
  const spanY = maxLat - minLat;
  if (spanY / spanX < aspect) {
    const grow = (spanX * aspect - spanY) / 2;
    minLat -= grow;
    maxLat += grow;
  } else {
    const grow = (spanY / aspect - spanX) / kx / 2;
    minLon -= grow;
    maxLon += grow;
  }
  const scale = width / ((maxLon - minLon) * kx);
  const height = Math.round((maxLat - minLat) * scale);
  const px = (lon: number) => ((lon - minLon) * kx * scale).toFixed(1);
  const py = (lat: number) => ((maxLat - lat) * scale).toFixed(1);
  const ringPath = (ring: number[][]) => 'M' + ring.map(([x, y]) => `${px(x)},${py(y)}`).join('L') + 'Z';
  const focusCodes = new Set(o.focus.map((w) => w.code));

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" style="display:block" role="img" aria-label="Map of hot cells and wards">`,
  );
  parts.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#f4f6f8"/>`);
  for (const w of o.wards) {
    const d = rings(w.geometry).map(ringPath).join('');
    parts.push(`<path d="${d}" fill="#ffffff" stroke="none"/>`);
  }
  const cellBoxes: Box[] = [];
  for (const c of o.cells) {
    const b = cellToBoundary(c.h3);
    const xs = b.map(([, lon]) => Number(px(lon))),
      ys = b.map(([lat]) => Number(py(lat)));
    cellBoxes.push({ x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) });
    parts.push(
      `<path d="M${b.map(([lat, lon]) => `${px(lon)},${py(lat)}`).join('L')}Z" fill="${c.fill}" fill-opacity="${(CELL_ALPHA / 255).toFixed(2)}" stroke="none"/>`,
    );
  }
  for (const w of o.wards) {
    const d = rings(w.geometry).map(ringPath).join('');
    const strong = o.highlight && focusCodes.has(w.code);
    parts.push(
      `<path d="${d}" fill="none" stroke="${strong ? FOCUS_WARD_LINE_COLOR : WARD_LINE_COLOR}" stroke-width="${strong ? 2.2 : 0.8}" stroke-linejoin="round"/>`,
    );
  }
  // Markers, the scale bar and the credit line are drawn over the labels' layer, so labels keep off them.
  const kmPx = (1 / (111.32 * kx)) * kx * scale;
  const sx = 12,
    sy = height - 14;
  const scaleBox: Box = { x0: sx - 4, y0: sy - 14, x1: sx - 4 + kmPx + 40, y1: sy + 8 };
  const credit = 'N ↑ · boundaries ONS, OGL v3';
  const creditBox: Box = { x0: width - 6 - textWidth(credit, 8) - 2, y0: height - 16, x1: width, y1: height };
  const markerBoxes: Box[] = o.markers.map((m) => {
    const x = Number(px(m.lon)),
      y = Number(py(m.lat));
    return { x0: x - 9, y0: y - 9, x1: x + 9, y1: y + 9 };
  });
  if (o.labels !== false) {
    const projected = o.wards.map((w) => ({
      w,
      rings: rings(w.geometry).map((r) => r.map(([x, y]) => [Number(px(x)), Number(py(y))] as [number, number])),
    }));
    const requests: LabelRequest[] = [];
    for (const { w, rings: pr } of projected) {
      const focus = Boolean(o.highlight && focusCodes.has(w.code));
      const anchor = labelAnchor(pr, { x0: 0, y0: 0, x1: width, y1: height });
      if (!anchor) continue;
      requests.push({
        id: w.code,
        text: w.name,
        fontSize: focus ? FOCUS_LABEL_SIZE : LABEL_SIZE,
        anchor,
        // The pack's own ward first, then the larger wards, whose names have the most room to move.
        priority: (focus ? 1e12 : 0) + ringsArea(pr),
        inside: (x, y) => inRings(x, y, pr),
      });
    }
    const { placed } = placeLabels(
      requests,
      { x0: 2, y0: 2, x1: width - 2, y1: height - 2 },
      [...markerBoxes, scaleBox, creditBox],
      LABEL_HALO,
      cellBoxes,
    );
    for (const l of placed) parts.push(labelSvg(l));
  }
  for (const m of o.markers)
    parts.push(
      `<g><circle cx="${px(m.lon)}" cy="${py(m.lat)}" r="7" fill="${PATROL_MARKER_COLOR}" stroke="#fff" stroke-width="1.5"/><text x="${px(m.lon)}" y="${(Number(py(m.lat)) + 3.2).toFixed(1)}" font-size="9" font-weight="bold" text-anchor="middle" fill="#fff" font-family="Arial, Helvetica, sans-serif">${escapeHtml(m.label)}</text></g>`,
    );
  parts.push(
    `<g font-family="Arial, Helvetica, sans-serif" font-size="9"><rect x="${scaleBox.x0}" y="${scaleBox.y0}" width="${(kmPx + 40).toFixed(1)}" height="22" fill="#fff" fill-opacity="0.8"/><line x1="${sx}" y1="${sy}" x2="${(sx + kmPx).toFixed(1)}" y2="${sy}" stroke="#111" stroke-width="2"/><text x="${sx}" y="${sy - 4}">0</text><text x="${(sx + kmPx).toFixed(1)}" y="${sy - 4}" text-anchor="middle">1 km</text></g>`,
  );
  parts.push(
    `<text x="${width - 6}" y="${height - 6}" font-size="8" text-anchor="end" fill="#444" font-family="Arial, Helvetica, sans-serif">${credit}</text>`,
  );
  parts.push('</svg>');
  return parts.join('');
}
