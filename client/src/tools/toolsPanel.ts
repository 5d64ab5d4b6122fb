/**
 * The "Tools" side panel: patrol plan, CCTV siting, back-test and downloads, as tabs. A header
 * button (like "Table") opens it; on a phone it is a bottom drawer like the filters. Each tool
 * reads the app's state (harm, window, weighting, resolution) from the store and draws on the
 * map through the tools' own deck.gl overlay.
 */
import './tools.css';
import type { Meta } from '../api';
import { h } from '../dom';
import type { MapView } from '../map/view';
import type { Store } from '../state/store';
import type { AppState } from '../state/url';
import { BacktestPanel } from './backtestPanel';
import { CctvPanel } from './cctvPanel';
import { DownloadsPanel } from './exportButtons';
import { ToolsOverlay } from './mapOverlay';
import { PatrolPanel } from './patrolPanel';

export interface ToolDeps {
  store: Store;
  meta: Meta;
  overlay: ToolsOverlay;
  mapView: MapView;
}

export interface Tool {
  id: string;
  label: string;
  root: HTMLElement;
  /** Called when the tab is shown, and when the filters change while it is shown. */
  show(s: AppState): void;
  /** Called when the tab is hidden or the panel closes (remove map drawings). */
  hide(): void;
  /** The state changed while the panel is open, whichever tab is shown. */
  stateChanged?(s: AppState, changed: Set<string>): void;
}

const FILTER_KEYS = ['harm', 'weight', 'asbWeight', 'from', 'to', 'res', 'alpha', 'ward', 'view'] as const;

export function mountTools(opts: { store: Store; meta: Meta; mapView: MapView }): void {
  const { store, meta, mapView } = opts;
  const overlay = new ToolsOverlay(mapView);
  const deps: ToolDeps = { store, meta, overlay, mapView };
  const cctv = new CctvPanel(deps);
  const tools: Tool[] = [new PatrolPanel(deps), cctv, new BacktestPanel(deps), new DownloadsPanel(deps, () => cctv.lastBody())];

  const button = h(
    'button',
    {
      type: 'button',
      id: 'toggle-tools',
      class: 'btn',
      'aria-controls': 'tools-panel',
      'aria-expanded': 'false',
    },
    'Tools',
  );
  const actions = document.querySelector('.topbar-actions');
  const methodBtn = document.getElementById('open-method');
  if (actions) actions.insertBefore(button, methodBtn && methodBtn.parentElement === actions ? methodBtn : null);

  const closeBtn = h('button', { type: 'button', class: 'btn btn-icon', 'aria-label': 'Close the tools' }, '×');
  const tablist = h('div', { role: 'tablist', 'aria-label': 'Tools', class: 'tools-tabs' });
  const panel = h(
    'aside',
    {
      id: 'tools-panel',
      class: 'tools-panel',
      'aria-labelledby': 'tools-title',
      tabindex: '-1',
      hidden: true,
    },
    h('div', { class: 'tools-head' }, h('h2', { id: 'tools-title' }, 'Operational tools'), closeBtn),
    tablist,
  );
  const tabs: HTMLButtonElement[] = [];
  tools.forEach((t, i) => {
    const tab = h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `tools-tab-${t.id}`,
        'aria-controls': `tools-${t.id}`,
        'aria-selected': 'false',
        tabindex: '-1',
        'data-tool': t.id,
      },
      t.label,
    );
    tab.addEventListener('click', () => select(i, false));
    tab.addEventListener('keydown', (e) => {
      const k = e.key;
      const n = k === 'ArrowRight' ? i + 1 : k === 'ArrowLeft' ? i - 1 : k === 'Home' ? 0 : k === 'End' ? tools.length - 1 : null;
      if (n === null) return;
      e.preventDefault();
      select((n + tools.length) % tools.length, true);
    });
    tabs.push(tab);
    tablist.append(tab);
    t.root.id = `tools-${t.id}`;
    t.root.setAttribute('role', 'tabpanel');
    t.root.setAttribute('aria-labelledby', tab.id);
    t.root.classList.add('tool');
    t.root.hidden = true;
    panel.append(t.root);
  });
  // Inside the map stage, not over the whole map area: the table sits below the stage, so the two
  // panels can both be open at desktop and tablet widths without one covering the other.
  (document.getElementById('map-stage') ?? document.getElementById('main') ?? document.body).append(panel);
  // On a phone both are bottom drawers over the same space: opening one closes the other.
  const narrow = () => window.matchMedia?.('(max-width: 820px)').matches ?? false;

  let active = 0;
  let open = false;
  function select(i: number, focus: boolean): void {
    if (tools[active] && i !== active) tools[active].hide();
    active = i;
    tabs.forEach((t, j) => {
      t.setAttribute('aria-selected', String(j === i));
      t.tabIndex = j === i ? 0 : -1;
      tools[j].root.hidden = j !== i;
    });
    if (focus) tabs[i].focus();
    if (open) tools[i].show(store.state);
  }
  function setOpen(v: boolean, focus = true): void {
    open = v;
    panel.hidden = !v;
    panel.classList.toggle('open', v);
    button.setAttribute('aria-expanded', String(v));
    document.body.classList.toggle('tools-open', v);
    if (v && narrow() && store.state.table !== 'none') store.set({ table: 'none' });
    if (v) {
      select(active, false);
      if (focus) tabs[active].focus();
    } else {
      tools[active].hide();
      overlay.clear();
      if (focus) button.focus();
    }
  }
  button.addEventListener('click', () => setOpen(!open));
  closeBtn.addEventListener('click', () => setOpen(false));
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      setOpen(false);
    }
  });
  select(0, false);

  store.subscribe((s, changed) => {
    if (open && changed.has('table') && s.table !== 'none' && narrow()) {
      setOpen(false, false);
      return;
    }
    if (!open) return;
    if (FILTER_KEYS.some((k) => changed.has(k))) {
      for (const t of tools) t.stateChanged?.(s, changed as Set<string>);
      if (!(changed.size === 1 && changed.has('view'))) tools[active].show(s);
    }
  });
}
