import { cellToBoundary } from 'h3-js';
import type { PolygonGeometry } from '../../geo/pointInPolygon';
import type { Area } from '../services/areas';
import { escapeHtml } from './format';
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

/**
 * A static map as SVG: ward outlines and H3 cells, projected equirectangularly (longitude scaled by
 * cos of the mid latitude) onto the focus wards' bounding box. No tiles, no browser map.
 */
export function svgMap(o: MapOptions): string {
  const width = o.width ?? 680;
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
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
  minLon -= padLon; maxLon += padLon; minLat -= padLat; maxLat += padLat;
  // Widen the shorter side so the map fills a box of the wanted shape (height / width).
  const aspect = o.aspect ?? 1.1;
  const spanX = (maxLon - minLon) * kx;
  const spanY = maxLat - minLat;
  if (spanY / spanX < aspect) {
    const grow = (spanX * aspect - spanY) / 2;
    minLat -= grow; maxLat += grow;
  } else {
    const grow = (spanY / aspect - spanX) / kx / 2;
    minLon -= grow; maxLon += grow;
  }
  const scale = width / ((maxLon - minLon) * kx);
  const height = Math.round((maxLat - minLat) * scale);
  const px = (lon: number) => ((lon - minLon) * kx * scale).toFixed(1);
  const py = (lat: number) => ((maxLat - lat) * scale).toFixed(1);
  const ringPath = (ring: number[][]) => 'M' + ring.map(([x, y]) => `${px(x)},${py(y)}`).join('L') + 'Z';
  const focusCodes = new Set(o.focus.map((w) => w.code));

  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" style="display:block" role="img" aria-label="Map of hot cells and wards">`);
  parts.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#f4f6f8"/>`);
  for (const w of o.wards) {
    const d = rings(w.geometry).map(ringPath).join('');
    parts.push(`<path d="${d}" fill="#ffffff" stroke="none"/>`);
  }
  for (const c of o.cells) {
    const b = cellToBoundary(c.h3);
    parts.push(`<path d="M${b.map(([lat, lon]) => `${px(lon)},${py(lat)}`).join('L')}Z" fill="${c.fill}" fill-opacity="${(CELL_ALPHA / 255).toFixed(2)}" stroke="none"/>`);
  }
  for (const w of o.wards) {
    const d = rings(w.geometry).map(ringPath).join('');
    const strong = o.highlight && focusCodes.has(w.code);
    parts.push(`<path d="${d}" fill="none" stroke="${strong ? FOCUS_WARD_LINE_COLOR : WARD_LINE_COLOR}" stroke-width="${strong ? 2.2 : 0.8}" stroke-linejoin="round"/>`);
  }
  if (o.labels !== false)
    for (const w of o.wards)
      parts.push(
        `<text x="${px(w.centroid[0])}" y="${py(w.centroid[1])}" font-size="${o.highlight && focusCodes.has(w.code) ? 13 : 8.5}" text-anchor="middle" fill="#222" stroke="#fff" stroke-width="2.5" paint-order="stroke" font-family="Arial, Helvetica, sans-serif">${escapeHtml(w.name)}</text>`,
      );
  for (const m of o.markers)
    parts.push(
      `<g><circle cx="${px(m.lon)}" cy="${py(m.lat)}" r="7" fill="${PATROL_MARKER_COLOR}" stroke="#fff" stroke-width="1.5"/><text x="${px(m.lon)}" y="${(Number(py(m.lat)) + 3.2).toFixed(1)}" font-size="9" font-weight="bold" text-anchor="middle" fill="#fff" font-family="Arial, Helvetica, sans-serif">${escapeHtml(m.label)}</text></g>`,
    );
  // Scale bar: 1 km.
  const kmPx = (1 / (111.32 * kx)) * kx * scale;
  const sx = 12, sy = height - 14;
  parts.push(`<g font-family="Arial, Helvetica, sans-serif" font-size="9"><rect x="${sx - 4}" y="${sy - 14}" width="${(kmPx + 40).toFixed(1)}" height="22" fill="#fff" fill-opacity="0.8"/><line x1="${sx}" y1="${sy}" x2="${(sx + kmPx).toFixed(1)}" y2="${sy}" stroke="#111" stroke-width="2"/><text x="${sx}" y="${sy - 4}">0</text><text x="${(sx + kmPx).toFixed(1)}" y="${sy - 4}" text-anchor="middle">1 km</text></g>`);
  parts.push(`<text x="${width - 6}" y="${height - 6}" font-size="8" text-anchor="end" fill="#444" font-family="Arial, Helvetica, sans-serif">N ↑ · boundaries ONS, OGL v3</text>`);
  parts.push('</svg>');
  return parts.join('');
}
