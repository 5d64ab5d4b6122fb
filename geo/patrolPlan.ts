/**
 * Koper-curve patrol plan: a short list of walkable hot places, with the minutes shared out
 * where the harm is (methods.md §8).
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
 * Places: hot cells that touch (each within gridDisk(k) of another) form a cluster. A cluster
 * bigger than one visit can cover (a town centre can be 2 km²) is split into places no more
 * than `maxAcrossMetres` across, the size of a street segment or two: each place is grown from
 * the cluster's highest-harm cell not yet placed, adding touching cells in order of harm while
 * the place stays within the limit. So places follow the cells' own harm peaks.
 *
 * Ranking: by the harm a place holds. Places are bounded in size, so the harm in a place is the
 * harm one visit can address; ranking by density instead would put a tiny place with a
 * fraction of a percent ahead of a place with a fifth of the harm.
 *
 * Visits: "minutes available" is patrol time per round of visits (e.g. per two-hour cycle), so
 * floor(minutes / minutesPerVisit) visits are shared among places in proportion to harm by the
 * D'Hondt divisor method: each next visit goes to the place with the most harm per visit once
 * it is given, harm / (visits + 1) (Balinski & Young 1982). A place with a large share is
 * revisited within the round (Koper's repeated visits); no place takes more than
 * `maxVisitsPerPlace` (by default half the round's visits, rounded up) so presence stays
 * intermittent. Ties go to the higher-ranked place, so the plan is reproducible, and the listed
 * places are always the top of the ranking.
 */
import { cellArea, cellToBoundary, cellToLatLng, getResolution, greatCircleDistance, gridDisk, isValidCell, UNITS } from 'h3-js';
import { streetName } from './streetName';

export { streetName };

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
  /** Largest distance between two points of one place; default 300 m. */
  maxAcrossMetres?: number;
  /** Most visits one place may take per round; default ceil(visits / 2). */
  maxVisitsPerPlace?: number;
}

export interface PatrolStreet {
  name: string;
  count: number;
}

export interface PatrolPlace {
  /** Smallest H3 index of the place's cells: stable across runs with the same cells. */
  id: string;
  /** 1-based rank by harm among all places. */
  rank: number;
  /** Member cells, sorted. */
  cells: string[];
  /** Harm-weighted centroid of the cell centres, [lon, lat]. */
  centre: [number, number];
  areaKm2: number;
  /** Largest distance between two corners of the place's cells, metres. */
  acrossMetres: number;
  harm: number;
  count: number;
  /** harm / areaKm2. */
  harmDensity: number;
  /** harm / boroughHarm, or null when boroughHarm is not positive. */
  shareOfBoroughHarm: number | null;
  /** Visits per round given to this place (0 for places beyond the plan). */
  visits: number;
  /** Up to 5 most frequent street names, "On or near " removed. */
  streets: string[];
  streetCounts: PatrolStreet[];
}

export interface PatrolPlan {
  /** Places to visit, highest harm first; each has visits >= 1. */
  places: PatrolPlace[];
  /** All walkable places ranked, of which `places` is the head. */
  allPlaces: PatrolPlace[];
  /** Touching hot cells before splitting into walkable places. */
  clusters: number;
  /** Share of borough harm in the listed places, or null when boroughHarm is not positive. */
  coveredShare: number | null;
  /** floor(minutes / minutesPerVisit). */
  visitsAvailable: number;
  /** Visits given to places (visitsAvailable, or 1 when that is 0 and a place exists, less when every place is at its cap). */
  visitsPlanned: number;
  warnings: string[];
  method: {
    name: string;
    minutesAvailable: number;
    minutesPerVisit: number;
    visitsAvailable: number;
    maxAcrossMetres: number;
    maxVisitsPerPlace: number;
    adjacency: string;
    places: string;
    ranking: string;
    visits: string;
    guidance: string[];
    figures: string[];
    sources: string[];
  };
}

export const DEFAULT_MINUTES_PER_VISIT = 15;
export const DEFAULT_MAX_ACROSS_METRES = 300;
const TOP_STREETS = 5;

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

/** Largest great-circle distance between two corners of the cells, metres (0 for no cells). */
export function acrossMetres(cells: readonly string[]): number {
  const corners = cells.flatMap((h) => cellToBoundary(h));
  let max = 0;
  for (let i = 0; i < corners.length; i++)
    for (let j = i + 1; j < corners.length; j++) max = Math.max(max, greatCircleDistance(corners[i], corners[j], UNITS.m));
  return max;
}

/**
 * Splits one cluster of touching cells into places no more than `maxAcross` metres across, each
 * grown from the highest-harm cell not yet placed by adding touching cells, highest harm first.
 * A single cell wider than the limit stays a place of its own (a cell cannot be split).
 */
export function splitWalkable(cluster: readonly PatrolHotCell[], maxAcross: number, k = 1): string[][] {
  const byHarm = [...cluster].sort((a, b) => b.harm - a.harm || compareStrings(a.h3, b.h3));
  const harmOf = new Map(cluster.map((c) => [c.h3, c.harm]));
  const unplaced = new Set(cluster.map((c) => c.h3));
  const places: string[][] = [];
  for (const seed of byHarm) {
    if (!unplaced.has(seed.h3)) continue;
    unplaced.delete(seed.h3);
    const place = [seed.h3];
    const rejected = new Set<string>();
    for (;;) {
      const frontier = new Set<string>();
      for (const h of place) for (const n of gridDisk(h, k)) if (unplaced.has(n) && !rejected.has(n)) frontier.add(n);
      const next = [...frontier].sort((a, b) => harmOf.get(b)! - harmOf.get(a)! || compareStrings(a, b));
      let added = false;
      for (const n of next) {
        if (acrossMetres([...place, n]) <= maxAcross) {
          place.push(n);
          unplaced.delete(n);
          added = true;
          break;
        }
        rejected.add(n);
      }
      if (!added) break;
    }
    places.push(place.sort(compareStrings));
  }
  return places;
}

function buildPlace(members: readonly PatrolHotCell[], boroughHarm: number): Omit<PatrolPlace, 'rank' | 'visits'> {
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
    acrossMetres: acrossMetres(cells),
    harm,
    count,
    harmDensity: harm / areaKm2,
    shareOfBoroughHarm: boroughHarm > 0 ? harm / boroughHarm : null,
    streets: streetCounts.map((s) => s.name),
    streetCounts,
  };
}

/**
 * D'Hondt apportionment of `visits` over places ranked by harm: each visit goes to the place
 * with the largest harm / (given + 1) among those below `cap`; ties to the lower index.
 */
export function apportionVisits(harms: readonly number[], visits: number, cap: number): number[] {
  const given = harms.map(() => 0);
  for (let v = 0; v < visits; v++) {
    let best = -1;
    let bestQ = -Infinity;
    for (let i = 0; i < harms.length; i++) {
      if (given[i] >= cap) continue;
      const q = harms[i] / (given[i] + 1);
      if (q > bestQ) {
        bestQ = q;
        best = i;
      }
    }
    if (best < 0) break;
    given[best]++;
  }
  return given;
}

/** Walkable hot places ranked by harm, with the round's visits shared out by harm. */
export function patrolPlan(input: PatrolPlanInput): PatrolPlan {
  const minutesPerVisit = input.minutesPerVisit ?? DEFAULT_MINUTES_PER_VISIT;
  const k = input.k ?? 1;
  const maxAcross = input.maxAcrossMetres ?? DEFAULT_MAX_ACROSS_METRES;
  if (!(minutesPerVisit > 0) || !Number.isFinite(minutesPerVisit)) throw new Error('patrolPlan: minutesPerVisit must be > 0');
  if (!(input.minutes >= 0) || !Number.isFinite(input.minutes)) throw new Error('patrolPlan: minutes must be >= 0');
  if (!Number.isInteger(k) || k < 1) throw new Error('patrolPlan: k must be an integer >= 1');
  if (!(maxAcross > 0) || !Number.isFinite(maxAcross)) throw new Error('patrolPlan: maxAcrossMetres must be > 0');

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

  const visitsAvailable = Math.floor(input.minutes / minutesPerVisit + 1e-9);
  const cap = input.maxVisitsPerPlace ?? Math.max(1, Math.ceil(visitsAvailable / 2));
  if (!Number.isInteger(cap) || cap < 1) throw new Error('patrolPlan: maxVisitsPerPlace must be an integer >= 1');

  const clusters = mergeAdjacentCells([...byCell.keys()], k);
  const ranked = clusters
    .flatMap((g) =>
      splitWalkable(
        g.map((h) => byCell.get(h)!),
        maxAcross,
        k,
      ),
    )
    .map((cells) =>
      buildPlace(
        cells.map((h) => byCell.get(h)!),
        input.boroughHarm,
      ),
    )
    .sort((a, b) => b.harm - a.harm || compareStrings(a.id, b.id));
  const visits = apportionVisits(
    ranked.map((p) => p.harm),
    Math.max(visitsAvailable, ranked.length > 0 ? 1 : 0),
    cap,
  );
  const allPlaces: PatrolPlace[] = ranked.map((p, i) => ({ ...p, rank: i + 1, visits: visits[i] }));
  const places = allPlaces.filter((p) => p.visits > 0);
  const placeHarm = places.reduce((s, p) => s + p.harm, 0);
  const visitsPlanned = visits.reduce((s, v) => s + v, 0);

  const warnings: string[] = [];
  if (minutesPerVisit < 10 || minutesPerVisit > 15) {
    warnings.push(`Visits of ${minutesPerVisit} minutes are outside the 10-15 minutes Koper (1995) found most effective.`);
  }
  if (visitsAvailable === 0 && allPlaces.length > 0) {
    warnings.push(`${input.minutes} minutes is less than one ${minutesPerVisit}-minute visit; the top place is listed anyway.`);
  }
  if (!(input.boroughHarm > 0)) warnings.push('Borough harm is not positive, so shares are not shown.');
  if (allPlaces.length > 0 && visitsPlanned < visitsAvailable) {
    const spare = visitsAvailable - visitsPlanned;
    warnings.push(
      `Only ${allPlaces.length} hot place${allPlaces.length === 1 ? '' : 's'} for ${visitsAvailable} visits: ${spare} visit${spare === 1 ? ' is' : 's are'} spare (no place takes more than ${cap} a round).`,
    );
  }
  if (allPlaces.some((p) => p.cells.length === 1 && p.acrossMetres > maxAcross)) {
    warnings.push(
      `At this cell size one cell is wider than ${maxAcross} m, so a place may be more than one visit can cover; the finest cells (resolution 10) give walkable places.`,
    );
  }

  return {
    places,
    allPlaces,
    clusters: clusters.length,
    coveredShare: input.boroughHarm > 0 ? placeHarm / input.boroughHarm : null,
    visitsAvailable,
    visitsPlanned,
    warnings,
    method: {
      name: 'Koper-curve patrol plan',
      minutesAvailable: input.minutes,
      minutesPerVisit,
      visitsAvailable,
      maxAcrossMetres: maxAcross,
      maxVisitsPerPlace: cap,
      adjacency: `Hot cells that touch (within ${k} cell${k === 1 ? '' : 's'} of each other) form one cluster.`,
      places: `A cluster is split into places no more than ${maxAcross} m across, so one visit can cover a place on foot; each place grows from the cluster's highest-harm cell not yet placed.`,
      ranking:
        'Places are ranked by the harm they hold: each is small enough for one visit, so this is the harm a visit can address. Equal harm is ordered by place id.',
      visits: `The round's ${visitsAvailable} visits are shared out in proportion to harm: each next visit goes to the place with the most harm per visit once it is given (the D'Hondt rule). No place takes more than ${cap} visits a round.`,
      guidance: [
        `Visit each place for about ${minutesPerVisit} minutes (10-15 minutes is the range Koper 1995 found best).`,
        'Make visits random and intermittent, not at fixed times, so presence is unpredictable.',
        'Return to each place at least every 2 hours; a place given several visits is revisited within the round.',
        'Minutes available are read as patrol time per round of visits (about two hours).',
      ],
      figures: [
        'Residual deterrence grew with stop length up to about 10-15 minutes, with diminishing returns beyond (Koper 1995).',
        'Crime or disorder within 30 minutes after police left: 15% after a drive-through vs 4% after a 10-16 minute stop (Koper 1995, as summarised by the Police Foundation).',
      ],
      sources: [
        'Koper, C. S. (1995) Just enough police presence: reducing crime and disorderly behavior by optimizing patrol time in crime hot spots. Justice Quarterly 12(4):649-672.',
        "Balinski, M. L. & Young, H. P. (1982) Fair Representation: Meeting the Ideal of One Man, One Vote. Yale University Press (divisor methods of apportionment, D'Hondt).",
      ],
    },
  };
}
