/** LSOA (neighbourhood) outlines: faint as part of the offline basemap, stronger when toggled on. */
import { GeoJsonLayer } from '@deck.gl/layers';
import type { FeatureCollection, Geometry } from 'geojson';
import type { AreaProps } from '../api';
import { LSOA_BASE_LINE_COLOR, LSOA_LINE_COLOR } from '../../../geo/palette';
import { hex } from './colors';

export function lsoaLayer(fc: FeatureCollection<Geometry, AreaProps>, emphasised: boolean, id = 'lsoa') {
  return new GeoJsonLayer<AreaProps>({
    id,
    data: fc,
    filled: false,
    stroked: true,
    getLineColor: emphasised ? hex(LSOA_LINE_COLOR, 200) : hex(LSOA_BASE_LINE_COLOR, 140),
    lineWidthUnits: 'pixels',
    getLineWidth: emphasised ? 1 : 0.6,
    pickable: false,
  });
}
