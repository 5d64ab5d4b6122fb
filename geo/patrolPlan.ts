/**
 * Koper-curve patrol plan: a short list of hot places sized to the patrol minutes
 * available (methods.md §8).
 *
 * Source: Koper, C. S. (1995) "Just enough police presence: reducing crime and disorderly
 * behavior by optimizing patrol time in crime hot spots", Justice Quarterly 12(4):649-672.
 * From the Minneapolis hot spots patrol data, residual deterrence grew with the length of
 * a police stop up to about 10-15 minutes; the practice guidance derived from it is short
 * (10-15 minute), random, intermittent visits to each hot spot at least every two hours.
 * The 15% vs 4% figures (probability of crime or disorder within 30 minutes of police
 * leaving, after a drive-through vs a 10-16 minute stop) are as summarised by the Police
 * Foundation ("5 things you need to know about hot spots policing & the Koper curve").
 *
 * Places: hot cells that touch (each within gridDisk(k) of another; k = 1 means sharing an
 * edge) are merged into one place by connected components, because an officer standing in
 * one of them is present in its neighbours too. Places are ranked by harm density
 * (harm per km²) so a short visit covers as much harm as possible; equal densities are
 * ordered by the place id, which is its smallest H3 index (string order), so the plan is
 * reproducible and a place keeps its id when the minutes change.
 *
 * "Minutes available" is read as patrol time per round of visits (e.g. per two-hour cycle),
 * so each listed place gets one visit per round: places = floor(minutes / minutesPerVisit),
 * and at least one place whenever there is one, so a short shift still gets a target.
 */
import { cellArea, cellToLatLng, getResolution, gridDisk, isValidCell, UNITS } from 'h3-js';

export interface PatrolHotCell {
  h3: string;
  /** Harm-weighted total in the window. */
  harm: number;
  /** Incident count in the window. */
  count: number;
  /** police.uk location text ("On or near X") -> incidents. */
  streets: Record<string, number>;
}

export interface PatrolPlanInput {
  /** Significant hot cells, all at one H3 resolution. */
  cells: readonly PatrolHotCell[];
  /** Total harm in the borough over the same window and harm scheme (denominator of shares). */
  boroughHarm: number;
  /** Patrol minutes available per round of visits. */
  minutes: number;
  /** Length of one visit; default 15 (Koper: 10-15). */
  minutesPerVisit?: number;
  /** gridDisk radius defining adjacency for merging cells; default 1. */
  k?: number;
}

export interface PatrolStreet {
  name: string;
  count: number;
}

export interface PatrolPlace {
  /** Smallest H3 index of the place's cells: stable across runs with the same cells. */
  id: string;
  /** 1-based rank by harm density among all places. */
  rank: number;
  /** Member cells, sorted. */
  cells: string[];
  /** Harm-weighted centroid of the cell centres, [lon, lat]. */
  centre: [number, number];
  areaKm2: number;
  harm: number;
  count: number;
  /** harm / areaKm2. */
  harmDensity: number;
  /** harm / boroughHarm, or null when boroughHarm is not positive. */
  shareOfBoroughHarm: number | null;
  /** Up to 5 most frequent street names, "On or near " removed. */
  streets: string[];
  streetCounts: PatrolStreet[];
}

export interface PatrolPlan {
  /** Places to visit, best first. */
  places: PatrolPlace[];
  /** All merged places ranked, of which `places` is the head. */
  allPlaces: PatrolPlace[];
  /** Share of borough harm in the listed places, or null when boroughHarm is not positive. */
  coveredShare: number | null;
  /** floor(minutes / minutesPerVisit); the plan lists max(1, this) places when any exist. */
  visitsAvailable: number;
  warnings: string[];
  method: {
    name: string;
    minutesAvailable: number;
    minutesPerVisit: number;
    visitsAvailable: number;
    adjacency: string;
    ranking: string;
    guidance: string[];
    figures: string[];
    sources: string[];
  };
}

export const DEFAULT_MINUTES_PER_VISIT = 15;
const TOP_STREETS = 5;
const STREET_PREFIX = /^on or near\s+/i;

/** police.uk location text without its "On or near " prefix. */
export function streetName(location: string): string {
  return location.trim().replace(STREET_PREFIX, '').trim();
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Connected components of `cells` under gridDisk(k) adjacency, each sorted, by smallest cell. */
export function mergeAdjacentCells(cells: readonly string[], k = 1): string[][] {
  const index = new Map<string, number>();
  cells.forEach((h, i) => index.set(h, i));
  const parent = cells.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  cells.forEach((h, i) => {
    for (const n of gridDisk(h, k)) {
      const j = index.get(n);
      if (j === undefined) continue;
      const a = find(i);
      const b = find(j);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  });
  const groups = new Map<number, string[]>();
  cells.forEach((h, i) => {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(h);
    else groups.set(root, [h]);
  });
  return [...groups.values()].map((g) => g.sort(compareStrings)).sort((a, b) => compareStrings(a[0], b[0]));
}

function buildPlace(members: readonly PatrolHotCell[], boroughHarm: number): Omit<PatrolPlace, 'rank'> {
  const cells = members.map((c) => c.h3).sort(compareStrings);
  const harm = members.reduce((s, c) => s + c.harm, 0);
  const count = members.reduce((s, c) => s + c.count, 0);
  const areaKm2 = members.reduce((s, c) => s + cellArea(c.h3, UNITS.km2), 0);

  // Averaging lon/lat directly is fine at the scale of a few adjacent cells. Offsets from
  // the first centre keep a one-cell place exactly at its cell centre (no w*x/w rounding).
  // With no harm (e.g. a count-only layer gave zeros) fall back to equal weights.
  const useHarm = harm > 0;
  const [lat0, lon0] = cellToLatLng(members[0].h3);
  let wSum = 0;
  let dLon = 0;
  let dLat = 0;
  for (const c of members) {
    const w = useHarm ? c.harm : 1;
    const [cLat, cLon] = cellToLatLng(c.h3);
    dLon += w * (cLon - lon0);
    dLat += w * (cLat - lat0);
    wSum += w;
  }

  const streetTotals = new Map<string, number>();
  for (const c of members) {
    for (const [location, n] of Object.entries(c.streets)) {
      const name = streetName(location);
      if (name === '' || !(n > 0)) continue;
      streetTotals.set(name, (streetTotals.get(name) ?? 0) + n);
    }
  }
  const streetCounts = [...streetTotals]
    .map(([name, n]) => ({ name, count: n }))
    .sort((a, b) => b.count - a.count || compareStrings(a.name, b.name))
    .slice(0, TOP_STREETS);

  return {
    id: cells[0],
    cells,
    centre: [lon0 + dLon / wSum, lat0 + dLat / wSum],
    areaKm2,
    harm,
    count,
    harmDensity: harm / areaKm2,
    shareOfBoroughHarm: boroughHarm > 0 ? harm / boroughHarm : null,
    streets: streetCounts.map((s) => s.name),
    streetCounts,
  };
}

/** Rank merged hot places by harm density and keep as many as the patrol minutes allow. */
export function patrolPlan(input: PatrolPlanInput): PatrolPlan {
  const minutesPerVisit = input.minutesPerVisit ?? DEFAULT_MINUTES_PER_VISIT;
  const k = input.k ?? 1;
  if (!(minutesPerVisit > 0) || !Number.isFinite(minutesPerVisit)) throw new Error('patrolPlan: minutesPerVisit must be > 0');
  if (!(input.minutes >= 0) || !Number.isFinite(input.minutes)) throw new Error('patrolPlan: minutes must be >= 0');
  if (!Number.isInteger(k) || k < 1) throw new Error('patrolPlan: k must be an integer >= 1');

  const byCell = new Map<string, PatrolHotCell>();
  let resolution: number | null = null;
  for (const c of input.cells) {
    if (!isValidCell(c.h3)) throw new Error(`patrolPlan: invalid H3 cell ${JSON.stringify(c.h3)}`);
    const r = getResolution(c.h3);
    if (resolution === null) resolution = r;
    else if (r !== resolution) throw new Error('patrolPlan: cells must share one H3 resolution');
    if (byCell.has(c.h3)) throw new Error(`patrolPlan: duplicate cell ${c.h3}`);
    if (!Number.isFinite(c.harm) || c.harm < 0) throw new Error(`patrolPlan: harm of ${c.h3} must be finite and >= 0`);
    byCell.set(c.h3, c);
  }

  const groups = mergeAdjacentCells([...byCell.keys()], k);
  const allPlaces: PatrolPlace[] = groups
    .map((g) => buildPlace(g.map((h) => byCell.get(h)!), input.boroughHarm))
    .sort((a, b) => b.harmDensity - a.harmDensity || compareStrings(a.id, b.id))
    .map((p, i) => ({ ...p, rank: i + 1 }));

  const visitsAvailable = Math.floor(input.minutes / minutesPerVisit + 1e-9);
  const places = allPlaces.slice(0, Math.max(1, visitsAvailable));
  const placeHarm = places.reduce((s, p) => s + p.harm, 0);

  const warnings: string[] = [];
  if (minutesPerVisit < 10 || minutesPerVisit > 15) {
    warnings.push(`Visits of ${minutesPerVisit} minutes are outside the 10-15 minutes Koper (1995) found most effective.`);
  }
  if (visitsAvailable === 0 && allPlaces.length > 0) {
    warnings.push(`${input.minutes} minutes is less than one ${minutesPerVisit}-minute visit; the top place is listed anyway.`);
  }
  if (!(input.boroughHarm > 0)) warnings.push('Borough harm is not positive, so shares are not shown.');
  if (allPlaces.length > 0 && allPlaces.length < visitsAvailable) {
    warnings.push(`Only ${allPlaces.length} hot places for ${visitsAvailable} visits: spare minutes can repeat visits.`);
  }

  return {
    places,
    allPlaces,
    coveredShare: input.boroughHarm > 0 ? placeHarm / input.boroughHarm : null,
    visitsAvailable,
    warnings,
    method: {
      name: 'Koper-curve patrol plan',
      minutesAvailable: input.minutes,
      minutesPerVisit,
      visitsAvailable,
      adjacency: `Hot cells within gridDisk(k=${k}) of each other are merged into one place (connected components).`,
      ranking: 'Places ranked by harm density (harm per km²); ties by place id (smallest H3 index).',
      guidance: [
        `Visit each place for about ${minutesPerVisit} minutes (10-15 minutes is the range Koper 1995 found best).`,
        'Make visits random and intermittent, not at fixed times, so presence is unpredictable.',
        'Return to each place at least every 2 hours.',
        'Minutes available are read as patrol time per round of visits, one visit per place per round.',
      ],
      figures: [
        'Residual deterrence grew with stop length up to about 10-15 minutes, with diminishing returns beyond (Koper 1995).',
        'Crime or disorder within 30 minutes after police left: 15% after a drive-through vs 4% after a 10-16 minute stop (Koper 1995, as summarised by the Police Foundation).',
      ],
      sources: [
        'Koper, C. S. (1995) Just enough police presence: reducing crime and disorderly behavior by optimizing patrol time in crime hot spots. Justice Quarterly 12(4):649-672.',
      ],
    },
  };
}
