/**
 * Which basemap is showing (street tiles or the offline boundaries), and what follows from it:
 * the attributions, a notice when the street map failed, and data-basemap on the page.
 */
import type { Meta } from '../api';
import { renderAttributions } from '../attributions';
import { ONLINE_STYLE, type BasemapMode } from '../map/basemap';
import type { Store } from '../state/store';

export interface BasemapStatusDeps {
  meta: Meta;
  store: Store;
  attributions: HTMLElement;
  root: HTMLElement;
  notice: (text: string | null) => void;
  /** The mode changed after start-up: the data the map needs may have changed with it. */
  changed: () => void;
}

export class BasemapStatus {
  private current: BasemapMode;

  constructor(private readonly deps: BasemapStatusDeps) {
    // The basemap reports what it could load later; until then, what was asked for.
    this.current = deps.store.state.basemap === 'offline' ? 'offline' : 'online';
  }

  get mode(): BasemapMode {
    return this.current;
  }
  get offline(): boolean {
    return this.current === 'offline';
  }

  /** The style asked for: a link's own style URL, else the default vector style. */
  styleUrl(): string {
    const b = this.deps.store.state.basemap;
    return /^https?:/.test(b) ? b : ONLINE_STYLE;
  }

  /** The basemap in words (the method card). */
  describe(): string {
    return this.current === 'online'
      ? `Online vector tiles (${this.styleUrl()})`
      : 'Offline: ward and neighbourhood boundaries only, no streets';
  }

  /** Puts the starting mode on the page. */
  show(): void {
    this.deps.root.dataset.basemap = this.current;
    this.renderAttributions();
  }

  /** The map's report: `reason` is 'chosen' when the user (or the link) asked for this mode. */
  switched(mode: BasemapMode, reason: string): void {
    this.current = mode;
    this.renderAttributions();
    if (mode === 'offline' && reason !== 'chosen')
      this.deps.notice(
        'The street basemap could not load, so the map shows ward and neighbourhood boundaries instead. Everything else works.',
      );
    this.deps.root.dataset.basemap = mode;
    this.deps.changed();
  }

  private renderAttributions(): void {
    renderAttributions(this.deps.attributions, this.deps.meta.attributions ?? [], this.current, this.styleUrl());
  }
}
