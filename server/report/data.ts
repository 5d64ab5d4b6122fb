import type { Store } from '../db/openStore';
import type { H3Resolution } from '../../geo/h3Bin';
import { addMonths, monthSpan } from '../../geo/month';
import { ALL_HARM_LABEL, harmGroup } from '../../geo/harmGroups';
import { categoryName } from '../../geo/categories';
import { categoryWeight, weightScheme } from '../../geo/harmWeights';
import { comparisonLabel, comparisonWindow, type Baseline, type Comparison, type MonthWindow } from '../../geo/comparisonWindow';
import { pointInPolygon } from '../../geo/pointInPolygon';
import { selectedRows, type IncidentCube } from '../services/cube';
import { getCube } from '../services/cube';
import { resolveSelection, usedWindow, type Selection } from '../services/selection';
import { wardFigures, type WardFigures } from '../services/wards';
import { hotspotsAsync, type HotspotOptions } from '../services/hotspots';
import { trendsAsync } from '../services/trends';
import { overlap } from '../services/overlap';
import { patrol } from '../services/patrol';
import { currentAreas, heldAreas, type Area } from '../services/areas';
import { studyCellWards } from '../services/cellWards';
import { studyArea } from '../services/studyArea';
import { round } from '../services/hexes';
import { ATTRIBUTIONS } from '../services/meta';
import { DATA_CAVEATS, HOTSPOT_CAVEATS } from '../services/caveats';
import type { ReportQuery } from './query';
import { inferenceOf } from '../routes/analytics';

/** Analysis parameters the pack fixes (the query carries the rest), shown on its method card. */
export const REPORT_PARAMETERS = {
  patrolRes: 9 as H3Resolution,
  overlapPermutations: 999,
  patrolMinutes: 120,
  patrolVisit: 15,
  trendMonths: 12,
  patrolMinMonths: 3,
  topHotspots: 10,
};

/** The defaults of /api/hotspots, for callers that pass a partial query. */
const HOTSPOT_DEFAULTS = { res: 9, k: 1, alpha: 0.05, permutations: 0, seed: 12345 };

export type ReportOptions = Partial<ReportQuery>;

export interface WardRow {
  code: string;
  name: string;
  count: number;
  harm: number;
  rate: number | null;
  /** The baseline count from /api/wards' own figures (an average for average3); null: no earlier data. */
  previous: number | null;
  change: number | null;
  changePct: number | null;
  trend: WardFigures['trend']['direction'];
}

export interface HarmSection {
  id: string;
  label: string;
  /** Figures of the pack's area: the ward for a ward pack, the sum over wards for the borough. */
  total: number;
  harmTotal: number;
  previousTotal: number | null;
  change: number | null;
  changePct: number | null;
  hotCells: number;
  hotspots: {
    rank: number;
    h3: string;
    ward: string;
    street: string;
    count: number;
    value: number;
    z: number;
    bin: number;
    emerging: string;
  }[];
  wards: WardRow[];
  figures: WardFigures[];
  patrol: {
    from: string;
    to: string;
    coveredShare: number;
    candidatePlaces: number;
    visitsAvailable: number;
    /** Incidents at institutions the plan set aside. */
    setAside: number;
    places: {
      rank: number;
      streets: string[];
      count: number;
      harm: number;
      share: number | null;
      centre: number[];
      ward: string;
      cells: number;
      visits: number;
    }[];
    guidance: string[];
  };
  mapCells: { h3: string; bin: number }[];
  inference: string | null;
}

export interface ReportData {
  /** The period asked for, and the part of it the data hold (the pack's period). */
  requested: MonthWindow;
  from: string;
  to: string;
  clipped: boolean;
  months: number;
  comparison: Comparison & { label: string };
  area: { kind: 'borough' | 'ward'; code: string | null; name: string };
  wards: Area[];
  focus: Area[];
  harms: HarmSection[];
  weighted: boolean;
  weightUnit: string;
  overlap: {
    violenceHot: number;
    asbHot: number;
    both: number;
    union: number;
    jaccard: number | null;
    overlapCoefficient: number | null;
    pJaccard: number | null;
    clqViolenceToAsb: number | null;
    clqAsbToViolence: number | null;
    wards: { code: string; name: string; both: number; violence: number; asb: number }[];
    cells: { h3: string; class: string }[];
  };
  context: {
    code: string;
    name: string;
    population: number | null;
    imdDecile: number | null;
    imdScore: number | null;
    childrenLowIncome: number | null;
    childPovertyRate: number | null;
    rates: Record<string, number | null>;
  }[];
  firstMonthHeld: string;
  lastMonthHeld: string;
  caveats: { data: readonly string[]; hotspot: readonly string[]; trend: string; overlap: string[]; weight: readonly string[] };
  parameters: Record<string, unknown>;
  attributions: readonly string[];
  generated: string;
}

export class ReportInputError extends Error {}

/** The requested period: the last month held by default, like a monthly tasking meeting. */
export function reportWindow(cube: IncidentCube, q: Pick<ReportOptions, 'from' | 'to'>): MonthWindow & { last: string } {
  const last = cube.months[cube.months.length - 1] ?? '2000-01';
  const to = q.to ?? (q.from && q.from > last ? q.from : last);
  const from = q.from ?? to;
  return { from, to, last };
}

/** The most frequent "On or near" locations of the selected incidents in each wanted cell. */
function cellStreets(cube: IncidentCube, res: H3Resolution, sel: Selection, wanted: Set<string>): Map<string, string> {
  const { of, ids } = cube.cells[res];
  const tallies = new Map<string, Map<string, number>>();
  const { rows, start, end } = selectedRows(cube, sel);
  for (let j = start; j < end; j++) {
    const i = rows === null ? j : rows[j];
    if (sel.selected[cube.categoryOf[i]] === 0) continue;
    const h3 = ids[of[i]];
    if (!wanted.has(h3)) continue;
    let t = tallies.get(h3);
    if (!t) tallies.set(h3, (t = new Map()));
    const loc = cube.locations[cube.locationOf[i]];
    t.set(loc, (t.get(loc) ?? 0) + 1);
  }
  const out = new Map<string, string>();
  for (const [h3, t] of tallies) {
    const top = [...t.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    out.set(h3, top ? top[0] : '');
  }
  return out;
}

interface SectionSpec {
  id: string;
  label: string;
  harm?: string;
  categories?: string[];
}

/** The pack's sections: the chosen harm group or categories, else violence and ASB side by side. */
function sections(q: ReportOptions, held: readonly string[]): SectionSpec[] {
  if (q.categories?.length) {
    const names = q.categories.map((c) => categoryName(c) ?? c);
    const all = held.every((c) => q.categories!.includes(c));
    const label = all ? ALL_HARM_LABEL : names.length <= 3 ? names.join(', ') : `${names.length} categories`;
    return [{ id: 'categories', label, categories: [...q.categories] }];
  }
  const ids = q.harm ? [q.harm] : ['violence', 'asb'];
  return ids.map((id) => ({ id, label: harmGroup(id)!.label, harm: id }));
}

/**
 * Every figure of the tasking-meeting pack, from the same services and the same selection the API
 * uses for the same query: ward counts and change come from wardFigures (as /api/wards), hot spots
 * from hotspots (as /api/hotspots), so a pack and the app agree for the same parameters.
 */
export async function buildReportData(db: Store, q: ReportOptions): Promise<ReportData> {
  const cube = getCube(db);
  const wards = currentAreas(db, 'ward', q.area);
  const wardName = new Map(wards.map((w) => [w.code, w.name]));
  const focusWard = q.ward ? wards.find((w) => w.code === q.ward) : undefined;
  if (q.ward && !focusWard) throw new ReportInputError(`ward: no current ward has the code ${q.ward}`);
  const inArea = (code: string | null | undefined) => !focusWard || code === focusWard.code;

  const requested = reportWindow(cube, q);
  const used = usedWindow(cube, requested);
  const first = cube.months[0] ?? requested.last;
  if (!used)
    throw new ReportInputError(
      `from: no month from ${requested.from} to ${requested.to} is held (the data hold ${first} to ${requested.last})`,
    );
  const months = monthSpan(used.from, used.to);
  const baseline = (q.baseline ?? 'previous') as Baseline;

  const P = REPORT_PARAMETERS;
  const weight = q.weight ?? 'count';
  const scheme = weightScheme(weight)!;
  const res = (q.res ?? HOTSPOT_DEFAULTS.res) as H3Resolution;
  // The whole query travels to the hot-spot service, as /api/hotspots passes it, so any inference
  // option it gains reaches the pack too; the defaults fill in for callers that pass less.
  const merged = { ...HOTSPOT_DEFAULTS, ...stripUndefined(q) };
  // The same inference choice /api/hotspots makes for the same query.
  const gi: HotspotOptions = { ...merged, inference: inferenceOf({ ...merged, weight }) } as HotspotOptions;
  const select = (spec: Pick<SectionSpec, 'harm' | 'categories'>, from: string, to: string) =>
    resolveSelection(cube, { from, to, harm: spec.harm, categories: spec.categories, area: q.area, weight, asbWeight: q.asbWeight });

  const cellWards = studyCellWards(db, res, q.area);
  const study = studyArea(db, res, q.area);
  const wardOfCell = new Map(study.map((h3, i) => [h3, cellWards[i]]));
  let comparison: Comparison | null = null;

  const harms: HarmSection[] = [];
  for (const spec of sections(q, cube.categories)) {
    const sel = select(spec, requested.from, requested.to);
    const fc = wardFigures(db, cube, sel, { baseline });
    comparison ??= comparisonWindow(fc.metadata.used, cube.months, baseline);
    const figures = fc.features.map((f) => f.properties);
    const wardRows: WardRow[] = figures.map((f) => ({
      code: f.code,
      name: f.name,
      count: f.count,
      harm: f.harm,
      rate: f.rate,
      previous: f.previousCount,
      change: f.change,
      changePct: f.changePct,
      trend: f.trend.direction,
    }));
    const mine = figures.filter((f) => inArea(f.code));
    const total = mine.reduce((s, f) => s + f.count, 0);
    const harmTotal = round(mine.reduce((s, f) => s + f.harm, 0));
    const previousTotal = fc.metadata.previous ? round(mine.reduce((s, f) => s + (f.previousCount ?? 0), 0)) : null;

    const spots = await hotspotsAsync(db, cube, res, sel, gi);
    const hot = spots.cells.filter((c) => c.bin > 0);
    const trendSel = select(spec, addMonths(used.to, -(P.trendMonths - 1)), used.to);
    // Emerging classes as /api/trends gives them: its inference, never conditional permutations.
    const trendInference = inferenceOf({ ...merged, permutations: 0, weight });
    const trendOpts = { k: gi.k, alpha: gi.alpha, inference: trendInference, seed: gi.seed };
    const emerging = new Map((await trendsAsync(db, cube, res, trendSel, trendOpts)).cells.map((c) => [c.h3, c.label]));
    const top = hot
      .filter((c) => inArea(wardOfCell.get(c.h3)))
      .sort((a, b) => b.z - a.z || b.count - a.count)
      .slice(0, P.topHotspots);
    const streets = cellStreets(cube, res, sel, new Set(top.map((c) => c.h3)));

    const patrolFrom = months >= P.patrolMinMonths ? used.from : addMonths(used.to, -(P.patrolMinMonths - 1));
    const plan = await patrol(db, cube, P.patrolRes, select(spec, patrolFrom, used.to), {
      ...gi,
      minutes: P.patrolMinutes,
      visit: P.patrolVisit,
    });
    const placeWard = (centre: number[]) => wards.find((w) => pointInPolygon(centre[0], centre[1], w.geometry))?.name ?? '(outside wards)';
    const guidance = (plan.method as { guidance?: unknown }).guidance;
    const inference = (spots.method as { inference?: unknown }).inference;

    harms.push({
      id: spec.id,
      label: spec.label,
      total,
      harmTotal,
      previousTotal,
      change: previousTotal === null ? null : round(total - previousTotal),
      changePct: previousTotal !== null && previousTotal > 0 ? round(((total - previousTotal) / previousTotal) * 100, 1) : null,
      hotCells: hot.filter((c) => inArea(wardOfCell.get(c.h3))).length,
      hotspots: top.map((c, i) => ({
        rank: i + 1,
        h3: c.h3,
        ward: wardName.get(wardOfCell.get(c.h3) ?? '') ?? '(border cell)',
        street: streets.get(c.h3) ?? '',
        count: c.count,
        value: c.value,
        z: c.z,
        bin: c.bin,
        emerging: emerging.get(c.h3) ?? 'No Pattern Detected',
      })),
      wards: wardRows.filter((r) => inArea(r.code)),
      figures: mine,
      patrol: {
        from: patrolFrom,
        to: used.to,
        coveredShare: plan.coveredShare,
        candidatePlaces: plan.candidatePlaces,
        visitsAvailable: plan.visitsAvailable,
        setAside: plan.setAside?.incidents ?? 0,
        places: plan.places.map((p) => ({
          rank: p.rank,
          streets: p.streets,
          count: p.count,
          harm: p.harm,
          share: p.share,
          centre: p.centre,
          ward: p.wardName ?? placeWard(p.centre),
          cells: p.cells.length,
          visits: p.visits,
        })),
        guidance: Array.isArray(guidance) ? guidance.map(String) : [],
      },
      mapCells: hot.map((c) => ({ h3: c.h3, bin: c.bin })),
      inference: typeof inference === 'string' ? inference : null,
    });
  }
  const cmp = comparison ?? comparisonWindow(used, cube.months, baseline);

  // Violence against ASB, weighted as the sections are, as /api/overlap does for the same query.
  const allSel = resolveSelection(cube, { from: requested.from, to: requested.to, area: q.area, weight, asbWeight: q.asbWeight });
  const ov = await overlap(db, cube, res, allSel, { ...gi, overlapPermutations: P.overlapPermutations });

  const byHarmFigures = new Map(harms.map((h) => [h.id, new Map(h.figures.map((f) => [f.code, f]))]));
  const context = harms[0].figures.map((f) => ({
    code: f.code,
    name: f.name,
    population: f.population,
    imdDecile: f.imdDecile,
    imdScore: f.imdScore,
    childrenLowIncome: f.childrenLowIncome,
    childPovertyRate: f.childPovertyRate,
    rates: Object.fromEntries(harms.map((h) => [h.id, byHarmFigures.get(h.id)!.get(f.code)?.rate ?? null])),
  }));

  const clipped = used.from !== requested.from || used.to !== requested.to;
  const asbDefault = categoryWeight(scheme, 'anti-social-behaviour');
  const inference =
    harms.find((h) => h.inference)?.inference ??
    (gi.permutations > 0 ? `conditional permutation, ${gi.permutations} draws` : 'analytic normal p');
  return {
    requested: { from: requested.from, to: requested.to },
    from: used.from,
    to: used.to,
    clipped,
    months,
    comparison: { ...cmp, label: comparisonLabel(cmp) },
    area: focusWard
      ? { kind: 'ward', code: focusWard.code, name: focusWard.name }
      : { kind: 'borough', code: null, name: q.area ? `${areaName(db, q.area)} (all current wards)` : 'Borough (all current wards)' },
    wards,
    focus: focusWard ? [focusWard] : wards,
    harms,
    weighted: scheme.id !== 'count',
    weightUnit: scheme.unit,
    overlap: {
      violenceHot: ov.violence.hot,
      asbHot: ov.asb.hot,
      both: ov.both,
      union: ov.union,
      jaccard: ov.jaccard,
      overlapCoefficient: ov.overlapCoefficient,
      pJaccard: ov.pJaccard,
      clqViolenceToAsb: ov.clq.violenceToAsb,
      clqAsbToViolence: ov.clq.asbToViolence,
      wards: ov.wards.filter((w) => inArea(w.code)).map(({ code, name, both, violence, asb }) => ({ code, name, both, violence, asb })),
      cells: ov.cells.filter((c) => c.class !== 'neither').map((c) => ({ h3: c.h3, class: c.class })),
    },
    context,
    firstMonthHeld: first,
    lastMonthHeld: requested.last,
    caveats: {
      data: DATA_CAVEATS,
      hotspot: HOTSPOT_CAVEATS,
      trend: `Emerging hot spot classes use monthly Gi* maps over the ${P.trendMonths} months to the end of the period; monthly counts per cell are small, so most cells show no pattern.`,
      overlap: [
        'Hot cells are tested separately per layer; overlap of two FDR-controlled sets is descriptive, the permutation p tests it against chance placement.',
      ],
      weight: scheme.caveats,
    },
    parameters: {
      period: `${used.from} to ${used.to}${clipped ? ` (asked for ${requested.from} to ${requested.to}; the data hold ${first} to ${requested.last})` : ''}`,
      comparison: comparisonLabel(cmp),
      area: focusWard ? `${focusWard.name} (${focusWard.code})` : q.area ? `${areaName(db, q.area)} (${q.area})` : 'borough',
      harm: harms.map((h) => h.label).join(', '),
      weight: `${scheme.label} [${scheme.id}]`,
      asbWeight:
        q.asbWeight !== undefined
          ? `${q.asbWeight} ${scheme.unit} per ASB incident (set)`
          : scheme.id === 'count'
            ? '1 (every incident counts once)'
            : `${asbDefault} ${scheme.unit} per ASB incident (the scheme's default; no published value exists)`,
      hotspotResolution: res,
      k: gi.k,
      alpha: gi.alpha,
      inference,
      seed: gi.seed,
      overlapPermutations: P.overlapPermutations,
      trendWindow: `${addMonths(used.to, -(P.trendMonths - 1))} to ${used.to}`,
      patrolResolution: P.patrolRes,
      patrolMinutes: P.patrolMinutes,
      minutesPerVisit: P.patrolVisit,
    },
    attributions: ATTRIBUTIONS,
    generated: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function areaName(db: Store, code: string): string {
  return heldAreas(db).find((a) => a.code === code)?.name ?? code;
}
