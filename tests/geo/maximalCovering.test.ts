import { describe, expect, it } from 'vitest';
import {
  coverageSets,
  EARTH_RADIUS_METRES,
  exactMaximalCovering,
  greedyMaximalCovering,
  haversineMetres,
  type LonLat,
  type MaximalCoveringInput,
} from '../../geo/maximalCovering';

const LON0 = -1.2349;
const LAT0 = 54.5742;
const DEG = 180 / Math.PI;
/** A point x metres east and y metres north of the origin (local tangent plane). */
const at = (x: number, y = 0): LonLat => [
  LON0 + (x / (EARTH_RADIUS_METRES * Math.cos(LAT0 / DEG))) * DEG,
  LAT0 + (y / EARTH_RADIUS_METRES) * DEG,
];

/** mulberry32: a tiny seeded generator so the random instances are reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('haversineMetres', () => {
  it('gives R * pi / 180 for one degree along the equator and is symmetric', () => {
    expect(haversineMetres([0, 0], [1, 0])).toBeCloseTo((EARTH_RADIUS_METRES * Math.PI) / 180, 6);
    expect(haversineMetres([0, 0], [0, 1])).toBeCloseTo((EARTH_RADIUS_METRES * Math.PI) / 180, 6);
    expect(haversineMetres(at(0), at(300, 400))).toBeCloseTo(haversineMetres(at(300, 400), at(0)), 9);
    expect(haversineMetres(at(0), at(300, 400))).toBeCloseTo(500, 0);
  });
});

describe('coverageSets', () => {
  it('matches brute force on random points, including near the radius', () => {
    const rng = mulberry32(7);
    for (let trial = 0; trial < 20; trial++) {
      const radius = 20 + rng() * 300;
      const demand = Array.from({ length: 300 }, () => at((rng() - 0.5) * 3000, (rng() - 0.5) * 3000));
      const sites = Array.from({ length: 30 }, () => at((rng() - 0.5) * 3000, (rng() - 0.5) * 3000));
      // Points exactly on, just inside and just outside the radius of site 0.
      demand.push(at(0, 0));
      const s0 = at(0, 0);
      sites.push(s0);
      for (const f of [0.999999, 1.000001]) for (let k = 0; k < 8; k++) demand.push(at(Math.cos(k) * radius * f, Math.sin(k) * radius * f));
      const sets = coverageSets(demand, sites, radius);
      sites.forEach((s, j) => {
        const brute = demand.flatMap((d, i) => (haversineMetres(s, d) <= radius ? [i] : []));
        expect(sets[j]).toEqual(brute);
      });
    }
  });

  it('rejects bad radii and positions', () => {
    expect(() => coverageSets([at(0)], [at(0)], 0)).toThrow(/radius/);
    expect(() => coverageSets([at(0)], [at(0)], 60_000)).toThrow(/radius/);
    expect(() => coverageSets([[0, 89]], [at(0)], 100)).toThrow(/lon, lat/);
    expect(() => coverageSets([[Number.NaN, 0]], [at(0)], 100)).toThrow(/lon, lat/);
  });
});

// Four demand points on a line, 100 m apart; sites midway between them; radius 60 m.
// L covers {a, b} = 5, M covers {b, c} = 6, R covers {c, d} = 5.
const classic: MaximalCoveringInput = {
  demand: [
    { position: at(0), weight: 2 },
    { position: at(100), weight: 3 },
    { position: at(200), weight: 3 },
    { position: at(300), weight: 2 },
  ],
  candidates: [at(50), at(150), at(250)], // L, M, R
  radiusMetres: 60,
  p: 2,
};

describe('greedyMaximalCovering', () => {
  it('is strictly worse than the optimum on the classic overlap case, and the enumerator finds the optimum', () => {
    const g = greedyMaximalCovering(classic);
    expect(g.sites.map((s) => s.index)).toEqual([1, 0]); // M (6), then L (+2; tie with R goes to the lower index)
    expect(g.sites.map((s) => s.marginal)).toEqual([6, 2]);
    expect(g.sites.map((s) => s.cumulative)).toEqual([6, 8]);
    expect(g.covered).toBe(8);
    const x = exactMaximalCovering(classic);
    expect(x.indices).toEqual([0, 2]);
    expect(x.covered).toBe(10);
    expect(x.share).toBe(1);
    expect(x.subsetsEvaluated).toBe(3);
    // 8 >= (1 - 1/e) * 10, as the bound promises.
    expect(g.covered).toBeGreaterThanOrEqual((1 - 1 / Math.E) * x.covered);
  });

  it('reports the marginal-gain table and coverage curve', () => {
    const g = greedyMaximalCovering(classic);
    expect(g.totalDemand).toBe(10);
    expect(g.sites[0]).toEqual({
      index: 1,
      position: at(150),
      marginal: 6,
      marginalShare: 0.6,
      marginalPoints: 2,
      newlyCovered: [1, 2],
      cumulative: 6,
      share: 0.6,
    });
    expect(g.sites[1].marginalPoints).toBe(1);
    expect(g.sites[1].newlyCovered).toHaveLength(1);
    expect(g.sites[1].newlyCovered).not.toContain(1);
    expect(g.curve).toEqual([
      { sites: 0, covered: 0, share: 0 },
      { sites: 1, covered: 6, share: 0.6 },
      { sites: 2, covered: 8, share: 0.8 },
    ]);
    expect(g.existing).toEqual({ cameras: 0, covered: 0, share: 0 });
    expect(g.stoppedEarly).toBe(false);
  });

  it('equals the optimum when coverage sets are disjoint', () => {
    const input: MaximalCoveringInput = {
      demand: [
        { position: at(0), weight: 4 },
        { position: at(10, 10), weight: 1 },
        { position: at(1000), weight: 3 },
        { position: at(2000), weight: 7 },
        { position: at(3000), weight: 2 },
      ],
      candidates: [at(5), at(1000), at(2000), at(3000)],
      radiusMetres: 50,
      p: 2,
    };
    const g = greedyMaximalCovering(input);
    const x = exactMaximalCovering(input);
    expect(g.sites.map((s) => s.index)).toEqual([2, 0]);
    expect(g.sites.map((s) => s.marginal)).toEqual([7, 5]);
    expect(g.covered).toBe(12);
    expect(x.covered).toBe(12);
    expect(x.indices).toEqual([0, 2]);
  });

  it('counts existing cameras first and shrinks marginal gains', () => {
    // An existing camera at L already covers a and b (5 of 10).
    const withExisting = { ...classic, existing: [at(50)] };
    const g = greedyMaximalCovering(withExisting);
    expect(g.existing).toEqual({ cameras: 1, covered: 5, share: 0.5 });
    expect(g.curve[0]).toEqual({ sites: 0, covered: 5, share: 0.5 });
    // Gains now: L 0, M 3 (c only), R 5. R first; then M adds nothing, so selection stops.
    expect(g.sites.map((s) => [s.index, s.marginal, s.cumulative])).toEqual([[2, 5, 10]]);
    expect(g.stoppedEarly).toBe(true);
    expect(g.share).toBe(1);
    const x = exactMaximalCovering(withExisting);
    expect(x.existingCovered).toBe(5);
    expect(x.covered).toBe(10);
    expect(x.indices).toEqual([0, 2]); // lexicographically smallest optimum
  });

  it('handles p = 0, p > candidates and zero demand', () => {
    expect(greedyMaximalCovering({ ...classic, p: 0 }).sites).toEqual([]);
    const all = greedyMaximalCovering({ ...classic, p: 10 });
    expect(all.sites.map((s) => s.index)).toEqual([1, 0, 2]);
    expect(all.covered).toBe(10);
    expect(all.stoppedEarly).toBe(false);
    expect(exactMaximalCovering({ ...classic, p: 10 }).indices).toEqual([0, 1, 2]);
    const none = greedyMaximalCovering({ ...classic, demand: [] });
    expect(none.share).toBeNull();
    expect(none.sites).toEqual([]);
  });

  it('rejects bad input and oversized enumerations', () => {
    expect(() => greedyMaximalCovering({ ...classic, p: 1.5 })).toThrow(/p must/);
    expect(() => greedyMaximalCovering({ ...classic, demand: [{ position: at(0), weight: -1 }] })).toThrow(/weight/);
    const many = { ...classic, candidates: Array.from({ length: 40 }, (_, i) => at(i * 10)), p: 10 };
    expect(() => exactMaximalCovering(many, { maxSubsets: 1000 })).toThrow(/exceeds/);
  });

  it('achieves at least (1 - 1/e) of the optimal gain on random instances, and never beats the optimum', () => {
    const rng = mulberry32(20240601);
    let strictlyWorse = 0;
    for (let trial = 0; trial < 300; trial++) {
      const n = 10 + Math.floor(rng() * 25);
      const m = 4 + Math.floor(rng() * 8);
      const p = 1 + Math.floor(rng() * 4);
      const e = Math.floor(rng() * 3);
      const radius = 60 + rng() * 200;
      const side = 800;
      const point = () => at(rng() * side, rng() * side);
      const input: MaximalCoveringInput = {
        demand: Array.from({ length: n }, () => ({ position: point(), weight: Math.floor(rng() * 10) + (rng() < 0.5 ? rng() : 0) })),
        candidates: Array.from({ length: m }, point),
        existing: Array.from({ length: e }, point),
        radiusMetres: radius,
        p,
      };
      const g = greedyMaximalCovering(input);
      const x = exactMaximalCovering(input);
      const base = g.existing.covered;
      expect(x.existingCovered).toBe(base);
      expect(g.covered).toBeLessThanOrEqual(x.covered + 1e-9);
      expect(g.covered - base).toBeGreaterThanOrEqual((1 - 1 / Math.E) * (x.covered - base) - 1e-9);
      // The table is consistent: marginals sum to the covered total.
      expect(g.sites.reduce((s, c) => s + c.marginal, base)).toBeCloseTo(g.covered, 9);
      for (let k = 1; k < g.sites.length; k++) expect(g.sites[k].marginal).toBeLessThanOrEqual(g.sites[k - 1].marginal + 1e-12);
      if (g.covered < x.covered - 1e-9) strictlyWorse++;
    }
    // Greedy is not always optimal on these instances, so the enumerator is doing real work.
    expect(strictlyWorse).toBeGreaterThan(0);
  });

  it('lazy greedy picks what plain greedy picks', () => {
    const rng = mulberry32(99);
    for (let trial = 0; trial < 100; trial++) {
      const input: MaximalCoveringInput = {
        demand: Array.from({ length: 60 }, () => ({ position: at(rng() * 1000, rng() * 1000), weight: Math.floor(rng() * 5) })),
        candidates: Array.from({ length: 25 }, () => at(rng() * 1000, rng() * 1000)),
        existing: [at(rng() * 1000, rng() * 1000)],
        radiusMetres: 150,
        p: 8,
      };
      // Plain greedy over the same coverage sets, lowest index on ties.
      const sets = coverageSets(
        input.demand.map((d) => d.position),
        input.candidates,
        input.radiusMetres,
      );
      const covered = new Set(
        coverageSets(
          input.demand.map((d) => d.position),
          input.existing!,
          input.radiusMetres,
        )[0],
      );
      const plain: number[] = [];
      for (let step = 0; step < input.p; step++) {
        let best = -1;
        let bestGain = 0;
        sets.forEach((set, j) => {
          const gain = set.reduce((s, i) => s + (covered.has(i) ? 0 : input.demand[i].weight), 0);
          if (gain > bestGain) {
            best = j;
            bestGain = gain;
          }
        });
        if (best < 0) break;
        plain.push(best);
        for (const i of sets[best]) covered.add(i);
      }
      expect(greedyMaximalCovering(input).sites.map((s) => s.index)).toEqual(plain);
    }
  });
});
