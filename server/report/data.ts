import type { Store } from '../db/openStore';
import type { H3Resolution } from '../../geo/h3Bin';
import { addMonths, monthSpan } from '../../geo/month';
import { harmGroup } from '../../geo/harmGroups';
import { weightScheme } from '../../geo/harmWeights';
import { pointInPolygon } from '../../geo/pointInPolygon';
import type { IncidentCube } from '../services/cube';
import { getCube } from '../services/cube';
import { withWindow, type Selection } from '../services/selection';
import { byWard } from '../services/aggregate';
import { wardFigures, type WardFigures } from '../services/wards';
import { hotspots } from '../services/hotspots';
import { trends } from '../services/trends';
import { overlap } from '../services/overlap';
import { patrol } from '../services/patrol';
import { currentAreas, type Area } from '../services/areas';
import { studyCellWards } from '../services/cellWards';
import { studyArea } from '../services/studyArea';
import { ATTRIBUTIONS } from '../services/meta';
import { DATA_CAVEATS, HOTSPOT_CAVEATS } from '../services/caveats';

/** Fixed analysis parameters of the pack (the API's defaults), shown on its method card. */
export const REPORT_PARAMETERS = {
  hotspotRes: 9 as H3Resolution,
  patrolRes: 10 as H3Resolution,
  k: 1,
  alpha: 0.05,
  seed: 12345,
  overlapPermutations: 999,
  patrolMinutes: 120,
  patrolVisit: 15,
  trendMonths: 12,
  patrolMinMonths: 3,
  topHotspots: 10,
  weight: 'count',
};

export interface ReportQuery {
  from?: string;
  to?: string;
  ward?: string;
  harm?: string;
}

export interface WardRow {
  code: string;
  name: string;
  count: number;
  rate: number | null;
  baselineAvg: number;
  change: number;
  changePct: number | null;
  trend: WardFigures['trend']['direction'];
}

export interface HarmSection {
  id: string;
  label: string;
  total: number;
  baselineAvg: number;
  hotCells: number;
  hotspots: { rank: number; h3: string; ward: string; street: string; count: number; z: number; bin: number; emerging: string }[];
  wards: WardRow[];
  figures: WardFigures[];
  patrol: {
    from: string;
    to: string;
    coveredShare: number;
    candidatePlaces: number;
    visitsAvailable: number;
    places: { rank: number; streets: string[]; count: number; harm: number; share: number | null; centre: number[]; ward: string; cells: number }[];
    guidance: string[];
  };
  mapCells: { h3: string; bin: number }[];
}

export interface ReportData {
  from: string;
  to: string;
  months: number;
  baselineFrom: string;
  baselineTo: string;
  baselineMonthsHeld: number;
  area: { kind: 'borough' | 'ward'; code: string | null; name: string };
  wards: Area[];
  focus: Area[];
  harms: HarmSection[];
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
  context: { code: string; name: string; population: number | null; imdDecile: number | null; imdScore: number | null; childrenLowIncome: number | null; childPovertyRate: number | null; rates: Record<string, number | null> }[];
  lastMonthHeld: string;
  caveats: { data: readonly string[]; hotspot: readonly string[]; trend: string; overlap: string[] };
  parameters: Record<string, unknown>;
  attributions: readonly string[];
  generated: string;
}

/** Period and comparison windows: default the last month held against the three before it. */
export function reportWindow(cube: IncidentCube, q: ReportQuery) {
  const last = cube.months[cube.months.length - 1] ?? '2000-01';
  const to = q.to ?? (q.from && q.from > last ? q.from : last);
  const from = q.from ?? to;
  const n = monthSpan(from, to);
  return { from, to, months: n, baselineFrom: addMonths(from, -3 * n), baselineTo: addMonths(from, -1), last };
}

function harmSelection(cube: IncidentCube, id: string, from: string, to: string): Selection {
  return withWindow(cube, { from, to, categories: [...harmGroup(id)!.categories], harm: id, scheme: weightScheme('count')! });
}

function heldMonths(cube: IncidentCube, from: string, to: string): number {
  return cube.months.filter((m) => m >= from && m <= to).length;
}

/** The most frequent "On or near" locations of the selected incidents in each wanted cell. */
function cellStreets(cube: IncidentCube, res: H3Resolution, sel: Selection, wanted: Set<string>): Map<string, string> {
  const { of, ids } = cube.cells[res];
  const tallies = new Map<string, Map<string, number>>();
  for (let i = 0; i < cube.n; i++) {
    const m = cube.monthOf[i];
    if (m < sel.monthLo || m > sel.monthHi || sel.selected[cube.categoryOf[i]] === 0) continue;
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

export class ReportInputError extends Error {}

/** Every figure of the tasking-meeting pack, from the same services the API uses. */
export function buildReportData(db: Store, q: ReportQuery): ReportData {
  const cube = getCube(db);
  const wards = currentAreas(db, 'ward');
  const wardName = new Map(wards.map((w) => [w.code, w.name]));
  const focusWard = q.ward ? wards.find((w) => w.code === q.ward) : undefined;
  if (q.ward && !focusWard) throw new ReportInputError(`ward: no current ward has the code ${q.ward}`);
  const inArea = (code: string | null | undefined) => !focusWard || code === focusWard.code;
  const win = reportWindow(cube, q);
  const P = REPORT_PARAMETERS;
  const gi = { k: P.k, alpha: P.alpha, permutations: 0, seed: P.seed };
  const harmIds = q.harm ? [q.harm] : ['violence', 'asb'];
  const cellWards9 = studyCellWards(db, P.hotspotRes);
  const study9 = studyArea(db, P.hotspotRes);
  const wardOfCell = new Map(study9.map((h3, i) => [h3, cellWards9[i]]));
  const cubeWardIndex = new Map(cube.wards.map((c, i) => [c, i]));

  const harms: HarmSection[] = harmIds.map((id) => {
    const group = harmGroup(id)!;
    const sel = harmSelection(cube, id, win.from, win.to);
    const baseSel = harmSelection(cube, id, win.baselineFrom, win.baselineTo);
    const figures = wardFigures(db, cube, sel).features.map((f) => f.properties);
    const base = byWard(cube, baseSel);
    const wardRows: WardRow[] = figures.map((f) => {
      const c = cubeWardIndex.get(f.code);
      const baselineAvg = c === undefined ? 0 : base.count[c] / 3;
      return {
        code: f.code,
        name: f.name,
        count: f.count,
        rate: f.rate,
        baselineAvg,
        change: f.count - baselineAvg,
        changePct: baselineAvg > 0 ? ((f.count - baselineAvg) / baselineAvg) * 100 : null,
        trend: f.trend.direction,
      };
    });
    const total = figures.reduce((s, f) => s + f.count, 0);
    let baseTotal = 0;
    for (const w of wards) {
      const c = cubeWardIndex.get(w.code);
      if (c !== undefined) baseTotal += base.count[c];
    }

    const spots = hotspots(db, cube, P.hotspotRes, sel, gi);
    const hot = spots.cells.filter((c) => c.bin > 0);
    const trendSel = harmSelection(cube, id, addMonths(win.to, -(P.trendMonths - 1)), win.to);
    const emerging = new Map(trends(db, cube, P.hotspotRes, trendSel, { k: P.k, alpha: P.alpha }).cells.map((c) => [c.h3, c.label]));
    const top = hot
      .filter((c) => inArea(wardOfCell.get(c.h3)))
      .sort((a, b) => b.z - a.z || b.count - a.count)
      .slice(0, P.topHotspots);
    const streets = cellStreets(cube, P.hotspotRes, sel, new Set(top.map((c) => c.h3)));

    const patrolFrom = win.months >= P.patrolMinMonths ? win.from : addMonths(win.to, -(P.patrolMinMonths - 1));
    const plan = patrol(db, cube, P.patrolRes, harmSelection(cube, id, patrolFrom, win.to), { ...gi, minutes: P.patrolMinutes, visit: P.patrolVisit });
    const placeWard = (centre: number[]) => wards.find((w) => pointInPolygon(centre[0], centre[1], w.geometry))?.name ?? '(outside wards)';
    const guidance = (plan.method as { guidance?: unknown }).guidance;

    return {
      id,
      label: group.label,
      total,
      baselineAvg: baseTotal / 3,
      hotCells: hot.filter((c) => inArea(wardOfCell.get(c.h3))).length,
      hotspots: top.map((c, i) => ({
        rank: i + 1,
        h3: c.h3,
        ward: wardName.get(wardOfCell.get(c.h3) ?? '') ?? '(border cell)',
        street: streets.get(c.h3) ?? '',
        count: c.count,
        z: c.z,
        bin: c.bin,
        emerging: emerging.get(c.h3) ?? 'No Pattern Detected',
      })),
      wards: wardRows.filter((r) => inArea(r.code)),
      figures: figures.filter((f) => inArea(f.code)),
      patrol: {
        from: patrolFrom,
        to: win.to,
        coveredShare: plan.coveredShare,
        candidatePlaces: plan.candidatePlaces,
        visitsAvailable: plan.visitsAvailable,
        places: plan.places.map((p) => ({ rank: p.rank, streets: p.streets, count: p.count, harm: p.harm, share: p.share, centre: p.centre, ward: placeWard(p.centre), cells: p.cells.length })),
        guidance: Array.isArray(guidance) ? guidance.map(String) : [],
      },
      mapCells: hot.map((c) => ({ h3: c.h3, bin: c.bin })),
    };
  });

  const allSel = withWindow(cube, { from: win.from, to: win.to, categories: [...cube.categories].sort(), scheme: weightScheme('count')! });
  const ov = overlap(db, cube, P.hotspotRes, allSel, { ...gi, overlapPermutations: P.overlapPermutations });

  const byHarmFigures = new Map(harms.map((h) => [h.id, new Map(h.figures.map((f) => [f.code, f]))]));
  const contextSource = harms[0].figures;
  const context = contextSource.map((f) => ({
    code: f.code,
    name: f.name,
    population: f.population,
    imdDecile: f.imdDecile,
    imdScore: f.imdScore,
    childrenLowIncome: f.childrenLowIncome,
    childPovertyRate: f.childPovertyRate,
    rates: Object.fromEntries(harms.map((h) => [h.id, byHarmFigures.get(h.id)!.get(f.code)?.rate ?? null])),
  }));

  return {
    from: win.from,
    to: win.to,
    months: win.months,
    baselineFrom: win.baselineFrom,
    baselineTo: win.baselineTo,
    baselineMonthsHeld: heldMonths(cube, win.baselineFrom, win.baselineTo),
    area: focusWard ? { kind: 'ward', code: focusWard.code, name: focusWard.name } : { kind: 'borough', code: null, name: 'Borough (all current wards)' },
    wards,
    focus: focusWard ? [focusWard] : wards,
    harms,
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
    lastMonthHeld: win.last,
    caveats: {
      data: DATA_CAVEATS,
      hotspot: HOTSPOT_CAVEATS,
      trend: 'Emerging hot spot classes use monthly Gi* maps over the 12 months to the end of the period; monthly counts per cell are small, so most cells show no pattern.',
      overlap: ['Hot cells are tested separately per layer; overlap of two FDR-controlled sets is descriptive, the permutation p tests it against chance placement.'],
    },
    parameters: {
      period: `${win.from} to ${win.to}`,
      comparison: `${win.baselineFrom} to ${win.baselineTo}, counts divided by 3`,
      area: focusWard ? `${focusWard.name} (${focusWard.code})` : 'borough',
      harms: harmIds.join(', '),
      weight: P.weight,
      hotspotResolution: P.hotspotRes,
      k: P.k,
      alpha: P.alpha,
      overlapPermutations: P.overlapPermutations,
      seed: P.seed,
      trendWindow: `${addMonths(win.to, -(P.trendMonths - 1))} to ${win.to}`,
      patrolResolution: P.patrolRes,
      patrolMinutes: P.patrolMinutes,
      minutesPerVisit: P.patrolVisit,
    },
    attributions: ATTRIBUTIONS,
    generated: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  };
}
