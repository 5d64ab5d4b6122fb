import { categorySlug } from '../../geo/categories';
import { crimeKey } from '../db/crimeKey';
import { readTable } from './csvTable';
import { resolveColumns } from './headers';
import { placeKey } from './placeBook';
import { STREET_COLUMNS } from './policeUkColumns';
import { checkMonth, checkPoint } from './rowChecks';
import { REJECT_REASONS, RefusedFile, type Reject } from './types';

/**
 * One police.uk street file read and checked, nothing stored: the rows that will be stored, in
 * columns, with the file's map points listed once. Built without the store, so that a bulk import
 * can read the next month on another thread while this one is written (streetReader.ts); the
 * columns are typed arrays and short lists because they cross between threads.
 */
export interface StreetRows {
  /** Data rows read (every line but the header and stray blank lines), stored or rejected. */
  rowsRead: number;
  rejects: Reject[];
  /** Per stored row. */
  crimeId: (string | null)[];
  /** crimeKey(crimeId), NaN when the row has no Crime ID. */
  crimeKey: Float64Array;
  /** Index into `categories`. */
  category: Uint8Array;
  categories: string[];
  /** Index into `outcomes` (the "Last outcome category" texts; null for none). */
  outcome: Uint16Array;
  outcomes: (string | null)[];
  /** Index into the file's places. */
  place: Int32Array;
  places: FilePlaces;
}

/** The distinct map points of one file, as it describes them. */
export interface FilePlaces {
  lon: Float64Array;
  lat: Float64Array;
  location: string[];
  lsoaCode: (string | null)[];
  lsoaName: (string | null)[];
}

/**
 * Reads a street file's text: header, month, point and category checks, and repeats of a Crime ID
 * within the file, each a reject with its line. Throws RefusedFile for a file that cannot be one.
 */
export function readStreetRows(file: string, month: string, text: string): StreetRows {
  const rejects: Reject[] = [];
  const crimeIds: (string | null)[] = [];
  const categoryOf: number[] = [];
  const outcomeOf: number[] = [];
  const placeOf: number[] = [];
  const seen = new Set<string>();
  // A month has 14 distinct "Crime type" texts among thousands of rows: map each text once.
  const slugs = new Map<string, string | undefined>();
  const categories: string[] = [];
  const categoryIndex = new Map<string, number>();
  const outcomes: (string | null)[] = [];
  const outcomeIndex = new Map<string | null, number>();
  const placeIndex = new Map<string, number>();
  const lon: number[] = [];
  const lat: number[] = [];
  const location: string[] = [];
  const lsoaCode: (string | null)[] = [];
  const lsoaName: (string | null)[] = [];
  let c: Record<keyof typeof STREET_COLUMNS, number> | undefined;
  const table = readTable(
    text,
    file,
    rejects,
    (f, _line, reject) => {
      if (c === undefined) return;
      const monthProblem = checkMonth(f[c.month], month);
      if (monthProblem) return reject(monthProblem);
      const point = checkPoint(f[c.lon], f[c.lat]);
      if (typeof point === 'string') return reject(point);
      const crimeType = f[c.crimeType];
      let category = slugs.get(crimeType);
      if (category === undefined && !slugs.has(crimeType)) slugs.set(crimeType, (category = categorySlug(crimeType)));
      if (category === undefined) return reject(REJECT_REASONS.unknownCategory);
      const crimeId = f[c.crimeId].trim() || null;
      if (crimeId !== null) {
        if (seen.has(crimeId)) return reject(REJECT_REASONS.duplicateInFile);
        seen.add(crimeId);
      }
      const where = f[c.location];
      const code = f[c.lsoaCode] || null;
      const name = f[c.lsoaName] || null;
      const key = placeKey(point.lon, point.lat, where, code, name);
      let p = placeIndex.get(key);
      if (p === undefined) {
        placeIndex.set(key, (p = lon.length));
        lon.push(point.lon);
        lat.push(point.lat);
        location.push(where);
        lsoaCode.push(code);
        lsoaName.push(name);
      }
      let k = categoryIndex.get(category);
      if (k === undefined) {
        categoryIndex.set(category, (k = categories.length));
        categories.push(category);
      }
      const outcomeText = f[c.lastOutcome] || null;
      let o = outcomeIndex.get(outcomeText);
      if (o === undefined) {
        outcomeIndex.set(outcomeText, (o = outcomes.length));
        outcomes.push(outcomeText);
      }
      crimeIds.push(crimeId);
      categoryOf.push(k);
      outcomeOf.push(o);
      placeOf.push(p);
    },
    (header) => {
      const resolved = resolveColumns(header, STREET_COLUMNS);
      if (resolved.missing.length > 0) throw new RefusedFile(`header lacks ${resolved.missing.join(', ')}`);
      c = resolved.columns;
    },
  );
  // More distinct outcome texts than a Uint16Array indexes is not a police.uk file.
  if (outcomes.length > 0xffff) throw new RefusedFile(`holds ${outcomes.length} different "Last outcome category" texts`);
  return {
    rowsRead: table.rowsRead,
    rejects,
    crimeId: crimeIds,
    crimeKey: Float64Array.from(crimeIds, (id) => (id === null ? NaN : crimeKey(id))),
    category: Uint8Array.from(categoryOf),
    categories,
    outcome: Uint16Array.from(outcomeOf),
    outcomes,
    place: Int32Array.from(placeOf),
    places: {
      lon: Float64Array.from(lon),
      lat: Float64Array.from(lat),
      location,
      lsoaCode,
      lsoaName,
    },
  };
}
