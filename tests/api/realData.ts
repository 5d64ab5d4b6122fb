import { fileURLToPath } from 'node:url';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The shared real data folder (read-only). */
export const DATA_DIR = resolve(process.env.ATLAS_TEST_DATA ?? fileURLToPath(new URL('../../../shared/data', import.meta.url)));

export interface CsvRow {
  crimeId: string;
  month: string;
  lon: number;
  lat: number;
  category: string;
  lsoaName: string;
}

/** A plain RFC 4180 line splitter, written apart from the importer so the tests check it independently. */
function splitLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '"' && line[i + 1] === '"') ((cur += '"'), i++);
      else if (c === '"') q = false;
      else cur += c;
    } else if (c === '"') q = true;
    else if (c === ',') (out.push(cur), (cur = ''));
    else cur += c;
  }
  out.push(cur);
  return out;
}

/** Every row of the street CSVs, read straight from the files. */
export function streetRows(): CsvRow[] {
  const dir = join(DATA_DIR, 'police-uk');
  const rows: CsvRow[] = [];
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('-street.csv'))
    .sort()) {
    const lines = readFileSync(join(dir, f), 'utf8')
      .split(/\r?\n/)
      .filter((l) => l.length > 0);
    for (const line of lines.slice(1)) {
      const c = splitLine(line);
      rows.push({ crimeId: c[0], month: c[1], lon: Number(c[4]), lat: Number(c[5]), lsoaName: c[8], category: c[9] });
    }
  }
  return rows;
}

/** The rows that stand for distinct incidents: a Crime ID in two months counts in its newest month only. */
export function distinctIncidents(rows: CsvRow[]): CsvRow[] {
  const newest = new Map<string, string>();
  for (const r of rows) if (r.crimeId && (newest.get(r.crimeId) ?? '') < r.month) newest.set(r.crimeId, r.month);
  const seen = new Set<string>();
  return rows.filter((r) => {
    if (!r.crimeId) return true;
    if (newest.get(r.crimeId) !== r.month || seen.has(r.crimeId)) return false;
    seen.add(r.crimeId);
    return true;
  });
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(join(DATA_DIR, path), 'utf8')) as T;
}

export function readText(path: string): string {
  return readFileSync(join(DATA_DIR, path), 'utf8');
}
