import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellToLatLng } from 'h3-js';
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
const VIOLENCE = ['violent-crime', 'robbery', 'possession-of-weapons'];

/** RFC 4180 text to records, written apart from the exporter so the test reads the file as a spreadsheet would. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((field += '"'), i++);
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (record.push(field), (field = ''));
    else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      ((record = []), (field = ''), i++);
    } else field += c;
  }
  if (field !== '' || record.length > 0) (record.push(field), records.push(record));
  return records;
}

async function download(path: string) {
  const res = await fetch(server.url + path);
  const text = await res.text();
  const disposition = res.headers.get('content-disposition') ?? '';
  return { status: res.status, text, headers: res.headers, fileName: /filename="([^"]+)"/.exec(disposition)?.[1] ?? null };
}

async function csvTable(path: string) {
  const d = await download(path);
  expect(d.status).toBe(200);
  const [header, ...rows] = parseCsv(d.text);
  return { ...d, header, rows: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
}

// Current wards straight from the store, and a ray-casting point-in-polygon of their own.
type Ring = [number, number][];
function currentWards(): { code: string; name: string; polygons: Ring[][] }[] {
  const set = server.db.prepare(`SELECT id FROM boundary_sets WHERE kind = 'ward' ORDER BY is_current DESC, rank DESC LIMIT 1`).get() as {
    id: number;
  };
  const rows = server.db.prepare('SELECT code, name, geometry FROM areas WHERE set_id = ?').all(set.id) as {
    code: string;
    name: string;
    geometry: string;
  }[];
  return rows.map((r) => {
    const g = JSON.parse(r.geometry) as { type: string; coordinates: any };
    return { code: r.code, name: r.name, polygons: g.type === 'Polygon' ? [g.coordinates] : g.coordinates };
  });
}
function inRing(ring: Ring, x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
function wardAt(wards: ReturnType<typeof currentWards>, lon: number, lat: number) {
  return (
    wards.find((w) => w.polygons.some(([outer, ...holes]) => inRing(outer, lon, lat) && !holes.some((h) => inRing(h, lon, lat)))) ?? null
  );
}

/** The three most frequent police.uk locations of the selected incidents in a cell, straight from SQLite. */
function topStreets(res: number, h3: string, categories: string[], from: string, to: string): string {
  const rows = server.db
    .prepare(
      `SELECT location, count(*) AS n FROM incidents
       WHERE h3_${res} = ? AND month BETWEEN ? AND ? AND category IN (${categories.map(() => '?').join(',')})
       GROUP BY location`,
    )
    .all(h3, from, to, ...categories) as { location: string; n: number }[];
  const byName = new Map<string, number>();
  for (const r of rows) {
    const name = r.location.replace(/^On or near /i, '').trim();
    if (name) byName.set(name, (byName.get(name) ?? 0) + r.n);
  }
  return [...byName]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 3)
    .map(([n]) => n)
    .join('; ');
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

describe('hot-spot CSV', () => {
  it('names the file after harm, kind and period and keeps every study cell by default', async () => {
    const csv = await csvTable(`/api/hotspots?harm=violence&${WINDOW}&res=9&format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.fileName).toBe('violence-hotspots-2025-06-to-2025-11.csv');
    expect(csv.header).toEqual(['h3', 'ward', 'wardName', 'lat', 'lon', 'value', 'count', 'z', 'p', 'pFdr', 'bin', 'topStreets']);
    const json = await getJson(server.url, `/api/hotspots?harm=violence&${WINDOW}&res=9`);
    expect(csv.rows.length).toBe(json.body.cells.length);
  });

  it('significant cells only: exactly the cells with a bin, each with its ward, centre and top streets', async () => {
    const csv = await csvTable(`/api/hotspots?harm=violence&${WINDOW}&res=9&format=csv&cells=significant`);
    expect(csv.fileName).toBe('violence-hotspots-significant-2025-06-to-2025-11.csv');
    const json = await getJson(server.url, `/api/hotspots?harm=violence&${WINDOW}&res=9`);
    const significant = (json.body.cells as { h3: string; bin: number; count: number }[]).filter((c) => c.bin !== 0);
    expect(significant.length).toBeGreaterThan(5);
    expect(csv.rows.length).toBe(significant.length);
    expect(new Set(csv.rows.map((r) => r.h3))).toEqual(new Set(significant.map((c) => c.h3)));

    const wards = currentWards();
    const byCell = new Map(significant.map((c) => [c.h3, c]));
    let withWard = 0;
    for (const row of csv.rows) {
      const [lat, lon] = cellToLatLng(row.h3);
      expect(Number(row.lat)).toBe(round6(lat));
      expect(Number(row.lon)).toBe(round6(lon));
      const ward = wardAt(wards, lon, lat);
      expect(row.ward).toBe(ward?.code ?? '');
      expect(row.wardName).toBe(ward?.name ?? '');
      if (ward) withWard++;
      expect(Number(row.bin)).toBe(byCell.get(row.h3)!.bin);
      expect(Number(row.count)).toBe(byCell.get(row.h3)!.count);
      expect(row.topStreets).toBe(topStreets(9, row.h3, VIOLENCE, '2025-06', '2025-11'));
    }
    // Hot spots sit in the borough, so nearly every one has a ward; and each busy cell names three streets.
    expect(withWard).toBeGreaterThanOrEqual(csv.rows.length - 2);
    const busiest = csv.rows.reduce((a, b) => (Number(b.count) > Number(a.count) ? b : a));
    expect(busiest.topStreets.split('; ')).toHaveLength(3);
    expect(busiest.topStreets).not.toMatch(/On or near/i);
  });

  it('refuses an unknown cells option', async () => {
    const d = await download(`/api/hotspots?harm=violence&${WINDOW}&format=csv&cells=hot`);
    expect(d.status).toBe(400);
    expect(JSON.parse(d.text).error).toMatch(/cells/);
  });

  it('names a harm weighting in the file name', async () => {
    const d = await download(`/api/hotspots?harm=violence&${WINDOW}&res=8&weight=cost&format=csv&cells=significant`);
    expect(d.status).toBe(200);
    expect(d.fileName).toBe('violence-hotspots-significant-cost-weighted-2025-06-to-2025-11.csv');
  });
});

describe('cell CSV', () => {
  it('carries ward, centre and top streets for every cell with an incident', async () => {
    const csv = await csvTable(`/api/hexes?categories=burglary&${WINDOW}&res=9&format=csv`);
    expect(csv.fileName).toBe('burglary-cells-2025-06-to-2025-11.csv');
    expect(csv.header).toEqual(['h3', 'ward', 'wardName', 'lat', 'lon', 'count', 'harm', 'topStreets']);
    const json = await getJson(server.url, `/api/hexes?categories=burglary&${WINDOW}&res=9`);
    expect(csv.rows.length).toBe(json.body.cells.length);
    const wards = currentWards();
    const busiest = [...csv.rows].sort((a, b) => Number(b.count) - Number(a.count) || (a.h3 < b.h3 ? -1 : 1)).slice(0, 8);
    for (const row of busiest) {
      const [lat, lon] = cellToLatLng(row.h3);
      expect([Number(row.lat), Number(row.lon)]).toEqual([round6(lat), round6(lon)]);
      expect(row.ward).toBe(wardAt(wards, lon, lat)?.code ?? '');
      expect(row.topStreets).toBe(topStreets(9, row.h3, ['burglary'], '2025-06', '2025-11'));
    }
  });

  it.each([
    ['', 'all-crime-cells-2025-06-to-2025-11.csv'],
    ['&harm=asb', 'asb-cells-2025-06-to-2025-11.csv'],
    ['&categories=burglary,drugs', 'custom-cells-2025-06-to-2025-11.csv'],
  ])('selection %s is named %s', async (filter, name) => {
    const d = await download(`/api/hexes?res=8&${WINDOW}${filter}&format=csv`);
    expect(d.fileName).toBe(name);
  });
});

describe('overlap CSV', () => {
  it('is named for the two layers', async () => {
    const d = await download(`/api/overlap?res=9&${WINDOW}&overlapPermutations=9&format=csv`);
    expect(d.status).toBe(200);
    expect(d.fileName).toBe('violence-asb-overlap-2025-06-to-2025-11.csv');
  });
  it('refuses a harm group, which it would not use: the layers are always violence and ASB', async () => {
    const d = await download(`/api/overlap?res=9&${WINDOW}&harm=drugs&overlapPermutations=9&format=csv`);
    expect(d.status).toBe(400);
    expect(JSON.parse(d.text).error).toMatch(
      /^harm: is not a parameter of \/api\/overlap; it accepts from, to, area, weight, asbWeight, res, /,
    );
  });
});

describe('parameters travel with the file', () => {
  const path = `/api/hotspots?harm=violence&${WINDOW}&res=9&cells=significant`;

  it('GeoJSON holds them in its metadata member', async () => {
    const d = await download(`${path}&format=geojson`);
    expect(d.fileName).toBe('violence-hotspots-significant-2025-06-to-2025-11.geojson');
    const fc = JSON.parse(d.text);
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.metadata).toMatchObject({ from: '2025-06', to: '2025-11', harm: 'violence', res: 9, alpha: 0.05, k: 1, weight: 'count' });
    expect(fc.metadata.cells).toMatch(/significant/);
    const json = await getJson(server.url, `/api/hotspots?harm=violence&${WINDOW}&res=9`);
    expect(fc.features).toHaveLength(json.body.cells.filter((c: { bin: number }) => c.bin !== 0).length);
    const f = fc.features[0];
    const [lat, lon] = cellToLatLng(f.properties.h3);
    expect(f.properties.lat).toBe(round6(lat));
    expect(f.properties.lon).toBe(round6(lon));
    expect(typeof f.properties.topStreets).toBe('string');
  });

  it('CSV has a params file beside it with the same parameters, its name, rows and columns', async () => {
    const csv = await csvTable(`${path}&format=csv`);
    const p = await download(`${path}&format=params`);
    expect(p.status).toBe(200);
    expect(p.headers.get('content-type')).toMatch(/application\/json/);
    expect(p.fileName).toBe('violence-hotspots-significant-2025-06-to-2025-11.params.json');
    const doc = JSON.parse(p.text);
    expect(doc.file).toBe(csv.fileName);
    expect(doc.rows).toBe(csv.rows.length);
    expect(doc.columns).toEqual(csv.header);
    const geo = JSON.parse((await download(`${path}&format=geojson`)).text);
    expect(doc.parameters).toEqual(geo.metadata);
    // Scripts reading the header get the same, method text with curly quotes included.
    expect(JSON.parse(csv.headers.get('x-atlas-parameters')!)).toEqual(doc.parameters);
    expect(csv.headers.get('access-control-expose-headers')).toMatch(/Content-Disposition/);
  });

  it('ward CSV is named and has a params file too', async () => {
    const d = await download(`/api/wards?harm=asb&${WINDOW}&format=params`);
    expect(d.fileName).toBe('asb-wards-2025-06-to-2025-11.params.json');
    const doc = JSON.parse(d.text);
    expect(doc.file).toBe('asb-wards-2025-06-to-2025-11.csv');
    expect(doc.parameters).toMatchObject({ from: '2025-06', to: '2025-11', harm: 'asb' });
  });
});
