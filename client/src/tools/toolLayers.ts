/** deck.gl layers the tools draw: patrol places (outlined cells, numbered markers) and cameras. */
import { H3HexagonLayer } from '@deck.gl/geo-layers';
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { CctvSite, PatrolPlace } from './toolsApi';

const FONT = '"DejaVu Sans", "Liberation Sans", Arial, sans-serif';
export const PATROL_RGB: [number, number, number] = [106, 27, 154];
export const SITE_RGB: [number, number, number] = [0, 122, 90];
export const CAMERA_RGB: [number, number, number] = [30, 60, 120];

interface Marker { position: [number, number]; label: string }

function numbered(id: string, markers: Marker[], rgb: [number, number, number]) {
  return [
    new ScatterplotLayer<Marker>({
      id: `${id}-marker`, data: markers, getPosition: (d) => d.position, getRadius: 11, radiusUnits: 'pixels',
      getFillColor: [...rgb, 255], stroked: true, getLineColor: [255, 255, 255, 255], lineWidthUnits: 'pixels', getLineWidth: 2,
    }),
    new TextLayer<Marker>({
      id: `${id}-label`, data: markers, getPosition: (d) => d.position, getText: (d) => d.label, getSize: 13,
      sizeUnits: 'pixels', getColor: [255, 255, 255, 255], fontFamily: FONT, fontWeight: 700, characterSet: 'auto',
      getTextAnchor: 'middle', getAlignmentBaseline: 'center',
    }),
  ];
}

export function patrolLayers(places: PatrolPlace[]) {
  const cells = places.flatMap((p) => p.cells.map((h3) => ({ h3, rank: p.rank })));
  return [
    new H3HexagonLayer<{ h3: string; rank: number }>({
      id: 'tools-patrol-cells', data: cells, getHexagon: (d) => d.h3, extruded: false, stroked: true, filled: true,
      getFillColor: [...PATROL_RGB, 70], getLineColor: [...PATROL_RGB, 255], lineWidthUnits: 'pixels', getLineWidth: 2,
      highPrecision: 'auto',
    }),
    ...numbered('tools-patrol', places.map((p) => ({ position: p.centre, label: String(p.rank) })), PATROL_RGB),
  ];
}

export function cctvLayers(cameras: [number, number][], radius: number, sites: CctvSite[]) {
  const cams = cameras.map((position) => ({ position }));
  const siteCircles = sites.map((s) => ({ position: [s.lon, s.lat] as [number, number] }));
  return [
    new ScatterplotLayer<{ position: [number, number] }>({
      id: 'tools-camera-radius', data: cams, getPosition: (d) => d.position, getRadius: radius, radiusUnits: 'meters',
      filled: true, getFillColor: [...CAMERA_RGB, 40], stroked: true, getLineColor: [...CAMERA_RGB, 220],
      lineWidthUnits: 'pixels', getLineWidth: 1.5, updateTriggers: { getRadius: radius },
    }),
    new ScatterplotLayer<{ position: [number, number] }>({
      id: 'tools-camera', data: cams, getPosition: (d) => d.position, getRadius: 4, radiusUnits: 'pixels',
      getFillColor: [...CAMERA_RGB, 255], stroked: true, getLineColor: [255, 255, 255, 255], lineWidthUnits: 'pixels', getLineWidth: 1,
    }),
    new ScatterplotLayer<{ position: [number, number] }>({
      id: 'tools-site-radius', data: siteCircles, getPosition: (d) => d.position, getRadius: radius, radiusUnits: 'meters',
      filled: true, getFillColor: [...SITE_RGB, 50], stroked: true, getLineColor: [...SITE_RGB, 255],
      lineWidthUnits: 'pixels', getLineWidth: 2, updateTriggers: { getRadius: radius },
    }),
    ...numbered('tools-site', sites.map((s) => ({ position: [s.lon, s.lat], label: String(s.rank) })), SITE_RGB),
  ];
}

/** The box around a set of points, [minLon, minLat, maxLon, maxLat]. */
export function boxOf(points: [number, number][]): [number, number, number, number] | null {
  if (!points.length) return null;
  let a = Infinity, b = Infinity, c = -Infinity, d = -Infinity;
  for (const [x, y] of points) { a = Math.min(a, x); b = Math.min(b, y); c = Math.max(c, x); d = Math.max(d, y); }
  return [a, b, c, d];
}
