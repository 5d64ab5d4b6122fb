/**
 * Cell size: the H3 resolution every figure on screen is computed at. Zooming never changes it
 * (state/url.ts analysisRes); when the view is zoomed in far enough for smaller cells, the hint
 * offers them, and taking the offer is the user's own, visible choice.
 */
import { cellSizeWords, cellWidthWords } from '../../../geo/cellSize';
import { h } from '../dom';
import type { Store } from '../state/store';
import { STANDARD_RES } from '../state/url';

export function mountResolution(parent: HTMLElement, store: Store, analysisRes: () => number, suitedRes: () => number) {
  const select = h(
    'select',
    {
      id: 'res',
      name: 'res',
      onchange: () => store.set({ res: select.value === 'auto' ? 'auto' : Number(select.value), cell: null }),
    },
    h('option', { value: 'auto' }, `Standard: ${cellWidthWords(STANDARD_RES)} hexagons (H3 res ${STANDARD_RES})`),
    store.meta.resolutions.map((r) => h('option', { value: String(r) }, `${cellWidthWords(r)} hexagons (H3 res ${r})`)),
  );
  const hint = h('p', { class: 'hint', id: 'res-hint' });
  const offer = h('button', {
    type: 'button',
    class: 'btn btn-small',
    id: 'res-offer',
    hidden: true,
    onclick: () => store.set({ res: suitedRes(), cell: null }),
  });
  select.setAttribute('aria-describedby', 'res-hint');
  parent.append(h('div', { class: 'field' }, h('label', { for: 'res' }, 'Cell size'), select, hint, offer));
  return {
    update() {
      const s = store.state;
      const v = String(s.res);
      if (select.value !== v) select.value = v;
      const r = analysisRes();
      const suited = suitedRes();
      hint.textContent = `Every figure uses ${cellSizeWords(r)} (${cellWidthWords(r)} across), at any zoom. Smaller cells show streets; larger ones are steadier.`;
      const finer = suited > r && (store.meta.resolutions as readonly number[]).includes(suited);
      offer.hidden = !finer;
      if (finer) offer.textContent = `Zoomed in: use ${cellWidthWords(suited)} cells (H3 res ${suited})`;
    },
  };
}
