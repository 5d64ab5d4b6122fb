/** Significance level for hot and cold spots (Gi* with Benjamini–Hochberg false discovery rate). */
import { attainableConfidenceWords } from '../../../geo/binsForAlpha';
import { h } from '../dom';
import type { Store } from '../state/store';

const LEVELS: [number, string][] = [
  [0.1, '90% (more cells, more false alarms)'],
  [0.05, '95% (standard)'],
  [0.01, '99% (strictest)'],
];

export function mountSignificance(parent: HTMLElement, store: Store) {
  const select = h(
    'select',
    {
      id: 'alpha',
      name: 'alpha',
      onchange: () => store.set({ alpha: Number(select.value) }),
    },
    LEVELS.map(([a, l]) => h('option', { value: String(a) }, l)),
  );
  select.setAttribute('aria-describedby', 'alpha-hint');
  parent.append(
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'alpha' }, 'Confidence for hotspots'),
      select,
      h(
        'p',
        { class: 'hint', id: 'alpha-hint' },
        'How sure we must be that a cluster is not chance, after correcting for testing many cells at once (false discovery rate).',
      ),
      h('p', { class: 'hint', id: 'alpha-bins' }),
    ),
  );
  const bins = parent.querySelector('#alpha-bins') as HTMLElement;
  return {
    update() {
      const v = String(store.state.alpha);
      if (select.value !== v) select.value = v;
      bins.textContent = `Confidence classes on the map: ${attainableConfidenceWords(store.state.alpha)}.`;
    },
  };
}
