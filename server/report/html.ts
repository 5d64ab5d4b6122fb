import type { ReportData, HarmSection } from './data';
import { escapeHtml as e, fmtCount, fmtHarm, fmtNum, fmtPct, fmtSigned, monthName, periodLabel } from './format';
import { svgMap, type MapLayerCell } from './svgMap';
import { harmShortLabel } from '../../geo/harmGroups';
import { BIN_COLORS, BIN_LABELS, OVERLAP_CLASSES, OVERLAP_COLORS, OVERLAP_LABELS, PATROL_MARKER_COLOR } from '../../geo/palette';

// The map's own colours and labels, so a class reads the same on screen and on paper.
const OVERLAP_COLOURS: Record<string, [string, string]> = Object.fromEntries(
  OVERLAP_CLASSES.map((c) => [c, [OVERLAP_COLORS[c], OVERLAP_LABELS[c]]]),
);
const BIN_COLOURS: Record<number, [string, string]> = Object.fromEntries([3, 2, 1].map((b) => [b, [BIN_COLORS[b], BIN_LABELS[b]]]));
const CONFIDENCE: Record<number, string> = { 3: '99%', 2: '95%', 1: '90%' };

const CSS = `
@page { size: A4; margin: 14mm 13mm 16mm 13mm; }
* { box-sizing: border-box; }
body { font-family: Arial, Helvetica, "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 10pt; color: #111; margin: 0; line-height: 1.35; }
h1 { font-size: 19pt; margin: 0 0 2mm; }
h2 { font-size: 14pt; margin: 0 0 3mm; border-bottom: 2px solid #111; padding-bottom: 1mm; }
h3 { font-size: 11.5pt; margin: 5mm 0 2mm; }
p { margin: 0 0 2mm; }
.section { margin-top: 7mm; }
/* The map fills page 1; later sections flow on, each table kept whole with its heading, so no page
   holds a few spill-over rows. A block taller than a page still breaks, with its header repeated. */
.section.first { break-before: page; margin-top: 0; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
.block { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
.sub { color: #333; font-size: 11pt; margin-bottom: 3mm; }
/* Auto widths fitted to the page: headings and names wrap at spaces, so a table is only as wide as
   its longest words and never runs past the right margin; figures stay on one line. */
table { border-collapse: collapse; width: 100%; max-width: 100%; margin: 0 0 3mm; font-size: 8.5pt; }
th, td { border: 1px solid #999; padding: 0.8mm 1.3mm; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { background: #e8ecef; font-weight: bold; vertical-align: bottom; }
td.n, th.n { text-align: right; }
/* Figures, and a ward name heading its row, stay on one line so pdftotext and readers see the row whole. */
td.n, td.name { white-space: nowrap; }
.h3 { font-size: 7pt; white-space: nowrap; }
tr { break-inside: avoid; }
tfoot td { font-weight: bold; background: #f4f6f8; }
.kpis { display: flex; gap: 3mm; margin: 3mm 0; }
.kpi { flex: 1; border: 1px solid #999; padding: 2mm 3mm; }
.kpi .v { font-size: 15pt; font-weight: bold; }
.kpi .l { font-size: 8.5pt; color: #333; }
.legend { display: flex; flex-wrap: wrap; gap: 4mm; font-size: 8.5pt; margin: 2mm 0; }
.sw { display: inline-block; width: 10px; height: 10px; margin-right: 1.5mm; vertical-align: middle; border: 1px solid #555; }
.mapbox { border: 1px solid #999; width: 99.7%; }
.note { font-size: 8.5pt; color: #333; }
ul { margin: 0 0 2mm 5mm; padding-left: 3mm; }
li { margin-bottom: 1mm; }
.card { border: 1px solid #999; padding: 3mm; margin-bottom: 3mm; }
dl.params { display: grid; grid-template-columns: 45mm 1fr; gap: 0.6mm 3mm; font-size: 9pt; margin: 0; }
dl.params dt { font-weight: bold; }
dl.params dd { margin: 0; }
`;

function table(head: string[], rows: string[][], numeric: boolean[], foot?: string[]): string {
  const cls = (i: number) => (numeric[i] ? ' class="n"' : '');
  return (
    `<table><thead><tr>${head.map((h, i) => `<th${cls(i)}>${h}</th>`).join('')}</tr></thead><tbody>` +
    rows
      .map((r) => `<tr>${r.map((c, i) => `<td${numeric[i] ? ' class="n"' : i === 0 ? ' class="name"' : ''}>${c}</td>`).join('')}</tr>`)
      .join('') +
    '</tbody>' +
    (foot ? `<tfoot><tr>${foot.map((c, i) => `<td${cls(i)}>${c}</td>`).join('')}</tr></tfoot>` : '') +
    '</table>'
  );
}

function legend(items: [string, string][]): string {
  return `<div class="legend">${items.map(([c, l]) => `<span><span class="sw" style="background:${c}"></span>${e(l)}</span>`).join('')}<span><span class="sw" style="background:${PATROL_MARKER_COLOR};border-radius:50%"></span>Patrol place (rank)</span></div>`;
}

function mapSection(d: ReportData): string {
  const overlapMode = d.harms.some((h) => h.id === 'violence') && d.harms.some((h) => h.id === 'asb');
  let cells: MapLayerCell[];
  let items: [string, string][];
  if (overlapMode) {
    cells = d.overlap.cells.map((c) => ({ h3: c.h3, fill: OVERLAP_COLOURS[c.class][0] }));
    items = OVERLAP_CLASSES.map((c) => OVERLAP_COLOURS[c]);
  } else {
    cells = d.harms[0].mapCells.map((c) => ({ h3: c.h3, fill: BIN_COLOURS[c.bin][0] }));
    items = [3, 2, 1].map((b) => BIN_COLOURS[b]).map(([c, l]) => [c, `${d.harms[0].label}: ${l.toLowerCase()}`]);
  }
  const primary = d.harms[0];
  const markers = primary.patrol.places.map((p) => ({ lon: p.centre[0], lat: p.centre[1], label: String(p.rank) }));
  // Square: with the title, headline boxes, legend and note it leaves a margin on page 1 for a third line of subtitle.
  const svg = svgMap({ wards: d.wards, focus: d.focus, cells, markers, highlight: d.area.kind === 'ward', aspect: 1 });
  return (
    `<div class="mapbox">${svg}</div>` +
    legend(items) +
    `<p class="note">Significant Gi* hot cells (H3 resolution ${d.parameters.hotspotResolution}, Benjamini-Hochberg FDR at alpha ${d.parameters.alpha}) for ${e(periodLabel(d.from, d.to))}; numbered dots are the ${e(primary.label.toLowerCase())} patrol places. Ward boundaries: current wards.</p>`
  );
}

/** The column heading says "on or near"; repeating it in every row only widens the table. */
function onOrNear(street: string): string {
  return street.replace(/^on or near\s+/i, '') || '–';
}

function changeCell(x: number | null): string {
  return x === null ? '–' : `${fmtSigned(x, 1)}%`;
}

const NO_EARLIER = 'no earlier data';

/** The baseline's column heading and short name, e.g. "Previous period (2025-03 to 2025-05)". */
function baselineName(d: ReportData): string {
  const w = d.comparison.window ?? d.comparison.wanted;
  const span = w ? (w.from === w.to ? monthName(w.from) : `${w.from} to ${w.to}`) : '';
  if (d.comparison.baseline === 'average3') return `Average of the 3 periods before${span ? ` (${span})` : ''}`;
  return `${d.months === 1 ? 'Previous month' : 'Previous period'}${span ? ` (${span})` : ''}`;
}

/** A baseline figure: whole counts for the previous period, one decimal for an average. */
function baselineValue(x: number | null, d: ReportData): string {
  if (x === null) return NO_EARLIER;
  return d.comparison.baseline === 'average3' ? fmtNum(x, 1) : fmtCount(x);
}

function changeValue(x: number | null, d: ReportData): string {
  if (x === null) return NO_EARLIER;
  return d.comparison.baseline === 'average3' ? fmtSigned(x, 1) : fmtSigned(x, 0);
}

function harmKpi(h: HarmSection, d: ReportData): string {
  const where = d.area.kind === 'ward' ? d.area.name : 'borough';
  const compare =
    h.previousTotal === null
      ? `${e(baselineName(d))}: ${NO_EARLIER}`
      : `${e(baselineName(d))}: ${baselineValue(h.previousTotal, d)} (${changeValue(h.change, d)}, ${changeCell(h.changePct)})`;
  const harm = d.weighted ? ` · harm ${fmtHarm(h.harmTotal)} ${e(d.weightUnit)}` : '';
  return `<div class="kpi"><div class="l">${e(h.label)}, ${e(where)}</div><div class="v">${fmtCount(h.total)}</div><div class="l">${compare}${harm} · hot cells${d.area.kind === 'ward' ? ' in the ward' : ''}: ${fmtCount(h.hotCells)}</div></div>`;
}

function hotspotSection(d: ReportData): string[] {
  return d.harms.map((h) => {
    // Under a harm weighting the cells are tested on harm, so the harm is printed beside the count.
    const w = d.weighted;
    const rows = h.hotspots.map((c) => [
      String(c.rank),
      e(onOrNear(c.street)),
      e(c.ward),
      fmtCount(c.count),
      ...(w ? [fmtHarm(c.value)] : []),
      fmtNum(c.z, 2),
      CONFIDENCE[c.bin] ?? '–',
      e(c.emerging),
      `<span class="h3">${c.h3}</span>`,
    ]);
    return (
      `<h3>${e(h.label)}: top hot cells</h3>` +
      (rows.length
        ? table(
            [
              '#',
              'Main location (on or near)',
              'Ward',
              'Count',
              ...(w ? [`Harm (${e(d.weightUnit)})`] : []),
              'Gi* z',
              'Confidence',
              'Emerging class (12 months)',
              'H3 cell',
            ],
            rows,
            [true, false, false, true, ...(w ? [true] : []), true, true, false, false],
          )
        : `<p>No significant ${e(h.label.toLowerCase())} hot cells in this area for the period.</p>`)
    );
  });
}

function wardTable(h: HarmSection, d: ReportData): string {
  const held = d.comparison.window !== null;
  const w = d.weighted;
  // A Mann-Kendall trend needs three or more months in the period.
  const withTrend = d.months >= 3;
  const compareHead = held ? [e(baselineName(d)), 'Change', 'Change %'] : ['Change'];
  const head = [
    'Ward',
    'Count',
    'Rate per 1,000 / month',
    ...(w ? [`Harm (${e(d.weightUnit)})`] : []),
    ...compareHead,
    ...(withTrend ? [`Trend (${d.months} months, Mann-Kendall)`] : []),
  ];
  const numeric = [false, true, true, ...(w ? [true] : []), ...compareHead.map(() => true), ...(withTrend ? [false] : [])];
  const compareCells = (previous: number | null, change: number | null, pct: number | null) =>
    held ? [baselineValue(previous, d), changeValue(change, d), changeCell(pct)] : [NO_EARLIER];
  const rows = [...h.wards]
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    .map((r) => [
      e(r.name),
      fmtCount(r.count),
      fmtNum(r.rate, 2),
      ...(w ? [fmtHarm(r.harm)] : []),
      ...compareCells(r.previous, r.change, r.changePct),
      ...(withTrend ? [r.trend === 'none' ? '–' : r.trend] : []),
    ]);
  const foot =
    d.area.kind === 'borough'
      ? [
          'Borough',
          fmtCount(h.total),
          '',
          ...(w ? [fmtHarm(h.harmTotal)] : []),
          ...compareCells(h.previousTotal, h.change, h.changePct),
          ...(withTrend ? [''] : []),
        ]
      : undefined;
  return `<h3>${e(h.label)}</h3>` + table(head, rows, numeric, foot);
}

function overlapSection(d: ReportData): string[] {
  const o = d.overlap;
  const top = o.wards.filter((w) => w.both + w.violence + w.asb > 0).slice(0, d.area.kind === 'ward' ? 1 : 10);
  // The overlap statistics are always the borough's; a ward pack says so on every box.
  const b = d.area.kind === 'ward' ? ', borough' : '';
  // One block: the boxes, their note and the ward table read together, and printing them whole keeps
  // the ward table from standing alone on a page.
  return [
    `<div class="kpis">` +
      `<div class="kpi"><div class="l">Jaccard (both / either)${b}</div><div class="v">${fmtNum(o.jaccard, 3)}</div><div class="l">permutation p ${fmtNum(o.pJaccard, 3)}</div></div>` +
      `<div class="kpi"><div class="l">Cells hot for both${b}</div><div class="v">${fmtCount(o.both)}</div><div class="l">of ${fmtCount(o.union)} hot for either</div></div>` +
      `<div class="kpi"><div class="l">Violence hot cells${b}</div><div class="v">${fmtCount(o.violenceHot)}</div><div class="l">ASB hot cells: ${fmtCount(o.asbHot)}</div></div>` +
      `<div class="kpi"><div class="l">Overlap coefficient${b}</div><div class="v">${fmtNum(o.overlapCoefficient, 3)}</div><div class="l">CLQ violence→ASB ${fmtNum(o.clqViolenceToAsb, 2)}, ASB→violence ${fmtNum(o.clqAsbToViolence, 2)}</div></div>` +
      `</div>` +
      `<p class="note">Borough-wide figures (all study-area cells at H3 resolution ${d.parameters.hotspotResolution}) for ${e(periodLabel(d.from, d.to))}. A Jaccard of 1 means the two hot-spot maps are identical, 0 that they share no cell. A co-location quotient above 1 means the nearest neighbour of one type is the other type more often than chance.</p>` +
      `<h3>${d.area.kind === 'ward' ? 'This ward' : 'Wards with most overlapping hot cells'}</h3>` +
      (top.length
        ? table(
            ['Ward', 'Hot for both', 'Violence only', 'ASB only'],
            top.map((w) => [e(w.name), fmtCount(w.both), fmtCount(w.violence), fmtCount(w.asb)]),
            [false, true, true, true],
          )
        : '<p>No violence or ASB hot cells in this area for the period.</p>'),
  ];
}

function contextSection(d: ReportData): string {
  const rows = [...d.context]
    .sort((a, b) => (a.imdDecile ?? 99) - (b.imdDecile ?? 99) || a.name.localeCompare(b.name))
    .map((c) => [
      e(c.name),
      fmtCount(c.population),
      fmtNum(c.imdDecile, 0),
      fmtNum(c.imdScore, 1),
      fmtCount(c.childrenLowIncome),
      fmtPct(c.childPovertyRate),
      ...d.harms.map((h) => fmtNum(c.rates[h.id], 2)),
    ]);
  return (
    table(
      [
        'Ward',
        'Population',
        'IMD 2019 decile',
        'IMD score',
        'Children in low-income families',
        'Child poverty rate',
        ...d.harms.map((h) => `${e(h.id === 'categories' ? h.label : harmShortLabel(h.id))} rate per 1,000 / month`),
      ],
      rows,
      [false, true, true, true, true, true, ...d.harms.map(() => true)],
    ) +
    `<p class="note">IMD decile 1 is the most deprived 10% of neighbourhoods in England (population-weighted average of LSOA 2019 ranks, allocated to current wards). Children in low-income families: DWP relative low income, 2021/22, allocated to wards by area; rate = share of children aged 0-15. Context describes places, not people: deprivation does not explain or predict any one incident.</p>`
  );
}

function patrolSection(d: ReportData): string[] {
  return d.harms
    .map((h) => {
      const p = h.patrol;
      // A ward pack lists the borough plan's places that lie in the ward.
      const places = d.area.kind === 'ward' ? p.places.filter((pl) => pl.ward === d.area.name) : p.places;
      const rows = places.map((pl) => [
        String(pl.rank),
        e(pl.streets.slice(0, 3).map(onOrNear).join('; ') || '–'),
        e(pl.ward),
        String(pl.visits),
        fmtCount(pl.count),
        fmtPct(pl.share),
      ]);
      return (
        `<h3>${e(h.label)}: ${p.places.length} place${p.places.length === 1 ? '' : 's'} covering ${fmtPct(p.coveredShare)} of the borough's ${e(h.label.toLowerCase())}</h3>` +
        (d.area.kind === 'ward' ? `<p>${places.length} of the borough plan's places lie in ${e(d.area.name)}.</p>` : '') +
        `<p class="note">Significant hot cells (tested at H3 resolution ${d.parameters.patrolResolution}) over ${e(periodLabel(p.from, p.to))}, cut into places no more than 300 m across so one visit covers a place on foot, and ranked by the harm they hold; ${d.parameters.patrolMinutes} minutes at about ${d.parameters.minutesPerVisit} minutes a visit gives ${p.visitsAvailable} visits, shared out by harm, from ${p.candidatePlaces} candidate places.${p.setAside ? ` Set aside: ${fmtCount(p.setAside)} incidents police.uk places at prisons, hospitals, police stations and courts, which no foot patrol can address.` : ''}</p>` +
        (rows.length
          ? table(['#', 'Streets (on or near)', 'Ward', 'Visits', 'Incidents', 'Share of borough'], rows, [
              true,
              false,
              false,
              true,
              true,
              true,
            ])
          : d.area.kind === 'ward'
            ? ''
            : '<p>No significant hot places for this harm in the window.</p>')
      );
    })
    .concat(
      d.harms[0].patrol.guidance.length
        ? [`<h3>Guidance</h3><ul>${d.harms[0].patrol.guidance.map((g) => `<li>${e(g)}</li>`).join('')}</ul>`]
        : [],
    );
}

const PARAMETER_LABELS: Record<string, string> = {
  period: 'Period',
  comparison: 'Comparison',
  area: 'Area',
  harm: 'Harm type',
  weight: 'Weighting',
  asbWeight: 'ASB weight',
  hotspotResolution: 'Hot-spot cells (H3 resolution)',
  k: 'Neighbourhood rings (k)',
  alpha: 'Significance level (alpha, after FDR)',
  inference: 'Inference',
  seed: 'Seed',
  overlapPermutations: 'Overlap permutations',
  trendWindow: 'Emerging hot spot window',
  patrolResolution: 'Patrol cells (H3 resolution)',
  patrolMinutes: 'Patrol minutes',
  minutesPerVisit: 'Minutes per visit',
};

function comparisonSentence(d: ReportData): string {
  const what =
    d.comparison.baseline === 'average3'
      ? 'the average of the three periods of the same length just before it'
      : 'the previous period of the same length';
  const same =
    d.comparison.baseline === 'average3'
      ? "asked for instead of the app's default, the previous period of the same length"
      : "the same comparison as the app's ward table and ward panel";
  const w = d.comparison.window;
  if (w) return `Comparison: the period against ${what} (${e(w.from)} to ${e(w.to)}), ${same}.`;
  const wanted = d.comparison.wanted;
  return `Comparison: the period against ${what}${wanted ? ` (${e(wanted.from)} to ${e(wanted.to)})` : ''}, ${same}; the data held start at ${e(d.firstMonthHeld)}, so those months are not all held and the pack says "${NO_EARLIER}" rather than compare with a part-period or with zero.`;
}

function methodSection(d: ReportData): string[] {
  return [
    `<div class="card"><h3 style="margin-top:0">Parameters</h3><dl class="params">${Object.entries(d.parameters)
      .map(([k, v]) => `<dt>${e(PARAMETER_LABELS[k] ?? k)}</dt><dd>${e(String(v))}</dd>`)
      .join('')}</dl></div>`,
    `<div class="card"><h3 style="margin-top:0">Method</h3><ul>` +
      `<li>Counts are police.uk recorded crime and ASB incidents in the current wards, by month. Rates are incidents per 1,000 residents per month (ONS mid-2022 population).${d.weighted ? ` Hot spots and patrol places are tested on harm (${e(String(d.parameters.weight))}); counts and change stay in incidents, as in the app.` : ''}</li>` +
      (d.clipped
        ? `<li>Period: asked for ${e(d.requested.from)} to ${e(d.requested.to)}; the data held run from ${e(d.firstMonthHeld)} to ${e(d.lastMonthHeld)}, so the pack covers ${e(d.from)} to ${e(d.to)} (${d.months} month${d.months === 1 ? '' : 's'}) and compares it with periods of that length.</li>`
        : '') +
      `<li>${comparisonSentence(d)}</li>` +
      `<li>Hot spots: Getis-Ord Gi* on H3 cells with Benjamini-Hochberg false discovery rate control; confidence bins as in ArcGIS (90/95/99%).</li>` +
      `<li>Emerging classes: ArcGIS Emerging Hot Spot Analysis (as R sfdep): monthly Gi* and a Mann-Kendall trend of each cell's z-scores.</li>` +
      `<li>Ward trend (periods of 3 or more months): Mann-Kendall test on the ward's monthly counts in the period.</li>` +
      `<li>Patrol plan: Koper-curve visits to the few merged hot places that fit the minutes available.</li></ul></div>`,
    `<div class="card"><h3 style="margin-top:0">Data caveats</h3><ul>${[...d.caveats.data, ...d.caveats.hotspot, ...(d.weighted ? d.caveats.weight : []), d.caveats.trend, ...d.caveats.overlap].map((c) => `<li>${e(c)}</li>`).join('')}` +
      `<li>No personal data: the pack uses published police.uk records (month, category, anonymised map point, "on or near" street) and area statistics only.</li></ul></div>`,
  ];
}

/**
 * A section of blocks that each print whole; the heading travels with the first block, so a
 * heading never ends a page.
 */
function section(title: string, blocks: string[], first = false): string {
  const [head = '', ...rest] = blocks;
  return `<section class="section${first ? ' first' : ''}"><div class="block"><h2>${e(title)}</h2>${head}</div>${rest.map((b) => `<div class="block">${b}</div>`).join('')}</section>`;
}

/** The tasking-meeting pack as one printable A4 HTML document with inline CSS and an SVG map. */
export function reportHtml(d: ReportData): string {
  const period = periodLabel(d.from, d.to);
  const title = `Tasking-meeting pack: ${d.area.name}`;
  const compare = d.comparison.window
    ? `compared with the ${baselineName(d).replace(/^./, (c) => c.toLowerCase())}`
    : `${NO_EARLIER} to compare with (the ${baselineName(d).replace(/^./, (c) => c.toLowerCase())} is not wholly inside the data held)`;
  const clip = d.clipped
    ? ` Asked for ${e(periodLabel(d.requested.from, d.requested.to))}; the data held run from ${e(d.firstMonthHeld)} to ${e(d.lastMonthHeld)}, so the period is the ${d.months} month${d.months === 1 ? '' : 's'} held.`
    : '';
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>${e(title)}, ${e(period)}</title><style>${CSS}</style></head>
<body>
<section>
<h1>${e(title)}</h1>
<div class="sub"><strong>Period: ${e(period)}</strong>, ${e(compare)}.${clip} ${e(String(d.parameters.harm))}; weighting ${e(String(d.parameters.weight))}; H3 resolution ${e(String(d.parameters.hotspotResolution))}, alpha ${e(String(d.parameters.alpha))}.${d.area.code ? ` Ward code ${e(d.area.code)}.` : ''} Latest month held: ${e(d.lastMonthHeld)}. Generated ${e(d.generated)}.</div>
<div class="kpis">${d.harms.map((h) => harmKpi(h, d)).join('')}</div>
${mapSection(d)}
</section>
${section('Top hot spots', hotspotSection(d), true)}
${section(
  'Wards: counts, rates and change',
  d.harms.map(
    (h, i) =>
      (i === 0
        ? `<p class="note">${e(period)}; ${comparisonSentence(d).replace(/^Comparison: the period against/, 'change is against')}</p>`
        : '') + wardTable(h, d),
  ),
)}
${section('Violence and ASB overlap', overlapSection(d))}
${section('Deprivation and child poverty context', [contextSection(d)])}
${section('Patrol plan summary', patrolSection(d))}
${section('Method card and data caveats', methodSection(d))}
${section('Sources and licences', [`<ul>${d.attributions.map((a) => `<li>${e(a)}</li>`).join('')}</ul>`])}
</body></html>`;
}
