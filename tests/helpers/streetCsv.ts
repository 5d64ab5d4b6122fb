import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
/**
 * Writes small police.uk street CSVs for tests: rows are given as partial objects over a
 * plausible Stockton row, so a test states only what it is about.
 */
export const STREET_HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';

export interface StreetFields {
  crimeId?: string;
  month: string;
  lon?: string;
  lat?: string;
  location?: string;
  lsoaCode?: string;
  lsoaName?: string;
  crimeType?: string;
  lastOutcome?: string;
}

export function streetCsv(rows: StreetFields[]): string {
  const line = (r: StreetFields) =>
    [
      r.crimeId ?? '',
      r.month,
      'Cleveland Police',
      'Cleveland Police',
      r.lon ?? '-1.317',
      r.lat ?? '54.563',
      r.location ?? 'On or near High Street',
      r.lsoaCode ?? 'E01012235',
      r.lsoaName ?? 'Stockton-on-Tees 015A',
      r.crimeType ?? 'Burglary',
      r.lastOutcome ?? 'Under investigation',
      '',
    ].join(',');
  return [STREET_HEADER, ...rows.map(line)].join('\n') + '\n';
}

/** Writes a police.uk street file for `month` into its own folder `name` under `dir`; returns its path. */
export function writeStreetFile(dir: string, name: string, month: string, rows: StreetFields[]): string {
  const sub = join(dir, name);
  mkdirSync(sub, { recursive: true });
  const path = join(sub, `${month}-cleveland-street.csv`);
  writeFileSync(path, streetCsv(rows));
  return path;
}
