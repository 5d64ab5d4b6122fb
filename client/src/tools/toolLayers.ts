/**
 * deck.gl layers the tools draw: patrol places (outlined cells, numbered markers), cameras and
 * their coverage, proposed sites, and institutional locations. mapSymbols() names the symbol each
 * drawn layer puts on the map, so the legend lists exactly what is drawn.
 */
import type { Layer } from '@deck.gl/core';
import { H3HexagonLayer } from '@deck.gl/geo-layers';
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { CctvSite, PatrolPlace } from '../api';
import { CAMERA_COLOR, hexToRgb, INSTITUTION_COLOR, PATROL_COLOR, SITE_COLOR } from '../../../geo/palette';
import type { BBox } from '../../../geo/pointInPolygon';
import { pointsBBox } from '../../../geo/pointsBBox';

const FONT = '"DejaVu Sans", "Liberation Sans", Arial, sans-serif';
export const PATROL_RGB = hexToRgb(PATROL_COLOR);
export const SITE_RGB = hexToRgb(SITE_COLOR);
export const CAMERA_RGB = hexToRgb(CAMERA_COLOR);
export const INSTITUTION_RGB = hexToRgb(INSTITUTION_COLOR);

/** A numbered marker; `tip` is what hovering it says (the place in words, as in the panel's table). */
interface Marker {
  position: [number, number];
  label: string;
  tip: ToolTip;
}

/** A tool symbol's hover text: a heading and plain lines. */
export interface ToolTip {
  title: string;
  lines: string[];
}

const share = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);

function numbered(id: string, markers: Marker[], rgb: [number, number, number]) {
  return [
    new ScatterplotLayer<Marker>({
      id: `${id}-marker`,
      data: markers,
      getPosition: (d) => d.position,
      getRadius: 11,
      radiusUnits: 'pixels',
      pickable: true,
      getFillColor: [...rgb, 255],
      stroked: true,
      getLineColor: [255, 255, 255, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
    }),
    new TextLayer<Marker>({
      id: `${id}-label`,
      data: markers,
      getPosition: (d) => d.position,
      getText: (d) => d.label,
      getSize: 13,
      sizeUnits: 'pixels',
      getColor: [255, 255, 255, 255],
      fontFamily: FONT,
      fontWeight: 700,
      characterSet: 'auto',
      getTextAnchor: 'middle',
      getAlignmentBaseline: 'center',
    }),
  ];
}

export function patrolLayers(places: PatrolPlace[]) {
  const cells = places.flatMap((p) => p.cells.map((h3) => ({ h3, rank: p.rank })));
  return [
    new H3HexagonLayer<{ h3: string; rank: number }>({
      id: 'tools-patrol-cells',
      data: cells,
      getHexagon: (d) => d.h3,
      extruded: false,
      stroked: true,
      filled: true,
      getFillColor: [...PATROL_RGB, 70],
      getLineColor: [...PATROL_RGB, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      highPrecision: 'auto',
    }),
    ...numbered(
      'tools-patrol',
      places.map((p) => ({
        position: p.centre,
        label: String(p.rank),
        tip: {
          title: `Patrol place ${p.rank}`,
          lines: [
            `On or near ${p.streets.slice(0, 3).join(', ') || 'an unnamed place'}`,
            ...(p.wardName ? [`Ward: ${p.wardName}`] : []),
            `Share of harm: ${share(p.share)}`,
            `Visits a round: ${p.visits}`,
          ],
        },
      })),
      PATROL_RGB,
    ),
  ];
}

export function cctvLayers(cameras: [number, number][], radius: number, sites: CctvSite[]) {
  const cams = cameras.map((position) => ({ position }));
  const siteCircles = sites.map((s) => ({ position: [s.lon, s.lat] as [number, number] }));
  return [
    new ScatterplotLayer<{ position: [number, number] }>({
      id: 'tools-camera-radius',
      data: cams,
      getPosition: (d) => d.position,
      getRadius: radius,
      radiusUnits: 'meters',
      filled: true,
      getFillColor: [...CAMERA_RGB, 40],
      stroked: true,
      getLineColor: [...CAMERA_RGB, 220],
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5,
      updateTriggers: { getRadius: radius },
    }),
    new ScatterplotLayer<{ position: [number, number] }>({
      id: 'tools-camera',
      data: cams,
      getPosition: (d) => d.position,
      getRadius: 4,
      radiusUnits: 'pixels',
      getFillColor: [...CAMERA_RGB, 255],
      stroked: true,
      getLineColor: [255, 255, 255, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 1,
    }),
    new ScatterplotLayer<{ position: [number, number] }>({
      id: 'tools-site-radius',
      data: siteCircles,
      getPosition: (d) => d.position,
      getRadius: radius,
      radiusUnits: 'meters',
      filled: true,
      getFillColor: [...SITE_RGB, 50],
      stroked: true,
      getLineColor: [...SITE_RGB, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      updateTriggers: { getRadius: radius },
    }),
    ...numbered(
      'tools-site',
      sites.map((s) => ({
        position: [s.lon, s.lat],
        label: String(s.rank),
        tip: {
          title: `Proposed CCTV site ${s.rank}`,
          lines: [
            `On or near ${s.streets.join(', ') || 'no named street'}`,
            ...(s.wardName ? [`Ward: ${s.wardName}`] : []),
            `Newly covered harm: ${Math.round(s.marginal).toLocaleString('en-GB')}`,
            `Covered with the sites before it: ${share(s.share)}`,
          ],
        },
      })),
      SITE_RGB,
    ),
  ];
}

/** The box around a set of points, [minLon, minLat, maxLon, maxLat]. */
export function boxOf(points: [number, number][]): BBox | null {
  return points.length ? pointsBBox(points) : null;
}

export interface Institution {
  position: [number, number];
  name?: string;
  kind?: string;
  count?: number;
}

/** What hovering a tool symbol says, or null for symbols without words (cells, radii). */
export function toolTip(object: unknown): ToolTip | null {
  const o = object as Partial<Marker & Institution> | null;
  if (!o) return null;
  if (o.tip) return o.tip;
  if (o.kind) {
    return {
      title: `${o.name ?? 'Institution'} (${o.kind})`,
      lines: [
        `${o.count !== undefined ? `${o.count.toLocaleString('en-GB')} incidents police.uk places here` : 'police.uk places incidents here'}: set aside by the tool, as no foot patrol or street camera can address them. They still count on the map.`,
      ],
    };
  }
  return null;
}

/**
 * Institutional locations (prisons, hospitals, police stations) as grey squares with a white rim.
 * `prefix` keeps ids apart when more than one tool draws them (e.g. 'tools-patrol',
 * 'tools-cctv'); the id ends in '-institution', which is how the legend recognises it.
 */
export function institutionLayers(prefix: string, points: Institution[], sizePx = 14) {
  // A filled square glyph with a white halo: neutral, unlike every circle the tools draw, and the
  // same size on screen at every zoom.
  return [
    new TextLayer<Institution>({
      id: `${prefix}-institution`,
      data: points,
      getPosition: (d) => d.position,
      getText: () => '\u25A0',
      getSize: sizePx,
      sizeUnits: 'pixels',
      getColor: [...INSTITUTION_RGB, 255],
      fontFamily: FONT,
      characterSet: ['\u25A0'],
      fontSettings: { sdf: true, fontSize: 48, buffer: 6 },
      outlineWidth: 3,
      outlineColor: [255, 255, 255, 255],
      getTextAnchor: 'middle',
      getAlignmentBaseline: 'center',
      pickable: true,
    }),
  ];
}

/** One symbol on the map, in legend terms. */
export interface MapSymbol {
  key: 'patrol-cells' | 'patrol' | 'camera' | 'camera-radius' | 'site' | 'site-radius' | 'institution';
  label: string;
  shape: 'marker' | 'hex' | 'dot' | 'ring' | 'square';
  color: string;
}

const hex = (rgb: [number, number, number]) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;

/** The symbols the given layers draw, in legend order; layers without data draw nothing. */
export function mapSymbols(layers: Layer[]): MapSymbol[] {
  const out = new Map<MapSymbol['key'], MapSymbol>();
  const radius = (l: Layer) => {
    const r = (l.props as { getRadius?: unknown }).getRadius;
    return typeof r === 'number' ? ` (${Math.round(r)} m)` : '';
  };
  for (const l of layers) {
    const data = l.props.data as unknown[] | undefined;
    if (!Array.isArray(data) || data.length === 0) continue;
    const id = l.id;
    if (/patrol-marker$/.test(id))
      out.set('patrol', { key: 'patrol', label: 'Patrol place, numbered in priority order', shape: 'marker', color: hex(PATROL_RGB) });
    else if (/patrol-cells$/.test(id))
      out.set('patrol-cells', { key: 'patrol-cells', label: 'Cells of a patrol place', shape: 'hex', color: hex(PATROL_RGB) });
    else if (/site-marker$/.test(id))
      out.set('site', { key: 'site', label: 'Proposed CCTV site, numbered in order', shape: 'marker', color: hex(SITE_RGB) });
    else if (/site-radius$/.test(id))
      out.set('site-radius', { key: 'site-radius', label: `Proposed site coverage${radius(l)}`, shape: 'ring', color: hex(SITE_RGB) });
    else if (/camera-radius$/.test(id))
      out.set('camera-radius', {
        key: 'camera-radius',
        label: `Existing camera coverage${radius(l)}`,
        shape: 'ring',
        color: hex(CAMERA_RGB),
      });
    else if (/camera$/.test(id)) out.set('camera', { key: 'camera', label: 'Existing camera', shape: 'dot', color: hex(CAMERA_RGB) });
    else if (/institution$/.test(id))
      out.set('institution', {
        key: 'institution',
        label: 'Prison, hospital, police station or court: set aside by the tool',
        shape: 'square',
        color: hex(INSTITUTION_RGB),
      });
  }
  const order: MapSymbol['key'][] = ['patrol', 'patrol-cells', 'camera', 'camera-radius', 'site', 'site-radius', 'institution'];
  return order.filter((k) => out.has(k)).map((k) => out.get(k)!);
}
