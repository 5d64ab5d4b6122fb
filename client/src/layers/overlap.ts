/** Violence / ASB overlap: cells hot for both, for violence only, for ASB only. */
import { H3HexagonLayer } from '@deck.gl/geo-layers';
import type { OverlapResponse } from '../api';
import { CELL_ALPHA, hex, OVERLAP_COLORS, UNKNOWN_CLASS_COLOR } from './colors';
import { sameFor } from './stableData';

type OverlapCell = OverlapResponse['cells'][number];

const shownOf = sameFor((cells: OverlapCell[]) => cells.filter((c) => c.class !== 'neither'));

/** `outline`: draw classes as thick outlines so a hotspot layer under them stays visible. */
export function overlapLayer(cells: OverlapCell[], outline: boolean) {
  const shown = shownOf(cells);
  return new H3HexagonLayer<OverlapCell>({
    id: 'overlap',
    data: shown,
    getHexagon: (d) => d.h3,
    filled: !outline,
    getFillColor: (d) => hex(OVERLAP_COLORS[d.class] ?? UNKNOWN_CLASS_COLOR, CELL_ALPHA),
    stroked: true,
    getLineColor: (d) => (outline ? hex(OVERLAP_COLORS[d.class] ?? UNKNOWN_CLASS_COLOR, 255) : [255, 255, 255, 200]),
    lineWidthUnits: 'pixels',
    getLineWidth: outline ? 3 : 0.5,
    lineWidthMinPixels: 0.5,
    extruded: false,
    pickable: true,
    highPrecision: 'auto',
    updateTriggers: { getLineColor: outline },
  });
}
