import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latLngToCell } from 'h3-js';
import { openStore, type Store } from '../../server/db/openStore';
import { importFolder, type ImportSummary } from '../../server/import';
import { recognise } from '../../server/import/recognise';
import { fyeMeasure } from '../../server/import/areaTables';
import { iodMeasureName } from '../../server/import/iodMeasures';
import { londonMonth } from '../../server/import/londonMonth';
import { removeDir, tempDir } from '../helpers/tempDir';

/**
 * Tiny fixtures in the layouts of the official downloads (police.uk archive folders, ONS Open
 * Geography GeoJSON, MHCLG IoD CSVs, a DWP table), rather than shared/data's tidied copies.
 */
const square = (x0: number, y0: number, x1: number, y1: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});
const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

const STREET_HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
const IOD_HEADER = [
  'LSOA code (2011)',
  'LSOA name (2011)',
  'Local Authority District code (2019)',
  'Local Authority District name (2019)',
  'Index of Multiple Deprivation (IMD) Score',
  'Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)',
  'Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)',
  'Income Score (rate)',
  'Income Rank (where 1 is most deprived)',
  'Education, Skills and Training Score',
  'Barriers to Housing and Services Decile (where 1 is most deprived 10% of LSOAs)',
  'Income Deprivation Affecting Children Index (IDACI) Score (rate)',
  'Living Environment Rank (where 1 is most deprived)',
  'Total population: mid 2015 (excluding prisoners)',
]
  .map((h) => `"${h}"`)
  .join(',');

let dir: string;
let db: Store;
let summary: ImportSummary;

beforeAll(() => {
  dir = tempDir('official');
  const data = join(dir, 'downloads');
  mkdirSync(join(data, '2024-01'), { recursive: true });
  mkdirSync(join(data, 'ons'), { recursive: true });
  writeFileSync(
    join(data, '2024-01', '2024-01-cleveland-street.csv'),
    [
      STREET_HEADER,
      'abc1,2024-01,Cleveland Police,Cleveland Police,-1.350000,54.550000,On or near A Street,E01000001,Stockton-on-Tees 001A,Burglary,Under investigation,',
      ',2024-01,Cleveland Police,Cleveland Police,-1.250000,54.550000,"On or near Quoted, Street",E01000002,Stockton-on-Tees 001B,Anti-social behaviour,,',
      ',2024-01,Cleveland Police,Cleveland Police,-1.100000,54.550000,On or near Far Away,E01000003,Redcar 001A,Anti-social behaviour,,',
    ].join('\r\n') + '\r\n',
  );
  writeFileSync(
    join(data, '2024-01', '2024-01-cleveland-outcomes.csv'),
    'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type\n' +
      'abc1,2024-01,Cleveland Police,Cleveland Police,,,No location,,,Suspect charged\n',
  );
  writeFileSync(
    join(data, '2024-01', '2024-01-cleveland-stop-and-search.csv'),
    'Type,Date,Part of a policing operation,Latitude,Longitude,Gender,Age range,Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,Outcome linked to object of search,Removal of more than just outer clothing\n' +
      'Person search,2024-01-05T10:00:00+00:00,False,54.55,-1.35,Male,18-24,,,Misuse of Drugs Act 1971 (section 23),Controlled drugs,Arrest,True,False\n' +
      'Person search,2024-01-06T10:00:00+00:00,False,,,Male,18-24,,,Misuse of Drugs Act 1971 (section 23),Controlled drugs,Arrest,True,False\n',
  );
  const ward = (cd: string, nm: string, code: string, name: string, g: unknown) => ({
    type: 'Feature',
    properties: { FID: 1, [cd]: code, [nm]: name, LAD23CD: 'E06000004', BNG_E: 0, BNG_N: 0, LONG: -1.3, LAT: 54.55, GlobalID: 'x' },
    geometry: g,
  });
  writeFileSync(
    join(data, 'ons', 'Wards_December_2023_Boundaries_UK_BGC.geojson'),
    fc([
      ward('WD23CD', 'WD23NM', 'E05000901', 'West', square(-1.4, 54.5, -1.3, 54.6)),
      ward('WD23CD', 'WD23NM', 'E05000902', 'East', square(-1.3, 54.5, -1.2, 54.6)),
    ]),
  );
  writeFileSync(
    join(data, 'ons', 'Wards_December_2013.geojson'),
    fc([ward('wd13cd', 'wd13nm', 'E05000001', 'Old', square(-1.4, 54.5, -1.2, 54.6))]),
  );
  writeFileSync(
    join(data, 'ons', 'LSOA_2021_EW_BGC.geojson'),
    fc([
      {
        type: 'Feature',
        properties: { LSOA21CD: 'E01000001', LSOA21NM: 'Stockton-on-Tees 001A' },
        geometry: square(-1.4, 54.5, -1.3, 54.6),
      },
    ]),
  );
  writeFileSync(
    join(data, 'ons', 'MSOA_2011_EW_BGC.geojson'),
    fc([
      {
        type: 'Feature',
        properties: { MSOA11CD: 'E02000001', MSOA11NM: 'Stockton-on-Tees 001' },
        geometry: square(-1.4, 54.5, -1.3, 54.6),
      },
    ]),
  );
  writeFileSync(
    join(data, 'File_7_IoD2019.csv'),
    `${IOD_HEADER}\nE01000001,Stockton-on-Tees 001A,E06000004,Stockton-on-Tees,"34.5",1234,1,0.25,2000,40.1,3,0.31,"5,678","1,500"\n`,
  );
  writeFileSync(
    join(data, 'File_7_IoD2025.csv'),
    `${IOD_HEADER.replace(/\(2011\)/g, '(2021)').replace('mid 2015', 'mid 2022')}\nE01000001,Stockton-on-Tees 001A,E06000004,Stockton-on-Tees,30.0,1500,2,0.2,2100,35,4,0.3,6000,1600\n`,
  );
  writeFileSync(join(data, 'cilif_msoa.csv'), 'MSOA11CD,MSOA11NM,2020/21,2021/22 (p)\nE02000001,Stockton-on-Tees 001,250,219\n');
  writeFileSync(join(data, 'notes.txt'), 'not data');
  writeFileSync(join(data, 'unrelated.csv'), 'a,b\n1,2\n');

  db = openStore(join(dir, 'atlas.db'));
  summary = importFolder(db, data);
});

afterAll(() => {
  db?.close();
  removeDir(dir);
});

describe('official download layouts', () => {
  it('imports every file, ignoring the ones that are not data', () => {
    expect(summary.refused).toEqual([]);
    expect(summary.ok).toBe(true);
    expect(
      summary.files
        .filter((f) => f.status === 'ignored')
        .map((f) => f.file)
        .sort(),
    ).toEqual(['notes.txt', 'unrelated.csv']);
  });

  it('reads police.uk archive folders: force from the file name, quoted fields, CRLF', () => {
    const rows = db
      .prepare(`SELECT force, month, category, location, ward_code, h3_9, lon, lat, outcome, outcome_month FROM incidents ORDER BY lon`)
      .all() as Record<string, unknown>[];
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r.force)).toEqual(['cleveland', 'cleveland', 'cleveland']);
    expect(rows.map((r) => r.location)).toContain('On or near Quoted, Street');
    expect(rows.map((r) => r.ward_code)).toEqual(['E05000901', 'E05000902', null]);
    for (const r of rows) expect(r.h3_9).toBe(latLngToCell(r.lat as number, r.lon as number, 9));
    expect(rows[0]).toMatchObject({ category: 'burglary', outcome: 'Suspect charged', outcome_month: '2024-01' });
  });

  it('ranks ward sets by the ONS year in the property name (WD23 over WD13)', () => {
    const sets = db.prepare(`SELECT vintage, is_current FROM boundary_sets WHERE kind = 'ward' ORDER BY vintage`).all();
    expect(sets).toEqual([
      { vintage: 'WD13', is_current: 0 },
      { vintage: 'WD23', is_current: 1 },
    ]);
    const kinds = db.prepare(`SELECT kind FROM boundary_sets ORDER BY kind`).pluck().all();
    expect(kinds).toEqual(['lsoa21', 'msoa11', 'ward', 'ward']);
  });

  it('stores stop and search, rejecting searches without a location', () => {
    expect(db.prepare(`SELECT count(*) FROM stop_search`).pluck().get()).toBe(1);
    const f = summary.files.find((x) => x.kind === 'stop-search')!;
    expect(f.rejected).toEqual({ 'missing coordinates': 1 });
  });

  it('maps MHCLG IoD headers onto the canonical measures, for 2019 and 2025', () => {
    const values = (dataset: string) =>
      Object.fromEntries(
        db.prepare(`SELECT measure, value FROM area_values WHERE dataset = ? ORDER BY measure`).raw().all(dataset) as [string, number][],
      );
    expect(values('imd2019')).toEqual({
      imd_score: 34.5,
      imd_rank: 1234,
      imd_decile: 1,
      income_score: 0.25,
      income_rank: 2000,
      education_score: 40.1,
      barriers_decile: 3,
      idaci_score: 0.31,
      living_rank: 5678,
      pop_total_mid2015: 1500,
    });
    expect(values('iod2025')).toMatchObject({ imd_score: 30, imd_rank: 1500, pop_total_mid2022: 1600 });
    expect(db.prepare(`SELECT area_kind FROM area_values WHERE dataset = 'iod2025' LIMIT 1`).pluck().get()).toBe('lsoa21');
  });

  it('reads a DWP children-in-low-income table by financial year', () => {
    const rows = db
      .prepare(`SELECT area_kind, area_code, measure, value FROM area_values WHERE dataset = 'cilif-relative' ORDER BY measure`)
      .all();
    expect(rows).toEqual([
      { area_kind: 'msoa11', area_code: 'E02000001', measure: 'fye2021', value: 250 },
      { area_kind: 'msoa11', area_code: 'E02000001', measure: 'fye2022', value: 219 },
    ]);
  });
});

describe('recognition', () => {
  const buf = (s: string | number[]) => Buffer.from(typeof s === 'string' ? s : Uint8Array.from(s));

  it('refuses a police.uk-named file whose content is something else', () => {
    expect(recognise('/x/2024-01-cleveland-street.csv', buf('<!DOCTYPE html><html><body>502</body></html>'))).toMatchObject({
      kind: 'refused',
      message: expect.stringContaining('HTML'),
    });
    expect(recognise('/x/2024-01-cleveland-street.csv', buf([0x50, 0x4b, 0x03, 0x04, 1, 2]))).toMatchObject({
      kind: 'refused',
      message: expect.stringContaining('ZIP'),
    });
    expect(
      recognise(
        '/x/2024-01-cleveland-street.csv',
        buf('Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type\n'),
      ),
    ).toMatchObject({
      kind: 'refused',
      message: expect.stringMatching(/missing: crime type.*looks like a outcomes file|missing: crime type/),
    });
    expect(recognise('/x/2024-13-cleveland-street.csv', buf(`${STREET_HEADER}\n`))).toMatchObject({ kind: 'refused' });
    expect(recognise('/x/2024-01-cleveland-street.csv', buf(''))).toMatchObject({ kind: 'refused', message: 'is empty' });
  });

  it('asks for the police.uk name when a street file was renamed', () => {
    expect(recognise('/x/crimes.csv', buf(`${STREET_HEADER}\n`))).toMatchObject({
      kind: 'refused',
      message: expect.stringContaining('YYYY-MM-<force>-street.csv'),
    });
  });

  it('refuses GeoJSON in British National Grid, and broken JSON', () => {
    const bng = fc([
      { type: 'Feature', properties: { WD23CD: 'E05000001', WD23NM: 'A' }, geometry: square(440000, 515000, 441000, 516000) },
    ]);
    expect(recognise('/x/wards.geojson', buf(bng))).toMatchObject({
      kind: 'refused',
      message: expect.stringContaining('British National Grid'),
    });
    expect(recognise('/x/wards.geojson', buf('{"type":"FeatureCollection","features":[{"type"'))).toMatchObject({
      kind: 'refused',
      message: expect.stringContaining('not valid JSON'),
    });
  });

  it('names measures from official headers', () => {
    expect(iodMeasureName('Employment Rank (where 1 is most deprived)')).toBe('employment_rank');
    expect(iodMeasureName('Health Deprivation and Disability Decile (where 1 is most deprived 10% of LSOAs)')).toBe('health_decile');
    expect(iodMeasureName('Income Deprivation Affecting Older People (IDAOPI) Score (rate)')).toBe('idaopi_score');
    expect(iodMeasureName('Crime Score')).toBe('crime_score');
    expect(iodMeasureName('barriers_housing_services_rank')).toBe('barriers_rank');
    expect(iodMeasureName('imd_score_derived')).toBe('imd_score');
    expect(iodMeasureName('Dependent Children aged 0-15: mid 2015 (excluding prisoners)')).toBe('pop_0_15_mid2015');
    expect(fyeMeasure('children_rel_low_income_fye2021_22_provisional')).toBe('fye2022');
    expect(fyeMeasure('children_rel_low_income_fye2014_15')).toBe('fye2015');
    expect(fyeMeasure('FYE 2022')).toBe('fye2022');
    expect(fyeMeasure('MSOA name')).toBeUndefined();
  });

  it('dates stop and search by London time', () => {
    expect(londonMonth(Date.parse('2023-03-31T23:00:00+00:00'))).toBe('2023-04'); // 00:00 BST on 1 April
    expect(londonMonth(Date.parse('2023-01-31T23:30:00+00:00'))).toBe('2023-01'); // GMT in winter
    expect(londonMonth(Date.parse('2023-10-31T23:30:00+00:00'))).toBe('2023-10'); // BST ended 29 October
  });
});
