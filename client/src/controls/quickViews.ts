/**
 * Quick views: one click to each part of the first question a new user brings ("where are the
 * violence hotspots of the last 6 months, where do they overlap ASB, and how deprived are those
 * wards"), so nobody needs to know which layer answers which part.
 */
import { h } from '../dom';
import { periodWindow, type LayerId, type WardShade } from '../state/url';
import type { Store } from '../state/store';

interface QuickView {
  id: string;
  label: string;
  layers: LayerId[];
  shade: WardShade;
}

const VIEWS: QuickView[] = [
  { id: 'hotspots', label: 'Violence hotspots, last 6 months', layers: ['hotspots', 'wardLines'], shade: 'none' },
  { id: 'overlap', label: '…where they overlap ASB', layers: ['hotspots', 'overlap', 'wardLines'], shade: 'none' },
  // Step 3 builds on step 2: the overlap stays on, so the deprivation is read against it.
  { id: 'deprivation', label: '…and how deprived those wards are', layers: ['hotspots', 'overlap', 'wardLines'], shade: 'imd' },
];

export function mountQuickViews(parent: HTMLElement, store: Store) {
  const buttons = VIEWS.map((v) =>
    h(
      'button',
      {
        type: 'button',
        class: 'quick',
        'data-view': v.id,
        onclick: () => {
          const w = periodWindow('6', store.meta.lastMonth)!;
          store.set({ harm: 'violence', period: '6', from: w.from, to: w.to, layers: new Set(v.layers), shade: v.shade, cell: null });
        },
      },
      v.label,
    ),
  );
  parent.append(h('div', { class: 'quick-views', role: 'group', 'aria-label': 'Quick views' }, buttons));
  return {
    update() {
      const s = store.state;
      const base = s.harm === 'violence' && s.period === '6';
      for (const b of buttons) {
        const v = VIEWS.find((x) => x.id === b.dataset.view)!;
        const on = base && s.shade === v.shade && v.layers.length === s.layers.size && v.layers.every((l) => s.layers.has(l));
        b.setAttribute('aria-pressed', String(on));
      }
    },
  };
}
