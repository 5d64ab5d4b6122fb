/**
 * The words about what the map shows: the headline and its warnings, the table, and the method
 * card (redrawn while open, so it never describes a selection no longer on screen).
 */
import type { Meta, OverlapResponse } from '../api';
import type { Loaded } from '../data';
import { headline, renderHeadline } from '../headline';
import { renderMethodCard } from '../methodCard';
import type { Store } from '../state/store';
import type { TablePanel } from '../table';
import { renderWarnings, selectionWarnings } from '../warnings';

export interface SummaryDeps {
  meta: Meta;
  store: Store;
  data: () => Loaded | null;
  overlap: () => OverlapResponse | null;
  frame: () => string | null;
  harmLabel: (harm: string) => string;
  res: () => number;
  /** The basemap in words, for the method card. */
  basemap: () => string;
  headline: HTMLElement;
  warnings: HTMLElement;
  table: TablePanel;
  methodDialog: HTMLDialogElement;
  openMethod: HTMLElement;
}

export class SummaryView {
  private readonly onOpenMethod = () => {
    this.renderMethod();
    this.deps.methodDialog.showModal();
  };
  private readonly onDialogClick = (e: MouseEvent) => {
    // A click on the backdrop (the dialog itself, outside its content) closes it.
    if (e.target === this.deps.methodDialog) this.deps.methodDialog.close();
  };

  constructor(private readonly deps: SummaryDeps) {
    deps.openMethod.addEventListener('click', this.onOpenMethod);
    deps.methodDialog.addEventListener('click', this.onDialogClick);
  }

  update(): void {
    const { store, meta } = this.deps;
    const s = store.state;
    const d = this.deps.data();
    const overlap = this.deps.overlap();
    const label = this.deps.harmLabel(s.harm);
    renderHeadline(this.deps.headline, headline(s, d, label, overlap, this.deps.frame()));
    renderWarnings(this.deps.warnings, [...store.linkNotices, ...selectionWarnings(meta, s, d)]);
    this.deps.table.update(s, d, label, d?.overlap ?? overlap);
    if (this.deps.methodDialog.open) this.renderMethod();
  }

  private renderMethod(): void {
    const { store, meta } = this.deps;
    const d = this.deps.data();
    renderMethodCard(
      this.deps.methodDialog,
      meta,
      store.state,
      d,
      this.deps.harmLabel(store.state.harm),
      this.deps.res(),
      this.deps.basemap(),
      this.deps.overlap(),
      selectionWarnings(meta, store.state, d),
    );
  }

  dispose(): void {
    this.deps.openMethod.removeEventListener('click', this.onOpenMethod);
    this.deps.methodDialog.removeEventListener('click', this.onDialogClick);
  }
}
