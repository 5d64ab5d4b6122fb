/** Incident counts or harm per H3 cell (the palette's yellow-to-teal counts ramp, quantile classes held fixed while playing). */
import { H3HexagonLayer } from '@deck.gl/geo-layers';
import type { HexCell } from '../api';
import { seqColor } from './colors';

export function hexesLayer(cells: HexCell[], breaks: number[], metric: 'count' | 'harm') {
  return new H3HexagonLayer<HexCell>({
    id: 'hexes',
    data: cells,
    getHexagon: (d) => d.h3,
    getFillColor: (d) => seqColor(metric === 'harm' ? d.harm : d.count, breaks),
    extruded: false,
    stroked: true,
    getLineColor: [255, 255, 255, 160],
    lineWidthMinPixels: 0.5,
    pickable: true,
    highPrecision: 'auto',
    updateTriggers: { getFillColor: [breaks.join(','), metric] },
  });
}
