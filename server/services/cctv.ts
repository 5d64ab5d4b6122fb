import { cellToLatLng } from 'h3-js';
import type { Store } from '../db/openStore';
import { greedyMaximalCovering, type DemandPoint, type LonLat } from '../../geo/maximalCovering';
import type { IncidentCube } from './cube';
import type { Selection } from './selection';
import { studyArea } from './studyArea';
import { round, selectionParameters } from './hexes';
import { DATA_CAVEATS } from './caveats';

/**
 * Harm of the selected incidents inside the current wards, merged per snap point: the demand a
 * camera can cover.
 */
export function harmDemand(cube: IncidentCube, sel: Selection): DemandPoint[] {
  const byPoint = new Map<string, { position: LonLat; weight: number }>();
  for (let i = 0; i < cube.n; i++) {
    if (cube.wardOf[i] < 0) continue;
    const m = cube.monthOf[i];
    if (m < sel.monthLo || m > sel.monthHi) continue;
    const c = cube.categoryOf[i];
    if (!sel.selected[c] || sel.weight[c] === 0) continue;
    const key = `${cube.lon[i]},${cube.lat[i]}`;
    const p = byPoint.get(key);
    if (p) p.weight += sel.weight[c];
    else byPoint.set(key, { position: [cube.lon[i], cube.lat[i]], weight: sel.weight[c] });
  }
  return [...byPoint.values()];
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
  input: { cameras: LonLat[]; candidates?: LonLat[]; radius: number; count: number; candidateRes: number },
) {
  const demand = harmDemand(cube, sel);
  const candidates: LonLat[] =
    input.candidates ??
    studyArea(db, input.candidateRes).map((h3) => {
      const [lat, lon] = cellToLatLng(h3);
      return [lon, lat] as LonLat;
    });
  const result = greedyMaximalCovering({ demand, candidates, existing: input.cameras, radiusMetres: input.radius, p: input.count });
  return {
    sites: result.sites.map((s, i) => ({
      rank: i + 1,
      lon: round(s.position[0], 6),
      lat: round(s.position[1], 6),
      marginal: round(s.marginal),
      marginalShare: s.marginalShare === null ? null : round(s.marginalShare, 4),
      cumulative: round(s.cumulative),
      share: s.share === null ? null : round(s.share, 4),
    })),
    curve: result.curve.map((c) => ({ sites: c.sites, covered: round(c.covered), share: c.share === null ? null : round(c.share, 4) })),
    existing: { cameras: result.existing.cameras, harm: round(result.existing.covered), share: result.existing.share === null ? null : round(result.existing.share, 4) },
    totalHarm: round(result.totalDemand),
    covered: round(result.covered),
    share: result.share === null ? null : round(result.share, 4),
    uncovered: round(result.totalDemand - result.covered),
    demandPoints: demand.length,
    stoppedEarly: result.stoppedEarly,
    method: {
      ...result.method,
      candidates: input.candidates ? `${candidates.length} supplied candidate points` : `${candidates.length} H3 resolution-${input.candidateRes} cell centres over the study area`,
      demand: 'harm of selected incidents inside the current wards, merged per police.uk snap point',
      ...selectionParameters(sel),
      caveats: [
        'Coverage is a circle of the given radius: buildings, trees and camera field of view are not modelled; check sites on the ground.',
        'Snap points stand for nearby streets, so a camera near a snap point may not see where incidents happened.',
        ...DATA_CAVEATS,
      ],
    },
  };
}
