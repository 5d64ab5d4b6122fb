/**
 * The basemap. Online: a keyless vector style (OpenFreeMap Positron by default; `?basemap=<style
 * URL>` picks another, `?basemap=offline` skips it). Offline: a blank style with a background
 * only; the ward outlines and names and the LSOA outlines that make it a map are deck.gl layers
 * drawn from the API. The online style falls back to offline when its style request fails, when it
 * has not loaded within FALLBACK_MS, or when its tiles keep failing.
 */
import * as maplibregl from 'maplibre-gl';
import type { StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

maplibregl.setWorkerUrl(workerUrl);

export const ONLINE_STYLE = 'https://tiles.openfreemap.org/styles/positron';
export const FALLBACK_MS = 3000;
export const FALLBACK_HOLD_MS = 1500;
export const OFFLINE_BACKGROUND = '#eceff3';

export const OFFLINE_STYLE: StyleSpecification = {
  version: 8,
  name: 'Hotspot Atlas offline',
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': OFFLINE_BACKGROUND } }],
};

export type BasemapMode = 'online' | 'offline';

export interface BasemapOptions {
  container: HTMLElement;
  setting: string; // 'auto' | 'offline' | style URL
  center: [number, number];
  zoom: number;
  bounds?: [number, number, number, number];
  onModeChange?: (mode: BasemapMode, reason: string) => void;
  /** The offline style is applied once this settles (the first data frame), or after FALLBACK_HOLD_MS. */
  holdFallback?: Promise<unknown>;
}

export interface Basemap {
  map: maplibregl.Map;
  /** Resolves once a style (online or offline) has loaded and the map can take the overlay. */
  ready: Promise<BasemapMode>;
  mode(): BasemapMode;
}

export function createBasemap(o: BasemapOptions): Basemap {
  const wantOnline = o.setting !== 'offline';
  const styleUrl = o.setting === 'auto' || o.setting === 'offline' ? ONLINE_STYLE : o.setting;
  let mode: BasemapMode = wantOnline ? 'online' : 'offline';

  performance.mark('map-constructor');
  const map = new maplibregl.Map({
    container: o.container,
    style: wantOnline ? styleUrl : OFFLINE_STYLE,
    center: o.center,
    zoom: o.zoom,
    minZoom: 8,
    maxZoom: 18,
    attributionControl: { compact: false },
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    canvasContextAttributes: { preserveDrawingBuffer: true },
    // map/view.ts resizes the map on real container changes only (each resize reallocates buffers).
    trackResize: false,
    maxBounds: o.bounds ? [o.bounds[0] - 0.5, o.bounds[1] - 0.3, o.bounds[2] + 0.5, o.bounds[3] + 0.3] : undefined,
  });
  performance.mark('map-created');
  map.touchZoomRotate.disableRotation();
  map.keyboard.disableRotation();

  const ready = new Promise<BasemapMode>((resolve) => {
    let settled = false;
    let fellBack = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(mode);
    };
    const fallBack = (reason: string) => {
      if (fellBack || mode === 'offline') return;
      performance.mark('basemap-fallback');
      fellBack = true;
      mode = 'offline';
      console.info(`[basemap] offline fallback: ${reason}`);
      o.onModeChange?.('offline', reason);
      // Setting the style takes the main thread for a while on a software GPU: let the first data
      // frame go first (or wait at most FALLBACK_HOLD_MS).
      const hold = o.holdFallback ? Promise.race([o.holdFallback, new Promise((r) => setTimeout(r, FALLBACK_HOLD_MS))]) : Promise.resolve();
      void hold.then(() => {
        map.setStyle(OFFLINE_STYLE, { diff: false });
        const onStyle = () => {
          if (!map.isStyleLoaded()) return;
          map.off('styledata', onStyle);
          settle();
        };
        map.on('styledata', onStyle);
        // In case the style is already in place by now.
        setTimeout(onStyle, 0);
      });
    };
    const timer = wantOnline
      ? setTimeout(() => {
          if (!settled) fallBack(`no style within ${FALLBACK_MS} ms`);
        }, FALLBACK_MS)
      : 0;

    let tileErrors = 0;
    let tilesLoaded = 0;
    map.on('error', (ev) => {
      const e = ev as unknown as { error?: { message?: string }; sourceId?: string; tile?: unknown };
      if (mode !== 'online') return;
      if (!settled) {
        fallBack(`style failed: ${e.error?.message ?? 'error'}`);
        return;
      }
      if (e.sourceId || e.tile) {
        tileErrors++;
        if (tileErrors >= 3 && tilesLoaded === 0) fallBack('tiles failed');
      }
    });
    map.on('data', (e: { dataType?: string; tile?: unknown }) => {
      if (e.dataType === 'source' && e.tile) tilesLoaded++;
    });
    map.once('load', () => {
      if (!fellBack) settle();
    });
    if (!wantOnline) o.onModeChange?.('offline', 'chosen');
  });

  return { map, ready, mode: () => mode };
}
