/** What to map: a harm group (the strategy's priorities) or one police.uk category. */
import type { Meta } from '../api';
import { h } from '../dom';
import type { Store } from '../state/store';
import { ALL_HARM_LABEL, harmSelectionLabel } from '../../../geo/harmGroups';

export function harmLabel(meta: Meta, harm: string): string {
  return harmSelectionLabel(harm, (slug) => meta.categories.find((c) => c.slug === slug)?.name);
}

export function mountHarm(parent: HTMLElement, store: Store) {
  const meta = store.meta;
  const select = h(
    'select',
    {
      id: 'harm',
      name: 'harm',
      onchange: () => store.set({ harm: select.value, cell: null }),
    },
    h(
      'optgroup',
      { label: 'Strategy priorities' },
      meta.harmGroups.map((g) => h('option', { value: g.id }, g.label)),
      h('option', { value: 'all' }, ALL_HARM_LABEL),
    ),
    h(
      'optgroup',
      { label: 'Single police.uk categories' },
      meta.categories.map((c) => h('option', { value: `cat:${c.slug}` }, c.name)),
    ),
  );
  const hint = h('p', { class: 'hint', id: 'harm-hint' });
  parent.append(h('div', { class: 'field' }, h('label', { for: 'harm' }, 'Type of harm'), select, hint));
  select.setAttribute('aria-describedby', 'harm-hint');
  return {
    update() {
      const s = store.state;
      if (select.value !== s.harm) select.value = s.harm;
      const g = meta.harmGroups.find((x) => x.id === s.harm);
      hint.textContent = g
        ? `${g.priority}. Includes: ${g.categories.map((slug) => meta.categories.find((c) => c.slug === slug)?.name ?? slug).join(', ')}.`
        : s.harm === 'all'
          ? 'Every police.uk category, including anti-social behaviour.'
          : 'One police.uk category.';
    },
  };
}
