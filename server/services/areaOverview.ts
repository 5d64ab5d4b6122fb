/**
 * Every held study area side by side (a force's boroughs, or the nation): selected incidents, harm
 * and the rate per 1,000 residents a year, as the community safety strategy's table of crimes per
 * 1,000 compares Cleveland's four boroughs. One pass over the window's rows, whatever the areas.
 */
import type { Store } from '../db/openStore';
import { monthSpan } from '../../geo/month';
import { byWard } from './aggregate';
import { currentAreas, heldAreas } from './areas';
import type { IncidentCube } from './cube';
import { usedWindow, type Selection } from './selection';
import { wardContext } from './wardContext';
import { selectionParameters } from './hexes';

const round = (x: number, dp: number) => Math.round(x * 10 ** dp) / 10 ** dp;

export function areaOverview(db: Store, cube: IncidentCube, sel: Selection) {
  const t = byWard(cube, sel);
  const count = new Map<string, number>();
  const harm = new Map<string, number>();
  cube.wardAreas.forEach((lad, w) => {
    if (lad === null) return;
    count.set(lad, (count.get(lad) ?? 0) + t.count[w]);
    harm.set(lad, (harm.get(lad) ?? 0) + t.harm[w]);
  });
  const used = usedWindow(cube, sel);
  const months = used ? monthSpan(used.from, used.to) : 0;
  const context = wardContext(db);
  const areas = heldAreas(db).map((a) => {
    const pops = currentAreas(db, 'ward', a.code).map((w) => context.get(w.code)?.population ?? null);
    const population = pops.every((p) => p !== null) ? pops.reduce((s, p) => s + p!, 0) : null;
    const n = count.get(a.code) ?? 0;
    return {
      code: a.code,
      name: a.name,
      wards: a.wards,
      count: n,
      harm: round(harm.get(a.code) ?? 0, 2),
      population,
      ratePer1000: population && months ? round(((n / population) * 1000 * 12) / months, 2) : null,
    };
  });
  return {
    areas,
    metadata: {
      ...selectionParameters(sel),
      months,
      used,
      notes: [
        'Counts are incidents inside each area’s current wards; police.uk places each at an anonymous map point.',
        'Rates are per 1,000 residents per year: the window’s count scaled to 12 months over the ONS mid-2022 ward populations.',
      ],
    },
  };
}
