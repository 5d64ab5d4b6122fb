/** Which layers are on: cell layers and boundaries (checkboxes), and one ward shading (radios). */
import { h } from '../dom';
import type { Store } from '../state/store';
import type { LayerId, WardShade } from '../state/url';

export const LAYER_LABELS: Record<LayerId, [string, string]> = {
  hotspots: [
    'Hotspots (statistically significant)',
    'Clusters of high (red) and low (blue) harm that are unlikely to be chance: Getis-Ord Gi*.',
  ],
  overlap: ['Where violence and ASB hotspots overlap', 'Cells hot for violence and anti-social behaviour together, or for one only.'],
  hexes: ['Counts per cell', 'How many incidents (or how much weighted harm) fell in each hexagon.'],
  trends: ['Emerging hotspots (trend)', 'New, intensifying, persistent or fading hotspots, month by month.'],
  wardLines: ['Ward boundaries and names', ''],
  lsoa: ['Neighbourhood (LSOA) boundaries', 'Census areas of about 1,500 residents, used for deprivation figures.'],
};

export const SHADE_LABELS: Record<WardShade, [string, string]> = {
  none: ['No shading', ''],
  rate: ['Rate per 1,000 residents', 'Incidents of the chosen harm per 1,000 residents per month (mid-2022 population).'],
  imd: ['Deprivation (IMD 2019 decile)', 'Index of Multiple Deprivation: decile 1 is the most deprived 10% of England.'],
  childpov: ['Child poverty', 'Children (aged 0–15) in relative low-income families, DWP.'],
};

const ORDER: LayerId[] = ['hotspots', 'overlap', 'hexes', 'trends', 'wardLines', 'lsoa'];

export function mountLayers(parent: HTMLElement, store: Store) {
  const boxes = new Map<LayerId, HTMLInputElement>();
  const layerRows = ORDER.map((l) => {
    const input = h('input', {
      type: 'checkbox',
      id: `layer-${l}`,
      name: 'layers',
      value: l,
      onchange: () => {
        const next = new Set(store.state.layers);
        if (input.checked) next.add(l);
        else next.delete(l);
        store.set({ layers: next });
      },
    });
    boxes.set(l, input);
    const [label, hint] = LAYER_LABELS[l];
    const hintId = `layer-${l}-hint`;
    if (hint) input.setAttribute('aria-describedby', hintId);
    return h(
      'div',
      { class: 'check' },
      input,
      h('label', { for: `layer-${l}` }, label),
      hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    );
  });
  const radios = new Map<WardShade, HTMLInputElement>();
  const shadeRows = (Object.keys(SHADE_LABELS) as WardShade[]).map((s) => {
    const input = h('input', {
      type: 'radio',
      id: `shade-${s}`,
      name: 'shade',
      value: s,
      onchange: () => {
        if (input.checked) store.set({ shade: s });
      },
    });
    radios.set(s, input);
    const [label, hint] = SHADE_LABELS[s];
    const hintId = `shade-${s}-hint`;
    if (hint) input.setAttribute('aria-describedby', hintId);
    return h(
      'div',
      { class: 'check' },
      input,
      h('label', { for: `shade-${s}` }, label),
      hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    );
  });
  parent.append(
    h('fieldset', { class: 'field' }, h('legend', {}, 'Show on the map'), layerRows),
    h('fieldset', { class: 'field' }, h('legend', {}, 'Shade wards by'), shadeRows),
  );
  return {
    update() {
      const s = store.state;
      for (const [l, b] of boxes) b.checked = s.layers.has(l);
      for (const [k, r] of radios) r.checked = s.shade === k;
    },
  };
}
