/**
 * What is loaded for the state on screen: asks for the data a state (or a played month) needs,
 * draws only the newest answer (an older request finishing late must not overwrite a newer
 * filter), tells the page when it is busy, and sets the 'filter-redraw' measure the browser
 * benchmark reads (from a filter change to the first frame drawn with its data).
 */
import { api, type OverlapResponse, type WardFeature } from '../api';
import { load, loadKey, needsFor, type Loaded } from '../data';
import type { AppState } from '../state/url';

export interface DataControllerDeps {
  state: () => AppState;
  /** The analysis cell size (the user's choice, never the zoom's). */
  res: () => number;
  /** The boundary basemap is showing: it needs the LSOA outlines. */
  offline: () => boolean;
  /** The played month, or null for the whole window. */
  frame: () => string | null;
  /** Draws `current`: new data, or the same data for a changed state. */
  draw: () => void;
  /** The headline's overlap arrived after the draw. */
  overlapArrived: () => void;
  /** Carries data-busy and data-drawn (the page's "is it done" signals). */
  root: HTMLElement;
}

export class DataController {
  private loaded: Loaded | null = null;
  private headlineOverlap: OverlapResponse | null = null;
  private seq = 0;
  private inFlight = 0;
  private filterPending = false;
  private awaitKey: string | null = null;
  private basemapPending = false;
  private disposed = false;
  /** Frames drawn so far, and the key of the last one (null while a draw is under way). */
  drawCount = 0;
  drawnKey: string | null = null;
  /** The key of the data the current state needs. */
  wantedKey: string | null = null;

  constructor(private readonly deps: DataControllerDeps) {}

  get current(): Loaded | null {
    return this.loaded;
  }
  /** The violence/ASB overlap the headline quotes: the layer's own, else fetched on the side. */
  get overlap(): OverlapResponse | null {
    return this.headlineOverlap;
  }

  /** Nothing in flight, and the data the state needs is on the map. */
  idle(): boolean {
    return this.inFlight === 0 && this.wantedKey !== null && this.drawnKey === this.wantedKey;
  }

  /**
   * Asks for the state's data before the map exists (creating the map takes a while); the API
   * cache hands the same requests to refresh().
   */
  prefetch(): void {
    const s = this.deps.state();
    void load(s, this.deps.res(), needsFor(s, this.deps.offline()), null).catch(() => {});
  }

  /** A filter changed: the next refresh's first frame ends the 'filter-redraw' measure. */
  filterChanged(): void {
    performance.mark('filter-changed');
    this.filterPending = true;
  }

  /** The basemap switched: let a first draw in flight finish (without the LSOA base), then redraw with it. */
  basemapChanged(): void {
    if (this.inFlight > 0) this.basemapPending = true;
    else void this.refresh();
  }

  wardByCode(code: string | null): WardFeature | null {
    if (!code || !this.loaded?.wards) return null;
    return (this.loaded.wards.features as WardFeature[]).find((w) => w.properties.code === code) ?? null;
  }

  async refresh(): Promise<void> {
    if (this.disposed) return;
    const s = this.deps.state();
    const res = this.deps.res();
    const needs = needsFor(s, this.deps.offline());
    const key = loadKey(s, res, needs, this.deps.frame());
    if (this.filterPending) this.awaitKey = key;
    this.wantedKey = key;
    if (this.loaded && this.loaded.key === key) {
      this.deps.draw();
      return;
    }
    const my = ++this.seq;
    performance.mark('load-start');
    this.inFlight++;
    this.deps.root.dataset.busy = 'true';
    let d: Loaded;
    try {
      d = await load(s, res, needs, this.deps.frame());
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) delete this.deps.root.dataset.busy;
    }
    if (my !== this.seq) return;
    performance.mark('data-loaded');
    this.loaded = d;
    this.headlineOverlap = d.overlap ?? null;
    this.deps.draw();
    if (this.basemapPending) {
      this.basemapPending = false;
      void this.refresh();
    }
    if (!d.overlap && !this.deps.frame() && (s.harm === 'violence' || s.harm === 'asb')) {
      api.overlap(d.filter, res, s.alpha).then(
        (o) => {
          if (this.loaded !== d) return;
          this.headlineOverlap = o;
          this.deps.overlapArrived();
        },
        () => {
          /* headline without overlap */
        },
      );
    }
  }

  /** A draw of `current` is starting: until it is on screen, nothing counts as drawn. */
  drawing(): void {
    this.drawnKey = null;
  }

  /** The map has put the data of `key` on screen. */
  drawn(key: string): void {
    this.drawCount++;
    this.drawnKey = key;
    this.deps.root.dataset.drawn = String(this.drawCount);
    if (this.awaitKey && key === this.awaitKey) {
      performance.mark('filter-redrawn');
      try {
        performance.measure('filter-redraw', 'filter-changed', 'filter-redrawn');
      } catch {
        /* no start mark */
      }
      this.awaitKey = null;
      this.filterPending = false;
    }
  }

  /** Answers still in flight are dropped. */
  dispose(): void {
    this.disposed = true;
    this.seq++;
  }
}
