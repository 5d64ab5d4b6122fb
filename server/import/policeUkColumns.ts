import { resolveColumns } from './headers';

/**
 * The columns each police.uk archive CSV must have (data.police.uk/about/#columns), by dataset.
 * Only the columns the store keeps are required; others may come and go.
 */
export type PoliceDataset = 'street' | 'outcomes' | 'stop-search';

export const STREET_COLUMNS = {
  crimeId: ['crime id'],
  month: ['month'],
  lon: ['longitude'],
  lat: ['latitude'],
  location: ['location'],
  lsoaCode: ['lsoa code'],
  lsoaName: ['lsoa name'],
  crimeType: ['crime type'],
  lastOutcome: ['last outcome category'],
} as const;

export const OUTCOMES_COLUMNS = {
  crimeId: ['crime id'],
  month: ['month'],
  lon: ['longitude'],
  lat: ['latitude'],
  lsoaCode: ['lsoa code'],
  outcome: ['outcome type'],
} as const;

export const STOP_SEARCH_COLUMNS = {
  type: ['type'],
  date: ['date'],
  lat: ['latitude'],
  lon: ['longitude'],
} as const;

export const STOP_SEARCH_OPTIONAL = {
  gender: ['gender'],
  ageRange: ['age range'],
  selfEthnicity: ['self-defined ethnicity'],
  officerEthnicity: ['officer-defined ethnicity'],
  legislation: ['legislation'],
  object: ['object of search'],
  outcome: ['outcome'],
  outcomeLinked: ['outcome linked to object of search'],
  removal: ['removal of more than just outer clothing'],
} as const;

const SPECS: Record<PoliceDataset, Readonly<Record<string, readonly string[]>>> = {
  street: STREET_COLUMNS,
  outcomes: OUTCOMES_COLUMNS,
  'stop-search': STOP_SEARCH_COLUMNS,
};

/** The required columns of `dataset` missing from `header` (empty when the header fits). */
export function missingColumns(dataset: PoliceDataset, header: readonly string[]): string[] {
  return resolveColumns(header, SPECS[dataset]).missing;
}

/** Which police.uk dataset a header fits, if any. Street is tested first: it is the most specific. */
export function policeDatasetOf(header: readonly string[]): PoliceDataset | undefined {
  for (const d of ['street', 'outcomes', 'stop-search'] as const) if (missingColumns(d, header).length === 0) return d;
  return undefined;
}

/** police.uk names archive files YYYY-MM-<force>-<street|outcomes|stop-and-search>.csv. */
const NAME_RE = /^(\d{4}-\d{2})-([a-z0-9][a-z0-9-]*?)-(street|outcomes|stop-and-search)\.csv$/i;

export function parsePoliceFileName(baseName: string): { month: string; force: string; dataset: PoliceDataset } | undefined {
  const m = NAME_RE.exec(baseName);
  if (!m) return undefined;
  const dataset = m[3].toLowerCase() === 'stop-and-search' ? 'stop-search' : (m[3].toLowerCase() as PoliceDataset);
  return { month: m[1], force: m[2].toLowerCase(), dataset };
}
