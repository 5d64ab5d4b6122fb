/**
 * window.__atlas: the hooks the app exposes to the browser tests and bench:browser, only when the
 * page asked for them by setting window.__atlasTestHooks = true before the app starts (playwright's
 * addInitScript). Its own module so that they, type-checked in another project, see the
 * declaration without importing main.ts; app/testHooks.ts installs them.
 */
import type { BasemapMode } from './map/basemap';
import type { PlacedLabel } from './map/view';
import type { Store } from './state/store';

export interface AtlasHooks {
  readonly store: Store;
  readonly drawCount: number;
  readonly drawnKey: string | null;
  readonly wantedKey: string | null;
  mode: () => BasemapMode;
  idle: () => boolean;
  /** Test and benchmark hooks: screen positions of what is drawn. */
  hotCells: (n?: number) => { h3: string; bin: number; z: number; x: number; y: number }[];
  wardPoint: (code: string) => { x: number; y: number; name: string } | null;
  project: (lon: number, lat: number) => { x: number; y: number };
  /** The ward labels drawn now: anchor and screen box. */
  wardLabels: () => PlacedLabel[];
  /** The data object of each map layer drawn now, by layer id (identity matters: deck.gl re-uploads on a new one). */
  layerData: () => Record<string, unknown>;
}

declare global {
  interface Window {
    /** Set by a test or benchmark before the app starts: only then does it install window.__atlas. */
    __atlasTestHooks?: boolean;
    __atlas?: AtlasHooks;
  }
}

export {};
