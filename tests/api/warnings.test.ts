/** Weighting warnings on the real store: a scheme that weighs the selection at zero says so. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realStore } from '../setup/realStore';
import { startServer, getJson, type RunningServer } from './server';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer(realStore());
});
afterAll(async () => server?.close());

const WINDOW = 'from=2025-06&to=2025-11';

describe('weighting warnings in method blocks', () => {
  it('/api/hexes: cost weighting of ASB warns that the map is empty', async () => {
    const { status, body } = await getJson(server.url, `/api/hexes?res=9&${WINDOW}&harm=asb&weight=cost`);
    expect(status).toBe(200);
    // The all-zero field the warning explains.
    expect(body.cells.length).toBeGreaterThan(100);
    expect(body.cells.every((c: { harm: number }) => c.harm === 0)).toBe(true);
    expect(body.method.warnings).toEqual([
      'The cost weighting gives anti-social behaviour no weight, so this map is empty: choose count or CCHI weighting',
    ]);
  });

  it('/api/hexes: violence under cost names the weightless categories and what is left', async () => {
    const { body } = await getJson(server.url, `/api/hexes?res=9&${WINDOW}&harm=violence&weight=cost`);
    expect(body.method.warnings).toHaveLength(1);
    const [w] = body.method.warnings as string[];
    expect(w).toMatch(/violence and sexual offences/);
    expect(w).toMatch(/possession of weapons/);
    expect(w).toMatch(/shows robbery only/);
  });

  it('/api/hexes: count and CCHI weighting give no warning', async () => {
    for (const q of [
      'harm=asb&weight=count',
      'harm=violence&weight=count',
      'harm=violence&weight=cchi',
      'harm=asb&weight=cchi',
      'weight=count',
    ]) {
      const { body } = await getJson(server.url, `/api/hexes?res=9&${WINDOW}&${q}`);
      expect(body.method.warnings, q).toEqual([]);
    }
  });

  it('/api/hexes: an explicit ASB weight of 0 is named as the cause', async () => {
    const { body } = await getJson(server.url, `/api/hexes?res=9&${WINDOW}&harm=asb&weight=cchi&asbWeight=0`);
    expect(body.method.warnings[0]).toMatch(/^The ASB weight of 0 gives anti-social behaviour no weight/);
  });

  it('/api/overlap: says when one layer has no weight at all', async () => {
    const { body } = await getJson(server.url, `/api/overlap?res=9&${WINDOW}&weight=cost&overlapPermutations=99`);
    expect(body.asb.weighted).toBe(false);
    expect(body.violence.weighted).toBe(true);
    expect(body.asb.hot).toBe(0);
    const warnings = body.method.warnings as string[];
    expect(warnings.some((w) => /anti-social behaviour no weight, so the ASB layer has no hot cells/.test(w))).toBe(true);
    expect(warnings.some((w) => /the violence layer shows robbery only/.test(w))).toBe(true);
    const count = await getJson(server.url, `/api/overlap?res=9&${WINDOW}&weight=count&overlapPermutations=99`);
    expect(count.body.method.warnings).toEqual([]);
    expect(count.body.asb.weighted).toBe(true);
  });

  it('/api/hexes CSV export carries the warning in its parameters', async () => {
    const res = await fetch(`${server.url}/api/hexes?res=9&${WINDOW}&harm=asb&weight=cost&format=csv`);
    expect(JSON.parse(res.headers.get('x-atlas-parameters')!).warnings).toMatch(/no weight/);
  });
});
