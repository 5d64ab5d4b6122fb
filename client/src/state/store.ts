/** The app state, its listeners, and its mirror in the URL (history.replaceState, debounced for map moves). */
import type { Meta } from '../api';
import { parseLink, serializeState, type AppState } from './url';

export type Change = keyof AppState;
type Listener = (s: AppState, changed: Set<Change>) => void;

export class Store {
  state: AppState;
  /** Plain sentences about the parts of the opening link that could not be used. */
  readonly linkNotices: string[];
  private listeners: Listener[] = [];
  private urlTimer = 0;

  constructor(readonly meta: Meta) {
    const link = parseLink(location.search, {
      firstMonth: meta.firstMonth,
      lastMonth: meta.lastMonth,
      resolutions: meta.resolutions,
      harms: ['all', ...meta.harmGroups.map((g) => g.id)],
      categories: meta.categories.map((c) => c.slug),
      weights: meta.weightSchemes.map((w) => w.id),
      wards: meta.wards.map((w) => w.code),
      area: meta.area?.code ?? null,
      defaultHarmLabel: meta.harmGroups.find((g) => g.id === 'violence')?.label,
    });
    this.state = link.state;
    this.linkNotices = link.notices;
    this.writeUrl();
  }

  /** Calls `fn` after every change; returns the way to stop. */
  subscribe(fn: Listener): () => void {
    this.listeners.push(fn);
    return () => {
      this.listeners = this.listeners.filter((f) => f !== fn);
    };
  }

  set(patch: Partial<AppState>): void {
    const changed = new Set<Change>();
    for (const [k, v] of Object.entries(patch) as [Change, unknown][]) {
      const cur = this.state[k];
      const same =
        cur instanceof Set && v instanceof Set
          ? cur.size === v.size && [...cur].every((x) => v.has(x))
          : JSON.stringify(cur) === JSON.stringify(v);
      if (!same) changed.add(k);
    }
    if (changed.size === 0) return;
    this.state = { ...this.state, ...patch };
    // Map moves come many a second: write them to the URL lazily; everything else at once.
    clearTimeout(this.urlTimer);
    if (changed.size === 1 && changed.has('view')) this.urlTimer = window.setTimeout(() => this.writeUrl(), 300);
    else this.writeUrl();
    for (const fn of this.listeners) fn(this.state, changed);
  }

  private writeUrl(): void {
    const url = `${location.pathname}${serializeState(this.state)}${location.hash}`;
    if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(null, '', url);
  }
}
