/**
 * Getis-Ord Gi* hot and cold spots, coloured by confidence bin (-3..3) on ColorBrewer RdBu.
 * Bin 0 (not significant) cells are left out so the map stays readable and the wards beneath stay
 * clickable; the study area's outline still shows through the ward boundaries.
 */
import { H3HexagonLayer } from '@deck.gl/geo-layers';
import type { HotspotCell } from '../api';
import { binColor } from './colors';
import { sameFor } from './stableData';

const significantOf = sameFor((cells: HotspotCell[]) => cells.filter((c) => c.bin !== 0));

export function hotspotsLayer(cells: HotspotCell[]) {
  const significant = significantOf(cells);
  return new H3HexagonLayer<HotspotCell>({
    id: 'hotspots',
    data: significant,
    getHexagon: (d) => d.h3,
    getFillColor: (d) => binColor(d.bin),
    extruded: false,
    stroked: true,
    getLineColor: [255, 255, 255, 200],
    lineWidthMinPixels: 0.5,
    pickable: true,
    highPrecision: 'auto',
  });
}
