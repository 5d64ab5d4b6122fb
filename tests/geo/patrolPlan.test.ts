import { describe, expect, it } from 'vitest';
import {
  cellArea,
  cellToBoundary,
  cellToLatLng,
  greatCircleDistance,
  gridDisk,
  gridDistance,
  gridRingUnsafe,
  latLngToCell,
  UNITS,
} from 'h3-js';
import {
  acrossMetres,
  apportionVisits,
  mergeAdjacentCells,
  patrolPlan,
  splitWalkable,
  streetName,
  type PatrolHotCell,
} from '../../geo/patrolPlan';

const RES = 10;
const c0 = latLngToCell(54.5742, -1.2349, RES);
const ring1 = gridRingUnsafe(c0, 1).sort();
const c1 = ring1[0];
// A cell two steps from c0 that touches c1: chains c0 - c1 - c2 into one place.
const c2 = gridRingUnsafe(c1, 1).find((h) => gridDistance(h, c0) === 2)!;
const d0 = latLngToCell(54.56, -1.2, RES); // a few km away
const e0 = latLngToCell(54.55, -1.27, RES);
const e2 = gridRingUnsafe(e0, 2).sort()[0]; // two steps from e0: not adjacent at k = 1
const km2 = (h: string) => cellArea(h, UNITS.km2);

const cell = (h3: string, harm: number, streets: Record<string, number> = {}, count = harm): PatrolHotCell => ({
  h3,
  harm,
  count,
  streets,
});

describe('streetName', () => {
  it('strips the police.uk prefix only', () => {
    expect(streetName('On or near High Street')).toBe('High Street');
    expect(streetName('on or near  Parking Area ')).toBe('Parking Area');
    expect(streetName('Near Station')).toBe('Near Station');
  });
});

describe('mergeAdjacentCells', () => {
  it('joins chains of neighbours and keeps non-touching cells apart', () => {
    expect(gridDistance(c0, c2)).toBe(2);
    const groups = mergeAdjacentCells([d0, c2, e0, c0, c1]);
    const expected = [[c0, c1, c2].sort(), [d0], [e0]].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    expect(groups).toEqual(expected);
  });
  it('widens adjacency with k', () => {
    expect(mergeAdjacentCells([e0, e2], 1)).toHaveLength(2);
    expect(mergeAdjacentCells([e0, e2], 2)).toEqual([[e0, e2].sort()]);
  });
});

describe('patrolPlan', () => {
  const cells: PatrolHotCell[] = [
    cell(c0, 30, { 'On or near High Street': 5, 'On or near Park Road': 2 }),
    cell(c1, 10, { 'On or near Park Road': 4, 'On or near Alley': 1, 'On or near Nowhere': 0 }),
    cell(d0, 25, { 'On or near Station Road': 3 }),
    cell(e0, 12),
    cell(e2, 0),
  ];
  const plan = patrolPlan({ cells, boroughHarm: 200, minutes: 30 });

  it('merges, measures and ranks places by the harm they hold', () => {
    expect(plan.allPlaces).toHaveLength(4);
    // By harm: A (c0 + c1, 40), D (25), E (12), e2 (0). By density D would come first.
    expect(25 / km2(d0)).toBeGreaterThan(40 / (km2(c0) + km2(c1)));
    expect(plan.allPlaces.map((p) => p.id)).toEqual([[c0, c1].sort()[0], d0, e0, e2]);
    expect(plan.allPlaces.map((p) => p.rank)).toEqual([1, 2, 3, 4]);
    const a = plan.allPlaces[0];
    expect(a.cells).toEqual([c0, c1].sort());
    expect(a.harm).toBe(40);
    expect(a.count).toBe(40);
    expect(a.areaKm2).toBeCloseTo(km2(c0) + km2(c1), 12);
    expect(a.harmDensity).toBeCloseTo(40 / (km2(c0) + km2(c1)), 9);
    expect(a.shareOfBoroughHarm).toBeCloseTo(0.2, 12);
  });

  it('puts the centre at the harm-weighted mean of cell centres, as [lon, lat]', () => {
    const [lat0, lon0] = cellToLatLng(c0);
    const [lat1, lon1] = cellToLatLng(c1);
    const [lon, lat] = plan.allPlaces[0].centre;
    expect(lon).toBeCloseTo((30 * lon0 + 10 * lon1) / 40, 12);
    expect(lat).toBeCloseTo((30 * lat0 + 10 * lat1) / 40, 12);
    // A single cell's centre is its own centre.
    const [latD, lonD] = cellToLatLng(d0);
    expect(plan.allPlaces[1].centre).toEqual([lonD, latD]);
  });

  it('sums street counts across cells and strips the prefix', () => {
    expect(plan.allPlaces[0].streetCounts).toEqual([
      { name: 'Park Road', count: 6 },
      { name: 'High Street', count: 5 },
      { name: 'Alley', count: 1 },
    ]);
    expect(plan.allPlaces[0].streets).toEqual(['Park Road', 'High Street', 'Alley']);
    expect(plan.allPlaces[1].streets).toEqual(['Station Road']);
  });

  it('shares floor(minutes / visit) visits by harm and reports the covered share', () => {
    // 30 minutes: 2 visits, at most 1 per place: A (40) then D (25).
    expect(plan.visitsAvailable).toBe(2);
    expect(plan.method.maxVisitsPerPlace).toBe(1);
    expect(plan.places.map((p) => [p.id, p.visits])).toEqual([
      [[c0, c1].sort()[0], 1],
      [d0, 1],
    ]);
    expect(plan.coveredShare).toBeCloseTo(65 / 200, 12);
    expect(plan.warnings).toEqual([]);
    expect(plan.method.minutesPerVisit).toBe(15);
    expect(plan.method.guidance.join(' ')).toMatch(/every 2 hours/);
    expect(plan.method.figures.join(' ')).toMatch(/15%.*4%/);
  });

  it("gives a place with a large share repeat visits (D'Hondt), never more than the cap", () => {
    // 90 minutes: 6 visits, cap 3. Quotients: A 40, 20, 13.3; D 25, 12.5; E 12, 6.
    // Order of awards: A40, D25, A20, A13.3, D12.5, E12 -> A 3, D 2, E 1.
    const p = patrolPlan({ cells, boroughHarm: 200, minutes: 90 });
    expect(p.places.map((x) => x.visits)).toEqual([3, 2, 1]);
    expect(p.visitsPlanned).toBe(6);
    expect(p.allPlaces.map((x) => x.visits)).toEqual([3, 2, 1, 0]);
  });

  it('orders equal harm by id', () => {
    // e0 and e2 alone with zero harm: equal, so the smaller H3 string comes first.
    const p = patrolPlan({ cells: [cell(e2, 0), cell(e0, 0)], boroughHarm: 10, minutes: 60 });
    expect(p.allPlaces.map((x) => x.id)).toEqual([e0, e2].sort());
    // Zero harm falls back to the plain centre.
    const [lat, lon] = cellToLatLng(e0);
    expect(p.allPlaces.find((x) => x.id === e0)!.centre).toEqual([lon, lat]);
  });

  it('lists at least one place when minutes are short, with a warning', () => {
    const p = patrolPlan({ cells, boroughHarm: 200, minutes: 10 });
    expect(p.visitsAvailable).toBe(0);
    expect(p.places.map((x) => x.id)).toEqual([[c0, c1].sort()[0]]);
    expect(p.places[0].visits).toBe(1);
    expect(p.coveredShare).toBeCloseTo(40 / 200, 12);
    expect(p.warnings.join(' ')).toMatch(/less than one 15-minute visit/);
  });

  it('honours minutesPerVisit and warns outside 10-15 minutes', () => {
    const p = patrolPlan({ cells, boroughHarm: 200, minutes: 100, minutesPerVisit: 25 });
    expect(p.visitsAvailable).toBe(4);
    // 4 visits, cap 2: A 40, D 25, A 20, then D 12.5 beats E 12.
    expect(p.places.map((x) => x.visits)).toEqual([2, 2]);
    expect(p.warnings.join(' ')).toMatch(/outside the 10-15 minutes/);
    // 12 visits, cap 6: A 40 20 13.3 10 8 6.7, D 25 12.5 8.3 6.25, E 12 6; e2 has no harm.
    const q = patrolPlan({ cells, boroughHarm: 200, minutes: 120, minutesPerVisit: 10 });
    expect(q.visitsAvailable).toBe(12);
    expect(q.places.map((x) => x.visits)).toEqual([6, 4, 2]);
    const r = patrolPlan({ cells, boroughHarm: 200, minutes: 120, maxVisitsPerPlace: 2 });
    expect(r.places.map((x) => x.visits)).toEqual([2, 2, 2, 2]);
    expect(r.warnings).toEqual([]);
    const t = patrolPlan({ cells: [cell(d0, 5)], boroughHarm: 200, minutes: 120, maxVisitsPerPlace: 2 });
    expect(t.visitsPlanned).toBe(2);
    expect(t.warnings.join(' ')).toMatch(/Only 1 hot place for 8 visits: 6 visits are spare/);
  });

  it('caps street lists at five, ties by name', () => {
    const streets: Record<string, number> = {};
    for (const [i, name] of ['G', 'F', 'E', 'D', 'C', 'B', 'A'].entries()) streets[`On or near ${name} Street`] = i < 3 ? 2 : 1;
    const p = patrolPlan({ cells: [cell(c0, 1, streets)], boroughHarm: 1, minutes: 15 });
    expect(p.places[0].streets).toEqual(['E Street', 'F Street', 'G Street', 'A Street', 'B Street']);
    expect(p.coveredShare).toBe(1);
  });

  it('handles no hot cells and non-positive borough harm', () => {
    const p = patrolPlan({ cells: [], boroughHarm: 0, minutes: 60 });
    expect(p.places).toEqual([]);
    expect(p.coveredShare).toBeNull();
    const q = patrolPlan({ cells: [cell(c0, 3)], boroughHarm: 0, minutes: 60 });
    expect(q.places[0].shareOfBoroughHarm).toBeNull();
  });

  it('rejects mixed resolutions, duplicates and bad parameters', () => {
    expect(() => patrolPlan({ cells: [cell(c0, 1), cell(latLngToCell(54.5, -1.2, 9), 1)], boroughHarm: 1, minutes: 15 })).toThrow(
      /one H3 resolution/,
    );
    expect(() => patrolPlan({ cells: [cell(c0, 1), cell(c0, 2)], boroughHarm: 1, minutes: 15 })).toThrow(/duplicate/);
    expect(() => patrolPlan({ cells: [cell('zz', 1)], boroughHarm: 1, minutes: 15 })).toThrow(/invalid H3/);
    expect(() => patrolPlan({ cells, boroughHarm: 1, minutes: 15, minutesPerVisit: 0 })).toThrow(/minutesPerVisit/);
    expect(() => patrolPlan({ cells, boroughHarm: 1, minutes: -1 })).toThrow(/minutes/);
    expect(() => patrolPlan({ cells, boroughHarm: 1, minutes: 15, k: 0 })).toThrow(/k must/);
    expect(() => patrolPlan({ cells, boroughHarm: 1, minutes: 15, maxAcrossMetres: 0 })).toThrow(/maxAcrossMetres/);
    expect(() => patrolPlan({ cells, boroughHarm: 1, minutes: 15, maxVisitsPerPlace: 0 })).toThrow(/maxVisitsPerPlace/);
  });
});

describe('acrossMetres', () => {
  it('is the largest distance between two corners of the cells', () => {
    const corners = [...cellToBoundary(c0), ...cellToBoundary(c1)];
    let max = 0;
    for (const a of corners) for (const b of corners) max = Math.max(max, greatCircleDistance(a, b, UNITS.m));
    expect(acrossMetres([c0, c1])).toBeCloseTo(max, 9);
    // One resolution-10 cell is about 2 edge lengths (~150 m) across; the 7-cell flower is > 300 m.
    expect(acrossMetres([c0])).toBeGreaterThan(120);
    expect(acrossMetres([c0])).toBeLessThan(170);
    expect(acrossMetres(gridDisk(c0, 1))).toBeGreaterThan(300);
    expect(acrossMetres([])).toBe(0);
  });
});

describe('splitWalkable', () => {
  it('grows places from the highest-harm cells and keeps each within the limit', () => {
    // A 19-cell cluster (two rings) with harm peaking at c0 and at one outer cell.
    const disk = gridDisk(c0, 2).sort();
    const outer = gridRingUnsafe(c0, 2).sort()[0];
    const cluster = disk.map((h) => cell(h, h === c0 ? 50 : h === outer ? 40 : 1));
    const places = splitWalkable(cluster, 300);
    expect(places.flat().sort()).toEqual(disk);
    for (const p of places) expect(acrossMetres(p)).toBeLessThanOrEqual(300);
    // The first place holds the top cell, the second the other peak.
    expect(places[0]).toContain(c0);
    expect(places[1]).toContain(outer);
    expect(places[0]).not.toContain(outer);
    // A limit below one cell's width leaves each cell a place of its own.
    expect(splitWalkable(cluster, 50)).toHaveLength(19);
    // A generous limit keeps the cluster whole.
    expect(splitWalkable(cluster, 5000)).toEqual([disk]);
  });

  it('splits a real-sized cluster so the plan never lists a place wider than the limit', () => {
    const disk = gridDisk(c0, 3);
    const p = patrolPlan({ cells: disk.map((h, i) => cell(h, 1 + (i % 5))), boroughHarm: 1000, minutes: 120 });
    expect(p.clusters).toBe(1);
    expect(p.allPlaces.length).toBeGreaterThan(5);
    for (const x of p.allPlaces) expect(x.acrossMetres).toBeLessThanOrEqual(300);
    const harms = p.allPlaces.map((x) => x.harm);
    expect([...harms].sort((a, b) => b - a)).toEqual(harms);
  });
});

describe('apportionVisits', () => {
  it("follows the D'Hondt rule with a cap", () => {
    // Quotients 100 50 33.3 25 20 | 60 30 20 | 20: seven visits -> 100 60 50 33.3 30 25, then a
    // three-way tie at 20 that goes to the first place: 5, 2, 0.
    expect(apportionVisits([100, 60, 20], 7, 10)).toEqual([5, 2, 0]);
    expect(apportionVisits([100, 60, 20], 7, 2)).toEqual([2, 2, 2]);
    expect(apportionVisits([5, 5], 3, 5)).toEqual([2, 1]);
    expect(apportionVisits([], 3, 2)).toEqual([]);
  });
});
