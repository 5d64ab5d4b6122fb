/**
 * One palette for the map and the pack (issue 10): the client's colour module hands out the very
 * objects of geo/palette.ts, and the colours are the ones the map has always drawn.
 */
import { describe, expect, it } from 'vitest';
import * as palette from '../../geo/palette';
import * as colors from '../../client/src/layers/colors';
import * as tools from '../../client/src/tools/toolLayers';

describe('geo/palette', () => {
  it('is what the map layers and legend import', () => {
    expect(colors.BIN_COLORS).toBe(palette.BIN_COLORS);
    expect(colors.BIN_LABELS).toBe(palette.BIN_LABELS);
    expect(colors.OVERLAP_COLORS).toBe(palette.OVERLAP_COLORS);
    expect(colors.OVERLAP_LABELS).toBe(palette.OVERLAP_LABELS);
    expect(colors.SEQ_COLORS).toBe(palette.SEQ_COLORS);
    expect(colors.TREND_COLORS).toBe(palette.TREND_COLORS);
    expect(colors.TREND_LABELS).toBe(palette.TREND_LABELS);
    expect(colors.GREY_RAMP).toBe(palette.GREY_RAMP);
  });

  it('keeps the map colours: ColorBrewer RdBu bins, Okabe-Ito overlap classes', () => {
    expect(palette.BIN_COLORS[3]).toBe('#b2182b');
    expect(palette.BIN_COLORS[-3]).toBe('#2166ac');
    expect(palette.OVERLAP_COLORS.both).toBe('#40004b');
    expect(palette.OVERLAP_COLORS.violence).toBe('#f0e442');
    expect(palette.OVERLAP_COLORS.asb).toBe('#009e73');
    expect(palette.SEQ_COLORS).toHaveLength(7);
  });

  it('gives the charts the map legend’s hot-spot red and one neutral grey', () => {
    expect(palette.HOT_SPOT_COLOR).toBe(palette.BIN_COLORS[3]);
    expect(palette.HARM_SERIES_COLORS).toEqual({ violence: '#b2182b', asb: '#0072b2' });
    expect(palette.NEUTRAL_SERIES_COLOR).toBe('#555555');
  });

  it('gives deck.gl the same bytes: bin 3 at the shared cell opacity, bin 0 transparent', () => {
    expect(colors.binColor(3)).toEqual([0xb2, 0x18, 0x2b, palette.CELL_ALPHA]);
    expect(colors.binColor(0)[3]).toBe(0);
    expect(colors.trendColor('Cold Persistent')).toEqual([0x21, 0x66, 0xac, 150]);
    expect(palette.hexToRgb('#0c2c84')).toEqual([12, 44, 132]);
  });

  it('gives the map, the patrol sheet and the pack one colour per class', () => {
    expect(palette.PATROL_COLOR).toBe('#601494');
    expect(palette.PATROL_MARKER_COLOR).toBe(palette.PATROL_COLOR);
    expect(palette.FOCUS_WARD_LINE_COLOR).toBe(palette.SELECTED_WARD_COLOR);
    expect(palette.WARD_LINE_COLOR).toBe('#3c4048');
    expect(tools.PATROL_RGB).toEqual([0x60, 0x14, 0x94]);
    expect(tools.SITE_RGB).toEqual(palette.hexToRgb(palette.SITE_COLOR));
  });
});
