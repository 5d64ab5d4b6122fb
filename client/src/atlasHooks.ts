/**
 * window.__atlas: the hooks main.ts exposes to the browser tests and bench:browser. Its own module
 * so that they, type-checked in another project, see the declaration without importing main.ts.
 */
import type { BasemapMode } from './map/basemap';
import type { PlacedLabel } from './map/view';
import type { Store } from './state/store';

declare global {
  interface Window {
    /** Set by a test or benchmark before the app starts: only then does it install window.__atlas. */
    __atlasTestHooks?: boolean;
    __atlas?: {
      store: Store;
      drawCount: number;
      drawnKey: string | null;
      wantedKey: string | null;
      mode: () => BasemapMode;
      idle: () => boolean;
      /** Test and benchmark hooks: screen positions of what is drawn. */
      hotCells: (n?: number) => { h3: string; bin: number; z: number; x: number; y: number }[];
      wardPoint: (code: string) => { x: number; y: number; name: string } | null;
      project: (lon: number, lat: number) => { x: number; y: number };
      /** The ward labels drawn now: anchor and screen box. */
      wardLabels: () => PlacedLabel[];
    };
  }
}

export {};
