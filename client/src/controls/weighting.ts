/**
 * Weighting: count every incident once, or weight by a documented harm scheme. ASB has no
 * published harm weight, so its weight is an explicit, visible setting here.
 */
import { h } from '../dom';
import type { Store } from '../state/store';

/** 'GBP per incident' reads as '£ per incident'; 'days of imprisonment (CCHI)' needs no acronym. */
function unitWords(unit: string): string {
  return unit.replace(/\bGBP\b/g, '£').replace(/\s*\(CCHI\)/, '');
}

/**
 * A scheme's source as a publication name. An older server may still send the derivation trail
 * (file paths, version hashes, a press report): only its publication part is shown.
 */
export function sourceWords(source: string): string {
  const kept = source
    .split(';')
    .map((p) => p.trim())
    .filter((p) => !/\.(json|csv|md|ts)\b|@[0-9a-f]{7,}|\b[0-9a-f]{7,40}\b|github|\bvia\b|\bEcho\b|secondary report/i.test(p));
  return (kept.length ? kept.join('; ') : 'see How this map is made').replace(/[.\s]+$/, '');
}

export function mountWeighting(parent: HTMLElement, store: Store) {
  const schemes = store.meta.weightSchemes;
  const select = h(
    'select',
    {
      id: 'weight',
      name: 'weight',
      onchange: () => store.set({ weight: select.value }),
    },
    schemes.length
      ? schemes.map((s) => h('option', { value: s.id }, s.id === 'count' ? 'Count: every incident counts once' : s.label))
      : h('option', { value: 'count' }, 'Count: every incident counts once'),
  );
  if (!schemes.some((s) => s.id === 'count')) select.prepend(h('option', { value: 'count' }, 'Count: every incident counts once'));
  const source = h('p', { class: 'hint', id: 'weight-hint' });
  const asbInput = h('input', {
    id: 'asb-weight',
    type: 'number',
    min: '0',
    step: 'any',
    inputMode: 'decimal',
    onchange: () => {
      const v = asbInput.value.trim();
      store.set({ asbWeight: v === '' ? null : Math.max(0, Number(v)) });
    },
  });
  const asbHint = h('p', { class: 'hint', id: 'asb-hint' });
  const asbRow = h(
    'div',
    { class: 'field field-inline' },
    h('label', { for: 'asb-weight' }, 'Weight of one ASB incident'),
    asbInput,
    asbHint,
  );
  asbInput.setAttribute('aria-describedby', 'asb-hint');
  select.setAttribute('aria-describedby', 'weight-hint');
  parent.append(h('div', { class: 'field' }, h('label', { for: 'weight' }, 'Weighting'), select, source), asbRow);
  return {
    update() {
      const s = store.state;
      if (select.value !== s.weight) select.value = s.weight;
      const scheme = schemes.find((x) => x.id === s.weight);
      source.textContent =
        s.weight === 'count'
          ? 'Counts treat a shoplifting like a stabbing. Pick a harm weighting to rank places by seriousness.'
          : `${scheme?.unit ? `Unit: ${unitWords(scheme.unit)}. ` : ''}${scheme?.source ? `Source: ${sourceWords(scheme.source)}.` : ''}`;
      asbRow.hidden = s.weight === 'count';
      const def = scheme?.weights?.['anti-social-behaviour'];
      // null: the scheme has no defensible ASB value, said so rather than shown as 0.
      asbInput.placeholder = def === null ? '–' : def !== undefined ? String(def) : s.weight === 'cost' ? '0' : '1';
      const want = s.asbWeight === null ? '' : String(s.asbWeight);
      if (asbInput.value !== want && document.activeElement !== asbInput) asbInput.value = want;
      asbHint.textContent = `ASB has no published harm weight: this is an assumption (default ${asbInput.placeholder}). Leave empty for the default.`;
    },
  };
}
