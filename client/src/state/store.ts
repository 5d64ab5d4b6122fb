/** The app state, its listeners, and its mirror in the URL (history.replaceState, debounced for map moves). */
import type { Meta } from '../api';
import { parseState, serializeState, type AppState } from './url';

export type Change = keyof AppState;
type Listener = (s: AppState, changed: Set<Change>) => void;

export class Store {
  state: AppState;
  private listeners: Listener[] = [];
  private urlTimer = 0;

  constructor(readonly meta: Meta) {
    this.state = parseState(location.search, {
      firstMonth: meta.firstMonth, lastMonth: meta.lastMonth, resolutions: meta.resolutions,
    });
    this.writeUrl();
  }

  subscribe(fn: Listener): void {
    this.listeners.push(fn);
  }

  set(patch: Partial<AppState>): void {
    const changed = new Set<Change>();
    for (const [k, v] of Object.entries(patch) as [Change, unknown][]) {
      const cur = this.state[k];
      const same = cur instanceof Set && v instanceof Set
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
