/**
 * The panels that open and close beside the map: the controls drawer (a drawer on phones), the
 * table's toggle, and the ward panel for the selected ward. Escape closes the innermost thing
 * open: the pinned cell, then the ward, then the drawer.
 */
import type { OverlapResponse, WardFeature } from '../api';
import type { Loaded } from '../data';
import { hotWards } from '../headline';
import type { Store } from '../state/store';
import type { WardPanel } from '../wardPanel';

export interface DrawerDeps {
  store: Store;
  wardPanel: WardPanel;
  data: () => Loaded | null;
  overlap: () => OverlapResponse | null;
  wardByCode: (code: string | null) => WardFeature | null;
  controls: HTMLElement;
  /** Opens and closes the controls drawer. */
  controlsButton: HTMLElement;
  /** The drawer's own close button. */
  closeButton: HTMLElement;
  tableButton: HTMLElement;
  /** A modal dialog is open: it has Escape to itself. */
  dialogOpen: () => boolean;
  doc: Document;
}

export class DrawerController {
  private readonly onToggleControls = () => this.setControls(!this.deps.controls.classList.contains('open'));
  private readonly onCloseControls = () => {
    this.setControls(false);
    this.deps.controlsButton.focus();
  };
  private readonly onToggleTable = () => {
    const { store } = this.deps;
    store.set({ table: store.state.table === 'none' ? 'hotspots' : 'none' });
  };
  private readonly onKey = (e: KeyboardEvent) => {
    const { store, controls } = this.deps;
    if (e.key !== 'Escape' || this.deps.dialogOpen()) return;
    if (store.state.cell) store.set({ cell: null });
    else if (store.state.ward) store.set({ ward: null });
    else if (controls.classList.contains('open')) this.onCloseControls();
  };

  constructor(private readonly deps: DrawerDeps) {
    deps.controlsButton.addEventListener('click', this.onToggleControls);
    deps.closeButton.addEventListener('click', this.onCloseControls);
    deps.tableButton.addEventListener('click', this.onToggleTable);
    deps.doc.addEventListener('keydown', this.onKey);
    this.syncTableButton();
  }

  setControls(open: boolean): void {
    const { controls, controlsButton } = this.deps;
    controls.classList.toggle('open', open);
    controlsButton.setAttribute('aria-expanded', String(open));
    if (open) controls.focus();
  }

  /** The table button says whether the table is open. */
  syncTableButton(): void {
    this.deps.tableButton.setAttribute('aria-expanded', String(this.deps.store.state.table !== 'none'));
  }

  /** Shows the selected ward's panel (closes it when none is selected); `focus` moves focus into it. */
  showWard(focus: boolean): void {
    const s = this.deps.store.state;
    const d = this.deps.data();
    const w = this.deps.wardByCode(s.ward);
    if (!w || !d) {
      this.deps.wardPanel.close();
      return;
    }
    const hot = hotWards(d).find((x) => x.ward.properties.code === w.properties.code)?.hot ?? 0;
    const ov = (d.overlap ?? this.deps.overlap())?.wards?.find((x) => x.code === w.properties.code);
    this.deps.wardPanel.wardsMeta = d.wards?.metadata ?? null;
    void this.deps.wardPanel.show(w, d.filter, s.harm, hot, ov ? ov.both : null, focus);
  }

  dispose(): void {
    const { controlsButton, closeButton, tableButton, doc } = this.deps;
    controlsButton.removeEventListener('click', this.onToggleControls);
    closeButton.removeEventListener('click', this.onCloseControls);
    tableButton.removeEventListener('click', this.onToggleTable);
    doc.removeEventListener('keydown', this.onKey);
  }
}
