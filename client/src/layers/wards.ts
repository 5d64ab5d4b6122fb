/**
 * Ward layers: a pickable fill (the choropleth: rate per 1,000, IMD decile or child poverty, or an
 * almost invisible fill that only catches clicks), outlines, names (deck.gl TextLayer, so no
 * glyph server is needed offline) and the selected ward's outline.
 */
import { GeoJsonLayer, TextLayer } from '@deck.gl/layers';
import type { Feature, Geometry } from 'geojson';
import type { WardFeature, WardProps } from '../api';
import { hex, type RGBA } from './colors';
import { lastFor } from './stableData';
import { SELECTED_WARD_COLOR, WARD_BASE_LINE_COLOR, WARD_LINE_COLOR } from '../../../geo/palette';

export function wardFillLayer(features: WardFeature[], fillFor: (p: WardProps) => RGBA, trigger: string) {
  return new GeoJsonLayer<WardProps>({
    id: 'ward-fill',
    data: features as Feature<Geometry, WardProps>[],
    filled: true,
    stroked: false,
    getFillColor: (f) => fillFor(f.properties),
    pickable: true,
    updateTriggers: { getFillColor: trigger },
  });
}

/** 'lines': the ward boundaries layer; 'base': the faint ward outline of the offline basemap. */
export function wardLinesLayer(features: WardFeature[], offline: boolean, kind: 'lines' | 'base' = 'lines') {
  return new GeoJsonLayer<WardProps>({
    id: kind === 'base' ? 'ward-base' : 'ward-lines',
    data: features as Feature<Geometry, WardProps>[],
    filled: false,
    stroked: true,
    getLineColor: kind === 'base' ? hex(WARD_BASE_LINE_COLOR, 200) : hex(WARD_LINE_COLOR, offline ? 230 : 200),
    lineWidthUnits: 'pixels',
    getLineWidth: kind === 'base' ? 0.9 : offline ? 1.6 : 1.2,
    pickable: false,
  });
}

// Twice: the white halo (index 0) under the coloured outline.
const outlineOf = lastFor((f: WardFeature | null) => (f ? [f, f] : []) as Feature<Geometry, WardProps>[]);

export function selectedWardLayer(feature: WardFeature | null) {
  return new GeoJsonLayer<WardProps>({
    id: 'ward-selected',
    data: outlineOf(feature),
    filled: false,
    stroked: true,
    getLineColor: (_f, { index }) => (index === 0 ? [255, 255, 255, 255] : hex(SELECTED_WARD_COLOR)),
    lineWidthUnits: 'pixels',
    getLineWidth: (_f, { index }) => (index === 0 ? 6 : 3),
    pickable: false,
  });
}

export interface WardLabel {
  code: string;
  name: string;
  /** Inside the ward (its pole of inaccessibility). */
  position: [number, number];
  /** The name broken into lines, joined with newlines (map/view.ts measures them for placement). */
  text: string;
}

export const LABEL_FONT = '"DejaVu Sans", "Liberation Sans", Arial, sans-serif';
export const LABEL_WEIGHT = 600;
/** Line height as a multiple of the size (deck.gl's default). */
export const LABEL_LINE_HEIGHT = 1;

export function labelSize(zoom: number): number {
  return zoom < 10.5 ? 11 : zoom < 12 ? 12 : 14;
}

export function wardLabelsLayer(labels: WardLabel[], zoom: number) {
  return new TextLayer<WardLabel>({
    id: 'ward-labels',
    data: labels,
    getPosition: (d) => d.position,
    getText: (d) => d.text,
    getSize: labelSize(zoom),
    sizeUnits: 'pixels',
    getColor: [30, 34, 42, 255],
    fontFamily: LABEL_FONT,
    fontWeight: LABEL_WEIGHT,
    lineHeight: LABEL_LINE_HEIGHT,
    fontSettings: { sdf: true, fontSize: 48, buffer: 6 },
    outlineWidth: 4,
    outlineColor: [255, 255, 255, 230],
    getTextAnchor: 'middle',
    getAlignmentBaseline: 'center',
    characterSet: 'auto',
    pickable: false,
    updateTriggers: { getSize: labelSize(zoom) },
  });
}
