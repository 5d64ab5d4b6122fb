import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { openStore } from '../../server/db/openStore';
import { importFolder } from '../../server/import/index';
import { migrations } from '../../server/db/migrations';

/** The shared real data (read-only); ATLAS_TEST_DATA overrides. */
export const REAL_DATA_DIR = resolve(process.env.ATLAS_TEST_DATA ?? fileURLToPath(new URL('../../../shared/data', import.meta.url)));

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** Changes when a data file or the schema changes, so a stale store is rebuilt. */
function fingerprint(): string {
  const h = createHash('sha256');
  h.update(String(migrations.length));
  for (const f of listFiles(REAL_DATA_DIR).sort()) {
    const s = statSync(f);
    h.update(`${relative(REAL_DATA_DIR, f)}:${s.size}:${s.mtimeMs}\n`);
  }
  return h.digest('hex').slice(0, 16);
}

/**
 * The path of a store holding the whole real data set, imported once and reused by every test
 * file of a run (and later runs while the data and schema are unchanged). Built under a temporary
 * name and renamed, so a test killed midway never leaves a half-built store behind. Tests open it
 * read-write but must not change it.
 */
export function realStore(): string {
  const dir = resolve('test-output');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `real-${fingerprint()}.db`);
  if (existsSync(path)) return path;
  const building = `${path}.building-${process.pid}`;
  const db = openStore(building);
  const summary = importFolder(db, REAL_DATA_DIR);
  if (!summary.ok) throw new Error(`the real data did not import cleanly: ${JSON.stringify(summary.refused ?? summary)}`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  for (const suffix of ['-wal', '-shm']) rmSync(building + suffix, { force: true });
  renameSync(building, path);
  return path;
}
