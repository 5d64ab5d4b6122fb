import { cellToLatLng } from 'h3-js';
import type { Store } from '../db/openStore';
import { greedyMaximalCovering, type DemandPoint, type LonLat } from '../../geo/maximalCovering';
import { selectedRows, type IncidentCube } from './cube';
import { inStudyWards, isSelected, type Selection } from './selection';
import { streetName } from '../../geo/streetName';
import { setAside, withoutInstitutions } from './institutions';
import { wardLocator } from './wardLocator';
import type { InstitutionMode } from './patrol';
import { studyArea } from './studyArea';
import { round, selectionParameters } from './hexes';
import { DATA_CAVEATS } from './caveats';

export interface HarmDemand extends DemandPoint {
  /** police.uk location names at this point ("On or near " removed) -> harm. */
  streets: Map<string, number>;
}

/**
 * Harm of the selected incidents inside the current wards, merged per snap point: the demand a
 * camera can cover. Locations the selection excludes (institutions) are left out.
 */
export function harmDemand(cube: IncidentCube, sel: Selection): HarmDemand[] {
  const byPoint = new Map<string, HarmDemand>();
  const { rows, start, end } = selectedRows(cube, sel);
  for (let j = start; j < end; j++) {
    const i = rows === null ? j : rows[j];
    if (!inStudyWards(cube, sel, i)) continue;
    const c = cube.categoryOf[i];
    if (!isSelected(cube, sel, i) || sel.weight[c] === 0) continue;
    const key = `${cube.lon[i]},${cube.lat[i]}`;
    let p = byPoint.get(key);
    if (!p) byPoint.set(key, (p = { position: [cube.lon[i], cube.lat[i]], weight: 0, streets: new Map() }));
    p.weight += sel.weight[c];
    const street = streetName(cube.locations[cube.locationOf[i]]);
    if (street !== '') p.streets.set(street, (p.streets.get(street) ?? 0) + sel.weight[c]);
  }
  return [...byPoint.values()];
}

/** The streets holding most of the harm a site newly covers, largest first. */
function siteStreets(demand: readonly HarmDemand[], covered: readonly number[], top = 3): string[] {
  const totals = new Map<string, number>();
  for (const i of covered) for (const [name, w] of demand[i].streets) totals.set(name, (totals.get(name) ?? 0) + w);
  return [...totals]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, top)
    .map(([name]) => name);
}

/**
 * CCTV siting as the maximal covering location problem (Church & ReVelle 1974) with existing
 * cameras fixed, solved greedily by marginal harm covered (at least 1 - 1/e of the optimum).
 * Candidate sites default to the centres of the study area's H3 cells that hold harm nearby.
 */
export function cctvSiting(
  db: Store,
  cube: IncidentCube,
  sel: Selection,
  input: { cameras: LonLat[]; candidates?: LonLat[]; radius: number; count: number; candidateRes: number; institutions?: InstitutionMode },
) {
  const exclude = (input.institutions ?? 'exclude') === 'exclude';
  const demand = harmDemand(cube, exclude ? withoutInstitutions(cube, sel) : sel);
  const aside = exclude ? setAside(cube, sel) : null;
  const wardAt = wardLocator(db);
  const candidates: LonLat[] =
    input.candidates ??
    studyArea(db, input.candidateRes, sel.area).map((h3) => {
      const [lat, lon] = cellToLatLng(h3);
      return [lon, lat] as LonLat;
    });
  const result = greedyMaximalCovering({ demand, candidates, existing: input.cameras, radiusMetres: input.radius, p: input.count });
  return {
    sites: result.sites.map((s, i) => {
      const ward = wardAt(s.position[0], s.position[1]);
      return {
        rank: i + 1,
        lon: round(s.position[0], 6),
        lat: round(s.position[1], 6),
        ward: ward?.code ?? null,
        wardName: ward?.name ?? null,
        streets: siteStreets(demand, s.newlyCovered),
        marginal: round(s.marginal),
        marginalShare: s.marginalShare === null ? null : round(s.marginalShare, 4),
        cumulative: round(s.cumulative),
        share: s.share === null ? null : round(s.share, 4),
      };
    }),
    curve: result.curve.map((c) => ({ sites: c.sites, covered: round(c.covered), share: c.share === null ? null : round(c.share, 4) })),
    existing: {
      cameras: result.existing.cameras,
      harm: round(result.existing.covered),
      share: result.existing.share === null ? null : round(result.existing.share, 4),
    },
    totalHarm: round(result.totalDemand),
    covered: round(result.covered),
    share: result.share === null ? null : round(result.share, 4),
    uncovered: round(result.totalDemand - result.covered),
    demandPoints: demand.length,
    stoppedEarly: result.stoppedEarly,
    institutions: exclude ? 'exclude' : 'include',
    setAside: aside && { incidents: aside.incidents, harm: aside.harm, places: aside.places },
    method: {
      ...result.method,
      candidates: input.candidates
        ? `${candidates.length} supplied candidate points`
        : `${candidates.length} H3 resolution-${input.candidateRes} cell centres over the study area`,
      demand: 'harm of selected incidents inside the current wards, merged per police.uk snap point',
      institutions: exclude
        ? `Incidents police.uk places at prisons, hospitals, police stations and courts (${aside!.incidents} in this selection) are left out of the harm to cover: they happen inside buildings no street camera sees.`
        : 'Incidents at institutions (prisons, hospitals, police stations, courts) are included in the harm to cover.',
      ...selectionParameters(sel),
      caveats: [
        'Coverage is a circle of the given radius: buildings, trees and camera field of view are not modelled; check sites on the ground.',
        'Snap points stand for nearby streets, so a camera near a snap point may not see where incidents happened.',
        ...DATA_CAVEATS,
      ],
    },
  };
}
