import type { Store } from '../db/openStore';
import { comparisonLabel, comparisonWindow, type Baseline, type MonthWindow } from '../../geo/comparisonWindow';
import { categoryName } from '../../geo/categories';
import { HARM_GROUPS, harmGroup } from '../../geo/harmGroups';
import { selectedRows, type IncidentCube } from './cube';
import { usedWindow, type Selection } from './selection';
import { currentAreas, datasetInfo, type DatasetInfo } from './areas';
import { round } from './hexes';
import { LSOA_COUNT, wardContext } from './wardContext';

/** Thrown for a code that is not a current ward; the route answers 404 naming the code. */
export class UnknownWardError extends Error {
  constructor(readonly code: string) {
    super(`no current ward has the code ${code}`);
    this.name = 'UnknownWardError';
  }
}

/** Where a figure comes from: the store's record of the dataset imported (null when not imported). */
export type SourceRef = DatasetInfo | null;

export interface WardSummaryCategory {
  slug: string;
  name: string;
  /** Incidents of this category in the ward over the used window. */
  count: number;
  /** The same over the comparison window (a per-period mean for `average3`); null when it is not wholly held. */
  previousCount: number | null;
  /** Whether the filter selects this category (the panel lists every category). */
  selected: boolean;
}

export interface WardSummary {
  code: string;
  name: string;
  /** The window asked for. */
  from: string;
  to: string;
  /** The part of it the data holds; null when it holds none of it. */
  used: MonthWindow | null;
  /** The held months of the used window, oldest first; every series aligns with them. */
  months: string[];
  /**
   * Counts per month for the series the panel draws, keyed as its fallback keys them: `violence`,
   * `asb`, the filter's harm group when another, `cat:<slugs>` for a category filter.
   */
  series: Record<string, number[]>;
  /** Counts per month for every harm group (the map's groups), keyed by group id. */
  groups: Record<string, number[]>;
  /** Every category held, most incidents first (ties by slug). */
  categories: WardSummaryCategory[];
  /** The filter's selection in the used window: incidents, harm under its weight scheme, and both per month. */
  current: { count: number; harm: number; monthly: number[]; monthlyHarm: number[] };
  /** The comparison window; null when the used window is null or the months before are not all held. */
  previous: { from: string; to: string; count: number; harm: number } | null;
  baseline: Baseline;
  comparison: string;
  weight: string;
  population: { total: number | null; children: number | null; year: 2022; source: SourceRef };
  deprivation: {
    imd2019: { score: number | null; rank: number | null; decile: number | null; of: number; method: string; source: SourceRef };
    iod2025: { decile: number | null; of: number; method: string; source: SourceRef };
    idaci2025: { rate: number | null; method: string; source: SourceRef };
  };
  childPoverty: {
    children: number | null;
    childrenLowIncome: number | null;
    rate: number | null;
    year: string;
    measure: string;
    method: string;
    source: SourceRef;
  };
  /** Plain-words sources for the panel's list (title: provenance and licence). */
  sources: Record<string, string>;
  /** Always false: the wards endpoint suppresses no count (see `suppression`). */
  suppressed: false;
  suppression: string;
}

export interface WardSummaryOptions {
  /** What the period is compared with; the previous period of equal length by default, as /api/wards. */
  baseline?: Baseline;
}

/** The same rule as /api/wards and docs/API.md: ward counts are shown as they are. */
export const WARD_SUPPRESSION_RULE =
  'none: the wards endpoint suppresses no count (police.uk data is already public and a ward total names no one), so neither does this summary';

const POLICE_SOURCE =
  'police.uk street-level crime and ASB, Cleveland Police (Open Government Licence v3.0); points snapped to anonymous map points, dates by month';

function sourceText(s: SourceRef): string | null {
  return s ? `${s.title}. ${s.source} (${s.licence})` : null;
}

function monthIndexOf(cube: IncidentCube, w: MonthWindow | null): { lo: number; hi: number } {
  if (!w) return { lo: 0, hi: -1 };
  const lo = cube.months.findIndex((m) => m >= w.from);
  let hi = -1;
  for (let i = cube.months.length - 1; i >= 0; i--)
    if (cube.months[i] <= w.to) {
      hi = i;
      break;
    }
  return lo < 0 ? { lo: 0, hi: -1 } : { lo, hi };
}

/**
 * One current ward's panel figures for a selection, from one pass over the cube: monthly series by
 * harm group, every category now and in the comparison window, the selection's count and harm
 * against that window, deprivation, child poverty and population with their datasets.
 *
 * The windows follow /api/wards (geo/comparisonWindow): the period is clipped to the months held,
 * and a comparison is given only when all its months are held. Like /api/wards (and byWard), the
 * selection's excluded locations are not applied: they belong to the hot-spot tools.
 */
export function wardSummary(db: Store, cube: IncidentCube, code: string, sel: Selection, opts: WardSummaryOptions = {}): WardSummary {
  const area = currentAreas(db, 'ward', sel.area).find((a) => a.code === code);
  if (!area) throw new UnknownWardError(code);
  const used = usedWindow(cube, sel);
  const comparison = comparisonWindow(used, cube.months, opts.baseline ?? 'previous');
  const now = { lo: sel.monthLo, hi: sel.monthHi };
  const prev = monthIndexOf(cube, comparison.window);
  const nMonths = Math.max(0, now.hi - now.lo + 1);
  const nCats = cube.categories.length;

  // [category][month - now.lo] in the window, and per category over the comparison window.
  const grid = new Float64Array(nCats * nMonths);
  const before = new Float64Array(nCats);
  const w = cube.wards.indexOf(code);
  if (w >= 0) {
    const { rows, start, end } = selectedRows(cube, {
      monthLo: Math.min(now.lo, prev.lo),
      monthHi: Math.max(now.hi, prev.hi),
      area: sel.area,
    });
    for (let j = start; j < end; j++) {
      const i = rows === null ? j : rows[j];
      if (cube.wardOf[i] !== w) continue;
      const m = cube.monthOf[i];
      const c = cube.categoryOf[i];
      if (m >= now.lo && m <= now.hi) grid[c * nMonths + (m - now.lo)] += 1;
      else if (m >= prev.lo && m <= prev.hi) before[c] += 1;
    }
  }

  const catIndex = new Map(cube.categories.map((s, i) => [s, i]));
  const seriesOf = (slugs: readonly string[]): number[] => {
    const out = new Array<number>(nMonths).fill(0);
    for (const s of new Set(slugs)) {
      const c = catIndex.get(s);
      if (c === undefined) continue;
      for (let m = 0; m < nMonths; m++) out[m] += grid[c * nMonths + m];
    }
    return out;
  };
  const groups = Object.fromEntries(HARM_GROUPS.map((g) => [g.id, seriesOf(g.categories)]));
  const series: Record<string, number[]> = { violence: groups.violence, asb: groups.asb };
  if (sel.harm && !(sel.harm in series) && harmGroup(sel.harm)) series[sel.harm] = groups[sel.harm];
  // A category filter is the selection's categories when no harm group chose them (resolveSelection).
  const allHeld = sel.categories.length === nCats && cube.categories.every((s) => sel.categories.includes(s));
  if (!sel.harm && !allHeld) series[`cat:${sel.categories.join(',')}`] = seriesOf(sel.categories);

  const perPeriod = (x: number) => round(x / comparison.periods);
  const monthly = new Array<number>(nMonths).fill(0);
  const monthlyHarm = new Array<number>(nMonths).fill(0);
  let prevCount = 0;
  let prevHarm = 0;
  const categories: WardSummaryCategory[] = cube.categories.map((slug, c) => {
    let count = 0;
    for (let m = 0; m < nMonths; m++) {
      const k = grid[c * nMonths + m];
      count += k;
      if (sel.selected[c] === 1) {
        monthly[m] += k;
        monthlyHarm[m] += k * sel.weight[c];
      }
    }
    if (sel.selected[c] === 1) {
      prevCount += before[c];
      prevHarm += before[c] * sel.weight[c];
    }
    return {
      slug,
      name: categoryName(slug) ?? slug,
      count,
      previousCount: comparison.window ? perPeriod(before[c]) : null,
      selected: sel.selected[c] === 1,
    };
  });
  categories.sort((a, b) => b.count - a.count || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));

  const ctx = wardContext(db).get(code);
  const info = (dataset: string): SourceRef => datasetInfo(db, dataset) ?? null;
  const src = {
    population: info('population-mid2022-ward'),
    imd2019: info('imd2019'),
    iod2025: info('iod2025'),
    idaci2025: info('idaci2025-ward'),
    cilif: info('cilif-relative'),
  };
  const sources: Record<string, string> = { 'Crime and ASB': POLICE_SOURCE };
  const named: [string, SourceRef][] = [
    ['Population', src.population],
    ['IMD 2019', src.imd2019],
    ['IoD 2025', src.iod2025],
    ['IDACI 2025', src.idaci2025],
    ['Child poverty', src.cilif],
  ];
  for (const [k, s] of named) {
    const text = sourceText(s);
    if (text) sources[k] = text;
  }

  return {
    code,
    name: area.name,
    from: sel.from,
    to: sel.to,
    used,
    months: cube.months.slice(now.lo, now.hi + 1),
    series,
    groups,
    categories,
    current: {
      count: monthly.reduce((a, b) => a + b, 0),
      harm: round(monthlyHarm.reduce((a, b) => a + b, 0)),
      monthly,
      monthlyHarm: monthlyHarm.map((x) => round(x)),
    },
    previous: comparison.window
      ? { from: comparison.window.from, to: comparison.window.to, count: perPeriod(prevCount), harm: perPeriod(prevHarm) }
      : null,
    baseline: comparison.baseline,
    comparison: comparisonLabel(comparison),
    weight: sel.scheme.id,
    population: { total: ctx?.population ?? null, children: ctx?.children ?? null, year: 2022, source: src.population },
    deprivation: {
      imd2019: {
        score: ctx?.imdScore ?? null,
        rank: ctx?.imdRank ?? null,
        decile: ctx?.imdDecile ?? null,
        of: LSOA_COUNT.lsoa11,
        method:
          'population-weighted average LSOA 2011 rank allocated to wards by area x population; decile of that rank among 32,844 LSOAs',
        source: src.imd2019,
      },
      iod2025: {
        decile: ctx?.iod2025Decile ?? null,
        of: LSOA_COUNT.lsoa21,
        method: 'population-weighted average LSOA 2021 IMD 2025 rank; decile of that rank among 33,755 LSOAs',
        source: src.iod2025,
      },
      idaci2025: {
        rate: ctx?.idaci2025 ?? null,
        method: 'LSOA 2021 IDACI rates weighted by children aged 0-15 (mid-2022), best fit to current wards',
        source: src.idaci2025,
      },
    },
    childPoverty: {
      children: ctx?.children ?? null,
      childrenLowIncome: ctx?.childrenLowIncome ?? null,
      rate: ctx?.childPovertyRate ?? null,
      year: 'FYE 2022',
      measure: 'children aged 0-15 in relative low income families (before housing costs)',
      method: 'MSOA 2011 counts split over LSOA 2021 parts by children aged 0-15, then to wards by area',
      source: src.cilif,
    },
    sources,
    suppressed: false,
    suppression: WARD_SUPPRESSION_RULE,
  };
}
