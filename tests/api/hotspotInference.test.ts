import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridDisk } from 'h3-js';
import { realStore } from '../setup/realStore';
import { startServer, getJson, type RunningServer } from './server';
import { closeInferencePool } from '../../server/workers/inferencePool';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer(realStore());
});
afterAll(async () => {
  await server?.close();
  await closeInferencePool();
});

const WINDOW = 'harm=violence&from=2024-12&to=2025-11';

/** Neighbourhood sums from the response's own values and h3-js gridDisk: independent of the server's neighbour lists. */
function neighbourhoodSums(cells: { h3: string; value: number }[]): Map<string, number> {
  const value = new Map(cells.map((c) => [c.h3, c.value]));
  return new Map(cells.map((c) => [c.h3, gridDisk(c.h3, 1).reduce((s, h) => s + (value.get(h) ?? 0), 0)]));
}

/** Benjamini-Hochberg rejections written out again from the response's raw p-values. */
function bhRejected(p: number[], alpha: number): Set<number> {
  const order = p.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  let k = 0;
  order.forEach(([v], r) => {
    if (v <= ((r + 1) / p.length) * alpha * (1 + 1e-9)) k = r + 1;
  });
  return new Set(order.slice(0, k).map(([, i]) => i));
}

describe('hot-spot inference on the shared data', () => {
  it('no longer makes cold spots of empty neighbourhoods under 999 conditional permutations (issue 9, problem 1)', async () => {
    const { status, body } = await getJson(server.url, `/api/hotspots?res=9&k=1&${WINDOW}&permutations=999&seed=1`);
    expect(status).toBe(200);
    expect(body.method.inferenceMode).toBe('conditional');
    const sums = neighbourhoodSums(body.cells);
    const empty = body.cells.filter((c: any) => sums.get(c.h3) === 0);
    // 1,298 of 2,436 res-9 cells have nothing recorded in their whole neighbourhood.
    expect(empty.length).toBe(1298);
    for (const c of empty) {
      expect(c.pSim).toBe(1);
      expect(c.bin).toBe(0);
    }
    expect(body.method.coldCells).toBe(0);
    // And the method block says why 999 draws can find nothing over 2,436 cells.
    expect(body.method.cellsNeededAtFloor).toBe(98);
    expect(body.method.hotCells).toBe(0);
  });

  it('tests by calibrated randomisation by default, its null counted exactly for counts', async () => {
    const { body } = await getJson(server.url, `/api/hotspots?res=9&k=1&${WINDOW}`);
    const m = body.method;
    expect(m.inferenceMode).toBe('randomisation');
    expect(m.inferenceWhy).toMatch(/calibration/);
    // Counting the null costs less than the million Monte Carlo draws it replaces, and has no floor
    // worth the name (the largest 7-cell sum is one subset in about 1e20).
    expect(m.inference).toMatch(/counted exactly/);
    expect(m.draws).toBe(0);
    const cells = body.cells.length;
    expect(cells).toBe(2436);
    expect(m.smallestP).toBeLessThanOrEqual(0.05 / cells / 10);
    expect(m.cellsNeededAtFloor).toBe(1);
    const sums = neighbourhoodSums(body.cells);
    const rejected = bhRejected(
      body.cells.map((c: any) => c.p),
      0.05,
    );
    body.cells.forEach((c: any, i: number) => {
      // Bins follow BH on the returned p, and an empty neighbourhood is never a hot or cold spot.
      expect(c.bin !== 0).toBe(rejected.has(i) && c.z !== 0);
      if (sums.get(c.h3) === 0) expect(c.p).toBe(1);
      expect(c.p).toBeGreaterThanOrEqual(m.smallestP - 5e-9); // p is printed to 8 decimals
    });
    // Fewer hot cells than the normal approximation's 140, and only ones the normal test finds too.
    const normal = await getJson(server.url, `/api/hotspots?res=9&k=1&${WINDOW}&inference=normal`);
    const normalHot = new Set(normal.body.cells.filter((c: any) => c.bin > 0).map((c: any) => c.h3));
    expect(normalHot.size).toBe(140);
    const hot = body.cells.filter((c: any) => c.bin > 0);
    expect(hot.length).toBeGreaterThan(10);
    expect(hot.length).toBeLessThan(normalHot.size);
    expect(hot.every((c: any) => normalHot.has(c.h3))).toBe(true);
    expect(m.hotCells).toBe(hot.length);
  });

  it('returns only bins the legend can show for the significance level', async () => {
    for (const [alpha, bins] of [
      [0.05, [0, 2, 3, -2, -3]],
      [0.01, [0, 3, -3]],
      [0.1, [0, 1, 2, 3, -1, -2, -3]],
    ] as const) {
      const { body } = await getJson(server.url, `/api/hotspots?res=9&${WINDOW}&alpha=${alpha}&inference=normal`);
      expect([...body.method.attainableBins, 0].sort()).toEqual([...bins].sort());
      for (const c of body.cells) expect(bins as readonly number[]).toContain(c.bin);
    }
    // At alpha 0.1 the normal test produces 90% cells, which alpha 0.05 must not show.
    const loose = await getJson(server.url, `/api/hotspots?res=9&${WINDOW}&alpha=0.1&inference=normal`);
    expect(loose.body.cells.some((c: any) => Math.abs(c.bin) === 1)).toBe(true);
  });

  it('carries weighting warnings in the hot-spot and ward method blocks', async () => {
    const hot = await getJson(server.url, `/api/hotspots?res=9&harm=asb&weight=cost`);
    expect(hot.body.method.warnings.join(' ')).toMatch(/anti-social behaviour/i);
    expect(hot.body.method.hotCells).toBe(0);
    const wards = await getJson(server.url, `/api/wards?harm=asb&weight=cost`);
    expect(wards.body.metadata.warnings).toEqual(hot.body.method.warnings);
    const count = await getJson(server.url, `/api/hotspots?res=9&harm=asb`);
    expect(count.body.method.warnings).toEqual([]);
  });

  it('gives the same answer for the same seed, through the worker pool', async () => {
    const q = `/api/hotspots?res=9&${WINDOW}&seed=3`;
    const [a, b] = await Promise.all([getJson(server.url, q), getJson(server.url, q)]);
    expect(a.body.cells.map((c: any) => c.p)).toEqual(b.body.cells.map((c: any) => c.p));
  });

  it('refuses the Poisson null for harm-weighted values, naming the parameter', async () => {
    const { status, body } = await getJson(server.url, `/api/hotspots?res=9&${WINDOW}&inference=poisson&weight=cchi`);
    expect(status).toBe(400);
    expect(body.error).toMatch(/^inference: /);
    const bad = await getJson(server.url, `/api/hotspots?res=9&inference=bootstrap`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^inference: /);
  });
});
