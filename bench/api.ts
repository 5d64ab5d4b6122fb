/**
 * `npm run bench:api`: p50 and p95 latency of each endpoint over the real data, through a real
 * HTTP server on loopback. Store: DB_PATH, else the test store built from ATLAS_TEST_DATA or
 * ../shared/data. Prints a table; figures go in docs/benchmarks.md.
 */
import type { AddressInfo } from 'node:net';
import { createApp } from '../server/app';
import { openStore } from '../server/db/openStore';
import { warmCaches } from '../server/startup';
import { closeInferencePool, startInferencePool } from '../server/workers/inferencePool';
import { parseCli } from '../scripts/cli';
import { realStore } from '../tests/setup/realStore';

parseCli({ options: {} }, 'usage: npm run bench:api (BENCH_RUNS=N runs per case, default 30; DB_PATH=store)');

const RUNS = Number(process.env.BENCH_RUNS ?? 30);

interface Case {
  name: string;
  path: string;
  goalMs?: number;
  runs?: number;
  method?: 'POST';
  body?: unknown;
}

const WINDOW = 'from=2024-12&to=2025-11';
const CASES: Case[] = [
  { name: 'hexes res 9, 12 months', path: `/api/hexes?res=9&${WINDOW}`, goalMs: 50 },
  { name: 'hexes res 9, violence, CCHI', path: `/api/hexes?res=9&${WINDOW}&harm=violence&weight=cchi`, goalMs: 50 },
  { name: 'wards, 12 months', path: `/api/wards?${WINDOW}`, goalMs: 50 },
  { name: 'hotspots res 9, default (randomisation)', path: `/api/hotspots?res=9&${WINDOW}&harm=violence`, goalMs: 300, runs: 20 },
  { name: 'hotspots res 10, default (randomisation)', path: `/api/hotspots?res=10&${WINDOW}&harm=violence`, goalMs: 1500, runs: 10 },
  { name: 'hotspots res 9 normal', path: `/api/hotspots?res=9&${WINDOW}&harm=violence&inference=normal`, goalMs: 50 },
  {
    name: 'hotspots res 9, 999 conditional permutations',
    path: `/api/hotspots?res=9&${WINDOW}&harm=violence&inference=conditional&permutations=999`,
    goalMs: 1000,
    runs: 10,
  },
  { name: 'overlap res 9', path: `/api/overlap?res=9&${WINDOW}`, goalMs: 200 },
  { name: 'trends res 9 (12 monthly Gi*)', path: `/api/trends?res=9&${WINDOW}&harm=violence` },
  { name: 'concentration res 9', path: `/api/concentration?res=9&${WINDOW}&harm=violence` },
  { name: 'deprivation by ward', path: '/api/layers/deprivation?level=ward' },
  { name: 'child poverty by ward', path: '/api/layers/child-poverty?level=ward' },
  { name: 'patrol plan (test res 9, places res 10)', path: `/api/patrol-plan?${WINDOW}&harm=violence&minutes=120` },
  { name: 'back-test, 11 months', path: '/api/backtest?harm=violence&from=2025-01&to=2025-11', runs: 10 },
  {
    name: 'CCTV siting, 5 cameras',
    path: '/api/cctv/siting',
    method: 'POST',
    body: { harm: 'violence', from: '2024-12', to: '2025-11', radius: 100, count: 5 },
    runs: 10,
  },
];

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

async function main(): Promise<void> {
  const path = process.env.DB_PATH ?? realStore();
  const db = openStore(path);
  warmCaches(db);
  startInferencePool();
  const server = createApp(db).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const rows: string[][] = [];
  for (const c of CASES) {
    const call = async () => {
      const t = performance.now();
      const res = await fetch(
        base + c.path,
        c.method ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(c.body) } : undefined,
      );
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${c.path}: HTTP ${res.status}`);
      return performance.now() - t;
    };
    await call(); // first call fills per-resolution caches (study area, neighbours)
    const times: number[] = [];
    for (let i = 0; i < (c.runs ?? RUNS); i++) times.push(await call());
    times.sort((a, b) => a - b);
    const p95 = percentile(times, 95);
    rows.push([
      c.name,
      String(times.length),
      percentile(times, 50).toFixed(1),
      p95.toFixed(1),
      c.goalMs ? `< ${c.goalMs}` : '',
      c.goalMs ? (p95 < c.goalMs ? 'yes' : 'NO') : '',
    ]);
  }
  // Light requests while heavy ones run: health and hexes sent while a res-10 randomisation
  // hot-spot request is in flight on the worker pool.
  for (const light of [
    { name: 'health, during res 10 hotspots', path: '/api/health', goalMs: 50 },
    { name: 'hexes res 9, during res 10 hotspots', path: `/api/hexes?res=9&${WINDOW}`, goalMs: 50 },
  ]) {
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const heavy = fetch(`${base}/api/hotspots?res=10&${WINDOW}&harm=asb&seed=${i + 1}`).then((r) => r.arrayBuffer());
      await new Promise((r) => setTimeout(r, 50));
      const t = performance.now();
      await (await fetch(base + light.path)).arrayBuffer();
      times.push(performance.now() - t);
      await heavy;
    }
    times.sort((a, b) => a - b);
    const p95 = percentile(times, 95);
    rows.push([
      light.name,
      String(times.length),
      percentile(times, 50).toFixed(1),
      p95.toFixed(1),
      `< ${light.goalMs}`,
      p95 < light.goalMs ? 'yes' : 'NO',
    ]);
  }
  server.close();
  await closeInferencePool();
  const header = ['endpoint', 'runs', 'p50 ms', 'p95 ms', 'goal p95 ms', 'met'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
