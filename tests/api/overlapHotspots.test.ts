import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realStore } from '../setup/realStore';
import { getJson, startServer, type RunningServer } from './server';
import { closeInferencePool } from '../../server/workers/inferencePool';

/** /api/overlap's hot sets are /api/hotspots' hot sets for the same parameters, permutations included. */
let server: RunningServer;
beforeAll(async () => {
  server = await startServer(realStore());
}, 60_000);
afterAll(async () => {
  await server?.close();
  await closeInferencePool();
});

const hot = (cells: { h3: string; bin: number }[]) =>
  cells
    .filter((c) => c.bin > 0)
    .map((c) => c.h3)
    .sort();

describe('overlap hot sets', () => {
  // 199 draws cannot reach a p that survives FDR over the borough's cells: both answers hold no
  // hot cell (overlap once ran its own automatic draws here and found some); automatic draws find some.
  for (const [params, some] of [
    ['res=9&from=2025-06&to=2025-11&permutations=199&inference=randomisation&seed=7', false],
    ['res=9&from=2025-06&to=2025-11&permutations=99&inference=conditional&seed=3', false],
    ['res=9&from=2025-06&to=2025-11&inference=randomisation&seed=7', true],
  ] as const) {
    it(`equal the hot-spot map's for ${params}`, async () => {
      const ov = await getJson(server.url, `/api/overlap?${params}&overlapPermutations=9`);
      expect(ov.status).toBe(200);
      const v = await getJson(server.url, `/api/hotspots?${params}&harm=violence`);
      const a = await getJson(server.url, `/api/hotspots?${params}&harm=asb`);
      const cls = ov.body.cells as { h3: string; class: string }[];
      const ovV = cls
        .filter((c) => c.class === 'both' || c.class === 'violence')
        .map((c) => c.h3)
        .sort();
      const ovA = cls
        .filter((c) => c.class === 'both' || c.class === 'asb')
        .map((c) => c.h3)
        .sort();
      expect(ovV).toEqual(hot(v.body.cells));
      expect(ovA).toEqual(hot(a.body.cells));
      expect(ov.body.violence.hot).toBe(ovV.length);
      if (some) expect(ovV.length).toBeGreaterThan(0);
    });
  }
  it('answers with an ETag: it is kept in the answer cache under the data version', async () => {
    const res = await fetch(`${server.url}/api/overlap?res=8&from=2025-11&to=2025-11&overlapPermutations=9&inference=normal`);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBeTruthy();
  });
});
