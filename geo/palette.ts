/**
 * The one palette for the map, its legend and the printed pack, so that a class looks the same on
 * screen and on paper. Plain hex strings and labels only: renderers turn them into their own colour
 * types (deck.gl RGBA, CSS, SVG fill).
 *
 * ColorBrewer RdBu for Gi* bins (diverging, hot = red), ColorBrewer YlGnBu for counts, Okabe–Ito
 * hues for categorical classes, and a grey ramp for ward shading so that it never competes with the
 * hue of the cell layers drawn over it.
 */

/** Gi* confidence bins, -3..3 (ColorBrewer RdBu, 7 classes). */
export const BIN_COLORS: Record<number, string> = {
  3: '#b2182b',
  2: '#ef8a62',
  1: '#fddbc7',
  0: '#f7f7f7',
  [-1]: '#d1e5f0',
  [-2]: '#67a9cf',
  [-3]: '#2166ac',
};
export const BIN_LABELS: Record<number, string> = {
  3: 'Hot spot, 99% confidence',
  2: 'Hot spot, 95% confidence',
  1: 'Hot spot, 90% confidence',
  0: 'Not significant',
  [-1]: 'Cold spot, 90% confidence',
  [-2]: 'Cold spot, 95% confidence',
  [-3]: 'Cold spot, 99% confidence',
};

/**
 * Counts and harm, 7 classes, light to dark: yellow through green to dark teal. Not ColorBrewer
 * YlGnBu, whose dark blues are the cold bins' blues (#225ea8 against bin -3's #2166ac is ΔE00 2);
 * every class here stays ΔE00 ≥ 10 from every hot and cold bin in normal vision and under simulated
 * deuteranopia (tests/geo/paletteColourBlind.test.ts), so a counts map is not read as a Gi* map.
 */
export const SEQ_COLORS: string[] = ['#f4f08c', '#cfe25a', '#6cc9a4', '#3aae94', '#16907f', '#0b6e66', '#104840'];

export type OverlapClass = 'both' | 'violence' | 'asb';
/**
 * Violence / ASB overlap classes, drawn as outlines over the Gi* bins: both = near-black purple,
 * violence only = Okabe–Ito yellow, ASB only = Okabe–Ito bluish green. The earlier sky blue for ASB
 * only was ΔE00 4 from the 95% cold bin under deuteranopia, and the orange and purple under 10 from
 * the 95% hot and 99% cold bins; these keep ΔE00 ≥ 15 from every bin, and from each other.
 */
export const OVERLAP_COLORS: Record<string, string> = { both: '#40004b', violence: '#f0e442', asb: '#009e73' };
export const OVERLAP_LABELS: Record<string, string> = {
  both: 'Hot for violence and ASB',
  violence: 'Hot for violence only',
  asb: 'Hot for ASB only',
};
/** Map and legend order of the overlap classes. */
export const OVERLAP_CLASSES: readonly OverlapClass[] = ['both', 'violence', 'asb'];

/** Emerging hot spot classes (ArcGIS / sfdep names), Okabe–Ito hues. */
export const TREND_COLORS: Record<string, string> = {
  new: '#d55e00',
  consecutive: '#e69f00',
  intensifying: '#7f1d00',
  persistent: '#cc79a7',
  diminishing: '#56b4e9',
  sporadic: '#009e73',
  oscillating: '#0072b2',
  historical: '#8c8c8c',
};
export const TREND_LABELS: Record<string, string> = {
  new: 'New: hot only in the last month',
  consecutive: 'Consecutive: hot for the last run of months',
  intensifying: 'Intensifying: hot most months, getting hotter',
  persistent: 'Persistent: hot most months, no trend',
  diminishing: 'Diminishing: hot most months, cooling',
  sporadic: 'Sporadic: on and off hot',
  oscillating: 'Oscillating: hot now, cold before',
  historical: 'Historical: hot before, not recently',
};
/** Every cold emerging class shares the strongest cold bin's colour: they are rare and seldom tasked. */
export const COLD_TREND_COLOR = BIN_COLORS[-3];
/** A trend class the palette does not know. */
export const UNKNOWN_CLASS_COLOR = '#666666';

/** Ward shading: a grey ramp (darker = more). */
export const GREY_RAMP: string[] = ['#f7f7f7', '#d9d9d9', '#bdbdbd', '#969696', '#737373', '#525252'];

/**
 * Patrol places (numbered dots and their cells) on the map, the patrol sheet and the pack. The
 * map's purple, darkened a step (#6a1b9a was ΔE00 7.9 from the 99% cold bin under deuteranopia):
 * #601494 stays ΔE00 ≥ 10 from every Gi* bin and overlap class in normal and deuteranope vision,
 * and its white rank numbers have a contrast of 10.4:1. The pack used near-black, which was the
 * colour of its focus-ward line too.
 */
export const PATROL_COLOR = '#601494';
export const PATROL_MARKER_COLOR = PATROL_COLOR;
/** CCTV tool: proposed sites (and the coverage curve), existing cameras, set-aside institutions. */
export const SITE_COLOR = '#007a5a';
export const CAMERA_COLOR = '#1e3c78';
export const INSTITUTION_COLOR = '#60646c';

/**
 * Boundaries. Ward lines are the map legend's slate (#3c4048, 9.6:1 on the pack's background);
 * the pack's #555555 and the map layer's #46465a were two more greys for the same line.
 */
export const WARD_LINE_COLOR = '#3c4048';
/** The faint ward outline of the offline basemap. */
export const WARD_BASE_LINE_COLOR = '#969ca8';
/** LSOA outlines: when the layer is on, and faint as part of the offline basemap. */
export const LSOA_LINE_COLOR = '#5a5a6e';
export const LSOA_BASE_LINE_COLOR = '#969ba5';
/**
 * The ward the user chose on the map is the pack's focus ward: one blue for both (the pack drew it
 * near-black). ΔE00 ≥ 17 from the hot bins and overlap classes the pack's maps draw.
 */
export const SELECTED_WARD_COLOR = '#005aa0';
export const FOCUS_WARD_LINE_COLOR = SELECTED_WARD_COLOR;
export const SELECTED_CELL_COLOR = '#141414';

/**
 * "Our hot spots" wherever a chart or key names them (the back-test's line): the 99% hot bin's red,
 * the colour the map legend and the pack give a hot spot, so the line reads as the cells it scores.
 */
export const HOT_SPOT_COLOR = BIN_COLORS[3];

/**
 * The ward panel's monthly lines by harm group. A 2 px line on the white panel needs contrast that
 * the overlap outline hues lack (Okabe–Ito yellow is 1.3:1 on white), so violence takes the hot red
 * and ASB Okabe–Ito blue (the oscillating trend hue): ≥ 5:1 on white, and far apart under
 * deuteranopia, where a red and a green line would merge. Any other selection uses the neutral grey.
 */
export const HARM_SERIES_COLORS: Readonly<Record<'violence' | 'asb', string>> = { violence: HOT_SPOT_COLOR, asb: '#0072b2' };

/**
 * A chart line that is not a class (the back-test's baseline, the ward panel's chosen selection):
 * one neutral grey, 7.5:1 on white, drawn dashed beside the coloured lines. The panel's #444444 and
 * the back-test's #555555 were two greys for one role.
 */
export const NEUTRAL_SERIES_COLOR = '#555555';

/** Opacity (0..255) of filled cells on the map and in the pack: enough to read the ward lines through. */
export const CELL_ALPHA = 225;

/** "#rrggbb" -> [r, g, b] in 0..255. */
export function hexToRgb(c: string): [number, number, number] {
  const n = parseInt(c.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
