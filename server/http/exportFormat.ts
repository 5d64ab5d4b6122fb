import type { Response } from 'express';
import type { Geometry } from 'geojson';
import { z } from 'zod';
import { h3RowsToFeatureCollection, toCsv, toFeatureCollection, type Row } from '../../geo/geojsonCsv';
import { exportStem, paramsFileName } from '../../geo/exportName';
import type { IncidentCube } from '../services/cube';
import type { Selection } from '../services/selection';

export type ExportFormat = 'json' | 'csv' | 'geojson' | 'params';

/**
 * `params` is the CSV's parameters as a small JSON file, fetched from the same URL and saved beside
 * the CSV: the CSV itself stays a plain table that Excel, pandas and R open without surprises.
 */
export const exportFormatParam = z
  .enum(['json', 'csv', 'geojson', 'params'])
  .default('json')
  .describe(
    'Response format: json; csv (a plain table); geojson (parameters in its "metadata" member); params (the parameters behind the csv, as JSON to save beside it)',
  );

/** What a download's file name is built from (geo/exportName). */
export interface ExportSelection {
  from: string;
  to: string;
  harm: string | null;
  categories: readonly string[];
  allCategories: readonly string[];
  weight: string;
  /** The study area, when one was asked for: named in the file so two areas' downloads differ. */
  area?: string;
}

export function exportSelection(cube: IncidentCube, sel: Selection): ExportSelection {
  return {
    from: sel.from,
    to: sel.to,
    harm: sel.harm ?? null,
    categories: sel.categories,
    allCategories: cube.categories,
    weight: sel.scheme.id,
    ...(sel.area ? { area: sel.area } : {}),
  };
}

export interface TableExport {
  /** What the rows are, e.g. 'hotspots'; the whole file stem when there is no `selection`. */
  name: string;
  rows: readonly Row[];
  /** Column order; the first names the key (h3, code...). */
  columns: readonly string[];
  /** Parameters behind the numbers: GeoJSON `metadata`, the `params` file, and the CSV's X-Atlas-Parameters header. */
  parameters: Record<string, unknown>;
  /** Geometry for GeoJSON; H3 rows get cell polygons when absent. */
  geometry?: (row: Row) => Geometry | null;
  /** The filter behind the rows: names the file `<harm>-<name>-<from>-to-<to>`. */
  selection?: ExportSelection;
  /** Variants that would otherwise share a file name, e.g. ['significant']. */
  qualifiers?: readonly string[];
}

/** The file name without extension that sendExport gives `table`. */
export function exportStemOf(table: Pick<TableExport, 'name' | 'selection' | 'qualifiers'>): string {
  if (!table.selection) return [table.name, ...(table.qualifiers ?? [])].join('-');
  const { area, ...selection } = table.selection;
  return exportStem({ kind: table.name, ...selection, qualifiers: [...(area ? [area] : []), ...(table.qualifiers ?? [])] });
}

/** The `params` document: enough to tell what the CSV beside it holds and to reproduce it. */
export function paramsDocument(table: TableExport): {
  file: string;
  rows: number;
  columns: readonly string[];
  parameters: Record<string, unknown>;
} {
  return { file: `${exportStemOf(table)}.csv`, rows: table.rows.length, columns: table.columns, parameters: table.parameters };
}

/** JSON with every non-ASCII character as a \u escape: header values must be Latin-1, and JSON.parse reads it back unchanged. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function attachment(res: Response, fileName: string): void {
  // Stems are [a-z0-9-] (geo/exportName), so the quoted form needs no escaping.
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.setHeader('Access-Control-Expose-Headers', 'Content-Disposition, X-Atlas-Parameters');
}

/**
 * Sends the CSV, GeoJSON or parameters form of a table. CSV has no place for metadata (RFC 4180),
 * so its parameters are the separate `params` download (and, for scripts, a response header).
 */
export function sendExport(res: Response, format: Exclude<ExportFormat, 'json'>, table: TableExport): void {
  const stem = exportStemOf(table);
  if (format === 'csv') {
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    attachment(res, `${stem}.csv`);
    res.setHeader('X-Atlas-Parameters', asciiJson(table.parameters));
    res.send(toCsv(table.rows, table.columns));
    return;
  }
  if (format === 'params') {
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    attachment(res, paramsFileName(stem));
    res.send(JSON.stringify(paramsDocument(table), null, 2));
    return;
  }
  const collection = table.geometry
    ? toFeatureCollection(table.rows, table.parameters, table.geometry, { columns: table.columns })
    : h3RowsToFeatureCollection(table.rows, table.parameters, { columns: table.columns });
  res.setHeader('Content-Type', 'application/geo+json');
  attachment(res, `${stem}.geojson`);
  res.send(JSON.stringify(collection));
}
