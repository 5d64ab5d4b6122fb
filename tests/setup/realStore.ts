import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../server/db/openStore';
import { importFolder } from '../../server/import/index';

/** The shared real data (read-only); ATLAS_TEST_DATA overrides. */
export const REAL_DATA_DIR = resolve(process.env.ATLAS_TEST_DATA ?? fileURLToPath(new URL('../../../shared/data', import.meta.url)));

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUTPUT = join(ROOT, 'test-output');

/** The code whose change must rebuild the store: the importer, the schema, the geo it calls. */
const CODE = [
  'server/import',
  'server/db',
  'geo/categories.ts',
  'geo/h3Bin.ts',
  'geo/month.ts',
  'geo/polygonIndex.ts',
  'geo/pointInPolygon.ts',
];

function listFiles(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((e) => listFiles(join(path, e.name)));
}

/** Changes when a data file (name, size, time) or the importing code changes. */
export function realStoreKey(): string {
  const h = createHash('sha256');
  for (const f of listFiles(REAL_DATA_DIR).sort()) {
    const s = statSync(f);
    h.update(`${relative(REAL_DATA_DIR, f)}:${s.size}:${s.mtimeMs}\n`);
  }
  for (const f of CODE.flatMap((p) => listFiles(join(ROOT, p))).sort()) h.update(readFileSync(f));
  return h.digest('hex').slice(0, 16);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Builds under a temporary name and renames, so no reader ever sees a half-built store; a lock
 * file makes a second process wait for the first instead of importing the same data again.
 */
function build(path: string): void {
  const lock = `${path}.lock`;
  for (;;) {
    if (existsSync(path)) return;
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      const holder = Number(readFileSync(lock, 'utf8') || 0);
      const stale = !holder || !pidAlive(holder) || Date.now() - statSync(lock).mtimeMs > 10 * 60_000;
      if (stale) rmSync(lock, { force: true });
      else sleep(200);
    }
  }
  try {
    if (existsSync(path)) return;
    const building = `${path}.building-${process.pid}`;
    const db = openStore(building);
    const summary = importFolder(db, REAL_DATA_DIR);
    if (!summary.ok) throw new Error(`the real data did not import cleanly: ${JSON.stringify(summary.refused)}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    for (const suffix of ['-wal', '-shm']) rmSync(building + suffix, { force: true });
    renameSync(building, path);
    // Older stores (other data or code) are no longer wanted.
    for (const f of readdirSync(OUTPUT))
      if (/^real-[0-9a-f]{16}\.db(-wal|-shm)?$/.test(f) && !f.startsWith(`real-${realStoreKey()}`))
        rmSync(join(OUTPUT, f), { force: true });
  } finally {
    rmSync(lock, { force: true });
  }
}

/**
 * The path of a store holding the whole real data set (test-output/real-<key>.db), imported once
 * and reused by every test file of a run, and by later runs while data and code are unchanged.
 * Treat it as read-only: open it, query it, serve it; do not import into it (use realStoreCopy).
 */
export function realStore(): string {
  mkdirSync(OUTPUT, { recursive: true });
  const path = join(OUTPUT, `real-${realStoreKey()}.db`);
  if (!existsSync(path)) build(path);
  return path;
}

/** A private copy of the real store in `dir`, for tests that write (import more, corrupt, ...). */
export function realStoreCopy(dir: string, name = 'atlas.db'): string {
  const source = realStore();
  mkdirSync(dir, { recursive: true });
  const target = join(dir, name);
  for (const suffix of ['-wal', '-shm']) rmSync(target + suffix, { force: true });
  copyFileSync(source, target);
  return target;
}
