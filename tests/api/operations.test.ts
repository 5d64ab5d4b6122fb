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

const WINDOW = 'from=2025-06&to=2025-11';

async function post(path: string, body: unknown) {
  const res = await fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

describe('GET /api/patrol-plan', () => {
  it('plans as many places as the minutes allow, each made of significant hot cells', async () => {
    const { body } = await getJson(server.url, `/api/patrol-plan?harm=violence&${WINDOW}&minutes=90&visit=15&res=10`);
    const { body: spots } = await getJson(server.url, `/api/hotspots?harm=violence&${WINDOW}&res=10`);
    const hot = new Set<string>(spots.cells.filter((c: any) => c.bin > 0).map((c: any) => c.h3));
    const total = spots.cells.reduce((s: number, c: any) => s + c.value, 0);
    // As many places as there are separate hot places (hot cells joined where they touch, counted
    // here with h3-js), up to the 90 / 15 = 6 visits the minutes allow.
    const places = new Set<string>();
    const seen = new Set<string>();
    for (const start of hot) {
      if (seen.has(start)) continue;
      places.add(start);
      const stack = [start];
      seen.add(start);
      while (stack.length) for (const n of gridDisk(stack.pop()!, 1)) if (hot.has(n) && !seen.has(n)) (seen.add(n), stack.push(n));
    }
    expect(places.size).toBeGreaterThan(0);
    expect(body.places.length).toBe(Math.min(6, places.size));
    for (const p of body.places) {
      for (const cell of p.cells) expect(hot.has(cell)).toBe(true);
      expect(p.streets.length).toBeGreaterThan(0);
      expect(p.share).toBeCloseTo(p.harm / total, 3);
    }
    const densities = body.places.map((p: any) => p.density);
    expect([...densities].sort((a, b) => b - a)).toEqual(densities);
    expect(body.coveredShare).toBeCloseTo(body.places.reduce((s: number, p: any) => s + p.harm, 0) / total, 3);
    expect(body.method.guidance.join(' ')).toMatch(/15/);
  });
});

describe('POST /api/cctv/siting', () => {
  it('sites cameras greedily by marginal harm with existing cameras fixed', async () => {
    const cameras = 'name,longitude,latitude\nHigh Street,-1.3135,54.5649\n';
    const { status, text } = await post('/api/cctv/siting', { cameras, radius: 100, count: 4, harm: 'violence', from: '2025-06', to: '2025-11' });
    expect(status).toBe(200);
    const body = JSON.parse(text);
    expect(body.sites).toHaveLength(4);
    expect(body.existing.cameras).toBe(1);
    let previous = body.existing.harm;
    for (const s of body.sites) {
      expect(s.cumulative).toBeCloseTo(previous + s.marginal, 3);
      expect(s.share).toBeCloseTo(s.cumulative / body.totalHarm, 3);
      previous = s.cumulative;
    }
    const marginals = body.sites.map((s: any) => s.marginal);
    expect([...marginals].sort((a, b) => b - a)).toEqual(marginals);
    // The same camera as GeoJSON gives the same answer.
    const geo = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [-1.3135, 54.5649] } }] };
    const again = JSON.parse((await post('/api/cctv/siting', { cameras: geo, radius: 100, count: 4, harm: 'violence', from: '2025-06', to: '2025-11' })).text);
    expect(again.sites).toEqual(body.sites);
  });

  it('names the line of a bad camera file', async () => {
    const { status, text } = await post('/api/cctv/siting', { cameras: 'longitude,latitude\n-1.31,54.56\nabc,54.5\n', count: 2 });
    expect(status).toBe(400);
    expect(JSON.parse(text).error).toMatch(/^cameras: line 3/);
  });
});

describe('GET /api/backtest', () => {
  it('scores each month against the preceding window, beside the last-month baseline', async () => {
    const { body } = await getJson(server.url, '/api/backtest?harm=violence&res=9&coverage=0.05&from=2025-07&to=2025-11');
    expect(body.months.map((m: any) => m.month)).toEqual(['2025-07', '2025-08', '2025-09', '2025-10', '2025-11']);
    for (const m of body.months) {
      expect(m.hitRate).toBeGreaterThan(0);
      expect(m.hitRate).toBeLessThanOrEqual(1);
      expect(m.pei).toBeGreaterThan(0);
      expect(m.pei).toBeLessThanOrEqual(1.0001);
      // PAI = hit rate / area share, and the flagged area is about 5% of the study area.
      expect(m.pai / m.hitRate).toBeGreaterThan(1 / 0.06);
      expect(m.pai / m.hitRate).toBeLessThan(1 / 0.04);
      expect(m.baseline.hitRate).toBeGreaterThan(0);
    }
  });
});

describe('exports', () => {
  it('hex CSV starts with its h3 column and carries its parameters in a header', async () => {
    const res = await fetch(`${server.url}/api/hexes?res=9&${WINDOW}&harm=asb&format=csv`);
    const text = await res.text();
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    expect(text.split('\r\n')[0]).toBe('h3,ward,wardName,lat,lon,count,harm,topStreets');
    const json = await getJson(server.url, `/api/hexes?res=9&${WINDOW}&harm=asb`);
    expect(text.trim().split('\r\n').length - 1).toBe(json.body.cells.length);
    expect(JSON.parse(res.headers.get('x-atlas-parameters')!)).toMatchObject({ res: 9, from: '2025-06', to: '2025-11', harm: 'asb' });
  });

  it('hotspot GeoJSON holds a polygon per study cell and the parameters as metadata', async () => {
    const res = await fetch(`${server.url}/api/hotspots?res=8&${WINDOW}&harm=violence&format=geojson`);
    const fc = await res.json();
    const json = await getJson(server.url, `/api/hotspots?res=8&${WINDOW}&harm=violence`);
    expect(fc.features).toHaveLength(json.body.cells.length);
    expect(fc.features[0].geometry.type).toBe('Polygon');
    expect(fc.metadata).toMatchObject({ res: 8, alpha: 0.05, k: 1, harm: 'violence' });
  });

  it.each([
    ['/api/wards?format=csv', 'code,name,count'],
    ['/api/overlap?res=9&format=csv&overlapPermutations=9', 'h3,class,ward'],
    ['/api/patrol-plan?harm=violence&format=csv', 'rank,id,lon,lat,streets'],
  ])('%s starts %s', async (path, head) => {
    const text = await (await fetch(server.url + path)).text();
    expect(text.startsWith(head)).toBe(true);
  });

  it('CCTV sites export as GeoJSON points', async () => {
    const { text } = await post('/api/cctv/siting?format=geojson', { count: 3, harm: 'violence' });
    const fc = JSON.parse(text);
    expect(fc.features).toHaveLength(3);
    expect(fc.features[0].geometry.type).toBe('Point');
    expect(fc.metadata.radiusMetres).toBe(100);
  });
});
