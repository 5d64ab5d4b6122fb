/** API crimes as archive CSV rows; cutting and reshaping official files; ONS queries; month choice. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectMonths } from '../../server/fetch';
import { csvRecords, filterCsvByColumn } from '../../server/fetch/csvRecords';
import { HttpClient } from '../../server/fetch/http';
import { nomisToWide, statFileName } from '../../server/fetch/officialFiles';
import { downloadSmallAreas, downloadWards, ladName } from '../../server/fetch/ons';
import type { ApiCrime } from '../../server/fetch/policeApi';
import { crimeToRow, locationText, streetCsv } from '../../server/fetch/policeCsv';
import { barText } from '../../server/fetch/progress';
import { sourceUrls, type SourceUrls } from '../../server/fetch/settings';
import { onsSmallAreas, type FakeServer } from './fakeServer';
import { fakeOptions, startDefaultServer } from './helpers';

const crime: ApiCrime = {
  id: 123,
  persistent_id: 'abc123',
  category: 'violent-crime',
  month: '2025-11',
  context: '',
  location: { latitude: '54.565400', longitude: '-1.318000', street: { id: 9, name: 'On or near "The Square", High Street' } },
  outcome_status: { category: 'Investigation complete; no suspect identified', date: '2025-12' },
};

describe('police.uk API crimes as archive rows', () => {
  it('maps every column', () => {
    const row = crimeToRow(crime, { forceName: 'Cleveland Police', categoryNames: { 'violent-crime': 'Violence and sexual offences' } });
    expect(row).toEqual([
      'abc123',
      '2025-11',
      'Cleveland Police',
      'Cleveland Police',
      '-1.318000',
      '54.565400',
      'On or near "The Square", High Street',
      '',
      '',
      'Violence and sexual offences',
      'Investigation complete; no suspect identified',
      '',
    ]);
  });

  it('quotes per RFC 4180 and reads back the same', () => {
    const text = streetCsv([crimeToRow(crime, { forceName: 'Cleveland Police', categoryNames: {} })]);
    expect(text.split('\n')[1]).toContain('"On or near ""The Square"", High Street"');
    const [, record] = [...csvRecords(text)];
    expect(record.fields[6]).toBe('On or near "The Square", High Street');
    expect(record.fields[9]).toBe('Violence and sexual offences'); // from geo/categories when the month's list lacks it
  });

  it('writes ASB without Crime ID or outcome, and prefixes bare street names', () => {
    const asb = crimeToRow(
      { ...crime, persistent_id: '', category: 'anti-social-behaviour', outcome_status: null },
      { forceName: 'X', categoryNames: { 'anti-social-behaviour': 'Anti-social behaviour' } },
    );
    expect([asb[0], asb[9], asb[10]]).toEqual(['', 'Anti-social behaviour', '']);
    expect(locationText('Park/Open Space')).toBe('On or near Park/Open Space');
    expect(locationText('On or near Park/Open Space')).toBe('On or near Park/Open Space');
    expect(locationText(null)).toBe('');
  });
});

describe('official files', () => {
  it('cuts a CSV to one district, keeping the publisher bytes', () => {
    const text =
      'LSOA code (2011),Local Authority District code (2019),Local Authority District name (2019),Score\r\n' +
      'E01000001,E09000001,"City of London",1.5\r\nE01012187,E06000004,Stockton-on-Tees,"18,4"\r\nE01014485,E06000023,"Bristol, City of",10\r\n';
    const cut = filterCsvByColumn(text, /^Local Authority District code/i, 'E06000004')!;
    expect(cut).toEqual({
      text: 'LSOA code (2011),Local Authority District code (2019),Local Authority District name (2019),Score\r\nE01012187,E06000004,Stockton-on-Tees,"18,4"\r\n',
      kept: 1,
      read: 3,
    });
    expect(filterCsvByColumn('a,b\n1,2\n', /^district/i, 'x')).toBeNull();
  });

  it('reads quoted fields with commas, quotes and line breaks', () => {
    const records = [...csvRecords('\uFEFFa,b\n"x, ""y""","two\nlines"\n\nlast,\n')];
    expect(records.map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['x, "y"', 'two\nlines'],
      ['last', ''],
    ]);
    expect(records[1].raw).toBe('"x, ""y""","two\nlines"');
  });

  it('pivots a Nomis population extract into the ONS table layout', () => {
    const nomis =
      'DATE_NAME,GEOGRAPHY_CODE,GEOGRAPHY_NAME,C_AGE_NAME,OBS_VALUE\n2022,E01000002,B 001B,Aged 0 to 15,20\n2022,E01000002,B 001B,All Ages,100\n2022,E01000001,A 001A,All Ages,90\n';
    expect(nomisToWide(nomis)).toEqual({
      text: 'LSOA 2021 Code,LSOA 2021 Name,Total,Aged 0-15\nE01000001,A 001A,90,\nE01000002,B 001B,100,20\n',
      areas: 2,
      date: '2022',
    });
    expect(nomisToWide('LSOA 2021 Code,Total\nE01,5\n')).toBeNull();
  });

  it('names files after the published file', () => {
    expect(statFileName('iod2019', sourceUrls({}).iod2019, 'E06000004')).toBe(
      'iod/File_7_-_All_IoD2019_Scores__Ranks__Deciles_and_Population_Denominators_3.csv',
    );
    expect(statFileName('population', sourceUrls({}).population, 'E06000004')).toBe('population/mid-year-population-lsoa21-E06000004.csv');
  });

  it('takes every base URL from the environment', () => {
    const urls = sourceUrls({
      POLICE_API_URL: 'http://mirror/api/',
      ONS_GEO_URL: 'http://ons',
      IOD_URL: 'http://f/a.csv',
      IOD2025_URL: 'http://f/b.csv',
      POPULATION_URL: 'http://p?g={area}',
      CILIF_URL: 'http://c.csv',
      ONS_WARD_SERVICES: 'A, B',
    });
    expect(urls).toMatchObject({
      police: 'http://mirror/api',
      onsGeo: 'http://ons',
      iod2019: 'http://f/a.csv',
      iod2025: 'http://f/b.csv',
      population: 'http://p?g={area}',
      cilif: 'http://c.csv',
      wardServices: ['A', 'B'],
    });
    expect(sourceUrls({}).police).toBe('https://data.police.uk/api');
  });
});

describe('ONS Open Geography queries', () => {
  let server: FakeServer;
  let urls: SourceUrls;
  beforeAll(async () => {
    server = await startDefaultServer({
      crimes: new Map(),
      services: {
        WD_NO_LAD: {
          type: 'FeatureCollection',
          features: [{ type: 'Feature', properties: { WD24CD: 'E05000001' }, geometry: { type: 'Point', coordinates: [0, 0] } }],
        },
        LSOA21_TEST: onsSmallAreas('lsoa21.geojson', 'lsoa_code', 'lsoa_name', 'LSOA21'),
      },
    });
    urls = { ...sourceUrls({}), ...fakeOptions(server, '').urls!, wardServices: ['WD_MISSING', 'WD_NO_LAD', 'WD_DEC_2025_UK_BGC'] };
  });
  afterAll(async () => {
    await server.close();
  });

  it('finds the first ward service with the area, paging through the features', async () => {
    const got = await downloadWards(new HttpClient(), urls, 'E06000004');
    expect(got.service).toBe('WD_DEC_2025_UK_BGC');
    expect(got.ladName).toBe('Stockton-on-Tees');
    expect(got.collection.features).toHaveLength(27);
    expect(new Set(got.collection.features.map((f) => f.properties!.WD25CD)).size).toBe(27);
    await expect(downloadWards(new HttpClient(), urls, 'E06000001')).rejects.toThrow(
      /no ONS ward service gave wards for E06000001: WD_MISSING: .*Invalid URL.*WD_NO_LAD: no LADnnCD\/WDnnCD fields.*WD_DEC_2025_UK_BGC: no wards/,
    );
    expect(await ladName(new HttpClient(), urls, 'E06000004')).toBe('Stockton-on-Tees');
  });

  it('selects small areas by name when the service has no district field', async () => {
    const got = await downloadSmallAreas(new HttpClient(), urls, 'lsoa21', 'E06000004', 'Stockton-on-Tees');
    expect(got.collection.features).toHaveLength(124);
    expect(new URL(got.url).searchParams.get('where')).toBe("LSOA21NM LIKE 'Stockton-on-Tees %'");
    // Stamped with the district, so a second area's small areas are added beside these, not over them.
    expect(new Set(got.collection.features.map((f) => f.properties?.lad_code))).toEqual(new Set(['E06000004']));
  });
});

describe('selectMonths', () => {
  const available = ['2025-11', '2025-10', '2025-09', '2025-08'];
  it('takes the latest N, or every month from --since', () => {
    expect(selectMonths(available, 2)).toEqual(['2025-10', '2025-11']);
    expect(selectMonths(available, 36)).toEqual(['2025-08', '2025-09', '2025-10', '2025-11']);
    expect(selectMonths(available, 1, '2025-09')).toEqual(['2025-09', '2025-10', '2025-11']);
  });
});

describe('progress bar', () => {
  it('shows months, pieces of the current month and requests', () => {
    expect(
      barText(
        { monthsDone: 1, monthsTotal: 4, month: '2025-10', piecesDone: 10, piecesKnown: 20, requests: 57, retries: 2, rateLimited: 1 },
        8,
      ),
    ).toBe('[###-----] months 1/4 | 2025-10 pieces 10/20 | 57 requests (2 retries, 1x429)');
  });
});
