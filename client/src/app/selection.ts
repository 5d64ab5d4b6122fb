/**
 * What the user picks, and where the map goes for it: a click on a cell pins it, a click on a
 * ward opens its panel; a row of the table selects its cell or ward and brings it into view.
 */
import type { WardFeature } from '../api';
import type { HoverInfo, MapView } from '../map/view';
import type { Store } from '../state/store';
import type { TablePanel } from '../table';
import { CELL_LAYERS } from './tooltipController';

/** Zoom no closer than this when bringing a ward from the table into view. */
const WARD_ZOOM = 14;

export interface SelectionDeps {
  store: Store;
  mapView: MapView;
  table: TablePanel;
  wardByCode: (code: string | null) => WardFeature | null;
  /** Takes the hover tooltip down (a ward's panel takes over). */
  hideTooltip: () => void;
  /** Shows the selected ward's panel; `focus` moves focus into it. */
  showWard: (focus: boolean) => void;
}

export class Selection {
  constructor(private readonly deps: SelectionDeps) {}

  /** A click on the map: `ward` is the ward under the pointer, whatever layer was hit. */
  clickMap(i: HoverInfo, ward: WardFeature | null): void {
    const { store, table } = this.deps;
    if (i.layer && CELL_LAYERS.has(i.layer)) {
      store.set({ cell: (i.object as { h3: string }).h3 });
      table.focusSelected();
      return;
    }
    if (ward) {
      this.deps.hideTooltip();
      store.set({ ward: ward.properties.code, cell: null });
      this.deps.showWard(true);
      table.focusSelected();
      return;
    }
    store.set({ cell: null });
  }

  /** The pinned cell card's ward link. */
  openWard(w: WardFeature): void {
    this.deps.store.set({ ward: w.properties.code });
    this.deps.showWard(true);
  }

  /** A cell row of the table. */
  selectCell(h3: string): void {
    this.deps.store.set({ cell: h3 });
    this.deps.mapView.flyToCell(h3);
  }

  /** A ward row of the table. */
  selectWard(code: string): void {
    this.deps.store.set({ ward: code, cell: null });
    const w = this.deps.wardByCode(code);
    if (w) this.deps.mapView.flyToWard(w, WARD_ZOOM);
  }
}
