/**
 * The tools' own deck.gl overlay on the map: a second MapLibreOverlay above the map view's, so the
 * tools draw patrol places and cameras without touching the map view's layer list. Each tool owns
 * a group of layers; only the groups that are switched on are drawn.
 */
import { MapLibreOverlay } from '@deck.gl/maplibre';
import type { Layer } from '@deck.gl/core';
import type { MapView } from '../map/view';

export class ToolsOverlay {
  private overlay: MapLibreOverlay | null = null;
  private groups = new Map<string, Layer[]>();

  constructor(private readonly mapView: MapView) {
    void mapView.ready.then(() => {
      this.overlay = new MapLibreOverlay({ interleaved: false, layers: this.all(), useDevicePixels: 1 });
      mapView.map.addControl(this.overlay);
    });
  }

  set(group: string, layers: Layer[]): void {
    if (layers.length) this.groups.set(group, layers);
    else this.groups.delete(group);
    this.overlay?.setProps({ layers: this.all() });
  }

  clear(): void {
    this.groups.clear();
    this.overlay?.setProps({ layers: [] });
  }

  /** Moves the map to a box [minLon, minLat, maxLon, maxLat]. */
  fit(b: [number, number, number, number], maxZoom = 15): void {
    const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    // Keep the box clear of the tools panel (on the right on wide screens, at the bottom on phones).
    const map = this.mapView.map.getContainer().getBoundingClientRect();
    const panel = document.getElementById('tools-panel');
    const p = panel && !panel.hidden ? panel.getBoundingClientRect() : null;
    const pad = { top: 60, bottom: 60, left: 60, right: 60 };
    if (p && p.left > map.left + map.width / 3) pad.right += Math.max(0, map.right - p.left);
    else if (p && p.top > map.top) pad.bottom = Math.max(pad.bottom, map.bottom - p.top + 30);
    if (pad.left + pad.right > map.width - 80) { pad.left = 20; pad.right = Math.max(20, map.width - 100); }
    if (pad.top + pad.bottom > map.height - 80) { pad.top = 20; pad.bottom = Math.max(20, map.height - 100); }
    this.mapView.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: pad, maxZoom, duration: reduce ? 0 : 700 });
  }

  private all(): Layer[] {
    return [...this.groups.values()].flat();
  }
}
