/**
 * The ward panel: monthly trend by harm type, top categories, change against the previous
 * period, deprivation and child poverty with their sources. It asks the server for
 * GET /api/wards/:code/summary; while that endpoint is missing it builds the same figures from
 * /api/wards calls per month and per category (slower, more requests).
 */
import { api, ApiError, plainError, type FilterParams, type Meta, type WardFeature, type WardSummary } from './api';
import { lineChart, type Series } from './chart';
import { fmt, h, signed } from './dom';
import { annotateTerms, termLabel } from './glossary';
import { addMonths, monthRange, monthSpan, rangeLabel } from '../../geo/month';
import { childPovertyIsShare, childPovertyPct } from './scales';
import { changeText, wardCountText } from './tooltip';

const SERIES_COLORS: Record<string, string> = { violence: '#b2182b', asb: '#0072b2', current: '#444444' };

export const DEFAULT_SOURCES: Record<string, string> = {
  'Crime and ASB': 'police.uk street-level crime, Cleveland Police (Open Government Licence v3.0). Points snapped to anonymous map points; dates by month.',
  Population: 'ONS mid-2022 population estimates (LSOA 2021), best-fit to 2023 wards (OGL v3.0).',
  'IMD 2019': 'MHCLG English Indices of Deprivation 2019, neighbourhoods (LSOA 2011), population-weighted to 2023 wards (OGL v3.0).',
  'IDACI 2025': 'MHCLG English Indices of Deprivation 2025, Income Deprivation Affecting Children Index: neighbourhood (LSOA 2021) rates weighted by their children aged 0–15 in mid-2022 (OGL v3.0).',
  'Child poverty': 'DWP and HMRC, Children in Low Income Families: relative low income before housing costs, children aged 0–15, year to March 2022, by middle-layer areas (MSOA 2011) shared among wards by where children live (OGL v3.0).',
};

async function pool<T>(jobs: (() => Promise<T>)[], n = 4): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, jobs.length) }, async () => {
    while (next < jobs.length) { const i = next++; out[i] = await jobs[i](); }
  }));
  return out;
}

/**
 * Builds the summary from /api/wards when /api/wards/:code/summary is not there: the monthly
 * series from each ward's `monthly` counts (one request per harm group), else one request per
 * month; the categories from one request per category (count and previousCount together).
 */
async function fallbackSummary(code: string, name: string, f: FilterParams, meta: Meta): Promise<WardSummary> {
  const months = monthRange(f.from, f.to);
  const keys = ['violence', 'asb'];
  if (f.harm && !keys.includes(f.harm)) keys.push(f.harm);
  if (f.categories) keys.push(`cat:${f.categories}`);
  const paramsFor = (k: string, from: string, to: string): FilterParams =>
    k.startsWith('cat:') ? { from, to, categories: k.slice(4) } : { from, to, harm: k };
  const wardIn = async (p: FilterParams) => (await api.wards(p)).features.find((x) => x.properties.code === code)?.properties;
  const series: Record<string, number[]> = {};
  const jobs: (() => Promise<void>)[] = [];
  for (const k of keys) {
    jobs.push(async () => {
      const w = await wardIn(paramsFor(k, f.from, f.to));
      if (w?.monthly && w.monthly.length === months.length) {
        series[k] = w.monthly.map((v) => (v === null || (w.suppressed && v < 3) ? -1 : v));
        return;
      }
      // No monthly counts in the response: ask month by month (the last 12 months at most).
      const recent = months.slice(-12);
      const vals = await pool(recent.map((m) => async () => {
        const x = await wardIn(paramsFor(k, m, m));
        return x && !x.suppressed && x.count !== null ? x.count : -1;
      }));
      series[k] = [...new Array(months.length - recent.length).fill(-1), ...vals];
    });
  }
  const cats: WardSummary['categories'] = meta.categories.map((c) => ({ slug: c.slug, name: c.name, count: 0 }));
  for (const c of cats) {
    jobs.push(async () => {
      const w = await wardIn(paramsFor(`cat:${c.slug}`, f.from, f.to));
      c.count = w && !w.suppressed && w.count !== null ? w.count : 0;
      if (w && !w.suppressed && typeof w.previousCount === 'number') c.previousCount = w.previousCount;
    });
  }
  await pool(jobs);
  return { code, name, from: f.from, to: f.to, months, series, categories: cats };
}

const NO_EARLIER = 'no earlier data';

/**
 * Why the two child figures differ (83% against 34% in Newtown): they measure different things,
 * in different years, over different areas, and a reader comparing them needs to know which.
 */
export function childMeasuresNote(idaciPct: number, cilifPct: number): string {
  return `Why ${fmt(idaciPct, 0)}% and ${fmt(cilifPct, 0)}% differ: they are different measures. ` +
    'IDACI 2025 counts children in families on low incomes or out-of-work benefits by the Indices of Deprivation’s 2025 method (which gives much higher rates than the 2019 one), ' +
    'worked out for each small neighbourhood and averaged over the ward. ' +
    'Children in low-income families counts only families below 60% of the typical UK income before housing costs, for the year to March 2022, ' +
    'and is published for larger areas that are shared among wards by where children live, so a ward much poorer than its surroundings comes out lower.';
}

interface PanelWindows {
  requested: { from: string; to: string };
  used: { from: string; to: string } | null;
  /** The comparison months the server used; null when they are not all held (no change shown). */
  previous: { from: string; to: string } | null;
  baselineName: string;
  dataHeld: { from: string; to: string } | null;
}

type Win = { from: string; to: string };
const isWin = (x: unknown): x is Win =>
  !!x && typeof x === 'object' && typeof (x as Win).from === 'string' && typeof (x as Win).to === 'string';

/**
 * The windows behind the ward figures, as /api/wards reports them in its metadata (the server
 * clips the period to the data held and drops a comparison that is not wholly held); without that
 * metadata, the previous period of equal length, as older servers computed it.
 */
function panelWindows(meta: unknown, f: FilterParams): PanelWindows {
  const md = (meta ?? {}) as Record<string, unknown>;
  const requested = { from: f.from, to: f.to };
  const baselineName = md.baseline === 'average3' ? 'the average of the 3 periods before' : 'the previous period';
  const dataHeld = isWin(md.dataHeld) ? md.dataHeld : null;
  if ('used' in md || 'previous' in md) {
    return { requested, used: isWin(md.used) ? md.used : null, previous: isWin(md.previous) ? md.previous : null, baselineName, dataHeld };
  }
  return { requested, used: requested, previous: { from: addMonths(f.from, -monthSpan(f.from, f.to)), to: addMonths(f.from, -1) }, baselineName, dataHeld };
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

export interface WardPanelDeps {
  meta: Meta;
  onClose(): void;
  harmLabel(harm: string): string;
}

export class WardPanel {
  /** The /api/wards response's metadata block (its method and source notes). */
  wardsMeta: unknown = null;
  private reqId = 0;
  private lastKey = '';
  constructor(private el: HTMLElement, private deps: WardPanelDeps) {}

  close(): void {
    this.el.hidden = true;
    this.lastKey = '';
    this.el.replaceChildren();
  }

  async show(ward: WardFeature, f: FilterParams, harm: string, hotCells: number, bothCells: number | null, allWards: WardFeature[], focus: boolean): Promise<void> {
    const key = JSON.stringify([ward.properties.code, f, hotCells, bothCells, ward.properties.count]);
    if (key === this.lastKey && !this.el.hidden) return;
    this.lastKey = key;
    const p = ward.properties;
    const id = ++this.reqId;
    const win = panelWindows(this.wardsMeta, f);
    const prev = win.previous;
    const harmLabel = this.deps.harmLabel(harm);
    const share = childPovertyIsShare(allWards.map((w) => w.properties));
    const cp = childPovertyPct(p, share);
    const idaci = p.idaci2025 !== null && p.idaci2025 !== undefined ? (p.idaci2025 <= 1 ? p.idaci2025 * 100 : p.idaci2025) : null;
    const trend = p.trend;
    const trendText = !trend || p.suppressed ? '–'
      : trend.direction === 'up' ? `Rising month on month (Mann-Kendall test, p = ${fmt(trend.p, 3)})`
        : trend.direction === 'down' ? `Falling month on month (Mann-Kendall test, p = ${fmt(trend.p, 3)})`
          : 'No clear trend over the months';
    const glance: [string | Node, string][] = [
      [`${harmLabel}`, wardCountText(p)],
      [p.ebRate !== undefined && p.ebRate !== null ? termLabel('Per 1,000 residents a month', 'smoothed') : 'Per 1,000 residents a month',
        p.suppressed ? '–' : `${fmt(p.rate, 2)}${p.ebRate !== undefined && p.ebRate !== null ? ` (smoothed ${fmt(p.ebRate, 2)})` : ''}`],
      [prev ? `Change on ${win.baselineName} (${rangeLabel(prev.from, prev.to)})` : `Change on ${win.baselineName}`,
        !p.suppressed && prev === null ? NO_EARLIER : changeText(p)],
      [trend && !p.suppressed && trend.direction !== 'none' ? termLabel('Trend', 'trend') : 'Trend', trendText],
      [termLabel('Hot cells in the ward', 'hotCell'), fmt(hotCells)],
    ];
    if (bothCells !== null) glance.push(['Cells hot for violence and ASB', fmt(bothCells)]);
    if (p.observedExpected !== undefined && p.observedExpected !== null && !p.suppressed) {
      glance.push([termLabel('Against what deprivation predicts', 'indirect'), `${fmt(p.observedExpected, 2)}× the harm expected for its IMD deciles`]);
    }
    const chartBox = h('div', { class: 'panel-loading' }, 'Loading the monthly figures…');
    const catsBox = h('div', {});
    const sources: Record<string, string> = { ...DEFAULT_SOURCES };
    const md = (this.wardsMeta ?? {}) as Record<string, unknown>;
    const take = (key: string, label: string) => { if (typeof md[key] === 'string') sources[label] = md[key] as string; };
    take('population', 'Population'); take('rate', 'Rate'); take('ebRate', 'Smoothed rate'); take('trend', 'Trend');
    take('deprivation', 'IMD 2019'); take('expected', 'Expected harm');
    const sourcesBox = h('ul', { class: 'sources' });
    // The sources name methods too (Mann-Kendall, empirical Bayes): explained where not already.
    const explainSources = () => { if (sourcesBox.isConnected) annotateTerms(this.el, '.sources li'); };
    const fillSources = () => { sourcesBox.replaceChildren(...Object.entries(sources).map(([k, v]) => h('li', {}, h('strong', {}, `${k}: `), v))); explainSources(); };
    fillSources();
    api.childPoverty('ward').then((cp) => {
      if (!cp.source) return;
      sources['Child poverty'] = [cp.measure, cp.source, cp.allocationNote, cp.note].filter(Boolean).join('. ');
      fillSources();
    }, () => {});
    this.el.replaceChildren(
      h('div', { class: 'panel-head' },
        h('h2', { id: 'ward-panel-title' }, `${p.name} ward`),
        h('button', { type: 'button', class: 'btn btn-icon', 'aria-label': `Close ${p.name} ward panel`, onclick: () => this.deps.onClose() }, '×')),
      h('p', { class: 'hint' }, windowHint(win)),
      h('section', {}, h('h3', {}, 'At a glance'), h('dl', { class: 'facts' }, glance.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))),
      h('section', {}, h('h3', {}, 'Month by month'), chartBox),
      h('section', {}, h('h3', {}, 'Top categories'), catsBox),
      h('section', {}, h('h3', {}, 'Deprivation and child poverty'),
        h('dl', { class: 'facts' },
          h('dt', {}, termLabel('IMD 2019 decile', 'imd')), h('dd', {}, p.imdDecile ? `${fmt(p.imdDecile, p.imdDecile % 1 ? 1 : 0)} of 10 (1 = most deprived 10% in England)` : '–'),
          h('dt', {}, 'IMD 2019 score'), h('dd', {}, fmt(p.imdScore, 1)),
          h('dt', {}, termLabel('IDACI 2025', 'idaci')), h('dd', {}, idaci !== null ? `${fmt(idaci, 1)}% of children aged 0–15 in income-deprived families` : '–'),
          h('dt', {}, termLabel('Children in low-income families', 'cilif')), h('dd', {}, `${fmt(p.childrenLowIncome)}${cp !== null ? ` (${fmt(cp, 1)}% of children aged 0–15)` : ''}`),
          h('dt', {}, 'Residents (mid-2022)'), h('dd', {}, fmt(p.population))),
        idaci !== null && cp !== null ? h('p', { class: 'hint idaci-note', id: 'idaci-vs-cilif' }, childMeasuresNote(idaci, cp)) : null,
        h('p', { class: 'hint' }, 'Neither is the after-housing-costs child poverty rate some local strategies quote (for example 65.4% for Newtown and 57.7% for Stainsby Hill on the old wards): that estimate comes from a different source and counts housing costs.')),
      h('section', {}, h('h3', {}, 'Sources'), sourcesBox),
    );
    this.el.hidden = false;
    explainSources();
    if (focus) this.el.focus();

    let summary: WardSummary;
    try {
      summary = await api.wardSummary(p.code, f);
    } catch (e) {
      if (!(e instanceof ApiError) || (e.status !== 404 && e.status !== 400)) console.warn('ward summary', e);
      try {
        summary = await fallbackSummary(p.code, p.name, f, this.deps.meta);
      } catch (e2) {
        if (id === this.reqId) chartBox.textContent = `Monthly figures not available: ${plainError(e2)}.`;
        return;
      }
    }
    if (id !== this.reqId) return;
    const suppressed = !!(summary.suppressed || p.suppressed);
    const series: Series[] = [];
    for (const [g, values] of Object.entries(summary.series)) {
      const label = g.startsWith('cat:') ? this.deps.harmLabel(g) : this.deps.harmLabel(g);
      series.push({
        label,
        color: SERIES_COLORS[g] ?? SERIES_COLORS.current,
        dash: g === 'violence' || g === 'asb' ? undefined : '4 3',
        // Counts of fewer than 3 in a suppressed ward are not shown.
        values: values.map((v) => (v < 0 || (suppressed && v < 3) ? null : v)),
      });
    }
    chartBox.className = '';
    chartBox.replaceChildren(series.length
      ? lineChart(summary.months, series, `${p.name}: incidents per month by harm type, ${rangeLabel(summary.months[0], summary.months[summary.months.length - 1])}`)
      : h('p', {}, 'No monthly figures.'));
    const cats = summary.categories.filter((c) => c.count > 0).sort((a, b) => b.count - a.count).slice(0, 6);
    const max = Math.max(1, ...cats.map((c) => c.count));
    catsBox.replaceChildren(cats.length
      ? h('ol', { class: 'bars' }, cats.map((c) => h('li', {},
        h('span', { class: 'bar-label' }, c.name ?? this.deps.meta.categories.find((x) => x.slug === c.slug)?.name ?? c.slug),
        h('span', { class: 'bar', style: { width: `${Math.round((c.count / max) * 100)}%` }, 'aria-hidden': 'true' }),
        h('span', { class: 'bar-value' }, `${suppressed && c.count < 3 ? 'fewer than 3' : fmt(c.count)}${c.previousCount !== undefined && c.previousCount >= 0 ? ` (${signed(c.count - c.previousCount)} on previous)` : ''}`))))
      : h('p', {}, 'No incidents in these months.'));
    if (summary.sources) {
      const entries = Array.isArray(summary.sources) ? summary.sources.map((s, i) => [String(i + 1), s] as const) : Object.entries(summary.sources);
      if (entries.length) sourcesBox.replaceChildren(...entries.map(([k, v]) => h('li', {}, Array.isArray(summary.sources) ? v : [h('strong', {}, `${k}: `), v])));
      annotateTerms(this.el, '.sources li');
    }
  }
}
