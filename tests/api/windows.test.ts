/**
 * The window rule of /api/wards on the real store (issue 9, problems 3 and 4): the period is
 * clipped to the months held and says so; the previous period has the length of the period used
 * and ends the month before it; when its months are not all held, previous and change are null.
 * Expected figures are counted by this test's own SQL over the store, not by the cube.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realStore } from '../setup/realStore';
import { startServer, getJson, type RunningServer } from './server';

let server: RunningServer;
let firstMonth = '';
let lastMonth = '';

// The violence harm group, written out here so the expected counts do not come from geo/.
const VIOLENCE = ['violent-crime', 'robbery', 'possession-of-weapons'];

/** Violence incidents per ward code between two months (inclusive), straight from the incidents table. */
function sqlCounts(from: string, to: string): Map<string, number> {
  const rows = server.db
    .prepare(
      `SELECT ward_code AS code, count(*) AS n FROM incidents
       WHERE ward_code IS NOT NULL AND month BETWEEN ? AND ? AND category IN (${VIOLENCE.map(() => '?').join(',')})
       GROUP BY ward_code`,
    )
    .all(from, to, ...VIOLENCE) as { code: string; n: number }[];
  return new Map(rows.map((r) => [r.code, r.n]));
}

const pct = (now: number, before: number) => (before > 0 ? Math.round(((now - before) / before) * 1000) / 10 : null);

type Props = {
  code: string;
  name: string;
  count: number;
  previousCount: number | null;
  previousHarm: number | null;
  change: number | null;
  changePct: number | null;
  months: number;
};
type Wards = { features: { properties: Props }[]; metadata: Record<string, any> };

async function wards(query: string): Promise<Wards> {
  const r = await getJson<Wards>(server.url, `/api/wards?${query}`);
  expect(r.status, query).toBe(200);
  return r.body;
}

beforeAll(async () => {
  server = await startServer(realStore());
  const held = server.db.prepare('SELECT min(month) AS first, max(month) AS last FROM incidents').get() as { first: string; last: string };
  firstMonth = held.first;
  lastMonth = held.last;
});
afterAll(async () => server?.close());

describe('/api/wards windows', () => {
  it('the shared data run from 2023-01 to 2025-11 (the windows below are chosen against these)', () => {
    expect(firstMonth).toBe('2023-01');
    expect(lastMonth).toBe('2025-11');
  });

  it('clips a window past the data, says so, and compares with a previous period of the used length', async () => {
    const past = await wards('harm=violence&from=2025-01&to=2025-12');
    const md = past.metadata;
    expect(md.requested).toEqual({ from: '2025-01', to: '2025-12' });
    expect(md.used).toEqual({ from: '2025-01', to: '2025-11' });
    expect(md.clipped).toBe(true);
    // 11 months used, so 11 months before: 2024-02..2024-12, not the 12 months 2024-01..2024-12.
    expect(md.previous).toEqual({ from: '2024-02', to: '2024-12' });
    expect(md.previousFrom).toBe('2024-02');
    expect(md.previousTo).toBe('2024-12');
    expect(md.months).toBe(11);

    const now = sqlCounts('2025-01', '2025-11');
    const before = sqlCounts('2024-02', '2024-12');
    const wrongBefore = sqlCounts('2024-01', '2024-12');
    let differsFromTwelve = 0;
    for (const { properties: p } of past.features) {
      const c = now.get(p.code) ?? 0;
      const b = before.get(p.code) ?? 0;
      expect(p.count, p.name).toBe(c);
      expect(p.previousCount, p.name).toBe(b);
      expect(p.change, p.name).toBe(c - b);
      expect(p.changePct, p.name).toBe(pct(c, b));
      if ((wrongBefore.get(p.code) ?? 0) !== b) differsFromTwelve++;
    }
    // The test can tell the two rules apart: January 2024 holds violence in every ward that had any.
    expect(differsFromTwelve).toBeGreaterThan(10);

    // The same answer as asking for the months held.
    const held = await wards('harm=violence&from=2025-01&to=2025-11');
    expect(held.metadata.clipped).toBe(false);
    expect(held.metadata.used).toEqual({ from: '2025-01', to: '2025-11' });
    expect(held.metadata.previous).toEqual(md.previous);
    const heldBy = new Map(held.features.map((f) => [f.properties.code, f.properties]));
    for (const { properties: p } of past.features) {
      const q = heldBy.get(p.code)!;
      expect(
        { count: p.count, previousCount: p.previousCount, previousHarm: p.previousHarm, change: p.change, changePct: p.changePct },
        p.name,
      ).toEqual({
        count: q.count,
        previousCount: q.previousCount,
        previousHarm: q.previousHarm,
        change: q.change,
        changePct: q.changePct,
      });
    }
  });

  it('gives no previous figures or change when the previous period starts before the data', async () => {
    const start = await wards('harm=violence&from=2023-01&to=2023-12');
    expect(start.metadata.used).toEqual({ from: '2023-01', to: '2023-12' });
    expect(start.metadata.clipped).toBe(false);
    expect(start.metadata.previous).toBeNull();
    expect(start.metadata.previousFrom).toBeNull();
    expect(start.metadata.comparison).toMatch(/^no earlier data/);
    const now = sqlCounts('2023-01', '2023-12');
    for (const { properties: p } of start.features) {
      expect(p.count, p.name).toBe(now.get(p.code) ?? 0);
      expect({ previousCount: p.previousCount, previousHarm: p.previousHarm, change: p.change, changePct: p.changePct }, p.name).toEqual({
        previousCount: null,
        previousHarm: null,
        change: null,
        changePct: null,
      });
    }
  });

  it('clips a window that starts before the data, and then has no earlier data either', async () => {
    const r = await wards('harm=violence&from=2022-07&to=2023-06');
    expect(r.metadata.requested).toEqual({ from: '2022-07', to: '2023-06' });
    expect(r.metadata.used).toEqual({ from: '2023-01', to: '2023-06' });
    expect(r.metadata.previous).toBeNull();
    const now = sqlCounts('2023-01', '2023-06');
    for (const { properties: p } of r.features) {
      expect(p.count).toBe(now.get(p.code) ?? 0);
      expect(p.change).toBeNull();
    }
  });

  it('compares the second half of 2023 with the first, which the data hold in full', async () => {
    const r = await wards('harm=violence&from=2023-07&to=2023-12');
    expect(r.metadata.previous).toEqual({ from: '2023-01', to: '2023-06' });
    const now = sqlCounts('2023-07', '2023-12');
    const before = sqlCounts('2023-01', '2023-06');
    for (const { properties: p } of r.features) {
      expect(p.previousCount, p.name).toBe(before.get(p.code) ?? 0);
      expect(p.change, p.name).toBe((now.get(p.code) ?? 0) - (before.get(p.code) ?? 0));
    }
  });

  it('says so when no month of the window is held', async () => {
    const r = await wards('harm=violence&from=2026-01&to=2026-03');
    expect(r.metadata.used).toBeNull();
    expect(r.metadata.previous).toBeNull();
    for (const { properties: p } of r.features) {
      expect(p.count).toBe(0);
      expect(p.change).toBeNull();
    }
  });
});
