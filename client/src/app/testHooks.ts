/**
 * Installs window.__atlas (declared in atlasHooks.ts), only for a page that set
 * window.__atlasTestHooks = true before the app started: a production page exposes no handle on
 * its store or map.
 */
import { cellToLatLng } from 'h3-js';
import type { AtlasHooks } from '../atlasHooks';
import { labelPoint } from '../geo';
import type { BasemapMode } from '../map/basemap';
import type { MapView } from '../map/view';
import type { Store } from '../state/store';
import type { DataController } from './dataController';

export interface TestHookDeps {
  store: Store;
  data: DataController;
  mapView: MapView;
  mode: () => BasemapMode;
}

/** True when the hooks were installed. */
export function installTestHooks(win: Window, deps: TestHookDeps): boolean {
  if (win.__atlasTestHooks !== true) return false;
  const { store, data, mapView } = deps;
  const hooks: AtlasHooks = {
    store,
    get drawCount() {
      return data.drawCount;
    },
    get drawnKey() {
      return data.drawnKey;
    },
    get wantedKey() {
      return data.wantedKey;
    },
    mode: deps.mode,
    idle: () => data.idle(),
    hotCells: (n = 20) =>
      (data.current?.hotspots?.cells ?? [])
        .filter((c) => c.bin > 0)
        .sort((a, b) => b.z - a.z)
        .slice(0, n)
        .map((c) => {
          const [lat, lon] = cellToLatLng(c.h3);
          return { h3: c.h3, bin: c.bin, z: c.z, ...mapView.project(lon, lat) };
        }),
    wardPoint: (code) => {
      const w = data.wardByCode(code);
      // The area centroid (kept for the tests that click near it); wardLabels() has the label anchors.
      const p = w ? labelPoint(w.geometry) : null;
      return w && p ? { ...mapView.project(p[0], p[1]), name: w.properties.name } : null;
    },
    project: (lon, lat) => mapView.project(lon, lat),
    wardLabels: () => mapView.placedLabels(),
    layerData: () => mapView.layerData(),
  };
  win.__atlas = hooks;
  return true;
}
