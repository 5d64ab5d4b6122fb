/** Query polygons: they cover their ward, splits cover their parent, `poly` is formatted as documented. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { pointInPolygon, type PolygonGeometry } from '../../geo/pointInPolygon';
import { loadGeometry, polyParam, splitPiece, wardPieces, type QueryPiece } from '../../server/fetch/polygons';
import { SHARED_DATA } from './fakeServer';
import { readCsv, policeCsvPath } from './helpers';

const wards = (JSON.parse(readFileSync(join(SHARED_DATA, 'boundaries', 'wards.geojson'), 'utf8')) as FeatureCollection).features.map(
  (f) => ({
    code: f.properties!.ward_code as string,
    geometry: f.geometry as PolygonGeometry,
  }),
);

beforeAll(loadGeometry);

function inPieces(lon: number, lat: number, pieces: QueryPiece[]): boolean {
  return pieces.some((p) => pointInPolygon(lon, lat, { type: 'Polygon', coordinates: [[...p.ring, p.ring[0]]] }));
}

function vertices(g: PolygonGeometry): number[][] {
  return g.type === 'Polygon' ? g.coordinates.flat() : g.coordinates.flat(2);
}

describe('wardPieces', () => {
  it('covers every vertex of every ward, with room to spare, at every vertex budget', () => {
    for (const maxVertices of [150, 16]) {
      for (const ward of wards) {
        const pieces = wardPieces(ward.code, ward.geometry, { maxVertices });
        for (const [lon, lat] of vertices(ward.geometry)) {
          // The vertex itself and points 5 m around it.
          for (const [dx, dy] of [
            [0, 0],
            [0.00008, 0],
            [-0.00008, 0],
            [0, 0.000045],
            [0, -0.000045],
          ]) {
            expect(inPieces(lon + dx, lat + dy, pieces), `${ward.code} at ${maxVertices} vertices: ${lon + dx},${lat + dy}`).toBe(true);
          }
        }
      }
    }
  });

  it('covers every crime point of a real month that lies in the ward', () => {
    const rows = readCsv(policeCsvPath('2025-10'));
    const pieces = new Map(wards.map((w) => [w.code, wardPieces(w.code, w.geometry)]));
    let tested = 0;
    for (const r of rows) {
      const lon = Number(r.Longitude);
      const lat = Number(r.Latitude);
      const ward = wards.find((w) => pointInPolygon(lon, lat, w.geometry));
      if (!ward) continue;
      tested++;
      expect(inPieces(lon, lat, pieces.get(ward.code)!)).toBe(true);
    }
    expect(tested).toBeGreaterThan(2000);
  });

  it('keeps the vertex count near the budget and ids stable', () => {
    for (const ward of wards) {
      const pieces = wardPieces(ward.code, ward.geometry, { maxVertices: 40 });
      for (const p of pieces) expect(p.ring.length).toBeLessThanOrEqual(60);
      expect(pieces.map((p) => p.id)).toEqual(wardPieces(ward.code, ward.geometry, { maxVertices: 40 }).map((p) => p.id));
      if (pieces.length === 1) expect(pieces[0].id).toBe(ward.code);
    }
  });
});

describe('splitPiece', () => {
  it('gives quadrants whose union covers the parent, including points on the cut lines', () => {
    const ward = wards.find((w) => w.code === 'E05014865')!;
    const [parent] = wardPieces(ward.code, ward.geometry);
    const children = splitPiece(parent);
    expect(children.length).toBeGreaterThanOrEqual(3);
    expect(children.every((c) => c.depth === 1 && c.id.startsWith(`${parent.id}/`))).toBe(true);
    const xs = parent.ring.map((p) => p[0]);
    const ys = parent.ring.map((p) => p[1]);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const midX = (minX + maxX) / 2;
    const midY = (minY + maxY) / 2;
    const samples: [number, number][] = [];
    for (let i = 0; i <= 60; i++)
      for (let j = 0; j <= 60; j++) samples.push([minX + ((maxX - minX) * i) / 60, minY + ((maxY - minY) * j) / 60]);
    for (let i = 0; i <= 200; i++) {
      samples.push([midX, minY + ((maxY - minY) * i) / 200]);
      samples.push([minX + ((maxX - minX) * i) / 200, midY]);
    }
    let inside = 0;
    for (const [x, y] of samples) {
      if (!inPieces(x, y, [parent])) continue;
      inside++;
      expect(inPieces(x, y, children), `${x},${y}`).toBe(true);
    }
    expect(inside).toBeGreaterThan(1000);
    // Splitting again goes one level deeper.
    expect(splitPiece(children[0]).every((c) => c.depth === 2)).toBe(true);
  });
});

describe('polyParam', () => {
  it('writes lat,lng pairs joined by colons, without repeating the first point', () => {
    expect(
      polyParam([
        [-1.3, 54.5],
        [-1.2, 54.5],
        [-1.2, 54.6],
      ]),
    ).toBe('54.5,-1.3:54.5,-1.2:54.6,-1.2');
  });
});
