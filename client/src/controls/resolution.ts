/** Cell size: an H3 resolution, or automatic by zoom. */
import { h } from '../dom';
import type { Store } from '../state/store';

/** Approximate width across an H3 cell (twice the mean edge length). */
export const CELL_WIDTH: Record<number, string> = { 6: '7 km', 7: '2.8 km', 8: '1 km', 9: '400 m', 10: '150 m', 11: '60 m' };

export function mountResolution(parent: HTMLElement, store: Store, effectiveRes: () => number) {
  const select = h('select', {
    id: 'res', name: 'res',
    onchange: () => store.set({ res: select.value === 'auto' ? 'auto' : Number(select.value), cell: null }),
  },
  h('option', { value: 'auto' }, 'Automatic (by zoom)'),
  store.meta.resolutions.map((r) => h('option', { value: String(r) }, `${CELL_WIDTH[r] ?? `resolution ${r}`} hexagons (H3 res ${r})`)));
  const hint = h('p', { class: 'hint', id: 'res-hint' });
  select.setAttribute('aria-describedby', 'res-hint');
  parent.append(h('div', { class: 'field' }, h('label', { for: 'res' }, 'Cell size'), select, hint));
  return {
    update() {
      const s = store.state;
      const v = String(s.res);
      if (select.value !== v) select.value = v;
      const r = effectiveRes();
      hint.textContent = `Now: hexagons about ${CELL_WIDTH[r] ?? '?'} across (H3 resolution ${r}). Smaller cells show streets; larger ones are steadier.`;
    },
  };
}
