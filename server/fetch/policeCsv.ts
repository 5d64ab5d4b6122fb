/**
 * police.uk API crimes as rows of the archive's street CSV (data.police.uk/data/archive), so the
 * importer reads fetched months exactly like downloaded ones. Column layout, in order:
 *   Crime ID, Month, Reported by, Falls within, Longitude, Latitude, Location, LSOA code,
 *   LSOA name, Crime type, Last outcome category, Context
 * - Crime ID: the API's persistent_id (empty for anti-social behaviour, as in the archive).
 * - Reported by / Falls within: the force's name (forces/<id>), e.g. "Cleveland Police"; for
 *   crimes the API marks location_type "BTP", "British Transport Police" (written to a separate
 *   YYYY-MM-btp-street.csv, as police.uk publishes them).
 * - Longitude / Latitude: the API's strings unchanged (already anonymised snap points).
 * - Location: the API street name, which already reads "On or near ..."; prefixed when not.
 * - LSOA code / name: empty; the API does not give them.
 * - Crime type: the category's name from crime-categories?date=<month>.
 * - Last outcome category: outcome_status.category (the latest outcome when fetched); empty when
 *   there is none. The per-crime outcome history (outcomes-for-crime) is not fetched.
 * Quoting follows RFC 4180; records end with LF like the archive files.
 */
import { categoryName } from '../../geo/categories';
import { csvField } from '../../geo/csvQuote';
import type { ApiCrime } from './policeApi';

export const STREET_COLUMNS = [
  'Crime ID',
  'Month',
  'Reported by',
  'Falls within',
  'Longitude',
  'Latitude',
  'Location',
  'LSOA code',
  'LSOA name',
  'Crime type',
  'Last outcome category',
  'Context',
] as const;

export function streetFileName(month: string, forceId: string): string {
  return `${month}-${forceId}-street.csv`;
}

export function locationText(streetName: string | null | undefined): string {
  const name = (streetName ?? '').trim();
  if (name === '') return '';
  return /^on or near\b/i.test(name) ? name : `On or near ${name}`;
}

export interface RowContext {
  forceName: string;
  /** slug -> name for the crime's month (crime-categories). */
  categoryNames: Record<string, string>;
}

export function crimeToRow(crime: ApiCrime, context: RowContext): string[] {
  const category = context.categoryNames[crime.category] ?? categoryName(crime.category) ?? crime.category;
  return [
    crime.persistent_id ?? '',
    crime.month,
    context.forceName,
    context.forceName,
    String(crime.location?.longitude ?? ''),
    String(crime.location?.latitude ?? ''),
    locationText(crime.location?.street?.name),
    '',
    '',
    category,
    crime.outcome_status?.category ?? '',
    crime.context ?? '',
  ];
}

export function streetCsv(rows: readonly string[][]): string {
  const lines = [STREET_COLUMNS.map((c) => csvField(c)).join(',')];
  for (const row of rows) lines.push(row.map((v) => csvField(v)).join(','));
  return lines.join('\n') + '\n';
}
