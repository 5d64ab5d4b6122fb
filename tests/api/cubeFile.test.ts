import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { existsSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { realStore } from '../setup/realStore';
import { tempDir, removeDir } from '../helpers/tempDir';
import { openStore } from '../../server/db/openStore';
import { loadCube, openCube, storeVersion, type IncidentCube } from '../../server/services/cube';
import { cubeDir, readCubeFile, writeCubeFile } from '../../server/services/cubeFile';
import { H3_RESOLUTIONS } from '../../geo/h3Bin';

/**
 * The cube kept beside the store (issue 13: start-up must not read every incident): a start reads
 * it only when it is of the store's version, and anything wrong with it means a rebuild, never a
 * wrong answer.
 */
let dir: string;
let copy: string;
beforeAll(() => {
  dir = tempDir('cubefile');
  copy = join(dir, 'atlas.db');
  const src = new Database(realStore(), { readonly: true });
  src.exec(`VACUUM INTO '${copy.replace(/'/g, "''")}'`);
  src.close();
});
afterAll(() => removeDir(dir));

function expectSameCube(a: IncidentCube, b: IncidentCube): void {
  expect(a.version).toBe(b.version);
  expect(a.n).toBe(b.n);
  for (const k of ['months', 'categories', 'wards', 'wardAreas', 'locations', 'outcomes'] as const) expect(a[k]).toEqual(b[k]);
  for (const k of ['monthOf', 'monthStart', 'categoryOf', 'wardOf', 'lon', 'lat', 'locationOf', 'outcomeOf'] as const)
    expect(Buffer.compare(Buffer.from(a[k].buffer, 0, a[k].byteLength), Buffer.from(b[k].buffer, 0, b[k].byteLength)), k).toBe(0);
  for (const r of H3_RESOLUTIONS) {
    expect(a.cells[r].ids).toEqual(b.cells[r].ids);
    expect([...a.cells[r].of]).toEqual([...b.cells[r].of]);
    expect(a.cells[r].index.get(b.cells[r].ids[7])).toBe(7);
  }
}

describe('the cube kept beside the store', () => {
  it('is written on the first open and read back identical to the cube read from the rows', () => {
    const db = openStore(copy, { readonly: true });
    const built = openCube(db);
    expect(existsSync(join(cubeDir(db)!, 'header.json'))).toBe(true);
    const kept = readCubeFile(db, storeVersion(db));
    expect(kept).not.toBeNull();
    expectSameCube(kept!, built);
    expectSameCube(kept!, loadCube(db));
    expect(built.n).toBeGreaterThan(190_000);
    db.close();
  });

  it('is not used once the store changed: the version differs, so the rows are read again', () => {
    const db = openStore(copy);
    // As an import replacing a month with a copy of five rows fewer does: rows and the months row.
    db.prepare(`DELETE FROM incident_rows WHERE id IN (SELECT id FROM incident_rows WHERE month = '2023-01' ORDER BY id LIMIT 5)`).run();
    db.prepare(
      `UPDATE months SET rows_stored = rows_stored - 5, imported_at = '2026-12-03T00:00:00Z' WHERE dataset = 'street' AND month = '2023-01'`,
    ).run();
    const version = storeVersion(db);
    expect(readCubeFile(db, version)).toBeNull();
    const cube = openCube(db);
    expect(cube.version).toBe(version);
    expect(cube.n).toBe(db.prepare('SELECT count(*) FROM incidents').pluck().get());
    // ... and kept again at the new version.
    expect(readCubeFile(db, version)!.n).toBe(cube.n);
    db.close();
  });

  it('a short column or a damaged header means a rebuild, not a wrong cube', () => {
    const db = openStore(copy, { readonly: true });
    const version = storeVersion(db);
    const folder = cubeDir(db)!;
    const good = openCube(db);
    truncateSync(join(folder, 'lon.bin'), 100);
    expect(readCubeFile(db, version)).toBeNull();
    expectSameCube(openCube(db), good); // rebuilt and rewritten
    expect(statSync(join(folder, 'lon.bin')).size).toBe(good.n * 8);
    writeFileSync(join(folder, 'header.json'), '{"format":1,');
    expect(readCubeFile(db, version)).toBeNull();
    expectSameCube(openCube(db), good);
    db.close();
  });

  it('a folder that cannot be written is no failure: nothing is kept and the store is still served', () => {
    // Root ignores permission bits, so the unwritable place is a folder that does not exist.
    const nowhere = { memory: false, name: join(dir, 'no-such-folder', 'atlas.db') } as unknown as Parameters<typeof writeCubeFile>[0];
    const db = openStore(copy, { readonly: true });
    const cube = loadCube(db);
    expect(writeCubeFile(nowhere, cube)).toBe(false);
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
    expect(readCubeFile(nowhere, cube.version)).toBeNull();
    db.close();
  });

  it('in-memory stores keep no cube', () => {
    const db = new Database(':memory:');
    expect(cubeDir(db)).toBeNull();
    db.close();
  });
});
