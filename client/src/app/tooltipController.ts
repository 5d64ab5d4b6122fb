/**
 * The tooltip over the map: what is under the pointer (a cell, a ward, a tool's place), and the
 * pinned cell card that stays, follows the map and offers the cell's ward. The content is built
 * only when the thing under the pointer changes, not on every mouse move.
 */
import { cellToLatLng } from 'h3-js';
import type { WardFeature } from '../api';
import type { Loaded } from '../data';
import { h } from '../dom';
import type { HoverInfo } from '../map/view';
import type { Store } from '../state/store';
import { toolTip } from '../tools/toolLayers';
import { cellContent, cellFacts, wardContent } from '../tooltip';

/** The map layers whose objects are H3 cells. */
export const CELL_LAYERS: ReadonlySet<string> = new Set(['hexes', 'hotspots', 'overlap', 'trends']);

export interface TooltipDeps {
  tooltip: HTMLElement;
  /** The box the tooltip must stay inside. */
  stage: HTMLElement;
  store: Store;
  data: () => Loaded | null;
  harmLabel: (harm: string) => string;
  project: (lon: number, lat: number) => { x: number; y: number };
  /** The pinned card's "open the ward" link. */
  openWard: (w: WardFeature) => void;
}

export class TooltipController {
  /** What the hover tooltip shows now ('' for nothing). */
  private hoverKey = '';

  constructor(private readonly deps: TooltipDeps) {}

  hover(i: HoverInfo | null): void {
    const { tooltip, store } = this.deps;
    if (store.state.cell) return; // a pinned cell keeps the tooltip
    const d = this.deps.data();
    if (!i || !d) {
      this.hide();
      return;
    }
    const s = store.state;
    const label = this.deps.harmLabel(s.harm);
    let key = '';
    let content: HTMLElement | null = null;
    if (i.layer && CELL_LAYERS.has(i.layer)) {
      const h3 = (i.object as { h3: string }).h3;
      key = `c${h3}`;
      if (key !== this.hoverKey)
        content = cellContent(cellFacts(h3, d), d, label, s.weight !== 'count', false, { openWard: () => {}, close: () => {} });
    } else if (i.layer === 'ward-fill') {
      const w = i.object as WardFeature;
      key = `w${w.properties.code}`;
      if (key !== this.hoverKey) content = wardContent(w, d, label);
    } else if (i.layer?.startsWith('tools-') && toolTip(i.object)) {
      // Patrol places, proposed sites and set-aside institutions say what they are.
      const t = toolTip(i.object)!;
      key = `t${i.layer}|${t.title}`;
      if (key !== this.hoverKey) content = h('div', { class: 'tool-tip' }, h('h3', {}, t.title), ...t.lines.map((l) => h('p', {}, l)));
    } else {
      this.hide();
      return;
    }
    if (content) {
      tooltip.replaceChildren(content);
      tooltip.setAttribute('role', 'tooltip');
      tooltip.classList.remove('pinned');
      this.hoverKey = key;
    }
    tooltip.hidden = false;
    this.place(i.x, i.y);
  }

  /** Hides the hover tooltip (a ward was clicked, or the pointer left everything). */
  hide(): void {
    this.deps.tooltip.hidden = true;
    this.hoverKey = '';
  }

  /** Shows (or takes down) the pinned cell card and puts it beside its cell: after a draw or a map move. */
  positionPinned(): void {
    this.showPinned();
    const c = this.deps.store.state.cell;
    if (!c || this.deps.tooltip.hidden) return;
    const [lat, lon] = cellToLatLng(c);
    const p = this.deps.project(lon, lat);
    this.place(p.x, p.y);
  }

  private showPinned(): void {
    const { tooltip, store } = this.deps;
    const s = store.state;
    const d = this.deps.data();
    if (!s.cell || !d) {
      if (tooltip.classList.contains('pinned')) {
        tooltip.hidden = true;
        tooltip.classList.remove('pinned');
      }
      return;
    }
    if (tooltip.dataset.cell !== s.cell || !tooltip.classList.contains('pinned') || tooltip.dataset.key !== d.key) {
      tooltip.replaceChildren(
        cellContent(cellFacts(s.cell, d), d, this.deps.harmLabel(s.harm), s.weight !== 'count', true, {
          openWard: (w) => this.deps.openWard(w),
          close: () => store.set({ cell: null }),
        }),
      );
      tooltip.dataset.cell = s.cell;
      tooltip.dataset.key = d.key;
      tooltip.classList.add('pinned');
      tooltip.setAttribute('role', 'dialog');
      tooltip.setAttribute('aria-label', 'Cell details');
    }
    tooltip.hidden = false;
  }

  /** Beside the point, flipped to the other side where it would leave the map. */
  private place(x: number, y: number): void {
    const { tooltip } = this.deps;
    const area = this.deps.stage.getBoundingClientRect();
    const w = tooltip.offsetWidth,
      hgt = tooltip.offsetHeight;
    let left = x + 14,
      top = y + 14;
    if (left + w > area.width - 8) left = Math.max(8, x - w - 14);
    if (top + hgt > area.height - 8) top = Math.max(8, y - hgt - 14);
    tooltip.style.transform = `translate(${Math.round(left)}px, ${Math.round(top)}px)`;
  }
}
