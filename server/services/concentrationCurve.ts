import type { Store } from '../db/openStore';
import type { H3Resolution } from '../../geo/h3Bin';
import { concentration } from '../../geo/concentration';
import type { IncidentCube } from './cube';
import type { Selection } from './selection';
import { studyValues } from './hotspots';
import { round, selectionParameters } from './hexes';
import { DATA_CAVEATS } from './caveats';

/** The law of crime concentration (Weisburd 2015) over the study area's cells. */
export function concentrationCurve(db: Store, cube: IncidentCube, res: H3Resolution, sel: Selection) {
  const { value } = studyValues(db, cube, res, sel);
  const c = concentration(value);
  return {
    res,
    cells: c.n,
    total: round(c.total),
    top1: round(c.top1, 4),
    top5: round(c.top5, 4),
    top10: round(c.top10, 4),
    cellShareForHalf: round(c.cellShareForHalf, 4),
    gini: round(c.gini, 4),
    curve: Array.from(c.curve.x, (x, i) => [round(x, 5), round(c.curve.y[i], 5)]),
    method: {
      statistic: 'share of harm in the top 1%, 5% and 10% of study-area cells (Weisburd 2015, Criminology 53(2))',
      cells: 'every H3 cell overlapping the current wards, zero cells included',
      ...selectionParameters(sel),
      res,
      caveats: [
        "H3 cells are not street segments: Weisburd's 50% at 2-6% refers to segments, so shares here are not directly comparable.",
        ...DATA_CAVEATS,
      ],
    },
  };
}
