import { describe, expect, it } from 'vitest';
import { colocationQuotient, colocationQuotients, type ColocationInput } from '../../geo/colocationQuotient';
import { createRng } from '../../geo/random';

const A = 0;
const B = 1;
const proj = { coordinates: 'projected' as const };
const at = (m: ReturnType<typeof colocationQuotients>, a: number, b: number) => m.clq[a * m.nTypes + b];

describe('colocationQuotients on hand-computed cases', () => {
  it('points on a line, no ties', () => {
    // x = 0, 1, 3, 6, 10 with types A B A B B. Nearest neighbours:
    //   p0(A) -> p1(B) at 1; p1(B) -> p0(A) at 1 (p2 at 2); p2(A) -> p1(B) at 2 (p3 at 3);
    //   p3(B) -> p2(A) at 3 (p4 at 4); p4(B) -> p3(B) at 4.
    // N = 5, N_A = 2, N_B = 3.
    // C(A->B) = 1 + 1 = 2 -> CLQ = (2/2) / (3/4) = 4/3;  C(A->A) = 0 -> 0.
    // C(B->A) = 1 + 1 + 0 = 2 -> (2/3) / (2/4) = 4/3;   C(B->B) = 1 -> (1/3) / (2/4) = 2/3.
    const pts: ColocationInput = { x: [0, 1, 3, 6, 10], y: [0, 0, 0, 0, 0], type: [A, B, A, B, B] };
    const r = colocationQuotients(pts, 2, proj);
    expect(Array.from(r.c)).toEqual([0, 2, 2, 1]);
    expect(at(r, A, B)).toBeCloseTo(4 / 3, 14);
    expect(at(r, A, A)).toBe(0);
    expect(at(r, B, A)).toBeCloseTo(4 / 3, 14);
    expect(at(r, B, B)).toBeCloseTo(2 / 3, 14);
    expect(colocationQuotient(pts, A, B, proj)).toBeCloseTo(4 / 3, 14);
  });

  it('splits equidistant nearest neighbours equally', () => {
    // p0 A (0,0), p1 B (1,0), p2 A (-1,0), p3 B (0,5).
    //   p0: p1 and p2 both at 1 -> B 1/2, A 1/2;  p1: p0 at 1 -> A;  p2: p0 at 1 -> A;
    //   p3: p0 at 5 (p1, p2 at sqrt 26) -> A.
    // N = 4, N_A = N_B = 2.
    // C(A->B) = 1/2 -> (0.5/2) / (2/3) = 0.375;  C(A->A) = 1/2 + 1 = 1.5 -> (1.5/2) / (1/3) = 2.25;
    // C(B->A) = 1 + 1 = 2 -> (2/2) / (2/3) = 1.5;  C(B->B) = 0.
    const r = colocationQuotients({ x: [0, 1, -1, 0], y: [0, 0, 0, 5], type: [A, B, A, B] }, 2, proj);
    expect(at(r, A, B)).toBeCloseTo(0.375, 14);
    expect(at(r, A, A)).toBeCloseTo(2.25, 14);
    expect(at(r, B, A)).toBeCloseTo(1.5, 14);
    expect(at(r, B, B)).toBe(0);
  });

  it("treats identical coordinates (police.uk snap points) as each other's nearest neighbours", () => {
    // L1 (0,0): A, A, B.  L2 (10,0): B alone.  L3 (100,0): A, B.
    //   L1's A's: the other two at L1 = {A, B} -> A 1/2, B 1/2 each;  L1's B: {A, A} -> A 1.
    //   L2's B: nearest location L1 (10 m; L3 is 90 m) holds {A, A, B} -> A 2/3, B 1/3.
    //   L3's A: the B there -> B 1;  L3's B: the A -> A 1.
    // N = 6, N_A = N_B = 3.
    // C(A->B) = 1/2 + 1/2 + 1 = 2 -> (2/3) / (3/5) = 10/9;   C(A->A) = 1 -> (1/3) / (2/5) = 5/6;
    // C(B->A) = 1 + 2/3 + 1 = 8/3 -> (8/9) / (3/5) = 40/27;  C(B->B) = 1/3 -> (1/9) / (2/5) = 5/18.
    const r = colocationQuotients({ x: [0, 0, 0, 10, 100, 100], y: [0, 0, 0, 0, 0, 0], type: [A, A, B, B, A, B] }, 2, proj);
    expect(r.locations).toBe(3);
    expect(at(r, A, B)).toBeCloseTo(10 / 9, 14);
    expect(at(r, A, A)).toBeCloseTo(5 / 6, 14);
    expect(at(r, B, A)).toBeCloseTo(40 / 27, 14);
    expect(at(r, B, B)).toBeCloseTo(5 / 18, 14);
    // Each point's shares sum to 1, so sum_B C(A->B) = N_A.
    expect(r.c[0] + r.c[1]).toBeCloseTo(3, 14);
    expect(r.c[2] + r.c[3]).toBeCloseTo(3, 14);
  });

  it('returns NaN where a type is absent and validates input', () => {
    const r = colocationQuotients({ x: [0, 1, 2], y: [0, 0, 0], type: [0, 0, 0] }, 2, proj);
    expect(at(r, 1, 0)).toBeNaN();
    expect(at(r, 0, 1)).toBeNaN();
    expect(at(r, 0, 0)).toBeCloseTo(1, 14); // all neighbours are A: (3/3) / (2/2) = 1
    expect(() => colocationQuotients({ x: [0], y: [0], type: [2] }, 2)).toThrow();
  });
});

/** O(N^2) reference with the same tie rule. */
function bruteForce(x: number[], y: number[], type: number[], K: number, tol = 1e-9): Float64Array {
  const N = x.length;
  const c = new Float64Array(K * K);
  for (let i = 0; i < N; i++) {
    let best = Infinity;
    for (let j = 0; j < N; j++) if (j !== i) best = Math.min(best, Math.hypot(x[j] - x[i], y[j] - y[i]));
    const nn: number[] = [];
    for (let j = 0; j < N; j++) if (j !== i && Math.hypot(x[j] - x[i], y[j] - y[i]) <= best * (1 + tol)) nn.push(j);
    for (const j of nn) c[type[i] * K + type[j]] += 1 / nn.length;
  }
  return c;
}

describe('colocationQuotients at scale', () => {
  it('matches brute force on 1,500 points with many snapped duplicates and grid ties', () => {
    const rng = createRng(8);
    const N = 1500;
    const K = 3;
    // Coordinates on a 5 m lattice inside 400 m x 300 m: many exact duplicates and exact ties.
    const x = Array.from({ length: N }, () => 5 * rng.int(80));
    const y = Array.from({ length: N }, () => 5 * rng.int(60));
    const type = Array.from({ length: N }, () => rng.int(K));
    const r = colocationQuotients({ x, y, type }, K, proj);
    const ref = bruteForce(x, y, type, K);
    for (let t = 0; t < K * K; t++) expect(r.c[t]).toBeCloseTo(ref[t], 9);
    // Sparse, irregular points (few duplicates): also identical.
    const x2 = Array.from({ length: 800 }, () => rng.next() * 5000);
    const y2 = Array.from({ length: 800 }, () => rng.next() * 500);
    const t2 = Array.from({ length: 800 }, () => rng.int(2));
    const r2 = colocationQuotients({ x: x2, y: y2, type: t2 }, 2, proj);
    const ref2 = bruteForce(x2, y2, t2, 2);
    for (let t = 0; t < 4; t++) expect(r2.c[t]).toBeCloseTo(ref2[t], 9);
  });

  it('is ~1 under random labelling and > 1 for co-located types; fast on 30,000 lon/lat points', () => {
    const rng = createRng(21);
    const N = 30_000;
    // 8,000 snap points around Middlesbrough (~ 10 km x 10 km); incidents pick a snap point.
    const snapsLon = Array.from({ length: 8000 }, () => -1.3 + rng.next() * 0.15);
    const snapsLat = Array.from({ length: 8000 }, () => 54.52 + rng.next() * 0.09);
    const lon = new Float64Array(N);
    const lat = new Float64Array(N);
    const random = new Int32Array(N);
    const coloc = new Int32Array(N);
    for (let i = 0; i < N; i++) {
      const s = rng.int(8000);
      lon[i] = snapsLon[s];
      lat[i] = snapsLat[s];
      random[i] = rng.int(2);
      // Type 1 only at the first 2,000 snap points; type 0 everywhere.
      coloc[i] = s < 2000 && rng.next() < 0.6 ? 1 : 0;
    }
    let r = colocationQuotients({ x: lon, y: lat, type: random }, 2); // warm-up
    let ms = Infinity;
    for (let rep = 0; rep < 3; rep++) {
      const t0 = performance.now();
      r = colocationQuotients({ x: lon, y: lat, type: random }, 2);
      ms = Math.min(ms, performance.now() - t0);
    }
    console.log(`CLQ on ${N} points (${r.locations} locations): ${ms.toFixed(1)} ms; random labels CLQ(0->1) = ${at(r, 0, 1).toFixed(3)}`);
    expect(Math.abs(at(r, 0, 1) - 1)).toBeLessThan(0.05);
    expect(Math.abs(at(r, 1, 1) - 1)).toBeLessThan(0.05);
    expect(ms).toBeLessThan(100 * Number(process.env.ATLAS_PERF_SLACK ?? 3)); // ~25 ms when idle
    const rc = colocationQuotients({ x: lon, y: lat, type: coloc }, 2);
    expect(at(rc, 1, 1)).toBeGreaterThan(1.5);
    expect(at(rc, 0, 1)).toBeLessThan(1);
  });
});
