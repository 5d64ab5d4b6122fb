/** The selected cell: a thick dark outline with a white halo, above every cell layer. */
import { H3HexagonLayer } from '@deck.gl/geo-layers';
import { SELECTED_CELL_COLOR } from '../../../geo/palette';
import { hex } from './colors';
import { lastFor } from './stableData';

// Twice: the white halo (index 0) under the dark outline.
const outlineOf = lastFor((h3: string | null) => (h3 ? [h3, h3] : []));

export function selectedCellLayer(h3: string | null) {
  const data = outlineOf(h3);
  return new H3HexagonLayer<string>({
    id: 'selected-cell',
    data,
    getHexagon: (d) => d,
    filled: false,
    stroked: true,
    getLineColor: (_d, { index }) => (index === 0 ? [255, 255, 255, 255] : hex(SELECTED_CELL_COLOR)),
    lineWidthUnits: 'pixels',
    getLineWidth: (_d, { index }) => (index === 0 ? 6 : 3),
    extruded: false,
    pickable: false,
    highPrecision: true,
  });
}
