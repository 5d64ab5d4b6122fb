/** A legend block for each visible layer, in plain words, with any layer's load failure. */
import { attainableConfidenceWords, attainableLevels, BIN_LEVELS } from '../../geo/binsForAlpha';
import type { Loaded } from './data';
import { fmt, h } from './dom';
import {
  BIN_COLORS,
  BIN_LABELS,
  COLD_TREND_COLOR,
  DECILE_CLASSES,
  GREY_RAMP,
  OVERLAP_COLORS,
  OVERLAP_LABELS,
  SEQ_COLORS,
  TREND_COLORS,
  TREND_LABELS,
  trendKey,
} from './layers/colors';
import { CHILD_POVERTY_BREAKS } from './scales';
import {
  LSOA_BASE_LINE_COLOR,
  LSOA_LINE_COLOR,
  SELECTED_CELL_COLOR,
  SELECTED_WARD_COLOR,
  WARD_BASE_LINE_COLOR,
  WARD_LINE_COLOR,
} from '../../geo/palette';
import type { MapSymbol } from './tools/toolLayers';
import type { AppState } from './state/url';

type Shape = 'fill' | 'line' | 'outline' | MapSymbol['shape'];

function swatch(color: string, shape: Shape = 'fill') {
  const s = h('span', { class: `swatch swatch-${shape}`, 'aria-hidden': 'true' });
  if (shape === 'fill' || shape === 'dot' || shape === 'square' || shape === 'marker') s.style.background = color;
  else s.style.borderColor = color;
  if (shape === 'hex' || shape === 'ring') s.style.background = `${color}40`;
  if (shape === 'marker') s.textContent = '1';
  return s;
}
function row(color: string, label: string, shape: Shape = 'fill') {
  return h('li', {}, swatch(color, shape), h('span', {}, label));
}
function rangeRows(breaks: number[], palette: string[], digits: number, unit = '') {
  const rows: HTMLElement[] = [];
  const n = breaks.length + 1;
  const colorAt = (i: number) => palette[n >= palette.length ? i : Math.round((i / Math.max(1, breaks.length)) * (palette.length - 1))];
  for (let i = 0; i < n; i++) {
    const lo = i === 0 ? null : breaks[i - 1];
    const hi = i < breaks.length ? breaks[i] : null;
    const label =
      lo === null
        ? `up to ${fmt(hi, digits)}${unit}`
        : hi === null
          ? `over ${fmt(lo, digits)}${unit}`
          : `${fmt(lo, digits)}–${fmt(hi, digits)}${unit}`;
    rows.push(row(colorAt(i), label));
  }
  return rows;
}

export interface LegendInput {
  state: AppState;
  data: Loaded | null;
  offline: boolean;
  hexBreaks: number[];
  hexMetric: 'count' | 'harm';
  harmUnit: string;
  rateBreaks: number[];
  playing: boolean;
  harmLabel: string;
  /** The symbols the tools draw on the map now (tools/toolLayers.ts mapSymbols). */
  symbols: MapSymbol[];
}

export function renderLegend(el: HTMLElement, i: LegendInput): void {
  const { state: s, data: d } = i;
  const blocks: HTMLElement[] = [];
  const err = (k: keyof Loaded['errors']) => (d?.errors[k] ? h('p', { class: 'legend-error' }, `Not available: ${d.errors[k]}`) : null);
  if (s.layers.has('hotspots')) {
    const sw = (b: number) => h('span', { class: 'swatch', style: { background: BIN_COLORS[b] }, title: BIN_LABELS[b] });
    // Only the bins this significance level can produce: a 90% column at α = 0.05 would promise a
    // class of hot spot the map can never draw.
    const levels = attainableLevels(s.alpha);
    const missing = BIN_LEVELS.filter((l) => !levels.includes(l.level));
    const grid = h(
      'div',
      { class: 'bin-grid', role: 'table', 'aria-label': 'Hotspot colours by confidence', 'data-bins': levels.join(',') },
      h(
        'div',
        { role: 'row', style: { display: 'contents' } },
        h('span', { role: 'columnheader' }, 'Confidence'),
        levels.map((l) => h('span', { class: 'lbl', role: 'columnheader' }, BIN_LEVELS.find((b) => b.level === l)!.confidence)),
      ),
      h(
        'div',
        { role: 'row', style: { display: 'contents' } },
        h('span', { role: 'rowheader' }, 'Hot spot'),
        levels.map((b) => h('span', { role: 'cell', 'aria-label': BIN_LABELS[b] }, sw(b))),
      ),
      h(
        'div',
        { role: 'row', style: { display: 'contents' } },
        h('span', { role: 'rowheader' }, 'Cold spot'),
        levels.map((b) => h('span', { role: 'cell', 'aria-label': BIN_LABELS[-b] }, sw(-b))),
      ),
    );
    grid.style.gridTemplateColumns = `auto repeat(${levels.length}, 1fr)`;
    blocks.push(
      h(
        'section',
        { 'data-legend': 'hotspots' },
        h('h3', {}, `${i.harmLabel} hotspots (Gi*)`),
        grid,
        h(
          'p',
          { class: 'hint' },
          missing.length
            ? `At α = ${s.alpha}: ${attainableConfidenceWords(s.alpha)} only (${missing.map((m) => `${m.confidence} needs α = ${m.maxP}`).join(', ')}). Uncoloured: no significant cluster.`
            : 'Uncoloured: no significant cluster.',
        ),
        err('hotspots'),
      ),
    );
  }
  if (s.layers.has('overlap')) {
    const outline = s.layers.has('hotspots');
    blocks.push(
      h(
        'section',
        { 'data-legend': 'overlap' },
        h('h3', {}, 'Violence and ASB hotspots'),
        h(
          'ul',
          {},
          (['both', 'violence', 'asb'] as const).map((c) => row(OVERLAP_COLORS[c], OVERLAP_LABELS[c], outline ? 'outline' : 'fill')),
        ),
        outline ? h('p', { class: 'hint' }, 'Drawn as outlines over the hotspots.') : null,
        // A layer without weight has no hot cells; the overlap view must not look like a finding.
        (['violence', 'asb'] as const)
          .filter((k) => d?.overlap?.[k].weighted === false)
          .map((k) =>
            h(
              'p',
              { class: 'legend-warning', 'data-unweighted': k },
              `${k === 'asb' ? 'ASB' : 'Violence'} has no weight in this weighting, so it has no hot cells to overlap.`,
            ),
          ),
        err('overlap'),
      ),
    );
  }
  if (s.layers.has('hexes')) {
    blocks.push(
      h(
        'section',
        { 'data-legend': 'hexes' },
        h(
          'h3',
          {},
          i.hexMetric === 'harm' ? `${i.harmLabel}: weighted harm per cell (${i.harmUnit})` : `${i.harmLabel}: incidents per cell`,
        ),
        h('ul', {}, rangeRows(i.hexBreaks, SEQ_COLORS, i.hexMetric === 'harm' && (i.hexBreaks[i.hexBreaks.length - 1] ?? 0) < 100 ? 1 : 0)),
        i.playing ? h('p', { class: 'hint' }, 'Colours held fixed across months.') : null,
        err('hexes'),
      ),
    );
  }
  if (s.layers.has('trends')) {
    const present = new Set((d?.trends?.cells ?? []).map((c) => trendKey(c.class)));
    const keys = Object.keys(TREND_COLORS).filter((k) => present.size === 0 || present.has(k));
    blocks.push(
      h(
        'section',
        { 'data-legend': 'trends' },
        h('h3', {}, 'Emerging hotspots'),
        h(
          'ul',
          {},
          keys.map((k) => row(TREND_COLORS[k], TREND_LABELS[k] ?? k)),
          [...present].some((k) => k.startsWith('cold-')) ? row(COLD_TREND_COLOR, 'Cold spot patterns') : null,
        ),
        err('trends'),
      ),
    );
  }
  if (s.shade === 'rate') {
    blocks.push(
      h(
        'section',
        { 'data-legend': 'rate' },
        h('h3', {}, `${i.harmLabel} per 1,000 residents per month`),
        h('ul', {}, rangeRows(i.rateBreaks, GREY_RAMP, 2), row('transparent', 'Fewer than 3 incidents: not shown')),
        err('wards'),
      ),
    );
  } else if (s.shade === 'imd') {
    blocks.push(
      h(
        'section',
        { 'data-legend': 'imd' },
        h('h3', {}, 'Deprivation: IMD 2019 decile'),
        h(
          'ul',
          {},
          DECILE_CLASSES.slice().map((c, idx) => row(GREY_RAMP[GREY_RAMP.length - 1 - idx], c.label)),
        ),
      ),
    );
  } else if (s.shade === 'childpov') {
    blocks.push(
      h(
        'section',
        { 'data-legend': 'childpov' },
        h('h3', {}, 'Children in low-income families'),
        h('ul', {}, rangeRows(CHILD_POVERTY_BREAKS, GREY_RAMP, 0, '%')),
      ),
    );
  }
  if (s.layers.has('wardLines') || s.layers.has('lsoa') || i.offline) {
    blocks.push(
      h(
        'section',
        { 'data-legend': 'wardLines' },
        h(
          'ul',
          {},
          s.layers.has('wardLines')
            ? row(WARD_LINE_COLOR, 'Ward boundary and name', 'line')
            : i.offline
              ? row(WARD_BASE_LINE_COLOR, 'Ward boundary', 'line')
              : null,
          s.layers.has('lsoa') || i.offline
            ? row(s.layers.has('lsoa') ? LSOA_LINE_COLOR : LSOA_BASE_LINE_COLOR, 'Neighbourhood (LSOA) boundary', 'line')
            : null,
        ),
        i.offline ? h('p', { class: 'hint' }, 'Offline basemap: boundaries only, no streets.') : null,
      ),
    );
  }
  if (i.symbols.length) {
    blocks.push(
      h(
        'section',
        { 'data-legend': 'tools' },
        h('h3', {}, 'Operational tools'),
        h(
          'ul',
          {},
          i.symbols.map((m) => {
            const r = row(m.color, m.label, m.shape);
            r.dataset.symbol = m.key;
            return r;
          }),
        ),
      ),
    );
  }
  if (s.ward || s.cell) {
    blocks.push(
      h(
        'section',
        { 'data-legend': 'selection' },
        h(
          'ul',
          {},
          s.ward ? row(SELECTED_WARD_COLOR, 'Selected ward', 'outline') : null,
          s.cell ? row(SELECTED_CELL_COLOR, 'Selected cell', 'outline') : null,
        ),
      ),
    );
  }
  if (d?.errors.wards) blocks.push(h('p', { class: 'legend-error' }, `Wards not available: ${d.errors.wards}`));
  const body = h('div', { class: 'legend-body', id: 'legend-body', hidden: !legendOpen }, blocks);
  const toggle = h('button', {
    type: 'button',
    class: 'legend-toggle',
    'aria-expanded': String(legendOpen),
    'aria-controls': 'legend-body',
    onclick: () => {
      legendOpen = !legendOpen;
      body.hidden = !legendOpen;
      toggle.setAttribute('aria-expanded', String(legendOpen));
      arrow.textContent = legendOpen ? '▾' : '▸';
    },
  });
  const arrow = h('span', { 'aria-hidden': 'true' }, legendOpen ? '▾' : '▸');
  toggle.append(arrow, 'Legend');
  el.replaceChildren(h('h2', { class: 'visually-hidden' }, 'Legend'), toggle, body);
  el.hidden = blocks.length === 0;
}

/** Open on wide screens, folded on phones (the user can open it). */
let legendOpen = typeof window === 'undefined' || window.innerWidth > 820;
