/**
 * npm run bench:scale -- --size 1|10|100 [--data DIR] [--work DIR] [--port N] [--requests N]
 *
 * How the atlas holds up as the store grows towards all of England and Wales (issue 13):
 *   1. makes synthetic national data in police.uk's format: the real street months copied `size`
 *      times to other places (bench/scale/syntheticNation.ts says how), kept in --work for reruns;
 *   2. imports it into a fresh store (the official context files untimed, the street months timed);
 *   3. starts the server on that store in its own process: seconds until it answers, RSS after
 *      warm-up, and p50/p95 of hexes, wards, hot spots and the ward summary over --requests
 *      different parameter sets each (every one a new answer, never the response cache's);
 *   4. runs the same two aggregates (counts and harm per res-9 cell, and per ward, over a month
 *      window and a harm group) in the server's cube, DuckDB and raw SQLite, side by side in one
 *      process, with the ratio of each engine's median to the cube's.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { once } from 'node:events';
import { DuckDBInstance } from '@duckdb/node-api';
import { openStore } from '../server/db/openStore';
import { importFiles } from '../server/import';
import { scanFolder } from '../server/import/folderScan';
import { openCube, type IncidentCube } from '../server/services/cube';
import { resolveSelection, type Selection } from '../server/services/selection';
import { byCell, byWard } from '../server/services/aggregate';
import { HARM_GROUPS } from '../geo/harmGroups';
import { addMonths } from '../geo/month';
import { parseCli } from '../scripts/cli';
import { selectionQuery } from '../server/http/params';
import { MAX_SIZE, writeCopies } from './scale/syntheticNation';
import { percentile, printTable, rssMb, startServer } from './serverProcess';

const USAGE =
  'usage: npm run bench:scale -- --size N (1..100) [--data DIR (default ATLAS_TEST_DATA, then ../shared/data)] [--work DIR] [--port N (default 8131)] [--requests N (default 60)] [--reuse (time the store a previous run imported)]';
const { values } = parseCli(
  {
    options: {
      size: { type: 'string' },
      data: { type: 'string' },
      work: { type: 'string' },
      port: { type: 'string' },
      requests: { type: 'string' },
      reuse: { type: 'boolean' },
    },
  },
  USAGE,
);
const whole = (name: string, raw: string | undefined, fallback: number, lo: number, hi: number): number => {
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < lo || n > hi) {
    console.error(`--${name}: must be a whole number from ${lo} to ${hi} (got ${JSON.stringify(raw)})\n${USAGE}`);
    process.exit(64);
  }
  return n;
};
const size = whole('size', values.size, NaN, 1, MAX_SIZE);
const port = whole('port', values.port, 8131, 1, 65535);
const requests = whole('requests', values.requests, 60, 5, 10_000);
const dataDir = resolve(values.data ?? process.env.ATLAS_TEST_DATA ?? join(import.meta.dirname ?? '.', '..', '..', 'shared', 'data'));
const workDir = resolve(values.work ?? join(tmpdir(), `atlas-scale-${size}x`));
const csvDir = join(workDir, 'csv');
const dbPath = join(workDir, 'atlas.db');

/** The study area of the per-area figures: Stockton, the real one. */
const AREA = 'E06000004';
const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');
const ms = (n: number) => (n < 10 ? n.toFixed(1) : Math.round(n).toString());
const log = (s: string) => console.error(s);

// ---- 1. synthetic national data ---------------------------------------------------------------
const all = scanFolder(dataDir);
const realStreet = all.filter((f) => /-street\.csv$/i.test(basename(f))).sort();
if (realStreet.length === 0) {
  console.error(`no *-street.csv files under ${dataDir}`);
  process.exit(2);
}
// Boundaries and official statistics, not the police.uk months (street, outcomes, stop and search).
const context = all.filter((f) => !/police-uk/.test(f) && /\.(csv|geojson)$/i.test(f));
const manifest = join(csvDir, 'manifest.json');
const wantManifest = JSON.stringify({ size, files: realStreet.map((f) => basename(f)) });
if (!existsSync(manifest) || readFileSync(manifest, 'utf8') !== wantManifest) {
  rmSync(csvDir, { recursive: true, force: true });
  mkdirSync(csvDir, { recursive: true });
  const t0 = performance.now();
  for (const [i, f] of realStreet.entries()) {
    writeCopies(f, join(csvDir, basename(f).slice(0, 7)), size);
    if ((i + 1) % 5 === 0) log(`generating: month ${i + 1} of ${realStreet.length} (${size} copies each)`);
  }
  writeFileSync(manifest, wantManifest);
  log(`generated in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
const generated = scanFolder(csvDir).filter((f) => f.endsWith('-street.csv'));

// ---- 2. import ---------------------------------------------------------------------------------
interface ImportRun {
  seconds: number;
  cpu: number;
  rowsRead: number;
}

/** A fresh store of the generated months (context untimed, street months timed). */
function importStore(): ImportRun {
  rmSync(dbPath, { force: true });
  rmSync(`${dbPath}-wal`, { force: true });
  rmSync(`${dbPath}-shm`, { force: true });
  rmSync(`${dbPath}-cube`, { recursive: true, force: true });
  const store = openStore(dbPath);
  const ctx = importFiles(store, context);
  if (!ctx.ok) throw new Error(`context files refused: ${JSON.stringify(ctx.refused)}`);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let lastLog = 0;
  const imported = importFiles(store, generated, {
    onProgress: (p) => {
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        log(`importing: file ${p.fileIndex + 1} of ${p.fileCount}`);
      }
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  if (!imported.ok) throw new Error(`street files refused: ${JSON.stringify(imported.refused)}`);
  store.close();
  log(`imported ${fmt(imported.rowsRead)} rows in ${seconds.toFixed(1)} s`);
  return { seconds, cpu: (c.user + c.system) / 1e6, rowsRead: imported.rowsRead };
}

// --reuse: time the server and the engines on the store a previous run imported.
const reuse = values.reuse === true && existsSync(dbPath);
const importRun: ImportRun | null = reuse ? null : importStore();
// The first start below always reads the rows and keeps the cube; the second reads that.
rmSync(`${dbPath}-cube`, { recursive: true, force: true });
const counted = openStore(dbPath, { readonly: true });
const incidents = counted.prepare('SELECT count(*) FROM incidents').pluck().get() as number;
counted.close();

// ---- 3. the server in its own process ------------------------------------------------------------
interface Timing {
  name: string;
  p50: number;
  p95: number;
  n: number;
}

/** Every combination of window, harm and resolution the bench asks for, each a different answer. */
function selections(months: readonly string[], n: number): { from: string; to: string; harm: string | null; res: number }[] {
  const last = months[months.length - 1];
  const harms: (string | null)[] = [null, ...HARM_GROUPS.map((g) => g.id)];
  const out: { from: string; to: string; harm: string | null; res: number }[] = [];
  for (let i = 0; out.length < n; i++) {
    const length = [12, 6, 3][i % 3];
    const to = addMonths(last, -(Math.floor(i / 3) % Math.max(1, months.length - length)));
    out.push({ from: addMonths(to, -(length - 1)), to, harm: harms[Math.floor(i / 7) % harms.length], res: 9 });
  }
  return out;
}

async function timeUrls(base: string, name: string, urls: string[]): Promise<Timing> {
  const times: number[] = [];
  for (const url of urls) {
    const t = performance.now();
    const res = await fetch(base + url);
    await res.arrayBuffer();
    times.push(performance.now() - t);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  }
  times.sort((a, b) => a - b);
  return { name, p50: percentile(times, 50), p95: percentile(times, 95), n: times.length };
}

const ro = openStore(dbPath, { readonly: true });
// From the months table: a DISTINCT over 20M incidents would take minutes without an index.
const monthsHeld = ro.prepare(`SELECT DISTINCT month FROM months WHERE dataset = 'street' ORDER BY month`).pluck().all() as string[];
const aWard = ro
  .prepare(
    `SELECT a.code FROM areas a JOIN boundary_sets s ON s.id = a.set_id WHERE s.kind = 'ward' AND s.is_current = 1 ORDER BY a.code LIMIT 1`,
  )
  .pluck()
  .get() as string;
ro.close();

// The first start reads every row and keeps the cube beside the store; later starts read that.
const firstStart = await startServer(dbPath, port);
await firstStart.stop();
const server = await startServer(dbPath, port);
const timings: Timing[] = [];
let rssWarm = NaN;
try {
  const sels = selections(monthsHeld, requests);
  const all = (s: (typeof sels)[number]) => `from=${s.from}&to=${s.to}${s.harm ? `&harm=${s.harm}` : ''}`;
  const q = (s: (typeof sels)[number]) => `${all(s)}&area=${AREA}`;
  // Warm-up: one answer of each kind, so the figures are serving, not first-time set-up (code
  // compiled, the area's rows indexed). On real months: an empty window skips the work it should
  // warm. A seed of its own keeps the timed hot spots new answers, never the response cache's.
  await timeUrls(server.base, 'warm-up', [
    '/api/meta',
    `/api/hexes?res=9&from=2000-01&to=2000-02`,
    '/api/wards?from=2000-01&to=2000-02',
    `/api/hotspots?res=9&area=${AREA}&seed=1`,
  ]);
  rssWarm = rssMb(server.child.pid!);
  timings.push(
    await timeUrls(
      server.base,
      'hexes (res 9)',
      sels.map((s) => `/api/hexes?res=${s.res}&${q(s)}`),
    ),
  );
  timings.push(
    await timeUrls(
      server.base,
      'wards',
      sels.map((s) => `/api/wards?${q(s)}`),
    ),
  );
  timings.push(
    await timeUrls(
      server.base,
      'hot spots (res 9, Gi*)',
      sels.map((s) => `/api/hotspots?res=${s.res}&${q(s)}`),
    ),
  );
  timings.push(
    await timeUrls(
      server.base,
      `ward summary (${aWard})`,
      sels.map((s) => `/api/wards/${aWard}/summary?${q(s)}`),
    ),
  );
  timings.push(
    await timeUrls(
      server.base,
      'national overview (/api/areas)',
      sels.map((s) => `/api/areas?${all(s)}`),
    ),
  );
} finally {
  await server.stop();
}

// ---- 4. the same aggregates in three engines ----------------------------------------------------
interface EngineTiming {
  engine: string;
  query: string;
  p50: number;
  p95: number;
}

/** p50 and p95 of `runs` calls, one after another (sync or async). */
async function timeRuns(fn: () => unknown, runs: number): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

const db = openStore(dbPath, { readonly: true });
const tCube = performance.now();
const cube: IncidentCube = openCube(db);
const cubeLoadSeconds = (performance.now() - tCube) / 1000;
const engineSels: Selection[] = selections(monthsHeld, 20).map((s) =>
  resolveSelection(cube, selectionQuery.parse(s.harm ? { from: s.from, to: s.to, harm: s.harm } : { from: s.from, to: s.to })),
);
const runs = engineSels.length;
let k = 0;
const next = () => engineSels[k++ % engineSels.length];
const weightRows = (sel: Selection) => cube.categories.map((c, i) => [c, sel.weight[i]] as const).filter(([, w]) => w > 0);

const engines: EngineTiming[] = [];
const cubeCells = await timeRuns(() => byCell(cube, 9, next()), runs);
const box = cube.areaBoxes[AREA];
const cubeAreaCells = await timeRuns(() => byCell(cube, 9, { ...next(), area: AREA }), runs);
const cubeWards = await timeRuns(() => byWard(cube, next()), runs);
engines.push(
  { engine: 'cube (server)', query: 'cells', ...cubeCells },
  { engine: 'cube (server)', query: 'wards', ...cubeWards },
  { engine: 'cube (server)', query: 'cells, one area', ...cubeAreaCells },
);
const inBox = `i.lon BETWEEN ${box[0]} AND ${box[2]} AND i.lat BETWEEN ${box[1]} AND ${box[3]}`;

// Raw SQLite: one GROUP BY over the incidents table with the selection's weights joined in.
db.exec('CREATE TEMP TABLE w (category TEXT PRIMARY KEY, weight REAL)');
const setWeights = (sel: Selection) => {
  db.exec('DELETE FROM w');
  const ins = db.prepare('INSERT INTO w VALUES (?, ?)');
  for (const [c, wt] of weightRows(sel)) ins.run(c, wt);
};
const sqlCells = db.prepare(
  'SELECT i.h3_9, count(*), sum(w.weight) FROM incidents i JOIN w ON w.category = i.category WHERE i.month BETWEEN ? AND ? GROUP BY i.h3_9',
);
const sqlAreaCells = db.prepare(
  `SELECT i.h3_9, count(*), sum(w.weight) FROM incidents i JOIN w ON w.category = i.category WHERE i.month BETWEEN ? AND ? AND ${inBox} GROUP BY i.h3_9`,
);
const sqlWards = db.prepare(
  'SELECT i.ward_code, count(*), sum(w.weight) FROM incidents i JOIN w ON w.category = i.category WHERE i.month BETWEEN ? AND ? AND i.ward_code IS NOT NULL GROUP BY i.ward_code',
);
const sqlRuns = Math.max(3, Math.min(runs, Math.round(2e7 / Math.max(1, incidents)))); // a few runs when each takes seconds
for (const [query, stmt] of [
  ['cells', sqlCells],
  ['wards', sqlWards],
  ['cells, one area', sqlAreaCells],
] as const) {
  const t = await timeRuns(() => {
    const sel = next();
    setWeights(sel);
    return stmt.raw().all(sel.from, sel.to);
  }, sqlRuns);
  engines.push({ engine: 'SQLite GROUP BY', query, ...t });
}

// DuckDB: the same columns loaded into its own columnar table (load time not counted).
const duckCsv = join(workDir, 'duck.csv');
const outCsv = createWriteStream(duckCsv);
outCsv.write('month,category,h3_9,ward_code,lon,lat\n');
for (const r of db.prepare('SELECT month, category, h3_9, ward_code, lon, lat FROM incidents').raw().iterate() as IterableIterator<
  string[]
>) {
  if (!outCsv.write(`${r[0]},${r[1]},${r[2]},${r[3] ?? ''},${r[4]},${r[5]}\n`)) await once(outCsv, 'drain');
}
outCsv.end();
await once(outCsv, 'finish');
const duck = await DuckDBInstance.create(':memory:');
const con = await duck.connect();
await con.run(
  `CREATE TABLE incidents AS SELECT * FROM read_csv('${duckCsv}', header = true, columns = {'month': 'VARCHAR', 'category': 'VARCHAR', 'h3_9': 'VARCHAR', 'ward_code': 'VARCHAR', 'lon': 'DOUBLE', 'lat': 'DOUBLE'})`,
);
rmSync(duckCsv, { force: true });
await con.run('CREATE TABLE w (category VARCHAR, weight DOUBLE)');
const duckQuery = async (sql: string) => {
  const sel = next();
  await con.run('DELETE FROM w');
  for (const [c, wt] of weightRows(sel)) await con.run(`INSERT INTO w VALUES ('${c}', ${wt})`);
  return con.runAndReadAll(sql.replace('$from', `'${sel.from}'`).replace('$to', `'${sel.to}'`));
};
engines.push({
  engine: 'DuckDB 1.5',
  query: 'cells',
  ...(await timeRuns(
    () =>
      duckQuery(
        'SELECT i.h3_9, count(*), sum(w.weight) FROM incidents i JOIN w ON w.category = i.category WHERE i.month BETWEEN $from AND $to GROUP BY i.h3_9',
      ),
    runs,
  )),
});
engines.push({
  engine: 'DuckDB 1.5',
  query: 'wards',
  ...(await timeRuns(
    () =>
      duckQuery(
        "SELECT i.ward_code, count(*), sum(w.weight) FROM incidents i JOIN w ON w.category = i.category WHERE i.month BETWEEN $from AND $to AND i.ward_code <> '' GROUP BY i.ward_code",
      ),
    runs,
  )),
});
engines.push({
  engine: 'DuckDB 1.5',
  query: 'cells, one area',
  ...(await timeRuns(
    () =>
      duckQuery(
        `SELECT i.h3_9, count(*), sum(w.weight) FROM incidents i JOIN w ON w.category = i.category WHERE i.month BETWEEN $from AND $to AND ${inBox} GROUP BY i.h3_9`,
      ),
    runs,
  )),
});
con.closeSync();
db.close();

// ---- the table ------------------------------------------------------------------------------
console.log(
  `\nbench:scale --size ${size}: ${fmt(incidents)} incidents stored from ${generated.length} files${reuse ? ' (store reused)' : ''}\n`,
);
const na = 'not run (--reuse)';
printTable([
  ['measure', 'value'],
  ['import: rows read', importRun ? fmt(importRun.rowsRead) : na],
  ['import: seconds (street months)', importRun ? importRun.seconds.toFixed(1) : na],
  ['import: rows/s', importRun ? fmt(importRun.rowsRead / importRun.seconds) : na],
  ['import: CPU seconds', importRun ? importRun.cpu.toFixed(1) : na],
  ['server start, first (reads the rows): s', firstStart.startSeconds.toFixed(1)],
  ['server start, cube kept: s', server.startSeconds.toFixed(1)],
  ['server RSS after warm-up (MB)', fmt(rssWarm)],
  ['cube open in the bench process, kept cube (s)', cubeLoadSeconds.toFixed(1)],
]);
console.log('');
printTable([
  [`HTTP (ms; one area: ${AREA})`, 'p50', 'p95', 'requests'],
  ...timings.map((t) => [t.name, ms(t.p50), ms(t.p95), String(t.n)]),
]);
console.log('');
const cubeOf = (query: string) => engines.find((e) => e.engine === 'cube (server)' && e.query === query)!;
printTable([
  ['aggregate, same query (ms)', 'query', 'p50', 'p95', 'p50 vs cube'],
  ...engines.map((e) => [e.engine, e.query, ms(e.p50), ms(e.p95), `${(e.p50 / cubeOf(e.query).p50).toFixed(1)}x`]),
]);
console.log(
  `\nThe aggregates: counts and harm per res-9 cell ('cells'; 'one area': the rows inside ${AREA}'s widened extent) and per current ward ('wards') over ${runs} windows of 3, 6 and 12 months and every harm group; SQLite ran ${sqlRuns} of them.`,
);
