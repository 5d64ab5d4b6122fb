/** LSOA (neighbourhood) outlines: faint as part of the offline basemap, stronger when toggled on. */
import { GeoJsonLayer } from '@deck.gl/layers';
import type { FeatureCollection, Geometry } from 'geojson';
import type { AreaProps } from '../api';

export function lsoaLayer(fc: FeatureCollection<Geometry, AreaProps>, emphasised: boolean, id = 'lsoa') {
  return new GeoJsonLayer<AreaProps>({
    id,
    data: fc,
    filled: false,
    stroked: true,
    getLineColor: emphasised ? [90, 90, 110, 200] : [150, 155, 165, 140],
    lineWidthUnits: 'pixels',
    getLineWidth: emphasised ? 1 : 0.6,
    pickable: false,
  });
}
