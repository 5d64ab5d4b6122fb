import { basename, extname } from 'node:path';
import { isMonth } from '../../geo/month';
import { recogniseAreaTable, type AreaTableSpec } from './areaTables';
import { describeNonCsv, sniff } from './fileSniff';
import { classifyFeatures, type BoundaryLayout } from './geojsonKind';
import { headerLine } from './headers';
import { parseCsv } from './csvParse';
import { missingColumns, parsePoliceFileName, policeDatasetOf, type PoliceDataset } from './policeUkColumns';

/**
 * Decides what a file is from its name AND its content. A file whose name makes a claim (a
 * police.uk archive name, a .csv or .geojson extension) must live up to it, or it is refused with
 * a message saying why; a well-formed file that is simply something else (a README, an unrelated
 * table) is ignored and listed as such.
 */
export interface FeatureCollectionLike {
  type: 'FeatureCollection';
  features: { type?: unknown; properties?: Record<string, unknown> | null; geometry?: { type?: unknown; coordinates?: unknown } | null }[];
}

export type Recognised =
  | { kind: PoliceDataset; force: string; month: string; text: string }
  | { kind: 'area-table'; spec: AreaTableSpec; text: string }
  | { kind: 'boundary'; layout: BoundaryLayout; data: FeatureCollectionLike }
  | { kind: 'pois'; data: FeatureCollectionLike }
  | { kind: 'unknown'; message: string }
  | { kind: 'refused'; message: string };

const DATASET_LABEL: Record<PoliceDataset, string> = { street: 'street', outcomes: 'outcomes', 'stop-search': 'stop-and-search' };

export function decodeText(bytes: Buffer): string {
  return bytes.toString('utf8');
}

function headerFields(text: string): string[] {
  let fields: string[] = [];
  parseCsv(headerLine(text), (f) => {
    fields = f;
  });
  return fields;
}

function recogniseCsv(path: string, bytes: Buffer, head: Buffer): Recognised {
  const name = basename(path);
  const claim = parsePoliceFileName(name);
  const sniffed = sniff(head);
  if (sniffed.kind !== 'text') return { kind: 'refused', message: `${describeNonCsv(sniffed)}` };
  const text = decodeText(bytes);
  const header = headerFields(text);
  const fits = policeDatasetOf(header);

  if (claim) {
    if (!isMonth(claim.month)) return { kind: 'refused', message: `the name says month ${claim.month}, which is not a calendar month` };
    const missing = missingColumns(claim.dataset, header);
    if (missing.length > 0) {
      const looksLike = fits && fits !== claim.dataset ? `; it looks like a ${DATASET_LABEL[fits]} file` : '';
      return {
        kind: 'refused',
        message: `named as a police.uk ${DATASET_LABEL[claim.dataset]} file, but line 1 is not its header (missing: ${missing.join(', ')})${looksLike}`,
      };
    }
    return { kind: claim.dataset, force: claim.force, month: claim.month, text };
  }
  if (fits) {
    return {
      kind: 'refused',
      message: `looks like a police.uk ${DATASET_LABEL[fits]} file, but its name does not give month and force: rename it YYYY-MM-<force>-${DATASET_LABEL[fits]}.csv as police.uk does`,
    };
  }
  const spec = recogniseAreaTable(header, name);
  if (spec) return { kind: 'area-table', spec, text };
  return { kind: 'unknown', message: `CSV not recognised (header starts: ${header.slice(0, 4).join(', ')})` };
}

function firstCoordinate(coords: unknown): [number, number] | undefined {
  let c = coords;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  return Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number' ? [c[0], c[1]] : undefined;
}

function recogniseGeojson(path: string, bytes: Buffer): Recognised {
  const sniffed = sniff(bytes);
  if (sniffed.kind !== 'json') {
    return {
      kind: 'refused',
      message: sniffed.kind === 'text' ? 'is not JSON' : describeNonCsv(sniffed).replace('not CSV', 'not GeoJSON'),
    };
  }
  let data: unknown;
  try {
    data = JSON.parse(decodeText(bytes).replace(/^\uFEFF/, ''));
  } catch (e) {
    return { kind: 'refused', message: `is not valid JSON (truncated?): ${(e as Error).message}` };
  }
  const fc = data as Partial<FeatureCollectionLike>;
  if (fc.type !== 'FeatureCollection' || !Array.isArray(fc.features))
    return { kind: 'unknown', message: 'JSON but not a GeoJSON FeatureCollection' };
  const layout = classifyFeatures(fc.features, basename(path));
  if (layout.kind === 'unknown') return layout;
  const first = fc.features.map((f) => firstCoordinate(f.geometry?.coordinates)).find((c) => c !== undefined);
  if (first && (Math.abs(first[0]) > 180 || Math.abs(first[1]) > 90)) {
    return {
      kind: 'refused',
      message: `coordinates are not longitude/latitude (e.g. ${first[0]}, ${first[1]}: British National Grid?); download the WGS84 (EPSG:4326) GeoJSON`,
    };
  }
  if (layout.kind === 'pois') return { kind: 'pois', data: fc as FeatureCollectionLike };
  return { kind: 'boundary', layout, data: fc as FeatureCollectionLike };
}

/** Extensions worth opening; everything else (README.md, .txt, images) is listed as ignored. */
export function isCandidate(path: string): boolean {
  return ['.csv', '.geojson', '.json'].includes(extname(path).toLowerCase());
}

/** `head`: the file's first bytes as they are, when `bytes` had oversized records blanked (csvFile.ts). */
export function recognise(path: string, bytes: Buffer, head: Buffer = bytes): Recognised {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return recogniseCsv(path, bytes, head);
  if (ext === '.geojson' || ext === '.json') return recogniseGeojson(path, bytes);
  return { kind: 'unknown', message: 'not a data file' };
}
