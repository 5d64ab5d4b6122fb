/**
 * npm run bench:import [-- --data <dir>] [--runs 3]
 *
 * Rows per second for importing the police.uk street months (the full import: parse, checks,
 * H3 at four resolutions, ward point-in-polygon, Crime ID dedup, indexes, one transaction per
 * month), beside the floor: the sqlite3 shell's `.import` of the same files into a plain table
 * with no indexes. Needs the sqlite3 CLI (Debian: apt-get install -y sqlite3).
 *
 * A third line separates the cost of the schema from the importer's: the finished incidents are
 * copied by one INSERT ... SELECT per month (pure SQLite, no parsing, no H3) into an empty store.
 * With four indexes on incidents, two of them on random keys (crime_id, lon/lat), that copy alone
 * costs several times the floor, and bounds from below what any importer of this schema can do.
 *
 * Each side runs --runs times, alternating, on a fresh database in the OS temp folder; the best
 * run is reported, because other work on the machine only ever makes a run slower.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { openStore } from '../server/db/openStore';
import { importFiles } from '../server/import';
import { scanFolder } from '../server/import/folderScan';
import { parseCli } from '../scripts/cli';

const { values } = parseCli(
  { options: { data: { type: 'string' }, runs: { type: 'string' } } },
  'usage: npm run bench:import -- [--data DIR (default ATLAS_TEST_DATA, then ../shared/data)] [--runs N (default 3)]',
);
const dataDir = resolve(values.data ?? process.env.ATLAS_TEST_DATA ?? join(import.meta.dirname ?? '.', '..', '..', 'shared', 'data'));
const runs = Number(values.runs ?? 3);
const all = scanFolder(dataDir);
const street = all.filter((f) => /-street\.csv$/i.test(basename(f)));
const wards = all.filter((f) => /wards.*\.geojson$/i.test(basename(f)));
if (street.length === 0) {
  console.error(`no *-street.csv files under ${dataDir}`);
  process.exit(2);
}

interface Run {
  seconds: number;
  cpu?: number;
  rows: number;
}

function sqliteFloor(): Run | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-floor-'));
  try {
    const db = join(dir, 'floor.db');
    const script = [
      `CREATE TABLE street ("Crime ID" TEXT, "Month" TEXT, "Reported by" TEXT, "Falls within" TEXT, "Longitude" TEXT, "Latitude" TEXT, "Location" TEXT, "LSOA code" TEXT, "LSOA name" TEXT, "Crime type" TEXT, "Last outcome category" TEXT, "Context" TEXT);`,
      '.mode csv',
      ...street.map((f) => `.import --skip 1 '${f.replace(/'/g, "''")}' street`),
      'SELECT count(*) FROM street;',
    ].join('\n');
    writeFileSync(join(dir, 'load.sql'), script);
    const t0 = performance.now();
    const r = spawnSync('sqlite3', [db, `.read ${join(dir, 'load.sql')}`], { encoding: 'utf8' });
    const seconds = (performance.now() - t0) / 1000;
    if (r.error || r.status !== 0) return undefined;
    return { seconds, rows: Number(r.stdout.trim().split('\n').at(-1)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The full import of the street months into a fresh store, then the schema-only copy from it. */
function fullImport(): { ours: Run; schema: Run } {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-bench-'));
  try {
    const db = openStore(join(dir, 'atlas.db'));
    importFiles(db, wards); // the ward sets are needed for ward assignment; not timed
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const summary = importFiles(db, street);
    const seconds = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    if (!summary.ok) throw new Error(`bench import refused files: ${JSON.stringify(summary.refused)}`);
    db.close();
    return { ours: { seconds, cpu: (c.user + c.system) / 1e6, rows: summary.rowsRead }, schema: schemaCopy(join(dir, 'atlas.db'), dir) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function schemaCopy(source: string, dir: string): Run {
  const db = openStore(join(dir, 'copy.db'));
  db.exec(`ATTACH '${source.replace(/'/g, "''")}' AS src`);
  db.exec('INSERT INTO categories SELECT * FROM src.categories');
  db.pragma('wal_autocheckpoint = 16384'); // as the importer does
  db.exec('INSERT INTO places SELECT * FROM src.places');
  const months = db.prepare('SELECT DISTINCT month FROM src.incident_rows ORDER BY month').pluck().all() as string[];
  const copy = db.prepare('INSERT INTO incident_rows SELECT * FROM src.incident_rows WHERE month = ? ORDER BY id');
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const m of months) db.transaction(() => copy.run(m))();
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const rows = db.prepare('SELECT count(*) FROM incident_rows').pluck().get() as number;
  db.close();
  return { seconds, cpu: (c.user + c.system) / 1e6, rows };
}

const floorRuns: Run[] = [];
const oursRuns: Run[] = [];
const schemaRuns: Run[] = [];
let haveSqlite = true;
for (let i = 0; i < runs; i++) {
  if (haveSqlite) {
    const f = sqliteFloor();
    if (f) floorRuns.push(f);
    else haveSqlite = false;
  }
  const r = fullImport();
  oursRuns.push(r.ours);
  schemaRuns.push(r.schema);
}

const best = (rs: Run[]) => rs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');
const ours = best(oursRuns);
const floor = floorRuns.length ? best(floorRuns) : undefined;
const schema = best(schemaRuns);
const rows: string[][] = [['method', 'rows', 'seconds', 'rows/s', 'vs floor']];
if (floor)
  rows.push(['sqlite3 .import, plain table (floor)', fmt(floor.rows), floor.seconds.toFixed(2), fmt(floor.rows / floor.seconds), '1.00x']);
rows.push([
  'SQL copy of the incidents into the schema',
  fmt(schema.rows),
  schema.seconds.toFixed(2),
  fmt(schema.rows / schema.seconds),
  floor ? `${(schema.seconds / floor.seconds).toFixed(2)}x` : 'n/a',
]);
rows.push([
  'npm run import: street months, full',
  fmt(ours.rows),
  ours.seconds.toFixed(2),
  fmt(ours.rows / ours.seconds),
  floor ? `${(ours.seconds / floor.seconds).toFixed(2)}x` : 'n/a',
]);
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
console.log(`${street.length} street files from ${dataDir}; best of ${runs} runs each\n`);
for (const [k, r] of rows.entries()) {
  console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
  if (k === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
console.log(
  `\nCPU time of the best runs: import ${ours.cpu?.toFixed(2)} s, SQL copy ${schema.cpu?.toFixed(2)} s.` +
    `\nAll runs (s): import ${oursRuns.map((r) => r.seconds.toFixed(2)).join(', ')}; SQL copy ${schemaRuns.map((r) => r.seconds.toFixed(2)).join(', ')}` +
    (floor ? `; floor ${floorRuns.map((r) => r.seconds.toFixed(2)).join(', ')}` : ''),
);
if (!floor) console.log('sqlite3 CLI not found: the floor was not measured (Debian: apt-get install -y sqlite3).');
