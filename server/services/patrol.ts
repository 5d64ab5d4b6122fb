import type { Store } from '../db/openStore';
import type { H3Resolution } from '../../geo/h3Bin';
import { patrolPlan, type PatrolHotCell } from '../../geo/patrolPlan';
import { concentration } from '../../geo/concentration';
import type { IncidentCube } from './cube';
import { isSelected, type Selection } from './selection';
import { hotspotsAsync, type HotspotOptions } from './hotspots';
import { round, selectionParameters } from './hexes';
import { DATA_CAVEATS } from './caveats';

/**
 * The few places to patrol (methods.md §8): significant hot cells merged into places, ranked by
 * harm density, as many as the minutes allow at one visit each (Koper curve).
 */
export async function patrol(
  db: Store,
  cube: IncidentCube,
  res: H3Resolution,
  sel: Selection,
  opts: HotspotOptions & { minutes: number; visit: number },
) {
  const spots = await hotspotsAsync(db, cube, res, sel, opts);
  const hot = new Map<string, PatrolHotCell>();
  let boroughHarm = 0;
  for (const c of spots.cells) {
    boroughHarm += c.value;
    if (c.bin > 0) hot.set(c.h3, { h3: c.h3, harm: c.value, count: c.count, streets: {} });
  }
  // Street names come from the incidents' "On or near" locations in each hot cell.
  const cellOf = cube.cells[res].of;
  const ids = cube.cells[res].ids;
  for (let i = 0; i < cube.n; i++) {
    const cell = hot.get(ids[cellOf[i]]);
    if (!cell || !isSelected(cube, sel, i)) continue;
    const street = cube.locations[cube.locationOf[i]];
    cell.streets[street] = (cell.streets[street] ?? 0) + 1;
  }
  const plan = patrolPlan({ cells: [...hot.values()], boroughHarm, minutes: opts.minutes, minutesPerVisit: opts.visit, k: 1 });
  const curve = concentration(Float64Array.from(spots.cells, (c) => c.value), 100);
  const places = plan.places.map((p) => ({
    id: p.id,
    rank: p.rank,
    cells: p.cells,
    centre: [round(p.centre[0], 6), round(p.centre[1], 6)],
    areaKm2: round(p.areaKm2, 4),
    streets: p.streets,
    streetCounts: p.streetCounts,
    harm: round(p.harm),
    count: p.count,
    density: round(p.harmDensity, 2),
    share: p.shareOfBoroughHarm === null ? null : round(p.shareOfBoroughHarm, 4),
  }));
  return {
    places,
    coveredShare: plan.coveredShare === null ? 0 : round(plan.coveredShare, 4),
    candidatePlaces: plan.allPlaces.length,
    visitsAvailable: plan.visitsAvailable,
    curve: Array.from(curve.curve.x, (x, i) => [round(x, 5), round(curve.curve.y[i], 5)]),
    warnings: plan.warnings,
    method: {
      ...plan.method,
      hotCells: `significant hot cells (Gi* bin > 0, BH FDR at alpha ${opts.alpha}, k ${opts.k}) at H3 resolution ${res}`,
      ...selectionParameters(sel),
      boroughHarm: round(boroughHarm),
      caveats: DATA_CAVEATS,
    },
  };
}
