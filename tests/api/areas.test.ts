import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { realStore, realStoreCopy } from '../setup/realStore';
import { tempDir, removeDir } from '../helpers/tempDir';
import { REAL_WARDS, SECOND_AREA, twoAreaStore, type SyntheticArea } from '../helpers/syntheticArea';
import { getJson, startServer, type RunningServer } from './server';
import { openStore } from '../../server/db/openStore';
import { importFiles } from '../../server/import';
import { areaRows, getCube } from '../../server/services/cube';

/**
 * Many study areas in one store (issue 13): a second local authority beside Stockton, each a study
 * area of its own chosen by ?area=, and Stockton's figures exactly those of a store holding
 * Stockton alone. The second area is Stockton moved (synthetic boundaries, real rows moved with
 * them), so its figures have exact expected values.
 */
const WINDOW = `from=${SECOND_AREA.months[0]}&to=${SECOND_AREA.months[1]}`;
const MIDDLESBROUGH = SECOND_AREA.lad;
const STOCKTON = 'E06000004';
const realWards = REAL_WARDS;
const wardCount = (JSON.parse(readFileSync(realWards, 'utf8')) as { features: unknown[] }).features.length;

let dir: string;
let both: RunningServer;
let alone: RunningServer;
let copy: SyntheticArea;
beforeAll(async () => {
  dir = tempDir('areas');
  const built = twoAreaStore(dir);
  copy = built.copy;
  both = await startServer(built.path);
  alone = await startServer(realStore());
}, 300_000);
afterAll(async () => {
  await both?.close();
  await alone?.close();
  removeDir(dir);
});

type Wards = { features: { properties: { code: string; count: number; harm: number; rate: number | null } }[] };
type Hotspots = { cells: { h3: string; z: number; bin: number; ward: string | null }[] };

describe('a store of two study areas', () => {
  it('lists both areas with their names and ward counts', async () => {
    const { status, body } = await getJson(both.url, '/api/meta');
    expect(status).toBe(200);
    expect(body.areas).toEqual([
      { code: MIDDLESBROUGH, name: 'Middlesbrough', wards: wardCount },
      { code: STOCKTON, name: 'Stockton-on-Tees', wards: wardCount },
    ]);
    expect(body.area).toBeNull();
    expect(body.wards).toHaveLength(2 * wardCount);
  });

  it('describes one area: its wards and its extent', async () => {
    const s = (await getJson(both.url, `/api/meta?area=${STOCKTON}`)).body;
    const m = (await getJson(both.url, `/api/meta?area=${MIDDLESBROUGH}`)).body;
    const single = (await getJson(alone.url, '/api/meta')).body;
    expect(s.area).toEqual({ code: STOCKTON, name: 'Stockton-on-Tees' });
    expect(s.wards).toEqual(single.wards);
    expect(s.bbox).toEqual(single.bbox);
    expect(m.wards.map((w: { code: string }) => w.code).sort()).toEqual([...copy.wardCode.values()].sort());
    const moved = [copy.offset.dLon, copy.offset.dLat, copy.offset.dLon, copy.offset.dLat];
    m.bbox.forEach((v: number, i: number) => expect(v).toBeCloseTo(single.bbox[i] + moved[i], 5));
  });

  it("keeps Stockton's figures exactly those of a store holding Stockton alone", async () => {
    for (const path of ['/api/wards?harm=violence', `/api/wards?${WINDOW}&harm=asb&weight=cchi`]) {
      const two = (await getJson<Wards>(both.url, `${path}&area=${STOCKTON}`)).body;
      const one = (await getJson<Wards>(alone.url, path)).body;
      expect(two.features.map((f) => f.properties)).toEqual(one.features.map((f) => f.properties));
    }
    const two = (await getJson<Hotspots>(both.url, `/api/hotspots?res=9&harm=violence&area=${STOCKTON}`)).body;
    const one = (await getJson<Hotspots>(alone.url, '/api/hotspots?res=9&harm=violence')).body;
    expect(two.cells).toEqual(one.cells);
    const hexTwo = (await getJson<{ cells: unknown[] }>(both.url, `/api/hexes?res=9&${WINDOW}&area=${STOCKTON}`)).body;
    const hexOne = (await getJson<{ cells: { h3: string }[] }>(alone.url, `/api/hexes?res=9&${WINDOW}`)).body;
    const study = new Set(one.cells.map((c) => c.h3));
    expect(hexTwo.cells).toEqual(hexOne.cells.filter((c) => study.has(c.h3)));
  });

  it("gives the moved area the moved incidents' counts, ward by ward", async () => {
    const s = (await getJson<Wards>(both.url, `/api/wards?${WINDOW}&area=${STOCKTON}`)).body;
    const m = (await getJson<Wards>(both.url, `/api/wards?${WINDOW}&area=${MIDDLESBROUGH}`)).body;
    const byCode = new Map(m.features.map((f) => [f.properties.code, f.properties.count]));
    expect(m.features).toHaveLength(wardCount);
    const total = s.features.reduce((a, f) => a + f.properties.count, 0);
    expect(total).toBeGreaterThan(4000);
    for (const f of s.features) expect(byCode.get(copy.wardCode.get(f.properties.code)!), f.properties.code).toBe(f.properties.count);
  });

  it("tests the moved area's own cells for hot spots, never Stockton's", async () => {
    const s = (await getJson<Hotspots>(both.url, `/api/hotspots?res=9&${WINDOW}&area=${STOCKTON}`)).body;
    const m = (await getJson<Hotspots>(both.url, `/api/hotspots?res=9&${WINDOW}&area=${MIDDLESBROUGH}`)).body;
    const stocktonCells = new Set(s.cells.map((c) => c.h3));
    const copyWards = new Set(copy.wardCode.values());
    expect(m.cells.length).toBeGreaterThan(100);
    expect(m.cells.filter((c) => stocktonCells.has(c.h3))).toEqual([]);
    expect(m.cells.filter((c) => c.ward !== null && !copyWards.has(c.ward))).toEqual([]);
    expect(m.cells.filter((c) => c.bin === 3).length).toBeGreaterThan(0);
    const summary = await getJson(both.url, `/api/wards/${[...copyWards][0]}/summary?${WINDOW}&area=${MIDDLESBROUGH}`);
    expect(summary.status).toBe(200);
    // A ward of one area asked for in another is no ward of it.
    expect((await getJson(both.url, `/api/wards/${[...copyWards][0]}/summary?${WINDOW}&area=${STOCKTON}`)).status).toBe(404);
  });

  it("reads only an area's own rows: its extent with a margin, never the other area's", () => {
    const cube = getCube(both.db);
    const moved = both.db.prepare(`SELECT count(*) FROM incidents WHERE force = 'synthetic-01'`).pluck().get() as number;
    const m = areaRows(cube, MIDDLESBROUGH).rows!;
    const s = areaRows(cube, STOCKTON).rows!;
    expect(m.length).toBe(moved);
    const forceOf = both.db.prepare(`SELECT force FROM incidents ORDER BY month, id`).pluck().all() as string[];
    expect(m.every((i) => forceOf[i] === 'synthetic-01')).toBe(true);
    expect(s.some((i) => forceOf[i] === 'synthetic-01')).toBe(false);
    // The shared data are cut to a box around Stockton already (police-uk/PROVENANCE.md), so every
    // real row is inside Stockton's widened extent.
    expect(s.length).toBe(cube.n - moved);
    expect(areaRows(cube, undefined).rows).toBeNull();
  });

  it('sets the areas side by side: counts of their wards, rates per 1,000 residents a year', async () => {
    const { status, body } = await getJson(both.url, `/api/areas?${WINDOW}&harm=violence`);
    expect(status).toBe(200);
    const s = (await getJson<Wards>(both.url, `/api/wards?${WINDOW}&harm=violence&area=${STOCKTON}`)).body.features.map(
      (f) => f.properties,
    );
    const count = s.reduce((a, w) => a + w.count, 0);
    const population = s.reduce((a, w) => a + (w as unknown as { population: number }).population, 0);
    expect(body.areas).toEqual([
      // The copy's incidents are Stockton's moved; its wards have no population held.
      {
        code: MIDDLESBROUGH,
        name: 'Middlesbrough',
        wards: wardCount,
        count,
        harm: expect.any(Number),
        population: null,
        ratePer1000: null,
      },
      {
        code: STOCKTON,
        name: 'Stockton-on-Tees',
        wards: wardCount,
        count,
        harm: expect.any(Number),
        population,
        ratePer1000: Math.round((count / population) * 1000 * 6 * 100) / 100,
      },
    ]);
    expect(body.metadata.months).toBe(2);
    // One area's figures, not a parameter of the overview.
    expect((await getJson(both.url, `/api/areas?area=${STOCKTON}`)).status).toBe(400);
  });

  it('counts categories in the area asked for, and names the area in downloads and the pack', async () => {
    const m = (await getJson(both.url, `/api/meta?area=${MIDDLESBROUGH}`)).body;
    const s = (await getJson<Wards>(both.url, `/api/wards?${WINDOW}&area=${STOCKTON}`)).body;
    const total = m.categories.reduce((a: number, c: { count: number }) => a + c.count, 0);
    expect(total).toBe(s.features.reduce((a, f) => a + f.properties.count, 0));
    const csv = await fetch(`${both.url}/api/wards?${WINDOW}&area=${MIDDLESBROUGH}&format=csv`);
    expect(csv.headers.get('content-disposition')).toMatch(new RegExp(MIDDLESBROUGH, 'i'));
    const pack = await fetch(`${both.url}/api/report?format=html&${WINDOW}&area=${MIDDLESBROUGH}`);
    expect(pack.status).toBe(200);
    expect(await pack.text()).toContain('Middlesbrough (all current wards)');
  }, 120_000);

  it("draws an area's own small areas only: LSOAs and MSOAs by their authority, wards by the area's list", async () => {
    type Layer = { geojson: { features: { properties: { code: string } }[] } };
    const codes = async (path: string) => {
      const r = await getJson(both.url, path);
      expect([path, r.status]).toEqual([path, 200]);
      return (r.body as Layer).geojson.features.map((f) => f.properties.code).sort();
    };
    const store = openStore(realStore(), { readonly: true });
    const held = (kind: string) =>
      store
        .prepare(`SELECT a.code FROM areas a JOIN boundary_sets s ON s.id = a.set_id WHERE s.kind = ? ORDER BY a.code`)
        .pluck()
        .all(kind);
    const [lsoa11, lsoa21, msoa11] = [held('lsoa11'), held('lsoa21'), held('msoa11')];
    store.close();
    expect(lsoa11.length).toBe(120);
    // Every LSOA held is Stockton's; the moved area has wards only.
    expect(await codes(`/api/layers/deprivation?level=lsoa&area=${STOCKTON}`)).toEqual(lsoa11);
    expect(await codes(`/api/layers/deprivation?level=lsoa&edition=2025&area=${STOCKTON}`)).toEqual(lsoa21);
    expect(await codes(`/api/layers/deprivation?level=lsoa&area=${MIDDLESBROUGH}`)).toEqual([]);
    expect(await codes(`/api/layers/child-poverty?level=msoa&area=${STOCKTON}`)).toEqual(msoa11);
    expect(await codes(`/api/layers/child-poverty?level=msoa&area=${MIDDLESBROUGH}`)).toEqual([]);
    const stocktonWards = await codes(`/api/layers/deprivation?level=ward&area=${STOCKTON}`);
    const movedWards = await codes(`/api/layers/child-poverty?level=ward&area=${MIDDLESBROUGH}`);
    expect(stocktonWards).toHaveLength(wardCount);
    expect(movedWards).toHaveLength(wardCount);
    expect(movedWards.every((c) => c.startsWith('E0599'))).toBe(true);
    expect(await codes(`/api/layers/child-poverty?level=ward&area=${STOCKTON}`)).toEqual(stocktonWards);
    // No area: every held one, as before there were several.
    expect(await codes('/api/layers/child-poverty?level=ward')).toEqual([...stocktonWards, ...movedWards].sort());
    expect((await getJson(both.url, '/api/layers/deprivation?level=lsoa&area=E06000099')).status).toBe(404);
    expect((await getJson(both.url, '/api/layers/child-poverty?area=E06000099')).status).toBe(404);
  });

  it('refuses an unknown area with 404 on the routes that hand work to a thread, too', async () => {
    for (const path of [
      '/api/backtest?res=8&area=E06000099',
      '/api/report?format=html&area=E06000099',
      '/api/patrol-plan?area=E06000099',
    ]) {
      const r = await getJson(both.url, path);
      expect([path, r.status]).toEqual([path, 404]);
    }
    const cctv = await fetch(`${both.url}/api/cctv/siting`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ area: 'E06000099', candidates: 'lon,lat\n-1.3,54.56\n' }),
    });
    expect(cctv.status).toBe(404);
  });

  it('refuses an area it does not hold (404, naming those held) and a malformed code (400)', async () => {
    const unknown = await getJson(both.url, '/api/hotspots?res=9&area=E06000099');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe(
      `area: area E06000099 is not held (held: ${MIDDLESBROUGH}, ${STOCKTON}); GET /api/meta lists the areas`,
    );
    const bad = await getJson(both.url, '/api/wards?area=Stockton');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^area: must be a local authority code such as E06000004/);
  });

  it("re-importing one area's wards changes nothing, and leaves the other area held", () => {
    const db = openStore(join(dir, 'two-areas.db'));
    try {
      const summary = importFiles(db, [realWards, copy.wardsFile]);
      expect(summary.files.map((f) => f.status)).toEqual(['unchanged', 'unchanged']);
      const held = db
        .prepare(
          `SELECT a.lad_code, count(*) AS n FROM areas a JOIN boundary_sets s ON s.id = a.set_id WHERE s.kind = 'ward' AND s.is_current = 1 GROUP BY a.lad_code ORDER BY 1`,
        )
        .all();
      expect(held).toEqual([
        { lad_code: MIDDLESBROUGH, n: wardCount },
        { lad_code: STOCKTON, n: wardCount },
      ]);
    } finally {
      db.close();
    }
  });
});

describe('a second authority merged into a running store', () => {
  it('changes the data version, so a running server lists the new area and serves its wards', async () => {
    const d = tempDir('areas-merge');
    const path = realStoreCopy(d, 'merge.db');
    const running = await startServer(path);
    try {
      const before = (await getJson(running.url, '/api/health')).body.dataVersion;
      expect((await getJson(running.url, '/api/meta')).body.areas.map((a: { code: string }) => a.code)).toEqual([STOCKTON]);
      // Another connection, as the import CLI is: the moved rows first (outside every ward), then their wards.
      const db = openStore(path);
      expect(importFiles(db, copy.streetFiles).ok).toBe(true);
      const mid = (await getJson(running.url, '/api/health')).body.dataVersion;
      expect(importFiles(db, [copy.wardsFile]).ok).toBe(true);
      db.close();
      const after = (await getJson(running.url, '/api/health')).body.dataVersion;
      expect(new Set([before, mid, after]).size).toBe(3);
      expect((await getJson(running.url, '/api/meta')).body.areas.map((a: { code: string }) => a.code)).toEqual([MIDDLESBROUGH, STOCKTON]);
      const wards = (await getJson<Wards>(running.url, `/api/wards?${WINDOW}&area=${MIDDLESBROUGH}`)).body;
      expect(wards.features.reduce((a, f) => a + f.properties.count, 0)).toBeGreaterThan(4000);
    } finally {
      await running.close();
      removeDir(d);
    }
  });
});
