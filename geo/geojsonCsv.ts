/**
 * Export helpers: rows of analysis output to CSV text and to a GeoJSON FeatureCollection.
 *
 * CSV follows RFC 4180 (Shafranovich 2005, https://www.rfc-editor.org/rfc/rfc4180):
 * CRLF record separators, a header record, and fields quoted by geo/csvQuote.ts.
 * RFC 4180 has no comment syntax, so parameters never go inside the data CSV (a
 * `# key=value` preamble breaks spreadsheet and pandas readers); `parametersToCsv`
 * writes them as a separate `parameter,value` table instead.
 *
 * GeoJSON follows RFC 7946 (Butler et al. 2016, https://www.rfc-editor.org/rfc/rfc7946).
 * The parameters travel as a top-level foreign member `metadata` (RFC 7946 §6.1 allows
 * foreign members; readers that do not know it ignore it). H3 cell geometry comes from
 * h3-js `cellToBoundary(h3, true)`, which gives [lng, lat] vertices counter-clockwise;
 * the ring is closed here if the library did not close it (RFC 7946 §3.1.6 requires
 * first == last). Cells crossing the antimeridian are not split: irrelevant for UK data.
 */
import { cellToBoundary, isValidCell } from 'h3-js';
import type { Feature, FeatureCollection, Geometry, Polygon } from 'geojson';
import { csvField, type CsvFieldOptions } from './csvQuote';

export type Row = Record<string, unknown>;

export interface CsvOptions extends CsvFieldOptions {
  /** Record separator. RFC 4180 says CRLF; '\n' is offered for diff-friendly fixtures. */
  eol?: '\r\n' | '\n';
}

/** The column order used when none is given: keys in first-seen order across all rows. */
export function inferColumns(rows: readonly Row[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

/**
 * Rows to RFC 4180 CSV text: a header record of `columns` (in the given order, so the
 * caller puts `h3` or `ward` first), then one record per row. Missing values, null and
 * non-finite numbers are empty fields. The text ends with a final record separator.
 */
export function toCsv(rows: readonly Row[], columns: readonly string[] = inferColumns(rows), options: CsvOptions = {}): string {
  const eol = options.eol ?? '\r\n';
  if (columns.length === 0) throw new Error('toCsv: no columns');
  if (new Set(columns).size !== columns.length) throw new Error('toCsv: duplicate column names');
  const lines = [columns.map((c) => csvField(c)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c], options)).join(','));
  return lines.join(eol) + eol;
}

/** Parameters as a two-column `parameter,value` CSV, for a sidecar file next to the data CSV. */
export function parametersToCsv(parameters: Record<string, unknown>, options: CsvOptions = {}): string {
  const rows = Object.entries(parameters).map(([parameter, value]) => ({ parameter, value }));
  return toCsv(rows, ['parameter', 'value'], options);
}

/** Closed [lng, lat] ring of an H3 cell as a GeoJSON Polygon. */
export function h3CellPolygon(h3: string): Polygon {
  if (!isValidCell(h3)) throw new Error(`h3CellPolygon: invalid H3 cell ${JSON.stringify(h3)}`);
  const ring = cellToBoundary(h3, true).map(([lng, lat]) => [lng, lat]);
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first[0] !== last[0] || first[1] !== last[1]) ring.push([first[0], first[1]]);
  return { type: 'Polygon', coordinates: [ring] };
}

export type FeatureCollectionWithMetadata<M> = FeatureCollection<Geometry | null> & { metadata: M };

export interface GeoJsonOptions {
  /** Properties to copy from each row (default: every key of the row). */
  columns?: readonly string[];
  /** Row key whose value becomes the Feature `id` (RFC 7946 §3.2), if present. */
  idKey?: string;
}

/**
 * Rows to a FeatureCollection with the parameters in a top-level `metadata` member.
 * `geometry` returns the row's geometry or null (RFC 7946 allows unlocated features).
 */
export function toFeatureCollection<M>(
  rows: readonly Row[],
  metadata: M,
  geometry: (row: Row) => Geometry | null,
  options: GeoJsonOptions = {},
): FeatureCollectionWithMetadata<M> {
  const features: Feature<Geometry | null>[] = rows.map((row) => {
    const keys = options.columns ?? Object.keys(row);
    const properties: Record<string, unknown> = {};
    // undefined is not JSON; null keeps the column visible in every feature.
    for (const key of keys) properties[key] = row[key] === undefined ? null : row[key];
    const feature: Feature<Geometry | null> = { type: 'Feature', geometry: geometry(row), properties };
    const id = options.idKey === undefined ? undefined : row[options.idKey];
    if (typeof id === 'string' || typeof id === 'number') feature.id = id;
    return feature;
  });
  return { type: 'FeatureCollection', metadata, features };
}

/**
 * Rows keyed by an H3 cell (default key `h3`) to a FeatureCollection of cell polygons,
 * each Feature's `id` being the cell. Throws on an invalid cell so a broken export fails loudly.
 */
export function h3RowsToFeatureCollection<M>(
  rows: readonly Row[],
  metadata: M,
  options: GeoJsonOptions & { h3Key?: string } = {},
): FeatureCollectionWithMetadata<M> {
  const h3Key = options.h3Key ?? 'h3';
  return toFeatureCollection(
    rows,
    metadata,
    (row) => {
      const h3 = row[h3Key];
      if (typeof h3 !== 'string') throw new Error(`h3RowsToFeatureCollection: row has no string "${h3Key}"`);
      return h3CellPolygon(h3);
    },
    { columns: options.columns, idKey: options.idKey ?? h3Key },
  );
}
