import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A deliberately simple police.uk CSV reader for tests, written apart from the importer's parser
 * so that counts in the store are checked against an independent reading of the files.
 */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted && ch === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

/** Rows of a CSV file as objects keyed by the header, with their 1-based line numbers. */
export function readCsvObjects(path: string): { line: number; row: Record<string, string> }[] {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''));
  const header = splitCsvLine(lines[0]);
  const out: { line: number; row: Record<string, string> }[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    const cells = splitCsvLine(lines[i]);
    out.push({ line: i + 1, row: Object.fromEntries(header.map((h, k) => [h, cells[k]])) });
  }
  return out;
}

export interface StreetRow {
  file: string;
  crimeId: string;
  month: string;
  lon: string;
  lat: string;
  crimeType: string;
  lsoaName: string;
}

/** Every street row under `dir/police-uk` (or `dir` itself). */
export function streetRowsIn(dir: string): StreetRow[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('-street.csv'))
    .sort();
  return files.flatMap((f) =>
    readCsvObjects(join(dir, f)).map(({ row }) => ({
      file: f,
      crimeId: row['Crime ID'],
      month: row.Month,
      lon: row.Longitude,
      lat: row.Latitude,
      crimeType: row['Crime type'],
      lsoaName: row['LSOA name'],
    })),
  );
}

/** One row per crime: a Crime ID in several months counts once, in its newest month. */
export function newestPerCrime(rows: StreetRow[]): StreetRow[] {
  const newest = new Map<string, string>();
  for (const r of rows) if (r.crimeId && (newest.get(r.crimeId) ?? '') < r.month) newest.set(r.crimeId, r.month);
  return rows.filter((r) => !r.crimeId || newest.get(r.crimeId) === r.month);
}
