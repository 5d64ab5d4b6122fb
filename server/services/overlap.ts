import type { Store } from '../db/openStore';
import type { H3Resolution } from '../../geo/h3Bin';
import { harmGroup } from '../../geo/harmGroups';
import { setOverlap } from '../../geo/setOverlap';
import { colocationQuotients } from '../../geo/colocationQuotient';
import { selectedRows, type IncidentCube } from './cube';
import { inStudyWards, withWindow, type Selection } from './selection';
import { hotspotsAsync, type HotspotOptions } from './hotspots';
import { currentAreas } from './areas';
import { studyCellWards } from './cellWards';
import { round } from './hexes';
import { DATA_CAVEATS, HOTSPOT_CAVEATS } from './caveats';
import { weightingWarnings } from './weightingWarnings';

export type OverlapClass = 'both' | 'violence' | 'asb' | 'neither';

const finite = (x: number, digits = 4) => (Number.isFinite(x) ? round(x, digits) : null);

/**
 * Where violence and ASB hot spots coincide (methods.md §6): the two sets of significant hot
 * cells at the same resolution, window and alpha, their Jaccard and overlap coefficients with a
 * permutation test, and the co-location quotient in both directions on the incident points.
 */
export async function overlap(
  db: Store,
  cube: IncidentCube,
  res: H3Resolution,
  base: Selection,
  opts: HotspotOptions & { overlapPermutations: number },
) {
  const layer = (id: 'violence' | 'asb') =>
    withWindow(cube, {
      from: base.from,
      to: base.to,
      categories: harmGroup(id)!.categories,
      harm: id,
      area: base.area,
      scheme: base.scheme,
      asbWeight: base.asbWeight,
    });
  const violenceSel = layer('violence');
  const asbSel = layer('asb');
  // A layer the scheme weighs at zero has no hot cells by construction; an overlap of 0 with it
  // is no finding, so the response says which layer has no weight.
  const hasWeight = (sel: Selection) => sel.weight.some((w, i) => sel.selected[i] === 1 && w > 0);
  const warnings = [
    ...weightingWarnings(violenceSel, cube, { subject: 'layer', harmLabel: 'violence' }),
    ...weightingWarnings(asbSel, cube, { subject: 'layer', harmLabel: 'ASB' }),
  ];
  // Each layer is tested exactly as /api/hotspots tests it (the same inference, draws and seed),
  // so its hot cells are the ones the hot-spot map shows; both tests go to the worker pool together.
  const [violence, asb] = await Promise.all([hotspotsAsync(db, cube, res, violenceSel, opts), hotspotsAsync(db, cube, res, asbSel, opts)]);
  const n = violence.cells.length;
  const hotV = new Uint8Array(n);
  const hotA = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    hotV[i] = violence.cells[i].bin > 0 ? 1 : 0;
    hotA[i] = asb.cells[i].bin > 0 ? 1 : 0;
  }
  const sets = setOverlap(hotV, hotA, { permutations: opts.overlapPermutations, seed: opts.seed });

  // Co-location on the points inside the current wards, in the window.
  const vCats = new Set(violenceSel.categories);
  const x: number[] = [];
  const y: number[] = [];
  const type: number[] = [];
  const { rows, start, end } = selectedRows(cube, base);
  for (let j = start; j < end; j++) {
    const i = rows === null ? j : rows[j];
    if (!inStudyWards(cube, base, i)) continue;
    const slug = cube.categories[cube.categoryOf[i]];
    const t = slug === 'anti-social-behaviour' ? 1 : vCats.has(slug) ? 0 : -1;
    if (t < 0) continue;
    x.push(cube.lon[i]);
    y.push(cube.lat[i]);
    type.push(t);
  }
  const clq = colocationQuotients({ x, y, type }, 2);

  const cellWards = studyCellWards(db, res, base.area);
  const wardNames = new Map(currentAreas(db, 'ward', base.area).map((w) => [w.code, w.name]));
  const perWard = new Map<string, { code: string; name: string; both: number; violence: number; asb: number; cells: number }>();
  for (const [code, name] of wardNames) perWard.set(code, { code, name, both: 0, violence: 0, asb: 0, cells: 0 });
  const cells = violence.cells.map((c, i) => {
    const cls: OverlapClass = hotV[i] && hotA[i] ? 'both' : hotV[i] ? 'violence' : hotA[i] ? 'asb' : 'neither';
    const ward = cellWards[i];
    const w = ward ? perWard.get(ward) : undefined;
    if (w) {
      w.cells++;
      if (cls !== 'neither') w[cls]++;
    }
    return { h3: c.h3, class: cls, ward, violenceZ: c.z, asbZ: asb.cells[i].z, violence: c.value, asb: asb.cells[i].value };
  });
  return {
    res,
    from: base.from,
    to: base.to,
    violence: { hot: sets.sizeA, categories: violenceSel.categories, weighted: hasWeight(violenceSel) },
    asb: { hot: sets.sizeB, categories: asbSel.categories, weighted: hasWeight(asbSel) },
    both: sets.intersection,
    union: sets.union,
    jaccard: finite(sets.jaccard),
    overlapCoefficient: finite(sets.overlap),
    expectedBoth: finite(sets.expectedIntersection, 2),
    pJaccard: finite(sets.pPermutation, 6),
    pExact: finite(sets.pExact, 8),
    permutations: sets.permutations,
    clq: {
      violenceToAsb: finite(clq.clq[0 * 2 + 1]),
      asbToViolence: finite(clq.clq[1 * 2 + 0]),
      violencePoints: clq.counts[0],
      asbPoints: clq.counts[1],
      locations: clq.locations,
    },
    cells,
    wards: [...perWard.values()].sort(
      (a, b) => b.both - a.both || b.violence + b.asb - (a.violence + a.asb) || a.name.localeCompare(b.name),
    ),
    method: {
      hotCells: `significant hot cells (Gi* bin > 0 after Benjamini-Hochberg at alpha ${opts.alpha}) for violence and for ASB, same resolution ${res}, window ${base.from}..${base.to}, k ${opts.k}, weight ${base.scheme.id}`,
      jaccard: '|V ∩ A| / |V ∪ A|',
      overlapCoefficient: '|V ∩ A| / min(|V|, |A|)',
      permutationTest: `${sets.permutations} random relabellings of the ASB hot cells within the study area (seed ${opts.seed}); p = (#J_sim ≥ J + 1) / (perms + 1); pExact is the hypergeometric tail of the same null`,
      clq: "co-location quotient (Leslie & Kronenfeld 2011), one nearest neighbour, points inside the current wards; points sharing a snap point are each other's nearest neighbours, other ties share weight equally",
      wardOfCell: 'a cell belongs to the ward containing its centre',
      warnings,
      caveats: [
        ...HOTSPOT_CAVEATS,
        'Hot cells are tested separately per layer; overlap of two FDR-controlled sets is descriptive, the permutation p tests it against chance placement.',
        ...DATA_CAVEATS,
      ],
    },
  };
}
