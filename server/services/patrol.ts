import type { Store } from '../db/openStore';
import type { H3Resolution } from '../../geo/h3Bin';
import { patrolPlan, type PatrolHotCell } from '../../geo/patrolPlan';
import { concentration } from '../../geo/concentration';
import { streetName } from '../../geo/streetName';
import { selectedRows, type IncidentCube } from './cube';
import { isSelected, type Selection } from './selection';
import { hotspotsAsync, studyValues, type HotspotOptions } from './hotspots';
import { round, selectionParameters } from './hexes';
import { DATA_CAVEATS } from './caveats';
import { locationClasses, setAside, withoutInstitutions } from './institutions';
import { wardLocator } from './wardLocator';

/** The finest resolution the cube holds: places are built from its cells. */
export const PLACE_RES = 10 as const;

export const INSTITUTION_MODES = ['exclude', 'include'] as const;
export type InstitutionMode = (typeof INSTITUTION_MODES)[number];

export interface PatrolOptions extends HotspotOptions {
  minutes: number;
  visit: number;
  /** exclude (default): institutions' incidents are set aside before the hot-spot test. */
  institutions?: InstitutionMode;
}

/**
 * The few places to patrol (methods.md §8): significant hot cells, found without the incidents
 * recorded at institutions (no foot patrol can address a prison wing), split into walkable
 * places, ranked by harm, with the round's visits shared out by harm (Koper curve).
 */
export async function patrol(db: Store, cube: IncidentCube, res: H3Resolution, sel: Selection, opts: PatrolOptions) {
  const exclude = (opts.institutions ?? 'exclude') === 'exclude';
  const testSel = exclude ? withoutInstitutions(cube, sel) : sel;
  const spots = await hotspotsAsync(db, cube, res, testSel, opts);
  const hotCells = new Set(spots.cells.filter((c) => c.bin > 0).map((c) => c.h3));
  // Shares are of all the borough's harm, institutions included: the figure the map shows.
  const boroughHarm = studyValues(db, cube, res, sel).value.reduce((s, v) => s + v, 0);

  // The test runs at `res`, where it has the power to find hot spots; places are drawn from the
  // finest cells (resolution 10, about 130 m across) holding the hot cells' incidents, so a
  // place can be small enough to walk. Membership is per incident: the finest cell of an
  // incident in a hot cell, whatever the H3 parent of that finest cell.
  const testOf = cube.cells[res].of;
  const testIds = cube.cells[res].ids;
  const fineOf = cube.cells[PLACE_RES].of;
  const fineIds = cube.cells[PLACE_RES].ids;
  const hot = new Map<string, PatrolHotCell>();
  const { rows, start, end } = selectedRows(cube, testSel);
  for (let j = start; j < end; j++) {
    const i = rows === null ? j : rows[j];
    if (!hotCells.has(testIds[testOf[i]]) || !isSelected(cube, testSel, i)) continue;
    const h3 = fineIds[fineOf[i]];
    let cell = hot.get(h3);
    if (!cell) hot.set(h3, (cell = { h3, harm: 0, count: 0, streets: {} }));
    cell.harm += testSel.weight[cube.categoryOf[i]];
    cell.count += 1;
    const street = cube.locations[cube.locationOf[i]];
    cell.streets[street] = (cell.streets[street] ?? 0) + 1;
  }
  const plan = patrolPlan({ cells: [...hot.values()], boroughHarm, minutes: opts.minutes, minutesPerVisit: opts.visit, k: 1 });
  const curve = concentration(
    Float64Array.from(spots.cells, (c) => c.value),
    100,
  );
  const wardAt = wardLocator(db);
  const { match } = locationClasses(cube);
  const locationIndex = new Map(cube.locations.map((l, i) => [streetName(l), i]));
  const places = plan.places.map((p) => {
    const ward = wardAt(p.centre[0], p.centre[1]);
    return {
      id: p.id,
      rank: p.rank,
      cells: p.cells,
      centre: [round(p.centre[0], 6), round(p.centre[1], 6)],
      areaKm2: round(p.areaKm2, 4),
      acrossMetres: Math.round(p.acrossMetres),
      ward: ward?.code ?? null,
      wardName: ward?.name ?? null,
      streets: p.streets,
      streetCounts: p.streetCounts,
      // Only possible when institutions are included: which of the streets are institutions.
      institutional: p.streets.filter((s) => match[locationIndex.get(s) ?? -1]),
      harm: round(p.harm),
      count: p.count,
      density: round(p.harmDensity, 2),
      share: p.shareOfBoroughHarm === null ? null : round(p.shareOfBoroughHarm, 4),
      visits: p.visits,
      minutes: p.visits * opts.visit,
    };
  });
  const aside = exclude ? setAside(cube, sel) : null;
  const warnings = [...plan.warnings];
  if (places.length === 0)
    warnings.push('No significant hot spot for this selection, so there is no place to plan; widen the period or the harm types.');
  return {
    places,
    coveredShare: plan.coveredShare === null ? 0 : round(plan.coveredShare, 4),
    candidatePlaces: plan.allPlaces.length,
    clusters: plan.clusters,
    visitsAvailable: plan.visitsAvailable,
    visitsPlanned: plan.visitsPlanned,
    institutions: exclude ? 'exclude' : 'include',
    setAside: aside && {
      incidents: aside.incidents,
      harm: aside.harm,
      share: boroughHarm > 0 ? round(aside.harm / boroughHarm, 4) : null,
      places: aside.places,
    },
    curve: Array.from(curve.curve.x, (x, i) => [round(x, 5), round(curve.curve.y[i], 5)]),
    warnings,
    method: {
      ...plan.method,
      hotCells: `significant hot cells (Gi* bin > 0, BH FDR at alpha ${opts.alpha}, k ${opts.k}) at H3 resolution ${res}; places are built from the resolution-${PLACE_RES} cells holding their incidents`,
      testCells: hotCells.size,
      institutions: exclude
        ? `Incidents police.uk places at prisons, hospitals, police stations and courts (${aside!.incidents} in this selection) are set aside before the hot-spot test: they are real records, but no foot patrol can address them. Switch institutions on to include them.`
        : 'Incidents at institutions (prisons, hospitals, police stations, courts) are included; places named after one are marked.',
      institutionRules: aside?.why ?? [],
      ...selectionParameters(sel),
      boroughHarm: round(boroughHarm),
      caveats: DATA_CAVEATS,
    },
  };
}
