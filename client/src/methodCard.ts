/**
 * The method card: the parameters behind what is on screen (from the API's `method` blocks), the
 * data period, and the caveats a reader must keep in mind.
 */
import { binRuleSentence } from '../../geo/binsForAlpha';
import { cellSizeWords, cellWidthWords } from '../../geo/cellSize';
import type { Meta, MethodBlock, OverlapResponse } from './api';
import type { Loaded } from './data';
import { fmt, h } from './dom';
import { annotateTerms } from './glossary';
import { monthLabel, rangeLabel } from '../../geo/month';
import type { AppState } from './state/url';

export const CAVEATS = [
  'Locations are approximate: police.uk snaps every incident to one of about 750,000 anonymous map points (over a street centre, public place or premises), so many incidents share a point and a point is not an address.',
  'Dates are months only: an incident is known to have happened in a month, not on a day or at an hour.',
  'Counts show the volume of recorded incidents, not anyone’s personal risk: busy places (town centres, shops, stations) attract more incidents because more people are there.',
  'Recorded crime depends on reporting and recording; anti-social behaviour in particular is under-reported.',
  'Hotspots use Getis-Ord Gi* over H3 hexagons with a Benjamini–Hochberg false discovery rate correction. Neighbouring cells are not independent, so the correction is approximate under spatial dependence.',
  'Cell size and the time window change what looks hot: check a hotspot at more than one setting before acting on it.',
];

function paramRows(m: MethodBlock | undefined): [string, string][] {
  if (!m) return [];
  const rows: [string, string][] = [];
  const skip = new Set([
    'caveats',
    'warnings',
    'parameters',
    'from',
    'to',
    'harm',
    'categories',
    'res',
    'asbWeight',
    'weightUnit',
    'inferenceMode',
    'attainableBins',
    'smallestP',
    'cellsNeededAtFloor',
  ]);
  const label: Record<string, string> = {
    statistic: 'Statistic',
    k: 'Neighbourhood rings (k)',
    alpha: 'Significance level (α)',
    weight: 'Weighting',
    permutations: 'Permutations',
    seed: 'Seed',
    n: 'Cells in the study area',
    mean: 'Mean per cell',
    sd: 'Standard deviation',
    hotCells: 'Hot cells',
    coldCells: 'Cold cells',
    correction: 'Multiple testing',
    allocation: 'Allocation',
    neighbours: 'Neighbours',
    inference: 'Inference',
    multipleTesting: 'Multiple testing',
    bins: 'Confidence bins',
    total: 'Total value',
    jaccard: 'Jaccard',
    overlapCoefficient: 'Overlap coefficient',
    permutationTest: 'Permutation test',
    clq: 'Co-location quotient',
    wardOfCell: 'Ward of a cell',
    steps: 'Steps',
    trend: 'Trend test',
    rate: 'Rate',
    ebRate: 'Smoothed rate',
    population: 'Population',
    deprivation: 'Deprivation',
    expected: 'Expected harm',
    wardSet: 'Wards',
    months: 'Months',
    previousFrom: 'Previous period from',
    previousTo: 'Previous period to',
    inferenceWhy: 'Why this test',
    inferenceNote: 'Smallest p and the correction',
    draws: 'Random draws',
    window: 'Period',
    comparison: 'Compared with',
    baseline: 'Baseline',
    clipped: 'Period clipped to the data',
  };
  const show = (k: string, v: unknown) => {
    if (v === null || v === undefined || typeof v === 'object') return;
    rows.push([label[k] ?? k, typeof v === 'number' ? fmt(v, Number.isInteger(v) ? 0 : 3) : String(v)]);
  };
  for (const [k, v] of Object.entries(m)) if (!skip.has(k)) show(k, v);
  return rows;
}

export function renderMethodCard(
  dialog: HTMLDialogElement,
  meta: Meta,
  s: AppState,
  d: Loaded | null,
  harmLabel: string,
  res: number,
  basemap: string,
  overlap: OverlapResponse | null = null,
  warnings: string[] = [],
): void {
  const ov = d?.overlap ?? overlap;
  const apiCaveats = new Set<string>();
  for (const m of [d?.hotspots?.method, d?.overlap?.method, d?.trends?.method, d?.wards?.metadata])
    for (const c of m?.caveats ?? []) apiCaveats.add(c);
  const scheme = meta.weightSchemes.find((w) => w.id === s.weight);
  const allWarnings = [...new Set([...warnings, ...(ov?.method?.warnings ?? [])])];
  const blocks: [string, MethodBlock | undefined][] = [
    ['Hotspots', d?.hotspots?.method],
    ['Violence and ASB overlap', d?.overlap?.method],
    ['Emerging hotspots', d?.trends?.method],
    ['Wards', d?.wards?.metadata],
  ];
  dialog.replaceChildren(
    h(
      'div',
      { class: 'panel-head' },
      h('h2', { id: 'method-title' }, 'How this map is made'),
      h('button', { type: 'button', class: 'btn btn-icon', 'aria-label': 'Close', onclick: () => dialog.close() }, '×'),
    ),
    h(
      'section',
      {},
      h('h3', {}, 'On screen now'),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, 'Harm'),
        h('dd', {}, harmLabel),
        h('dt', {}, 'Months'),
        h('dd', {}, `${rangeLabel(s.from, s.to)} (data held: ${monthLabel(meta.firstMonth)} to ${monthLabel(meta.lastMonth)})`),
        h('dt', {}, 'Data updated'),
        h('dd', {}, dataFreshness(meta)),
        h('dt', {}, 'Weighting'),
        h(
          'dd',
          {},
          s.weight === 'count'
            ? 'Count (every incident counts once)'
            : `${scheme?.label ?? s.weight}${scheme?.source ? `. Source: ${scheme.source}` : ''}. ASB weight: ${s.asbWeight ?? 'scheme default'} (an assumption: ASB has no published weight).`,
        ),
        h('dt', {}, 'Cells'),
        h(
          'dd',
          {},
          `${cellSizeWords(res)} (${cellWidthWords(res)} across); every figure uses this size at any zoom until you choose another`,
        ),
        h('dt', {}, 'Confidence'),
        h(
          'dd',
          {},
          `${Math.round((1 - s.alpha) * 100)}% (α = ${s.alpha}), after Benjamini–Hochberg false discovery rate correction. ${binRuleSentence(s.alpha)}`,
        ),
        // Which test ran, and why, in the analyst's words (the server's method block says it).
        ...(d?.hotspots?.method?.inference
          ? [h('dt', {}, 'Test'), h('dd', {}, `${String(d.hotspots.method.inference)}. ${String(d.hotspots.method.inferenceWhy ?? '')}`)]
          : []),
        h('dt', {}, 'Basemap'),
        h('dd', {}, basemap),
      ),
    ),
    ...(allWarnings.length
      ? [
          h(
            'section',
            { class: 'method-warnings' },
            h('h3', {}, 'Warnings about these settings'),
            h(
              'ul',
              {},
              allWarnings.map((w) => h('li', {}, `${w}.`)),
            ),
          ),
        ]
      : []),
    h(
      'section',
      {},
      h('h3', {}, 'Read with care'),
      h(
        'ul',
        { class: 'caveats' },
        [...CAVEATS, ...[...apiCaveats].filter((c) => !CAVEATS.includes(c))].map((c) => h('li', {}, c)),
      ),
    ),
    ...(ov
      ? [
          h(
            'section',
            {},
            h('h3', {}, 'Violence and ASB overlap: figures'),
            h(
              'dl',
              { class: 'facts' },
              h('dt', {}, 'Hot cells: violence / ASB / both'),
              h('dd', {}, `${fmt(ov.violence.hot)} / ${fmt(ov.asb.hot)} / ${fmt(ov.both)}`),
              h('dt', {}, 'Jaccard index'),
              h(
                'dd',
                {},
                `${fmt(ov.jaccard, 3)}${ov.pJaccard !== null ? ` (permutation p = ${fmt(ov.pJaccard, 3)}${ov.permutations ? `, ${fmt(ov.permutations)} permutations` : ''})` : ''}`,
              ),
              h('dt', {}, 'Overlap coefficient'),
              h('dd', {}, fmt(ov.overlapCoefficient, 3)),
              ov.clq
                ? [
                    h('dt', {}, 'Co-location quotient'),
                    h(
                      'dd',
                      {},
                      `violence → ASB ${fmt(ov.clq.violenceToAsb, 2)}, ASB → violence ${fmt(ov.clq.asbToViolence, 2)} (1 = as expected by chance)`,
                    ),
                  ]
                : null,
            ),
          ),
        ]
      : []),
    ...blocks
      .filter(([, m]) => m)
      .map(([title, m]) =>
        h(
          'section',
          {},
          h('h3', {}, title),
          h(
            'dl',
            { class: 'facts' },
            paramRows(m).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
          ),
        ),
      ),
    h(
      'section',
      {},
      h('h3', {}, 'Method references'),
      h(
        'ul',
        {},
        h('li', {}, 'Getis & Ord (1992), Ord & Getis (1995): the Gi* statistic; confidence bins as in ArcGIS Hot Spot Analysis.'),
        h('li', {}, 'Benjamini & Hochberg (1995): false discovery rate.'),
        h('li', {}, 'Jaccard index and overlap coefficient for the violence/ASB overlap; Leslie & Kronenfeld (2011) co-location quotient.'),
        h('li', {}, 'Emerging hot spot classes as in ArcGIS Emerging Hot Spot Analysis and R sfdep (monthly Gi* with Mann-Kendall).'),
        h('li', {}, 'Rates per 1,000 residents per month; empirical-Bayes smoothing for small wards.'),
      ),
    ),
  );
  // Each statistical term gets its plain meaning where it first appears on the card.
  annotateTerms(dialog, 'dt, dd, h3, li');
}

/** When the data was imported and, if it came from police.uk's API, fetched. */
function dataFreshness(meta: Meta): string {
  const day = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
  const parts = [`latest month ${monthLabel(meta.lastMonth)}`];
  if (meta.fetchedAt) parts.push(`fetched from police.uk on ${day(meta.fetchedAt)}`);
  if (meta.importedAt) parts.push(`imported on ${day(meta.importedAt)}`);
  return `${parts.join('; ')}. police.uk publishes a month about 7 to 8 weeks after it ends.`;
}
