import type { Response } from 'express';
import type { Geometry } from 'geojson';
import { h3RowsToFeatureCollection, toCsv, toFeatureCollection, type Row } from '../../geo/geojsonCsv';

export type ExportFormat = 'json' | 'csv' | 'geojson';

export interface TableExport {
  /** File stem for the download name, e.g. 'hotspots'. */
  name: string;
  rows: readonly Row[];
  /** Column order; the first names the key (h3, code...). */
  columns: readonly string[];
  /** Parameters behind the numbers: GeoJSON `metadata`, or the CSV's X-Atlas-Parameters header. */
  parameters: Record<string, unknown>;
  /** Geometry for GeoJSON; H3 rows get cell polygons when absent. */
  geometry?: (row: Row) => Geometry | null;
}

/**
 * Sends the CSV or GeoJSON form of a table. CSV has no place for metadata (RFC 4180), so its
 * parameters travel in a response header as JSON.
 */
export function sendExport(res: Response, format: Exclude<ExportFormat, 'json'>, table: TableExport): void {
  if (format === 'csv') {
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${table.name}.csv"`);
    res.setHeader('X-Atlas-Parameters', JSON.stringify(table.parameters));
    res.setHeader('Access-Control-Expose-Headers', 'X-Atlas-Parameters');
    res.send(toCsv(table.rows, table.columns));
    return;
  }
  const collection = table.geometry
    ? toFeatureCollection(table.rows, table.parameters, table.geometry, { columns: table.columns })
    : h3RowsToFeatureCollection(table.rows, table.parameters, { columns: table.columns });
  res.setHeader('Content-Type', 'application/geo+json');
  res.setHeader('Content-Disposition', `attachment; filename="${table.name}.geojson"`);
  res.send(JSON.stringify(collection));
}
