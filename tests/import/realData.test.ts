import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latLngToCell } from 'h3-js';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { openStore, type Store } from '../../server/db/openStore';
import { categorySlug } from '../../geo/categories';
import { REAL_DATA_DIR, realStore } from '../setup/realStore';
import { newestPerCrime, readCsvObjects, streetRowsIn, type StreetRow } from '../helpers/policeCsv';
import { readFileSync, readdirSync } from 'node:fs';

/**
 * The store built from the whole of shared/data, checked against the CSVs read independently
 * (tests/helpers/policeCsv, not the importer's parser).
 */
const POLICE = join(REAL_DATA_DIR, 'police-uk');
let db: Store;
let rows: StreetRow[];
let kept: StreetRow[];

const countBy = <T>(items: T[], key: (t: T) => string) => {
  const m: Record<string, number> = {};
  for (const i of items) m[key(i)] = (m[key(i)] ?? 0) + 1;
  return m;
};

beforeAll(() => {
  db = openStore(realStore(), { readonly: true });
  rows = streetRowsIn(POLICE);
  kept = newestPerCrime(rows);
});
afterAll(() => db?.close());

describe('street crimes from the real data', () => {
  it('holds one incident per crime: 196,297 rows, one Crime ID in two months, 196,296 incidents', () => {
    expect(rows).toHaveLength(196_297);
    expect(kept).toHaveLength(196_296);
    expect(db.prepare('SELECT count(*) FROM incidents').pluck().get()).toBe(kept.length);
  });

  it('per-category counts equal the CSV rows', () => {
    const expected = countBy(kept, (r) => categorySlug(r.crimeType) ?? `unknown:${r.crimeType}`);
    const stored = Object.fromEntries(
      db.prepare('SELECT category, count(*) FROM incidents GROUP BY category').raw().all() as [string, number][],
    );
    expect(stored).toEqual(expected);
    expect(Object.keys(stored)).toHaveLength(14);
  });

  it('per-month counts equal the CSV rows, 2023-01 to 2025-11', () => {
    const expected = countBy(kept, (r) => r.month);
    const stored = Object.fromEntries(db.prepare('SELECT month, count(*) FROM incidents GROUP BY month').raw().all() as [string, number][]);
    expect(stored).toEqual(expected);
    expect(Object.keys(stored).sort()[0]).toBe('2023-01');
    expect(Object.keys(stored).sort().at(-1)).toBe('2025-11');
    const months = db.prepare(`SELECT month, rows_stored FROM months WHERE dataset = 'street'`).raw().all() as [string, number][];
    expect(Object.fromEntries(months)).toEqual(expected);
  });

  it('keeps the newest month of the crime published twice, and the older record aside', () => {
    const ids = countBy(
      rows.filter((r) => r.crimeId),
      (r) => r.crimeId,
    );
    const twice = Object.keys(ids).filter((id) => ids[id] > 1);
    expect(twice).toHaveLength(1);
    const months = rows
      .filter((r) => r.crimeId === twice[0])
      .map((r) => r.month)
      .sort();
    expect(db.prepare('SELECT month FROM incidents WHERE crime_id = ?').pluck().all(twice[0])).toEqual([months.at(-1)]);
    expect(db.prepare('SELECT month FROM incidents_shadowed WHERE crime_id = ?').pluck().all(twice[0])).toEqual([months[0]]);
  });

  it('bins every incident to the cells h3-js gives at resolutions 7 to 10', () => {
    const groups = db
      .prepare('SELECT lon, lat, h3_7, h3_8, h3_9, h3_10, count(*) AS n FROM incidents GROUP BY lon, lat, h3_7, h3_8, h3_9, h3_10')
      .all() as {
      lon: number;
      lat: number;
      h3_7: string;
      h3_8: string;
      h3_9: string;
      h3_10: string;
      n: number;
    }[];
    const points = db.prepare('SELECT count(*) FROM (SELECT DISTINCT lon, lat FROM incidents)').pluck().get();
    expect(groups).toHaveLength(points as number); // one set of cells per point
    expect(groups.reduce((a, g) => a + g.n, 0)).toBe(kept.length);
    for (const g of groups) {
      expect([g.h3_7, g.h3_8, g.h3_9, g.h3_10]).toEqual([7, 8, 9, 10].map((res) => latLngToCell(g.lat, g.lon, res)));
    }
  });

  it('gives every incident in a Stockton-on-Tees LSOA a current ward, and keeps the others with none', () => {
    const stockton = kept.filter((r) => r.lsoaName.startsWith('Stockton-on-Tees')).length;
    expect(stockton).toBe(78_049);
    const q = (sql: string) => db.prepare(sql).pluck().get();
    expect(q(`SELECT count(*) FROM incidents WHERE lsoa_name LIKE 'Stockton-on-Tees%' AND ward_code IS NULL`)).toBe(0);
    expect(q(`SELECT count(*) FROM incidents WHERE lsoa_name LIKE 'Stockton-on-Tees%'`)).toBe(stockton);
    expect(q(`SELECT count(*) FROM incidents WHERE ward_code IS NULL`)).toBe(kept.length - stockton);
    const wardCodes = db
      .prepare(`SELECT code FROM areas a JOIN boundary_sets s ON s.id = a.set_id WHERE s.kind = 'ward' AND s.is_current = 1`)
      .pluck()
      .all();
    expect(wardCodes).toHaveLength(27);
    expect(db.prepare('SELECT DISTINCT ward_code FROM incidents WHERE ward_code IS NOT NULL').pluck().all().sort()).toEqual(
      [...wardCodes].sort(),
    );
  });

  it('agrees with turf point-in-polygon on every distinct point', () => {
    const wards = JSON.parse(readFileSync(join(REAL_DATA_DIR, 'boundaries', 'wards.geojson'), 'utf8')) as {
      features: { properties: { ward_code: string }; geometry: Parameters<typeof booleanPointInPolygon>[1] }[];
    };
    const points = db.prepare('SELECT DISTINCT lon, lat, ward_code FROM incidents').all() as {
      lon: number;
      lat: number;
      ward_code: string | null;
    }[];
    let mismatches = 0;
    for (const p of points) {
      const inside = wards.features.find((f) => booleanPointInPolygon([p.lon, p.lat], f.geometry));
      if ((inside?.properties.ward_code ?? null) !== p.ward_code) mismatches++;
    }
    expect(mismatches).toBe(0);
  });
});

describe('outcomes, stop and search, areas and POIs from the real data', () => {
  it("sets each crime's outcome to its newest outcomes-file record, else the street file's", () => {
    const latest = new Map<string, { month: string; outcome: string }>();
    for (const f of readdirSync(join(POLICE, 'outcomes')).sort())
      for (const { row } of readCsvObjects(join(POLICE, 'outcomes', f))) {
        const prev = latest.get(row['Crime ID']);
        if (!prev || prev.month <= row.Month) latest.set(row['Crime ID'], { month: row.Month, outcome: row['Outcome type'] });
      }
    const incidents = db
      .prepare('SELECT crime_id, last_outcome, outcome, outcome_month FROM incidents WHERE crime_id IS NOT NULL')
      .all() as {
      crime_id: string;
      last_outcome: string | null;
      outcome: string | null;
      outcome_month: string | null;
    }[];
    let fromOutcomes = 0;
    const wrong: unknown[] = [];
    for (const i of incidents) {
      const o = latest.get(i.crime_id);
      if (o) fromOutcomes++;
      const want = o ? [o.outcome, o.month] : [i.last_outcome, null];
      if (i.outcome !== want[0] || i.outcome_month !== want[1]) wrong.push({ ...i, want });
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(fromOutcomes).toBeGreaterThan(50_000);
    const outcomeRows = readdirSync(join(POLICE, 'outcomes')).reduce((a, f) => a + readCsvObjects(join(POLICE, 'outcomes', f)).length, 0);
    expect(db.prepare('SELECT count(*) FROM outcomes').pluck().get()).toBe(outcomeRows);
  });

  it("stores every stop and search row, dated in its file's month", () => {
    const n = readdirSync(join(POLICE, 'stop-and-search')).reduce(
      (a, f) => a + readCsvObjects(join(POLICE, 'stop-and-search', f)).length,
      0,
    );
    expect(db.prepare('SELECT count(*) FROM stop_search').pluck().get()).toBe(n);
    expect(db.prepare('SELECT count(DISTINCT month) FROM stop_search').pluck().get()).toBe(35);
  });

  it('keeps both ward sets, the 2025 one current', () => {
    const sets = db
      .prepare(
        `SELECT s.vintage, s.is_current, count(a.code) AS n FROM boundary_sets s JOIN areas a ON a.set_id = s.id WHERE s.kind = 'ward' GROUP BY s.id ORDER BY s.vintage`,
      )
      .all();
    expect(sets).toEqual([
      { vintage: 'WD13', is_current: 0, n: 26 },
      { vintage: 'WD25', is_current: 1, n: 27 },
    ]);
  });

  it('loads the area statistics in long format, each dataset with source and licence', () => {
    const areas = (dataset: string) =>
      db.prepare('SELECT count(DISTINCT area_code) FROM area_values WHERE dataset = ?').pluck().get(dataset);
    expect(areas('imd2019')).toBe(120);
    expect(areas('iod2025')).toBe(124);
    expect(areas('population-mid2022')).toBe(124);
    expect(areas('population-mid2022-ward')).toBe(27);
    expect(areas('cilif-relative')).toBe(24);
    expect(areas('idaci2025-ward')).toBe(27);
    const sum = (dataset: string, measure: string) =>
      db.prepare('SELECT sum(value) FROM area_values WHERE dataset = ? AND measure = ?').pluck().get(dataset, measure);
    expect(sum('population-mid2022', 'total')).toBe(200_112);
    // Independently: the CSV's own column total (DWP rounds each MSOA, so this is not the LA's 10,925).
    const cilif = readCsvObjects(join(REAL_DATA_DIR, 'child-poverty', 'stockton_children_relative_low_income_msoa11_fye2015-2022.csv'));
    expect(sum('cilif-relative', 'fye2022')).toBe(
      cilif.reduce((a, { row }) => a + Number(row.children_rel_low_income_fye2021_22_provisional), 0),
    );
    const imd = db.prepare(`SELECT measure FROM area_values WHERE dataset = 'imd2019' AND area_code = 'E01012187'`).pluck().all();
    for (const m of [
      'imd_score',
      'imd_rank',
      'imd_decile',
      'income_rank',
      'barriers_decile',
      'living_rank',
      'idaci_decile',
      'pop_total_mid2015',
    ])
      expect(imd).toContain(m);
    for (const d of db.prepare('SELECT * FROM datasets').all() as { source: string; licence: string }[]) {
      expect(d.source.length).toBeGreaterThan(5);
      expect(d.licence).toMatch(/Open Government Licence|ODbL/);
    }
  });

  it('loads the OSM pubs', () => {
    expect(db.prepare(`SELECT count(*) FROM pois WHERE kind = 'pub'`).pluck().get()).toBe(116);
  });
});
