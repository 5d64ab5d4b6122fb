import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../server/db/openStore';
import { importFiles } from '../../server/import';
import { closeInferencePool } from '../../server/workers/inferencePool';
import { REAL_DATA_DIR } from '../setup/realStore';
import { removeDir, tempDir } from '../helpers/tempDir';
import { streetCsv, type StreetFields } from '../helpers/streetCsv';
import { getJson, startServer, type RunningServer } from './server';

/**
 * A small store with known violence at three institution points (a prison, a hospital, a police
 * station: the real police.uk points in Stockton) and at two streets. The patrol plan and CCTV
 * siting must set the institutions aside by default, say exactly what they set aside, and take
 * them back when asked.
 */
const MONTHS = ['2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11'];
const PLANTED = [
  { location: 'On or near Prison', lon: '-1.292043', lat: '54.577009', n: 70 },
  { location: 'On or near Hospital', lon: '-1.347581', lat: '54.582857', n: 48 },
  { location: 'On or near Police Station', lon: '-1.310449', lat: '54.566205', n: 36 },
  { location: 'On or near Nolan Place', lon: '-1.31756', lat: '54.569184', n: 60 },
  { location: 'On or near Thorntree Road', lon: '-1.298508', lat: '54.545547', n: 20 },
];
const INSTITUTIONAL = new Set(['Prison', 'Hospital', 'Police Station']);

let dir: string;
let server: RunningServer;
beforeAll(async () => {
  dir = tempDir('institutions');
  const path = join(dir, 'atlas.db');
  const rows: StreetFields[] = [];
  let id = 0;
  for (const p of PLANTED)
    for (let i = 0; i < p.n; i++)
      rows.push({
        crimeId: `inst${String(++id).padStart(6, '0')}`,
        month: MONTHS[i % MONTHS.length],
        lon: p.lon,
        lat: p.lat,
        location: p.location,
        crimeType: 'Violence and sexual offences',
      });
  // One file a month, as police.uk publishes them.
  const files = MONTHS.map((m) => {
    const csv = join(dir, `${m}-cleveland-street.csv`);
    writeFileSync(csv, streetCsv(rows.filter((r) => r.month === m)));
    return csv;
  });
  const db = openStore(path);
  importFiles(db, [join(REAL_DATA_DIR, 'boundaries', 'wards.geojson'), ...files]);
  db.close();
  server = await startServer(path);
});
afterAll(async () => {
  await server?.close();
  await closeInferencePool();
  if (dir) removeDir(dir);
});

// The analytic test flags a single busy point, which keeps this fixture small; the rule under
// test is the same whatever the test.
const PLAN = '/api/patrol-plan?harm=violence&from=2025-06&to=2025-11&inference=normal';

describe('patrol plan and institutions', () => {
  it('sets institutions aside by default and reports each one with its count', async () => {
    const { status, body } = await getJson(server.url, `${PLAN}&minutes=45`);
    expect(status).toBe(200);
    expect(body.institutions).toBe('exclude');
    for (const p of body.places) for (const s of p.streets) expect(INSTITUTIONAL.has(s), s).toBe(false);
    expect(body.setAside.incidents).toBe(70 + 48 + 36);
    expect(body.setAside.places.map((p: any) => [p.name, p.kind, p.count])).toEqual([
      ['Prison', 'prison', 70],
      ['Hospital', 'hospital', 48],
      ['Police Station', 'police station', 36],
    ]);
    expect(body.setAside.share).toBeCloseTo(154 / 234, 4);
    expect(body.method.institutions).toMatch(/154 in this selection/);
    // 3 visits, at most 2 a place: Nolan Place (60) twice, since 60 / 2 = 30 beats Thorntree Road (20), then Thorntree Road.
    expect(body.places.map((p: any) => [p.streets[0], p.visits, p.minutes])).toEqual([
      ['Nolan Place', 2, 30],
      ['Thorntree Road', 1, 15],
    ]);
    expect(body.places.map((p: any) => p.wardName)).toEqual(['Stockton Town Centre', 'Village']);
    expect(body.places[0].share).toBeCloseTo(60 / 234, 4);
  });

  it('brings institutions back with institutions=include and marks them', async () => {
    const { body } = await getJson(server.url, `${PLAN}&minutes=45&institutions=include`);
    expect(body.institutions).toBe('include');
    expect(body.setAside).toBeNull();
    // Prison 70, Nolan Place 60, Hospital 48: one visit each.
    expect(body.places.map((p: any) => [p.streets[0], p.visits])).toEqual([
      ['Prison', 1],
      ['Nolan Place', 1],
      ['Hospital', 1],
    ]);
    expect(body.places.map((p: any) => p.institutional)).toEqual([['Prison'], [], ['Hospital']]);
  });

  it('refuses an unknown institutions mode, naming the parameter', async () => {
    const { status, body } = await getJson(server.url, `${PLAN}&institutions=maybe`);
    expect(status).toBe(400);
    expect(body.error).toMatch(/institutions/);
  });

  it('the CSV export carries ward, centre, streets and visits', async () => {
    const res = await fetch(`${server.url}${PLAN}&minutes=45&format=csv`);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('rank,id,ward,wardName,lat,lon,streets,visits,minutes,harm,count,share,acrossMetres,cells');
    expect(lines[1]).toMatch(/^1,8a[0-9a-f]+,E05014882,Stockton Town Centre,54\.\d+,-1\.\d+,Nolan Place,2,30,/);
  });
});

describe('CCTV siting and institutions', () => {
  async function site(body: Record<string, unknown>) {
    const res = await fetch(`${server.url}/api/cctv/siting`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ harm: 'violence', from: '2025-06', to: '2025-11', radius: 100, count: 3, ...body }),
    });
    return (await res.json()) as any;
  }
  it('leaves institutions out of the harm to cover, and names each site by ward and streets', async () => {
    const body = await site({});
    expect(body.setAside.incidents).toBe(154);
    expect(body.totalHarm).toBeCloseTo((80 * body.sites[0].marginal) / 60, 6);
    expect(body.sites.map((s: any) => [s.streets, s.wardName])).toEqual([
      [['Nolan Place'], 'Stockton Town Centre'],
      [['Thorntree Road'], 'Village'],
    ]);
    expect(body.stoppedEarly).toBe(true);
  });
  it('covers the prison first when institutions are included', async () => {
    const body = await site({ institutions: 'include' });
    expect(body.setAside).toBeNull();
    expect(body.sites.map((s: any) => s.streets[0])).toEqual(['Prison', 'Nolan Place', 'Hospital']);
  });
});

describe('patrol and CCTV downloads', () => {
  it('name the file by harm and period and serve the parameters beside the CSV', async () => {
    const res = await fetch(`${server.url}${PLAN}&minutes=45&format=csv`);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="violence-patrol-plan-2025-06-to-2025-11.csv"');
    const params = await (await fetch(`${server.url}${PLAN}&minutes=45&format=params`)).json();
    expect(params.file).toBe('violence-patrol-plan-2025-06-to-2025-11.csv');
    expect(params.rows).toBe(2);
    expect(params.parameters.setAside.incidents).toBe(154);
    const body = JSON.stringify({ harm: 'violence', from: '2025-06', to: '2025-11', radius: 100, count: 3 });
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body };
    const csv = await fetch(`${server.url}/api/cctv/siting?format=csv`, init);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="violence-cctv-sites-2025-06-to-2025-11.csv"');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('rank,ward,wardName,lat,lon,streets,marginal,marginalShare,cumulative,share');
    expect(lines[1]).toMatch(/^1,E05014882,Stockton Town Centre,54\.\d+,-1\.\d+,Nolan Place,/);
    const cctvParams = await (await fetch(`${server.url}/api/cctv/siting?format=params`, init)).json();
    expect(cctvParams.parameters.setAside.incidents).toBe(154);
  });
});

describe('the map keeps institutions', () => {
  it('counts them in /api/hexes and marks how many of a cell’s incidents they are', async () => {
    const { body } = await getJson(server.url, '/api/hexes?harm=violence&from=2025-06&to=2025-11&res=10');
    expect(body.cells.reduce((s: number, c: any) => s + c.count, 0)).toBe(234);
    const marked = body.cells
      .filter((c: any) => c.institutional)
      .map((c: any) => [c.count, c.institutional])
      .sort((a: number[], b: number[]) => b[0] - a[0]);
    expect(marked).toEqual([
      [70, 70],
      [48, 48],
      [36, 36],
    ]);
  });
});
