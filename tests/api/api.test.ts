import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bbox as turfBbox } from '@turf/bbox';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { latLngToCell, getResolution, isValidCell } from 'h3-js';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { realStore } from '../setup/realStore';
import { startServer, getJson, type RunningServer } from './server';
import { distinctIncidents, readJson, readText, streetRows, type CsvRow } from './realData';
import { categorySlug } from '../../geo/categories';

let server: RunningServer;
let rows: CsvRow[];
let incidents: CsvRow[];
let wards: FeatureCollection<Polygon | MultiPolygon>;

beforeAll(async () => {
  server = await startServer(realStore());
  rows = streetRows();
  incidents = distinctIncidents(rows);
  wards = readJson('boundaries/wards.geojson');
});
afterAll(async () => server?.close());

const inWindow = (r: CsvRow, from: string, to: string) => r.month >= from && r.month <= to;

/** Ward of a point by turf's point in polygon over the shared GeoJSON: independent of the importer. */
function wardOf(lon: number, lat: number): string | null {
  for (const f of wards.features) {
    const [a, b, c, d] = turfBbox(f);
    if (lon < a || lon > c || lat < b || lat > d) continue;
    if (booleanPointInPolygon([lon, lat], f as Feature<Polygon | MultiPolygon>)) return f.properties!.ward_code as string;
  }
  return null;
}

describe('GET /api/health and /api/meta', () => {
  it('reports every distinct incident and the months held', async () => {
    expect(rows.length).toBe(196297);
    const { status, body } = await getJson(server.url, '/api/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', incidents: 196296, firstMonth: '2023-01', lastMonth: '2025-11' });
    expect(incidents.length).toBe(196296);
  });

  it('lists categories with counts equal to the CSV rows, 35 months and 27 wards', async () => {
    const { body } = await getJson(server.url, '/api/meta');
    const expected = new Map<string, number>();
    for (const r of incidents) expected.set(categorySlug(r.category)!, (expected.get(categorySlug(r.category)!) ?? 0) + 1);
    expect(Object.fromEntries(body.categories.map((c: any) => [c.slug, c.count]))).toEqual(Object.fromEntries(expected));
    expect(body.months).toHaveLength(35);
    expect(body.wards).toHaveLength(27);
    expect(body.resolutions).toEqual([7, 8, 9, 10]);
  });
});

describe('GET /api/hexes', () => {
  it('counts per cell equal an independent binning of the CSV rows with h3-js', async () => {
    const from = '2025-06';
    const to = '2025-11';
    const { body } = await getJson(server.url, `/api/hexes?res=8&from=${from}&to=${to}&categories=violent-crime,anti-social-behaviour`);
    const expected = new Map<string, number>();
    for (const r of incidents) {
      if (!inWindow(r, from, to)) continue;
      const slug = categorySlug(r.category);
      if (slug !== 'violent-crime' && slug !== 'anti-social-behaviour') continue;
      const cell = latLngToCell(r.lat, r.lon, 8);
      expected.set(cell, (expected.get(cell) ?? 0) + 1);
    }
    expect(body.res).toBe(8);
    expect(Object.fromEntries(body.cells.map((c: any) => [c.h3, c.count]))).toEqual(Object.fromEntries(expected));
  });

  it('totals every month of the data when the window covers it all', async () => {
    const { body } = await getJson(server.url, '/api/hexes?res=7&from=2023-01&to=2025-11');
    expect(body.cells.reduce((s: number, c: any) => s + c.count, 0)).toBe(196296);
    for (const c of body.cells) expect(getResolution(c.h3)).toBe(7);
  });

  it('weights harm by the chosen scheme', async () => {
    const { body } = await getJson(server.url, '/api/hexes?res=7&from=2025-11&to=2025-11&categories=robbery&weight=cchi');
    for (const c of body.cells) expect(c.harm).toBeCloseTo(c.count * 365, 6);
  });
});

describe('GET /api/wards', () => {
  it('returns 27 wards whose counts are the incidents inside them (turf point in polygon)', async () => {
    const from = '2025-01';
    const to = '2025-11';
    const { body } = await getJson(server.url, `/api/wards?from=${from}&to=${to}`);
    expect(body.type).toBe('FeatureCollection');
    expect(body.features).toHaveLength(27);
    const expected = new Map<string, number>();
    for (const r of incidents) {
      if (!inWindow(r, from, to)) continue;
      const w = wardOf(r.lon, r.lat);
      if (w) expected.set(w, (expected.get(w) ?? 0) + 1);
    }
    const got = Object.fromEntries(body.features.map((f: any) => [f.properties.code, f.properties.count]));
    expect(got).toEqual(Object.fromEntries(expected));
    const f = body.features[0].properties;
    expect(f.rate).toBeCloseTo((f.count / f.population / 11) * 1000, 2);
    expect(f.monthly).toHaveLength(11);
    expect(f.monthly.reduce((a: number, b: number) => a + b, 0)).toBe(f.count);
  });

  it('every incident in a Stockton-on-Tees LSOA lies in a ward', () => {
    const stockton = incidents.filter((r) => r.lsoaName.startsWith('Stockton-on-Tees'));
    // PROVENANCE.md: 78,049 street rows lie in Stockton-on-Tees LSOAs (the one re-published crime is elsewhere).
    expect(stockton.length).toBe(78049);
    const outside = stockton.filter((r) => wardOf(r.lon, r.lat) === null);
    expect(outside).toEqual([]);
    const stored = server.db
      .prepare(`SELECT count(*) AS n, sum(ward_code IS NULL) AS unassigned FROM incidents WHERE lsoa_name LIKE 'Stockton-on-Tees%'`)
      .get() as { n: number; unassigned: number };
    expect(stored).toEqual({ n: 78049, unassigned: 0 });
  });

  it('compares with the previous window of equal length', async () => {
    const { body } = await getJson(server.url, '/api/wards?from=2025-06&to=2025-11&harm=violence');
    const { body: prev } = await getJson(server.url, '/api/wards?from=2024-12&to=2025-05&harm=violence');
    const prevCount = Object.fromEntries(prev.features.map((f: any) => [f.properties.code, f.properties.count]));
    for (const f of body.features) {
      expect(f.properties.previousCount).toBe(prevCount[f.properties.code]);
      expect(f.properties.change).toBe(f.properties.count - prevCount[f.properties.code]);
    }
  });
});

describe('GET /api/hotspots', () => {
  it('covers every study-area cell once, with values equal to the incidents in each cell', async () => {
    const from = '2024-12';
    const to = '2025-11';
    const { body } = await getJson(server.url, `/api/hotspots?res=9&from=${from}&to=${to}&harm=violence`);
    const ids = body.cells.map((c: any) => c.h3);
    expect(new Set(ids).size).toBe(ids.length);
    expect(body.method.n).toBe(ids.length);
    const byCell = new Map<string, number>();
    const violence = new Set(['violent-crime', 'robbery', 'possession-of-weapons']);
    const inWard: string[] = [];
    for (const r of incidents) {
      if (!inWindow(r, from, to) || !violence.has(categorySlug(r.category)!)) continue;
      const cell = latLngToCell(r.lat, r.lon, 9);
      byCell.set(cell, (byCell.get(cell) ?? 0) + 1);
      if (wardOf(r.lon, r.lat)) inWard.push(cell);
    }
    for (const c of body.cells) expect(c.value).toBe(byCell.get(c.h3) ?? 0);
    const study = new Set(ids);
    expect(inWard.filter((cell) => !study.has(cell))).toEqual([]);
    for (const c of body.cells) {
      expect(isValidCell(c.h3)).toBe(true);
      expect(c.bin === 0 || c.pFdr <= 0.05).toBe(true);
      expect(Math.sign(c.bin) === 0 || Math.sign(c.bin) === Math.sign(c.z)).toBe(true);
    }
    expect(body.method.hotCells).toBeGreaterThan(0);
  });

  it('gives the same permutation p-values for the same seed', async () => {
    const q = '/api/hotspots?res=8&harm=asb&permutations=199&seed=7';
    const a = await getJson(server.url, q);
    const b = await getJson(server.url, q);
    expect(a.body.cells.map((c: any) => c.pSim)).toEqual(b.body.cells.map((c: any) => c.pSim));
    expect(a.body.cells.every((c: any) => c.pSim >= 1 / 200 && c.pSim <= 1)).toBe(true);
  });
});

describe('GET /api/overlap', () => {
  it('classifies cells and computes Jaccard and overlap coefficient from the two hot sets', async () => {
    const { body } = await getJson(server.url, '/api/overlap?res=9&from=2025-06&to=2025-11&overlapPermutations=99');
    const count = (cls: string) => body.cells.filter((c: any) => c.class === cls).length;
    expect(count('both')).toBe(body.both);
    expect(count('both') + count('violence')).toBe(body.violence.hot);
    expect(count('both') + count('asb')).toBe(body.asb.hot);
    expect(body.jaccard).toBeCloseTo(body.both / (body.violence.hot + body.asb.hot - body.both), 4);
    expect(body.overlapCoefficient).toBeCloseTo(body.both / Math.min(body.violence.hot, body.asb.hot), 4);
    expect(body.clq.violenceToAsb).toBeGreaterThan(0);
    expect(body.wards).toHaveLength(27);
  });
});

describe('layers', () => {
  it('deprivation has 120 LSOA 2011 and 124 LSOA 2021 areas', async () => {
    const a = await getJson(server.url, '/api/layers/deprivation?level=lsoa&edition=2019');
    const b = await getJson(server.url, '/api/layers/deprivation?level=lsoa&edition=2025');
    expect(a.body.geojson.features).toHaveLength(120);
    expect(b.body.geojson.features).toHaveLength(124);
    expect(a.body.source).toMatch(/Indices of Deprivation 2019/);
    const w = await getJson(server.url, '/api/layers/deprivation?level=ward');
    expect(w.body.allocation).toBe('population');
    expect(w.body.geojson.features).toHaveLength(27);
  });

  it('child low-income counts for 2021/22 add up to the DWP MSOA file', async () => {
    const lines = readText('child-poverty/stockton_children_relative_low_income_msoa11_fye2015-2022.csv').trim().split(/\r?\n/);
    const col = lines[0].split(',').indexOf('children_rel_low_income_fye2021_22_provisional');
    const fileTotal = lines.slice(1).reduce((s, l) => s + Number(l.split(',')[col]), 0);
    // The MSOA rows sum to 10,911; DWP's local-authority total (10,925) also holds children it could not place in an MSOA.
    expect(fileTotal).toBe(10911);
    const { body } = await getJson(server.url, '/api/layers/child-poverty?level=msoa&year=2022');
    expect(body.geojson.features).toHaveLength(24);
    expect(body.geojson.features.reduce((s: number, f: any) => s + f.properties.childrenLowIncome, 0)).toBe(fileTotal);
    expect(body.measure).toMatch(/relative low income/);
    expect(body.year).toBe(2022);
    const wardsLayer = await getJson(server.url, '/api/layers/child-poverty?level=ward&year=2022');
    const wardSum = wardsLayer.body.geojson.features.reduce((s: number, f: any) => s + f.properties.childrenLowIncome, 0);
    expect(Math.abs(wardSum - fileTotal)).toBeLessThan(fileTotal * 0.01);
  });
});

describe('bad parameters', () => {
  it.each([
    ['/api/hexes?res=11', 'res'],
    ['/api/hexes?from=2025-13', 'from'],
    ['/api/hexes?categories=stabbing', 'categories'],
    ['/api/hexes?harm=violence&categories=drugs', 'harm'],
    ['/api/hotspots?alpha=2', 'alpha'],
    ['/api/wards?weight=money', 'weight'],
  ])('%s names %s', async (path, name) => {
    const { status, body } = await getJson(server.url, path);
    expect(status).toBe(400);
    expect(body.error.startsWith(`${name}:`)).toBe(true);
  });

  it('publishes an OpenAPI document generated from the route schemas', async () => {
    const { body } = await getJson(server.url, '/api/openapi.json');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/api/hotspots', '/api/overlap', '/api/wards', '/api/layers/deprivation', '/api/cctv/siting']),
    );
    const names = body.paths['/api/hotspots'].get.parameters.map((p: any) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(['res', 'from', 'to', 'harm', 'categories', 'weight', 'k', 'alpha', 'permutations', 'seed']),
    );
  });
});
