/**
 * H3 binning of incidents: the cell of a point at each stored resolution is h3-js's cell of that
 * point (not the parent of a finer cell: H3 cells do not nest exactly), for the published H3
 * examples, for generated points and for every police.uk snap point in the real store.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cellToParent, getResolution, gridDisk, isValidCell, latLngToCell } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { H3_RESOLUTIONS, h3CellsFor, isH3Resolution, type H3Cells } from '../../geo/h3Bin';
import { buildPolygonIndex } from '../../geo/polygonIndex';
import type { PolygonGeometry } from '../../geo/pointInPolygon';
import { createRng } from '../../geo/random';
import { PointBinner } from '../../server/import/pointBinner';
import { REAL_DATA_DIR, realStore } from '../setup/realStore';

const field = (res: number) => `h3_${res}` as keyof H3Cells;

describe('h3CellsFor', () => {
  it('gives the cells of the H3 documentation’s examples (lat/lng not swapped, resolution per field)', () => {
    // h3-js README: latLngToCell(37.3615593, -122.0553238, 7) === '87283472bffffff'.
    expect(h3CellsFor(-122.0553238, 37.3615593).h3_7).toBe('87283472bffffff');
    // H3 "quick start": San Francisco at resolution 9 is 8928308280fffff.
    expect(h3CellsFor(-122.418307270836, 37.7752702151959).h3_9).toBe('8928308280fffff');
  });

  it('stores resolutions 7 to 10 and only those', () => {
    expect([...H3_RESOLUTIONS]).toEqual([7, 8, 9, 10]);
    expect([6, 7, 8, 9, 10, 11, 9.5].map(isH3Resolution)).toEqual([false, true, true, true, true, false, false]);
    const cells = h3CellsFor(-1.317, 54.563);
    expect(Object.keys(cells).sort()).toEqual(['h3_10', 'h3_7', 'h3_8', 'h3_9']);
    for (const r of H3_RESOLUTIONS) expect(getResolution(cells[field(r)])).toBe(r);
  });

  it('agrees with latLngToCell at every resolution for 2,000 points over Cleveland', () => {
    const rng = createRng(54);
    for (let i = 0; i < 2000; i++) {
      const lon = -1.45 + rng.next() * 0.5;
      const lat = 54.45 + rng.next() * 0.3;
      const cells = h3CellsFor(lon, lat);
      for (const r of H3_RESOLUTIONS) expect(cells[field(r)], `${lon},${lat}@${r}`).toBe(latLngToCell(lat, lon, r));
    }
  });

  it('each coarser cell is the parent of the finer one, or one of its neighbours (H3 does not nest exactly)', () => {
    const rng = createRng(99);
    let differ = 0;
    for (let i = 0; i < 5000; i++) {
      const cells = h3CellsFor(-1.45 + rng.next() * 0.5, 54.45 + rng.next() * 0.3);
      for (const r of [7, 8, 9]) {
        const parent = cellToParent(cells.h3_10, r);
        if (parent !== cells[field(r)]) differ++;
        expect(gridDisk(cells[field(r)], 1)).toContain(parent);
      }
    }
    // If binning took parents of the res-10 cell, nothing would differ; the points are binned as points.
    expect(differ).toBeGreaterThan(0);
  });
});

describe('police.uk snap points', () => {
  let db: Database.Database;
  beforeAll(() => {
    db = new Database(realStore(), { readonly: true });
  });
  afterAll(() => db?.close());

  it('every distinct point the real store holds is binned as latLngToCell bins it', () => {
    const rows = db.prepare('SELECT DISTINCT lon, lat, h3_7, h3_8, h3_9, h3_10 FROM incidents').all() as ({
      lon: number;
      lat: number;
    } & H3Cells)[];
    // Some 5,800 snap points for about 196,000 incidents: one row per point and cell set.
    expect(rows.length).toBeGreaterThan(1000);
    expect(new Set(rows.map((r) => `${r.lon},${r.lat}`)).size).toBe(rows.length);
    let differ = 0;
    for (const r of rows) {
      for (const res of H3_RESOLUTIONS) expect(r[field(res)], `${r.lon},${r.lat}@${res}`).toBe(latLngToCell(r.lat, r.lon, res));
      if (cellToParent(r.h3_10, 9) !== r.h3_9) differ++;
    }
    // About 7% of real points sit where the res-10 cell's parent is not the res-9 cell holding them.
    expect(differ / rows.length).toBeGreaterThan(0.01);
    expect(differ / rows.length).toBeLessThan(0.2);
  });

  it('the binner reads a CSV row’s coordinates exactly as written, and caches by their text', () => {
    const text = readFileSync(join(REAL_DATA_DIR, 'police-uk', '2024-03-cleveland-street.csv'), 'utf8');
    const lines = text.split('\n').slice(1).filter(Boolean).slice(0, 500);
    const binner = new PointBinner(undefined);
    for (const line of lines) {
      // The street file's coordinates have no quoted commas before them.
      const [, , , , lonText, latText] = line.split(',');
      if (lonText === '' || latText === '') continue;
      expect(lonText).toMatch(/^-?\d+\.\d{6}$/);
      const lon = Number(lonText);
      const lat = Number(latText);
      const b = binner.bins(`${lonText},${latText}`, lon, lat);
      for (const r of H3_RESOLUTIONS) expect(b[field(r)]).toBe(latLngToCell(lat, lon, r));
      expect(b.ward).toBeNull();
      // A second row at the same snap point gets the same bins object from the cache.
      expect(binner.bins(`${lonText},${latText}`, lon, lat)).toBe(b);
    }
  });

  it('the ward stored with each point is the current ward polygon holding it', () => {
    const wards = JSON.parse(readFileSync(join(REAL_DATA_DIR, 'boundaries', 'wards.geojson'), 'utf8')) as {
      features: { properties: { ward_code: string }; geometry: PolygonGeometry }[];
    };
    const index = buildPolygonIndex(wards.features.map((f) => ({ value: f.properties.ward_code, geometry: f.geometry })));
    const rows = db.prepare('SELECT DISTINCT lon, lat, h3_9, ward_code FROM incidents').all() as {
      lon: number;
      lat: number;
      h3_9: string;
      ward_code: string | null;
    }[];
    let inside = 0;
    for (const r of rows) {
      expect(r.ward_code, `${r.lon},${r.lat}`).toBe(index.find(r.lon, r.lat) ?? null);
      if (r.ward_code !== null) inside++;
      expect(isValidCell(r.h3_9)).toBe(true);
    }
    // The force area is bigger than the borough: points both inside and outside its wards.
    expect(inside).toBeGreaterThan(0);
    expect(inside).toBeLessThan(rows.length);
  });
});
