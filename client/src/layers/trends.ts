/** Emerging hot spot classes (monthly Gi* plus Mann-Kendall, as ArcGIS / sfdep define them). */
import { H3HexagonLayer } from '@deck.gl/geo-layers';
import type { TrendsResponse } from '../api';
import { trendColor } from './colors';
import { sameFor } from './stableData';

type TrendCell = TrendsResponse['cells'][number];

const shownOf = sameFor((cells: TrendCell[]) => cells.filter((c) => trendColor(c.class) !== null));

export function trendsLayer(cells: TrendCell[]) {
  const shown = shownOf(cells);
  return new H3HexagonLayer<TrendCell>({
    id: 'trends',
    data: shown,
    getHexagon: (d) => d.h3,
    getFillColor: (d) => trendColor(d.class) ?? [0, 0, 0, 0],
    stroked: true,
    getLineColor: [255, 255, 255, 200],
    lineWidthMinPixels: 0.5,
    extruded: false,
    pickable: true,
    highPrecision: 'auto',
  });
}
