/**
 * The tools' drawings on the map: each tool owns a group of deck.gl layers, drawn above the map's
 * own layers in the map view's overlay (MapView.setExtraLayers), so there is one WebGL context.
 */
import type { Layer } from '@deck.gl/core';
import type { MapView } from '../map/view';

export class ToolsOverlay {
  private groups = new Set<string>();

  constructor(private readonly mapView: MapView) {}

  set(group: string, layers: Layer[]): void {
    if (layers.length) this.groups.add(group);
    else this.groups.delete(group);
    this.mapView.setExtraLayers(`tools-${group}`, layers);
  }

  clear(): void {
    for (const g of [...this.groups]) this.set(g, []);
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
    // The legend covers the lower left: keep the drawings beside it when there is room, above it
    // otherwise (a phone), so no marker is hidden under its own key.
    const legend = document.getElementById('legend');
    const l = legend && !legend.hidden ? legend.getBoundingClientRect() : null;
    if (l && l.width > 0 && l.height > 0) {
      const beside = l.right - map.left + 20;
      if (map.width - pad.right - beside >= 200) pad.left = Math.max(pad.left, beside);
      else pad.bottom = Math.max(pad.bottom, map.bottom - l.top + 20);
    }
    if (pad.left + pad.right > map.width - 80) {
      pad.left = 20;
      pad.right = Math.max(20, map.width - 100);
    }
    if (pad.top + pad.bottom > map.height - 80) {
      pad.top = 20;
      pad.bottom = Math.max(20, map.height - 100);
    }
    this.mapView.map.fitBounds(
      [
        [b[0], b[1]],
        [b[2], b[3]],
      ],
      { padding: pad, maxZoom, duration: reduce ? 0 : 700 },
    );
  }
}
