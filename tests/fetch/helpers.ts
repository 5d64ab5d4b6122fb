/** Shared fixtures for the fetch tests: real police.uk months, the fake server's options, temp dirs. */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { pointInPolygon, type PolygonGeometry } from '../../geo/pointInPolygon';
import { csvRecords } from '../../server/fetch/csvRecords';
import type { FetchAreaOptions } from '../../server/fetch';
import type { ApiCrime } from '../../server/fetch/policeApi';
import { crimesFromCsv, onsSmallAreas, onsWards, SHARED_DATA, startFakeServer, type FakeOptions, type FakeServer } from './fakeServer';

export const AREA = 'E06000004';
export const MONTHS = ['2025-10', '2025-11'] as const;

export function policeCsvPath(month: string): string {
  return join(SHARED_DATA, 'police-uk', `${month}-cleveland-street.csv`);
}

/** Every row of the saved month (Stockton plus the bounding-box overlap into its neighbours). */
export function monthCrimes(month: string, firstId: number): ApiCrime[] {
  return crimesFromCsv(policeCsvPath(month), firstId);
}

/**
 * A made-up crime about 13 m outside the borough, next to a ward vertex: inside the buffered query
 * polygons, outside every ward, so it must be dropped.
 */
export function fringeCrime(month: string): ApiCrime {
  const wards = JSON.parse(readFileSync(join(SHARED_DATA, 'boundaries', 'wards.geojson'), 'utf8')) as FeatureCollection;
  const geometries = wards.features.map((f) => f.geometry as PolygonGeometry);
  for (const geometry of geometries) {
    const rings = geometry.type === 'Polygon' ? [geometry.coordinates[0]] : geometry.coordinates.map((p) => p[0]);
    for (const ring of rings)
      for (const [x, y] of ring)
        for (const [dx, dy] of [
          [0.0001, 0.0001],
          [-0.0001, 0.0001],
          [0.0001, -0.0001],
          [-0.0001, -0.0001],
        ]) {
          const [lon, lat] = [Number((x + dx).toFixed(6)), Number((y + dy).toFixed(6))];
          if (geometries.some((g) => pointInPolygon(lon, lat, g))) continue;
          return {
            id: 999_999,
            persistent_id: 'fringe-crime-outside-the-borough',
            category: 'burglary',
            month,
            context: '',
            location: { latitude: String(lat), longitude: String(lon), street: { id: 1, name: 'On or near Boundary Lane' } },
            outcome_status: null,
          };
        }
  }
  throw new Error('no fringe point found');
}

const cache = new Map<string, ApiCrime[]>();
export function allCrimes(): Map<string, ApiCrime[]> {
  const out = new Map<string, ApiCrime[]>();
  MONTHS.forEach((m, i) => {
    if (!cache.has(m)) cache.set(m, [...monthCrimes(m, 1 + i * 100_000), fringeCrime(m)]);
    out.set(m, cache.get(m)!);
  });
  return out;
}

export function testOutput(name: string): string {
  const base = resolve('test-output', 'fetch');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${name}-`));
}

export interface CsvRow {
  [column: string]: string;
}

export function readCsv(path: string): CsvRow[] {
  const records = csvRecords(readFileSync(path, 'utf8'));
  const first = records.next();
  if (first.done) return [];
  const header: string[] = first.value.fields;
  const rows: CsvRow[] = [];
  for (const { fields } of records) rows.push(Object.fromEntries(header.map((h, i) => [h, fields[i] ?? ''])));
  return rows;
}

/** The columns the API can reproduce (LSOA columns are empty in fetched files). */
export function rowKey(r: CsvRow): string {
  return [
    r['Crime ID'],
    r.Month,
    r['Reported by'],
    r['Falls within'],
    r.Longitude,
    r.Latitude,
    r.Location,
    r['Crime type'],
    r['Last outcome category'],
    r.Context,
  ].join('|');
}

export function stocktonRows(month: string): CsvRow[] {
  return readCsv(policeCsvPath(month)).filter((r) => r['LSOA name'].startsWith('Stockton-on-Tees'));
}

export async function startDefaultServer(extra: Partial<FakeOptions> = {}): Promise<FakeServer> {
  return startFakeServer({
    crimes: extra.crimes ?? allCrimes(),
    maxCrimes: 50,
    wards: onsWards(),
    wardService: 'WD_DEC_2025_UK_BGC',
    services: {
      LSOA21_TEST: onsSmallAreas('lsoa21.geojson', 'lsoa_code', 'lsoa_name', 'LSOA21'),
      LSOA11_TEST: onsSmallAreas('lsoa.geojson', 'lsoa_code', 'lsoa_name', 'LSOA11'),
      MSOA11_TEST: onsSmallAreas('msoa11.geojson', 'msoa11_code', 'msoa11_name', 'MSOA11'),
    },
    ...extra,
  });
}

/** Options pointing every source at the fake server, with small timeouts and backoffs. */
export function fakeOptions(server: FakeServer, outDir: string, extra: Partial<FetchAreaOptions> = {}): FetchAreaOptions {
  return {
    area: AREA,
    months: 1,
    outDir,
    import: false,
    sources: ['wards', 'police'],
    progress: 'none',
    urls: {
      police: server.policeUrl,
      onsGeo: server.onsUrl,
      wardServices: ['WD_MISSING_SERVICE', 'WD_DEC_2025_UK_BGC'],
      lsoa21Service: 'LSOA21_TEST',
      lsoa11Service: 'LSOA11_TEST',
      msoa11Service: 'MSOA11_TEST',
      iod2019: `${server.filesUrl}/File_7_-_All_IoD2019_Scores__Ranks__Deciles_and_Population_Denominators_3.csv`,
      iod2025: `${server.filesUrl}/File_7_IoD2025_All_Ranks_Scores_Deciles_Population_Denominators.csv`,
      population: `${server.filesUrl}/NM_2014_1.data.csv?geography={area}TYPE151`,
      cilif: '',
    },
    rate: { limit: 1000, windowMs: 1000 },
    retry: { timeoutMs: 3000, maxRetries: 4, backoffBaseMs: 5, backoffMaxMs: 40 },
    concurrency: 6,
    ...extra,
  };
}

/** Multiset difference summary of two key lists ('' when equal). */
export function diffKeys(actual: string[], expected: string[]): string {
  const count = new Map<string, number>();
  for (const k of expected) count.set(k, (count.get(k) ?? 0) + 1);
  for (const k of actual) count.set(k, (count.get(k) ?? 0) - 1);
  const missing = [...count].filter(([, n]) => n > 0);
  const extra = [...count].filter(([, n]) => n < 0);
  if (missing.length === 0 && extra.length === 0) return '';
  return `missing ${missing.length} (${missing
    .slice(0, 3)
    .map(([k]) => k)
    .join(' ; ')}), extra ${extra.length} (${extra
    .slice(0, 3)
    .map(([k]) => k)
    .join(' ; ')})`;
}

function sharedCsv(path: string): CsvRow[] {
  return readCsv(join(SHARED_DATA, path));
}

function csvLine(fields: readonly (string | number)[]): string {
  return fields.map((f) => (/[",\r\n]/.test(String(f)) ? `"${String(f).replace(/"/g, '""')}"` : String(f))).join(',');
}

/**
 * Small stand-ins for the official files, in their published layouts: IoD File 7 (CRLF, quoted
 * names, rows of other districts that must be cut out), a Nomis population extract (long form),
 * and the DWP child low-income table. Values are Stockton's, from shared/data.
 */
export function officialFiles(): Record<string, string> {
  const imd = sharedCsv('imd2019/stockton_imd2019_lsoa11.csv');
  const iod19 =
    [
      csvLine([
        'LSOA code (2011)',
        'LSOA name (2011)',
        'Local Authority District code (2019)',
        'Local Authority District name (2019)',
        'Index of Multiple Deprivation (IMD) Score',
        'Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)',
        'Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)',
      ]),
      csvLine(['E01014485', 'Bristol 001A', 'E06000023', 'Bristol, City of', '10.5', '20000', '7']),
      ...imd.map((r) => csvLine([r.lsoa11_code, r.lsoa11_name, r.lad19_code, r.lad19_name, r.imd_score_derived, r.imd_rank, r.imd_decile])),
      csvLine(['E01011949', 'Hartlepool 007A', 'E06000001', 'Hartlepool', '60.1', '150', '1']),
    ].join('\r\n') + '\r\n';
  const iod = sharedCsv('imd2019/stockton_iod2025_lsoa21.csv');
  const iod25 =
    [
      csvLine([
        'LSOA code (2021)',
        'LSOA name (2021)',
        'Local Authority District code (2024)',
        'Local Authority District name (2024)',
        'Index of Multiple Deprivation (IMD) Score',
        'Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)',
        'Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)',
      ]),
      ...iod.map((r) => csvLine([r.lsoa21_code, r.lsoa21_name, AREA, 'Stockton-on-Tees', r.imd_score, r.imd_rank, r.imd_decile])),
      csvLine(['E01011949', 'Hartlepool 007A', 'E06000001', 'Hartlepool', '60.1', '150', '1']),
    ].join('\r\n') + '\r\n';
  const pop = sharedCsv('population/stockton_population_lsoa21_mid2022.csv');
  const nomis =
    [
      csvLine(['DATE_NAME', 'GEOGRAPHY_CODE', 'GEOGRAPHY_NAME', 'C_AGE_NAME', 'OBS_VALUE']),
      ...pop.flatMap((r) => [
        csvLine(['2022', r.lsoa21_code, r.lsoa21_name, 'All Ages', r.pop_total_mid2022]),
        csvLine(['2022', r.lsoa21_code, r.lsoa21_name, 'Aged 0 to 15', r.pop_0_15_mid2022]),
      ]),
    ].join('\n') + '\n';
  return {
    'File_7_-_All_IoD2019_Scores__Ranks__Deciles_and_Population_Denominators_3.csv': iod19,
    'File_7_IoD2025_All_Ranks_Scores_Deciles_Population_Denominators.csv': iod25,
    'NM_2014_1.data.csv': nomis,
    'children-in-low-income-families-msoa.csv': readFileSync(
      join(SHARED_DATA, 'child-poverty', 'stockton_children_relative_low_income_msoa11_fye2015-2022.csv'),
      'utf8',
    ),
  };
}
