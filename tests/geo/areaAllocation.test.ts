import { describe, expect, it } from 'vitest';
import { area as turfArea } from '@turf/area';
import { multiPolygon, polygon } from '@turf/helpers';
import { cellToBoundary, cellToChildren, cellToLatLng, latLngToCell } from 'h3-js';
import type { Feature, Polygon } from 'geojson';
import { allocateAreaValues, allocateToH3, allocateWithOverlap, overlapWeights, type AreaFeature } from '../../geo/areaAllocation';

/** A lon/lat rectangle. Turf's spherical area of one is exactly R² Δλ (sin φ2 − sin φ1). */
const rect = (x0: number, y0: number, x1: number, y1: number, id?: string): Feature<Polygon> => {
  const f = polygon([
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ]);
  if (id !== undefined) f.id = id;
  return f;
};
const R = 6_371_008.8;
const RAD = Math.PI / 180;
const rectArea = (x0: number, y0: number, x1: number, y1: number) => R * R * (x1 - x0) * RAD * (Math.sin(y1 * RAD) - Math.sin(y0 * RAD));

// Two sources stacked by latitude; splitting by longitude gives exact fractions.
const sources = [rect(0, 0, 2, 1), rect(0, 1, 2, 2), rect(10, 0, 11, 1)];
const values = [10, 40, 5];
const population = [100, 300, 7];
const targets = [
  rect(0, 0, 0.5, 2, 'T0'), // a quarter of S0 and a quarter of S1
  rect(0.5, 0, 2, 2, 'T1'), // three quarters of each
  rect(1.5, 0, 2.5, 1, 'T2'), // a quarter of S0; half of T2 lies outside every source
  rect(3, 0, 4, 1, 'T3'), // nothing
];
const A0 = rectArea(0, 0, 2, 1);
const A1 = rectArea(0, 1, 2, 2);
const areaMeanT0 = (10 * A0 + 40 * A1) / (A0 + A1); // the quarters are 0.25 A0 and 0.25 A1

describe('overlapWeights', () => {
  it('finds exact source -> target fractions, skipping disjoint and edge-only pairs', () => {
    const m = overlapWeights(sources, targets);
    expect(m.sourceAreasM2[0]).toBeCloseTo(A0, 0);
    expect(m.targetAreasM2[2]).toBeCloseTo(rectArea(1.5, 0, 2.5, 1), 0);
    const pairs = m.entries.map((e) => [e.target, e.source]);
    expect(pairs).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
      [2, 0],
    ]);
    const frac = m.entries.map((e) => e.sourceFraction);
    [0.25, 0.25, 0.75, 0.75, 0.25].forEach((f, i) => expect(frac[i]).toBeCloseTo(f, 9));
    expect(m.entries[4].targetFraction).toBeCloseTo(0.5, 9);
    expect(m.entries[0].overlapM2).toBeCloseTo(0.25 * A0, 0);
  });
});

describe('allocateAreaValues', () => {
  const r = allocateAreaValues(sources, targets, values, { population });
  const [t0, t1, t2, t3] = r.targets;

  it('splits extensive values by area fraction', () => {
    expect(t0.sum).toBeCloseTo(0.25 * 10 + 0.25 * 40, 9);
    expect(t1.sum).toBeCloseTo(0.75 * 10 + 0.75 * 40, 9);
    expect(t2.sum).toBeCloseTo(2.5, 9);
    expect(t3.sum).toBe(0);
    // S0 and S1 are fully covered by T0 + T1, so their totals are preserved.
    expect(t0.sum + t1.sum).toBeCloseTo(50, 9);
  });

  it('averages intensive values by overlap area and by population', () => {
    expect(t0.areaMean!).toBeCloseTo(areaMeanT0, 9);
    expect(t1.areaMean!).toBeCloseTo(areaMeanT0, 9);
    expect(t2.areaMean!).toBeCloseTo(10, 9);
    expect(t3.areaMean).toBeNull();
    // (10·100 + 40·300) / (100 + 300): same quarter of each source's people.
    expect(t0.populationMean!).toBeCloseTo(32.5, 9);
    expect(t1.populationMean!).toBeCloseTo(32.5, 9);
    expect(t2.populationMean!).toBeCloseTo(10, 9);
    expect(t3.populationMean).toBeNull();
    expect(t0.population!).toBeCloseTo(100, 9);
    expect(t1.population!).toBeCloseTo(300, 9);
    expect(t2.population!).toBeCloseTo(25, 9);
    expect(Math.abs(t0.areaMean! - t0.populationMean!)).toBeGreaterThan(1); // the schemes differ
  });

  it('reports coverage, ids, weights and unallocated sources', () => {
    expect(t0.coverage).toBeCloseTo(1, 9);
    expect(t2.coverage).toBeCloseTo(0.5, 9);
    expect(t3.coverage).toBe(0);
    expect(r.targets.map((t) => t.id)).toEqual(['T0', 'T1', 'T2', 'T3']);
    expect(r.weights).toHaveLength(5);
    expect(r.unallocatedSources).toEqual([2]);
    expect(r.method.weighting).toMatch(/population/);
  });

  it('leaves population outputs null without population', () => {
    const a = allocateAreaValues(sources, targets, values);
    expect(a.targets[0].populationMean).toBeNull();
    expect(a.targets[0].population).toBeNull();
    expect(a.targets[0].areaMean!).toBeCloseTo(areaMeanT0, 9);
    expect(a.method.weighting).toBe('area');
  });

  it('handles MultiPolygon sources and nested targets', () => {
    const multi = multiPolygon([
      [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
          [0, 0],
        ],
      ],
      [
        [
          [2, 0],
          [3, 0],
          [3, 1],
          [2, 1],
          [2, 0],
        ],
      ],
    ]) as AreaFeature;
    const r2 = allocateAreaValues([multi], [rect(0, 0, 2.5, 1), rect(0.25, 0.25, 0.75, 0.75)], [8]);
    expect(r2.targets[0].sum).toBeCloseTo(6, 9); // one part whole, half of the other
    expect(r2.targets[0].areaMean!).toBeCloseTo(8, 9);
    expect(r2.targets[1].coverage).toBeCloseTo(1, 9);
    expect(r2.targets[1].sum).toBeCloseTo((8 * rectArea(0.25, 0.25, 0.75, 0.75)) / (2 * rectArea(0, 0, 1, 1)), 9);
  });

  it('reuses one overlap matrix for several variables', () => {
    const m = overlapWeights(sources, targets);
    const a = allocateWithOverlap(m, [1, 1, 1]);
    expect(a[0].areaMean).toBeCloseTo(1, 12);
    expect(a[0].sum).toBeCloseTo(0.5, 9);
    expect(a[0].id).toBeNull();
  });

  it('rejects mismatched or non-finite input', () => {
    expect(() => allocateAreaValues(sources, targets, [1, 2])).toThrow(/3 sources/);
    expect(() => allocateAreaValues(sources, targets, [1, 2, Number.NaN])).toThrow(/finite/);
    expect(() => allocateAreaValues(sources, targets, values, { population: [1, -1, 1] })).toThrow(/population/);
    const point = { type: 'Feature', geometry: { type: 'Point', coordinates: [0, 0] }, properties: {} } as unknown as AreaFeature;
    expect(() => allocateAreaValues([point], targets, [1])).toThrow(/Polygon/);
  });
});

describe('allocateToH3 (centre-based)', () => {
  const parent = latLngToCell(54.5742, -1.2349, 8);
  const parentPolygon = polygon([cellToBoundary(parent, true)]) as AreaFeature;
  const children = cellToChildren(parent, 9).sort();

  it('gives a cell-shaped source its children, splitting extensive values equally', () => {
    const r = allocateToH3([parentPolygon], [70], 9);
    expect(r.cells.map((c) => c.h3)).toEqual(children);
    for (const c of r.cells) {
      expect(c.sum).toBeCloseTo(10, 12);
      expect(c.areaMean).toBeCloseTo(70, 12);
      expect(c.sources).toEqual([0]);
      expect(c.populationMean).toBeNull();
    }
    expect(r.fallbackSources).toEqual([]);
  });

  it('assigns a source containing no cell centre to the cell under an interior point', () => {
    const child = children[0];
    const [vLng, vLat] = cellToBoundary(child, true)[0];
    const [mLat, mLng] = cellToLatLng(child);
    // A ~1 m triangle just inside a vertex of the child cell, far from any res-9 centre.
    const [cLng, cLat] = [0.9 * vLng + 0.1 * mLng, 0.9 * vLat + 0.1 * mLat];
    const d = 1e-5;
    const tiny = polygon([
      [
        [cLng, cLat],
        [cLng + d, cLat],
        [cLng, cLat + d],
        [cLng, cLat],
      ],
    ]) as AreaFeature;
    const expectedCell = latLngToCell(cLat + d / 3, cLng + d / 3, 9);
    const r = allocateToH3([parentPolygon, tiny], [0, 100], 9, { population: [700, 1] });
    expect(r.fallbackSources).toEqual([1]);
    const hit = r.cells.find((c) => c.sources.includes(1))!;
    expect(hit.h3).toBe(expectedCell);
    expect(hit.sources).toEqual([0, 1]);
    // Extensive: the tiny source's whole value lands in that one cell.
    expect(hit.sum).toBeCloseTo(0 / 7 + 100, 9);
    // Intensive: weighted by the area each claim represents.
    const wBig = turfArea(parentPolygon) / 7;
    const wTiny = turfArea(tiny);
    expect(hit.areaMean).toBeCloseTo((100 * wTiny) / (wBig + wTiny), 9);
    expect(hit.populationMean!).toBeCloseTo((100 * 1) / (700 / 7 + 1), 9);
  });

  it('keeps holes empty', () => {
    const outer = cellToBoundary(parent, true);
    const hole = cellToBoundary(latLngToCell(54.5742, -1.2349, 9), true)
      .slice()
      .reverse();
    const withHole = polygon([outer, hole]) as AreaFeature;
    const r = allocateToH3([withHole], [60], 9);
    expect(r.cells).toHaveLength(6);
    expect(r.cells.map((c) => c.h3)).not.toContain(latLngToCell(54.5742, -1.2349, 9));
    for (const c of r.cells) expect(c.sum).toBeCloseTo(10, 12);
  });
});
