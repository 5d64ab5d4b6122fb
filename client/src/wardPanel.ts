/**
 * The ward panel: monthly trend by harm type, top categories, change against the previous
 * period, deprivation and child poverty with their sources. The glance figures come from the
 * /api/wards answer the map already holds; everything else from one GET /api/wards/:code/summary.
 */
import { api, plainError, type FilterParams, type Meta, type WardFeature, type WardSummaryResponse, type WardsResponse } from './api';
import { lineChart, type Series } from './chart';
import { fmt, h, signed } from './dom';
import { annotateTerms, termLabel } from './glossary';
import { rangeLabel } from '../../geo/month';
import { HARM_SERIES_COLORS, NEUTRAL_SERIES_COLOR } from '../../geo/palette';
import { changeText, wardCountText } from './tooltip';

const NO_EARLIER = 'no earlier data';

/**
 * Why the two child figures differ (83% against 34% in Newtown): they measure different things,
 * in different years, over different areas, and a reader comparing them needs to know which.
 */
export function childMeasuresNote(idaciPct: number, cilifPct: number): string {
  return (
    `Why ${fmt(idaciPct, 0)}% and ${fmt(cilifPct, 0)}% differ: they are different measures. ` +
    'IDACI 2025 counts children in families on low incomes or out-of-work benefits by the Indices of Deprivation’s 2025 method (which gives much higher rates than the 2019 one), ' +
    'worked out for each small neighbourhood and averaged over the ward. ' +
    'Children in low-income families counts only families below 60% of the typical UK income before housing costs, for the year to March 2022, ' +
    'and is published for larger areas that are shared among wards by where children live, so a ward much poorer than its surroundings comes out lower.'
  );
}

interface PanelWindows {
  requested: { from: string; to: string };
  used: { from: string; to: string } | null;
  /** The comparison months the server used; null when they are not all held (no change shown). */
  previous: { from: string; to: string } | null;
  baselineName: string;
  dataHeld: { from: string; to: string } | null;
}

type WardsMetadata = WardsResponse['metadata'];

/**
 * The windows behind the ward figures, as /api/wards reports them in its metadata (the server
 * clips the period to the data held and drops a comparison that is not wholly held).
 */
function panelWindows(md: WardsMetadata | null, f: FilterParams): PanelWindows {
  const requested = { from: f.from, to: f.to };
  if (!md) return { requested, used: requested, previous: null, baselineName: 'the previous period', dataHeld: null };
  const baselineName = md.baseline === 'average3' ? 'the average of the 3 periods before' : 'the previous period';
  return { requested, used: md.used, previous: md.previous, baselineName, dataHeld: md.dataHeld };
}

function windowHint(w: PanelWindows): string {
  if (!w.used) return `${rangeLabel(w.requested.from, w.requested.to)}: no month of it is in the data held.`;
  const clipped = w.used.from !== w.requested.from || w.used.to !== w.requested.to;
  const period = clipped
    ? `${rangeLabel(w.used.from, w.used.to)} (asked for ${rangeLabel(w.requested.from, w.requested.to)}; the data held cover only these months)`
    : rangeLabel(w.used.from, w.used.to);
  if (!w.previous) {
    const start = w.dataHeld ? `: the data held start in ${rangeLabel(w.dataHeld.from, w.dataHeld.from)}` : '';
    return `${period}; ${NO_EARLIER} to compare with${start}.`;
  }
  return `${period}, compared with ${w.baselineName} (${rangeLabel(w.previous.from, w.previous.to)}).`;
}

/** A share (0..1) as a percentage, or null. */
const asPct = (v: number | null): number | null => (v === null ? null : v * 100);

/** "+22 on previous", or "previous –" when the comparison months are not all held. */
export function categoryChange(count: number, previousCount: number | null): string {
  return previousCount === null ? 'previous –' : `${signed(count - previousCount)} on previous`;
}

/** The summary's monthly series in the chart's words: the fixed groups solid, the chosen one dashed. */
function chartSeries(summary: WardSummaryResponse, label: (key: string) => string): Series[] {
  return Object.entries(summary.series).map(([key, values]) => {
    const fixed = key === 'violence' || key === 'asb';
    return { label: label(key), color: fixed ? HARM_SERIES_COLORS[key] : NEUTRAL_SERIES_COLOR, dash: fixed ? undefined : '4 3', values };
  });
}

/** Deprivation and child poverty as the summary gives them; a missing figure is shown as "–". */
function deprivationSection(summary: WardSummaryResponse): Node[] {
  const { imd2019, iod2025, idaci2025 } = summary.deprivation;
  const cp = summary.childPoverty;
  const idaci = asPct(idaci2025.rate);
  const cilif = asPct(cp.rate);
  const decile = (d: number | null) => (d === null ? '–' : `${fmt(d, d % 1 ? 1 : 0)} of 10 (1 = most deprived 10% in England)`);
  return [
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, termLabel('IMD 2019 decile', 'imd')),
      h('dd', {}, decile(imd2019.decile)),
      h('dt', {}, 'IMD 2019 score'),
      h('dd', {}, fmt(imd2019.score, 1)),
      h('dt', {}, 'IoD 2025 decile'),
      h('dd', {}, decile(iod2025.decile)),
      h('dt', {}, termLabel('IDACI 2025', 'idaci')),
      h('dd', {}, idaci !== null ? `${fmt(idaci, 1)}% of children aged 0–15 in income-deprived families` : '–'),
      h('dt', {}, termLabel('Children in low-income families', 'cilif')),
      h('dd', {}, `${fmt(cp.childrenLowIncome)}${cilif !== null ? ` (${fmt(cilif, 1)}% of children aged 0–15, ${cp.year})` : ''}`),
      h('dt', {}, `Residents (mid-${summary.population.year})`),
      h('dd', {}, fmt(summary.population.total)),
    ),
    idaci !== null && cilif !== null ? h('p', { class: 'hint idaci-note', id: 'idaci-vs-cilif' }, childMeasuresNote(idaci, cilif)) : null,
    h(
      'p',
      { class: 'hint' },
      'Neither is the after-housing-costs child poverty rate some local strategies quote (for example 65.4% for Newtown and 57.7% for Stainsby Hill on the old wards): that estimate comes from a different source and counts housing costs.',
    ),
  ].filter((n) => n !== null);
}

export interface WardPanelDeps {
  meta: Meta;
  onClose(): void;
  harmLabel(harm: string): string;
}

export class WardPanel {
  /** The /api/wards answer's metadata block: the windows used and the method notes. */
  wardsMeta: WardsMetadata | null = null;
  private reqId = 0;
  private lastKey = '';
  constructor(
    private el: HTMLElement,
    private deps: WardPanelDeps,
  ) {}

  close(): void {
    this.el.hidden = true;
    this.lastKey = '';
    this.el.replaceChildren();
  }

  /** A series key in words: a harm group's label, or the names of the categories of `cat:a,b`. */
  private seriesLabel(key: string): string {
    if (!key.startsWith('cat:')) return this.deps.harmLabel(key);
    return key
      .slice(4)
      .split(',')
      .map((slug) => this.deps.meta.categories.find((c) => c.slug === slug)?.name ?? slug)
      .join(', ');
  }

  async show(ward: WardFeature, f: FilterParams, harm: string, hotCells: number, bothCells: number | null, focus: boolean): Promise<void> {
    const key = JSON.stringify([ward.properties.code, f, hotCells, bothCells, ward.properties.count]);
    if (key === this.lastKey && !this.el.hidden) return;
    this.lastKey = key;
    const p = ward.properties;
    const id = ++this.reqId;
    const md = this.wardsMeta;
    const win = panelWindows(md, f);
    const prev = win.previous;
    const trend = p.trend;
    const trendText =
      trend.direction === 'up'
        ? `Rising month on month (Mann-Kendall test, p = ${fmt(trend.p, 3)})`
        : trend.direction === 'down'
          ? `Falling month on month (Mann-Kendall test, p = ${fmt(trend.p, 3)})`
          : 'No clear trend over the months';
    const glance: [string | Node, string][] = [
      [this.deps.harmLabel(harm), wardCountText(p)],
      [
        p.ebRate !== null ? termLabel('Per 1,000 residents a month', 'smoothed') : 'Per 1,000 residents a month',
        `${fmt(p.rate, 2)}${p.ebRate !== null ? ` (smoothed ${fmt(p.ebRate, 2)})` : ''}`,
      ],
      [
        prev ? `Change on ${win.baselineName} (${rangeLabel(prev.from, prev.to)})` : `Change on ${win.baselineName}`,
        prev === null ? NO_EARLIER : changeText(p),
      ],
      [trend.direction !== 'none' ? termLabel('Trend', 'trend') : 'Trend', trendText],
      [termLabel('Hot cells in the ward', 'hotCell'), fmt(hotCells)],
    ];
    if (bothCells !== null) glance.push(['Cells hot for violence and ASB', fmt(bothCells)]);
    if (p.observedExpected !== null) {
      glance.push([
        termLabel('Against what deprivation predicts', 'indirect'),
        `${fmt(p.observedExpected, 2)}× the harm expected for its IMD deciles`,
      ]);
    }
    const loading = () => h('div', { class: 'panel-loading' }, 'Loading…');
    const chartBox = h('div', { class: 'panel-loading' }, 'Loading the monthly figures…');
    const catsBox = loading();
    const deprivationBox = loading();
    const sourcesBox = h('ul', { class: 'sources' }, h('li', { class: 'panel-loading' }, 'Loading…'));
    this.el.replaceChildren(
      h(
        'div',
        { class: 'panel-head' },
        h('h2', { id: 'ward-panel-title' }, `${p.name} ward`),
        h(
          'button',
          { type: 'button', class: 'btn btn-icon', 'aria-label': `Close ${p.name} ward panel`, onclick: () => this.deps.onClose() },
          '×',
        ),
      ),
      h('p', { class: 'hint' }, windowHint(win)),
      h(
        'section',
        {},
        h('h3', {}, 'At a glance'),
        h(
          'dl',
          { class: 'facts' },
          glance.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
        ),
      ),
      h('section', {}, h('h3', {}, 'Month by month'), chartBox),
      h('section', {}, h('h3', {}, 'Top categories'), catsBox),
      h('section', {}, h('h3', {}, 'Deprivation and child poverty'), deprivationBox),
      h('section', {}, h('h3', {}, 'Sources'), sourcesBox),
    );
    this.el.hidden = false;
    if (focus) this.el.focus();

    let summary: WardSummaryResponse;
    try {
      summary = await api.wardSummary(p.code, f);
    } catch (e) {
      if (id !== this.reqId) return;
      const why = `Not available: ${plainError(e)}.`;
      for (const box of [chartBox, catsBox, deprivationBox]) box.textContent = why;
      sourcesBox.replaceChildren(h('li', {}, why));
      return;
    }
    if (id !== this.reqId) return;
    const series = chartSeries(summary, (k) => this.seriesLabel(k));
    chartBox.className = '';
    chartBox.replaceChildren(
      series.length && summary.months.length
        ? lineChart(
            summary.months,
            series,
            `${p.name}: incidents per month by harm type, ${rangeLabel(summary.months[0], summary.months[summary.months.length - 1])}`,
          )
        : h('p', {}, 'No monthly figures.'),
    );
    const cats = summary.categories
      .filter((c) => c.count > 0)
      .sort((a, b) => b.count - a.count)
      .slice(0, 6);
    const max = Math.max(1, ...cats.map((c) => c.count));
    catsBox.className = '';
    catsBox.replaceChildren(
      cats.length
        ? h(
            'ol',
            { class: 'bars' },
            cats.map((c) =>
              h(
                'li',
                {},
                h('span', { class: 'bar-label' }, c.name),
                h('span', { class: 'bar', style: { width: `${Math.round((c.count / max) * 100)}%` }, 'aria-hidden': 'true' }),
                h('span', { class: 'bar-value' }, `${fmt(c.count)} (${categoryChange(c.count, c.previousCount)})`),
              ),
            ),
          )
        : h('p', {}, 'No incidents in these months.'),
    );
    deprivationBox.className = '';
    deprivationBox.replaceChildren(...deprivationSection(summary));
    // The datasets come from the summary; the methods of the glance figures from /api/wards.
    const methods: [string, string | undefined][] = [
      ['Rate', md?.rate],
      ['Smoothed rate', md?.ebRate],
      ['Trend', md?.trend],
      ['Expected harm', md?.expected],
    ];
    const sources = [...Object.entries(summary.sources), ...methods.filter((m): m is [string, string] => !!m[1])];
    sourcesBox.replaceChildren(...sources.map(([k, v]) => h('li', {}, h('strong', {}, `${k}: `), v)));
    // The sources name methods too (Mann-Kendall, empirical Bayes): explained where not already.
    annotateTerms(this.el, '.sources li');
  }
}
