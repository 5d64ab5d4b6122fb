/**
 * The map: a MapLibre basemap with a deck.gl MapLibreOverlay on top. It turns loaded data and the
 * state into deck.gl layers (one factory per layer in layers/), reports hover and click, and sets
 * the performance marks the browser benchmark reads: 'hexes-drawn' after the first frame with
 * cell data, 'filter-redrawn' after the first frame with the data of a changed filter.
 */
import { pointsBBox } from '../../../geo/pointsBBox';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import type { Layer, PickingInfo } from '@deck.gl/core';
import { cellToBoundary, cellToLatLng } from 'h3-js';
import type { HexCell, WardFeature } from '../api';
import type { Loaded } from '../data';
import { createBasemap, type Basemap, type BasemapMode } from './basemap';
import { hexesLayer } from '../layers/hexes';
import { hotspotsLayer } from '../layers/hotspots';
import { overlapLayer } from '../layers/overlap';
import { trendsLayer } from '../layers/trends';
import { selectedCellLayer } from '../layers/selection';
import { lsoaLayer } from '../layers/lsoa';
import {
  LABEL_FONT,
  LABEL_LINE_HEIGHT,
  LABEL_WEIGHT,
  labelSize,
  selectedWardLayer,
  wardFillLayer,
  wardLabelsLayer,
  wardLinesLayer,
  type WardLabel,
} from '../layers/wards';
import type { RGBA } from '../layers/colors';
import type { AppState, View } from '../state/url';
import { bboxOf } from '../geo';
import type { Geometry } from 'geojson';
import { placeGreedy, wardAnchor, wardCandidates, wrapName, type Box } from './labels';

interface LabelSource {
  code: string;
  name: string;
  position: [number, number];
  area: number;
  geometry?: Geometry;
  /** Other anchors inside the ward, computed when first needed. */
  alternatives?: [number, number][];
}
export interface PlacedLabel {
  code: string;
  name: string;
  lon: number;
  lat: number;
  box: Box;
}

export interface Scales {
  hexBreaks: number[];
  hexMetric: 'count' | 'harm';
  wardFill: (p: WardFeature['properties']) => RGBA;
  wardTrigger: string;
}

export interface HoverInfo {
  x: number;
  y: number;
  layer: string | null;
  object: unknown;
  coordinate?: [number, number];
}

export interface MapViewOptions {
  container: HTMLElement;
  state: AppState;
  initialView: View;
  bounds: [number, number, number, number];
  onView: (v: View) => void;
  onHover: (h: HoverInfo | null) => void;
  onClick: (h: HoverInfo, wardUnder: WardFeature | null) => void;
  onMode: (mode: BasemapMode, reason: string) => void;
  onDrawn: (key: string) => void;
}

const CELL_LAYER_IDS = ['hexes', 'hotspots', 'overlap', 'trends'];

export class MapView {
  readonly basemap: Basemap;
  private overlay: MapLibreOverlay | null = null;
  private layers: Layer[] = [];
  private extras = new Map<string, Layer[]>();
  private extrasListeners: (() => void)[] = [];
  private pending: { key: string; hasCells: boolean } | null = null;
  private firstCellsDrawn = false;
  private firstFrame = false;
  private releaseFallback: () => void = () => {};
  private labelsCache: { src: unknown; labels: LabelSource[] } | null = null;
  private priority: string[] = [];
  private obstacles: () => Box[] = () => [];
  private placed: PlacedLabel[] = [];
  /** The labels last drawn: handed to deck.gl again while the placement is the same. */
  private drawnLabels: WardLabel[] = [];
  private measureCtx: CanvasRenderingContext2D | null = null;
  readonly ready: Promise<BasemapMode>;

  constructor(private o: MapViewOptions) {
    const v = o.initialView;
    this.basemap = createBasemap({
      container: o.container,
      setting: o.state.basemap,
      center: [v.lon, v.lat],
      zoom: v.zoom,
      bounds: o.bounds,
      onModeChange: (mode, reason) => {
        o.onMode(mode, reason);
      },
      holdFallback: new Promise<void>((r) => {
        this.releaseFallback = r;
      }),
    });
    const map = this.basemap.map;
    // The container changes size with the panels and the headline, not only with the window.
    // Only on a real change: a resize reallocates the WebGL drawing buffers, which is slow on a
    // software GPU (and the observer's first call reports the size the map already has).
    let size = `${o.container.clientWidth}x${o.container.clientHeight}`;
    new ResizeObserver(() => {
      const now = `${o.container.clientWidth}x${o.container.clientHeight}`;
      if (now === size) return;
      size = now;
      map.resize();
    }).observe(o.container);
    map.on('moveend', () => {
      const c = map.getCenter();
      o.onView({ lon: c.lng, lat: c.lat, zoom: map.getZoom() });
    });
    // The overlay (deck.gl over the map, not inside its style) does not need the style: adding it
    // now lets deck.gl set up its WebGL device while the basemap style loads or fails.
    this.addOverlay();
    this.ready = this.basemap.ready;
  }

  private addOverlay(): void {
    const map = this.basemap.map;
    {
      this.overlay = new MapLibreOverlay({
        interleaved: false,
        layers: this.withExtras(),
        useDevicePixels: 1,
        pickingRadius: 2,
        onHover: (info) => this.hover(info),
        onClick: (info) => this.click(info),
        onAfterRender: () => this.afterRender(),
        getCursor: ({ isHovering, isDragging }) => (isDragging ? 'grabbing' : isHovering ? 'pointer' : 'grab'),
      });
      map.addControl(this.overlay);
      performance.mark('overlay-added');
    }
  }

  get map() {
    return this.basemap.map;
  }
  zoom(): number {
    return this.basemap.map.getZoom();
  }

  /** Draws a state's data. */
  render(state: AppState, d: Loaded, scales: Scales, selectedWard: WardFeature | null): void {
    const offline = this.basemap.mode() === 'offline';
    const wards = (d.wards?.features ?? []) as WardFeature[];
    const out: Layer[] = [];
    if (offline && d.lsoa) out.push(lsoaLayer(d.lsoa, false, 'lsoa-base'));
    if (offline && wards.length) out.push(wardLinesLayer(wards, true, 'base'));
    if (wards.length) out.push(wardFillLayer(wards, scales.wardFill, scales.wardTrigger));
    if (state.layers.has('lsoa') && d.lsoa) out.push(lsoaLayer(d.lsoa, true));
    if (state.layers.has('hexes') && d.hexes) out.push(hexesLayer(studyCells(d), scales.hexBreaks, scales.hexMetric));
    if (state.layers.has('hotspots') && d.hotspots) out.push(hotspotsLayer(d.hotspots.cells));
    if (state.layers.has('trends') && d.trends) out.push(trendsLayer(d.trends.cells));
    if (state.layers.has('overlap') && d.overlap) out.push(overlapLayer(d.overlap.cells, state.layers.has('hotspots')));
    if (state.layers.has('wardLines') && wards.length) out.push(wardLinesLayer(wards, offline));
    if (state.cell) out.push(selectedCellLayer(state.cell));
    if (selectedWard) out.push(selectedWardLayer(selectedWard));
    if (state.layers.has('wardLines') && wards.length) out.push(wardLabelsLayer(this.placeLabels(this.labels(wards)), this.zoom()));
    else this.placed = [];
    this.layers = out;
    const hasCells = out.some((l) => CELL_LAYER_IDS.includes(l.id) && ((l.props.data as unknown[])?.length ?? 0) > 0);
    this.pending = { key: d.key, hasCells };
    performance.mark('render-called');
    this.overlay?.setProps({ layers: this.withExtras() });
    this.forceDraw();
  }

  /**
   * Layers of other panels (the operational tools), drawn above the map's own in the same deck.gl
   * overlay, so that no second WebGL context is needed. Each caller owns a group; an empty list
   * removes it. Layer ids must not clash with the map's (prefix them with the group).
   */
  setExtraLayers(group: string, layers: Layer[]): void {
    if (layers.length) this.extras.set(group, layers);
    else this.extras.delete(group);
    this.overlay?.setProps({ layers: this.withExtras() });
    for (const f of this.extrasListeners) f();
  }

  /** The other panels' layers drawn now (the legend lists their symbols). */
  extraLayers(): Layer[] {
    return [...this.extras.values()].flat();
  }

  /** Calls `f` whenever another panel's layers change; returns the way to stop. */
  onExtrasChange(f: () => void): () => void {
    this.extrasListeners.push(f);
    return () => {
      this.extrasListeners = this.extrasListeners.filter((g) => g !== f);
    };
  }

  /** The data object of each of the map's own layers drawn now, by id (for tests). */
  layerData(): Record<string, unknown> {
    return Object.fromEntries(this.layers.map((l) => [l.id, l.props.data]));
  }

  private withExtras(): Layer[] {
    return this.extras.size ? [...this.layers, ...[...this.extras.values()].flat()] : this.layers;
  }

  /**
   * Draws now rather than on deck's next animation frame, so that 'drawn' (and the benchmark's
   * marks) always follow a real frame, even when deck would see nothing new in the layers.
   */
  private forceDraw(): void {
    const deck = (this.overlay as unknown as { _deck?: { isInitialized?: boolean; redraw(reason?: string): void } } | null)?._deck;
    if (deck?.isInitialized) deck.redraw('atlas: new layers');
  }

  /**
   * Wards whose names must be on the map (the ones the headline names): placed before all others,
   * so the greedy pass never drops them for a bigger neighbour. Takes effect at the next render.
   */
  setLabelPriority(codes: string[]): void {
    this.priority = codes;
  }

  /**
   * What covers the map (legend, notices, panels), as boxes in map pixels: other labels keep clear
   * of them rather than hide underneath.
   */
  setLabelObstacles(f: () => Box[]): void {
    this.obstacles = f;
  }

  /** Ward label anchors (inside each ward), largest ward first. */
  private labels(wards: WardFeature[]): LabelSource[] {
    if (this.labelsCache?.src === wards) return this.labelsCache.labels;
    const labels: LabelSource[] = [];
    for (const w of wards) {
      const p = wardAnchor(w.geometry);
      const [minX, minY, maxX, maxY] = bboxOf(w.geometry);
      if (p)
        labels.push({
          code: w.properties.code,
          name: w.properties.name,
          position: p,
          area: (maxX - minX) * (maxY - minY),
          geometry: w.geometry,
        });
    }
    labels.sort((a, b) => b.area - a.area);
    this.labelsCache = { src: wards, labels };
    return labels;
  }

  private measure(size: number): (s: string) => number {
    if (!this.measureCtx) this.measureCtx = document.createElement('canvas').getContext('2d');
    const ctx = this.measureCtx;
    if (!ctx) return (s) => s.length * size * 0.62;
    ctx.font = `${LABEL_WEIGHT} ${size}px ${LABEL_FONT}`;
    return (s) => ctx.measureText(s).width;
  }

  /** Labels that fit on screen without overlapping: the headline's wards first, then by size. */
  private placeLabels(labels: LabelSource[]): WardLabel[] {
    const size = labelSize(this.zoom());
    const measure = this.measure(size);
    const map = this.basemap.map;
    const canvas = map.getContainer();
    const rank = (code: string) => {
      const i = this.priority.indexOf(code);
      return i < 0 ? Infinity : i;
    };
    const ordered = [...labels].sort((a, b) => rank(a.code) - rank(b.code));
    const item = (l: LabelSource, position: [number, number]) => {
      const lines = wrapName(l.name, 8 * size, measure);
      const w = Math.max(...lines.map(measure));
      const hgt = lines.length * size * LABEL_LINE_HEIGHT;
      const p = map.project(position);
      // The white halo reaches a few pixels past the glyphs.
      const box: Box = [p.x - w / 2 - 4, p.y - hgt / 2 - 3, p.x + w / 2 + 4, p.y + hgt / 2 + 3];
      return { code: l.code, name: l.name, position, text: lines.join('\n'), box, src: l };
    };
    const items = ordered.map((l) => item(l, l.position));
    const required = new Set(this.priority);
    const kept = placeGreedy(
      items,
      canvas.clientWidth,
      canvas.clientHeight,
      this.obstacles(),
      (it) => required.has(it.code),
      (it) => {
        const src = it.src;
        src.alternatives ??= src.geometry ? wardCandidates(src.geometry) : [];
        return src.alternatives.map((p) => item(src, p));
      },
    );
    this.placed = kept.map((k) => ({ code: k.code, name: k.name, lon: k.position[0], lat: k.position[1], box: k.box }));
    const labelsNow = kept.map(({ code, name, position, text }) => ({ code, name, position, text }));
    if (!sameLabels(labelsNow, this.drawnLabels)) this.drawnLabels = labelsNow;
    return this.drawnLabels;
  }

  /** The ward labels drawn now, with their screen boxes (for tests and the benchmark). */
  placedLabels(): PlacedLabel[] {
    return this.placed;
  }

  /** After a move or zoom: re-place the labels only. */
  refreshLabels(): void {
    if (!this.overlay) return;
    const i = this.layers.findIndex((l) => l.id === 'ward-labels');
    if (i < 0 || !this.labelsCache) return;
    this.layers = [...this.layers];
    this.layers[i] = wardLabelsLayer(this.placeLabels(this.labelsCache.labels), this.zoom());
    this.overlay.setProps({ layers: this.withExtras() });
  }

  private afterRender(): void {
    if (!this.firstFrame) {
      this.firstFrame = true;
      performance.mark('first-frame');
    }
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    if (p.hasCells && !this.firstCellsDrawn) {
      this.firstCellsDrawn = true;
      performance.mark('hexes-drawn');
    }
    this.releaseFallback();
    this.o.onDrawn(p.key);
  }

  private info(i: PickingInfo): HoverInfo {
    return { x: i.x, y: i.y, layer: i.layer?.id ?? null, object: i.object, coordinate: i.coordinate as [number, number] | undefined };
  }

  private hover(i: PickingInfo): void {
    this.o.onHover(i.object ? this.info(i) : null);
  }

  private click(i: PickingInfo): void {
    let ward: WardFeature | null = null;
    if (i.layer?.id === 'ward-fill') ward = i.object as WardFeature;
    else if (this.overlay) {
      const w = this.overlay.pickObject({ x: i.x, y: i.y, layerIds: ['ward-fill'], radius: 0 });
      ward = (w?.object as WardFeature) ?? null;
    }
    this.o.onClick(this.info(i), ward);
  }

  /**
   * Brings a cell into view, closer in but never past `maxZoom` (a caller may pass the highest zoom
   * that keeps the automatic resolution, so the cell stays on the map).
   */
  flyToCell(h3: string, maxZoom = 18): void {
    const [lat, lon] = cellToLatLng(h3);
    const map = this.basemap.map;
    const inside = map.getBounds().contains([lon, lat]);
    const z = Math.min(maxZoom, Math.max(map.getZoom(), 12.5));
    if (!inside || map.getZoom() < z - 0.2) map.flyTo({ center: [lon, lat], zoom: z, duration: prefersReducedMotion() ? 0 : 800 });
  }

  flyToWard(w: WardFeature, maxZoom = 14): void {
    const [minX, minY, maxX, maxY] = bboxOf(w.geometry);
    this.basemap.map.fitBounds(
      [
        [minX, minY],
        [maxX, maxY],
      ],
      { padding: 60, maxZoom: Math.min(14, maxZoom), duration: prefersReducedMotion() ? 0 : 800 },
    );
  }

  /** Screen position of a cell's centre (for keyboard-opened tooltips). */
  project(lon: number, lat: number): { x: number; y: number } {
    const p = this.basemap.map.project([lon, lat]);
    return { x: p.x, y: p.y };
  }

  /** A cell's bounding box, for /api/incidents?bbox. */
  static cellBbox(h3: string): [number, number, number, number] {
    // true: [lon, lat] order, as the box is read
    return pointsBBox(cellToBoundary(h3, true));
  }
}

function sameLabels(a: WardLabel[], b: WardLabel[]): boolean {
  return (
    a.length === b.length &&
    a.every((l, i) => {
      const m = b[i];
      return l.code === m.code && l.text === m.text && l.position[0] === m.position[0] && l.position[1] === m.position[1];
    })
  );
}

export function prefersReducedMotion(): boolean {
  return window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

/**
 * The count cells inside the study area (the cells the hotspot analysis covers): police.uk
 * extracts reach over the borough boundary, and cells beyond it would only distract.
 */
const studyCache = new WeakMap<object, HexCell[]>();
export function studyCells(d: Loaded): HexCell[] {
  const cells = d.hexes?.cells ?? [];
  if (!d.hotspots || !d.hexes) return cells;
  const hit = studyCache.get(d.hexes);
  if (hit) return hit;
  const inside = new Set(d.hotspots.cells.map((c) => c.h3));
  const out = cells.filter((c) => inside.has(c.h3));
  studyCache.set(d.hexes, out);
  return out;
}
