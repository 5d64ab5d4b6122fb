import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { realStore } from '../setup/realStore';
import { tempDir, removeDir } from '../helpers/tempDir';
import { startServer, type RunningServer } from './server';
import { setBackgroundCubeLoader } from '../../server/services/cube';
import { loadCubeOffThread } from '../../server/workers/cubeLoader';
import { acquireImportLock } from '../../server/db/importLock';
import { closePool } from '../../server/workers/pool';

/**
 * Another process's import is never served half-done (issue 11): while it holds the import lock
 * the server keeps its cube; once the lock is gone a new cube is read off the request thread and
 * swapped in whole, and requests meanwhile get the old answer without a stall.
 */
let dir: string;
let copy: string;
let server: RunningServer;
beforeAll(async () => {
  dir = tempDir('cubeswap');
  copy = join(dir, 'atlas.db');
  const src = new Database(realStore(), { readonly: true });
  src.exec(`VACUUM INTO '${copy.replace(/'/g, "''")}'`);
  src.close();
  server = await startServer(copy);
  setBackgroundCubeLoader(loadCubeOffThread);
});
afterAll(async () => {
  setBackgroundCubeLoader(null);
  await server?.close();
  await closePool();
  removeDir(dir);
});

const PATH = '/api/hexes?res=8&from=2025-06&to=2025-11';

async function total(): Promise<{ n: number; ms: number }> {
  const t = performance.now();
  const body = (await (await fetch(server.url + PATH)).json()) as { cells: { count: number }[] };
  return { n: body.cells.reduce((s, c) => s + c.count, 0), ms: performance.now() - t };
}

describe('swapping in another process’s import', () => {
  it('serves the old cube while the import runs, then the new one whole, never a part', async () => {
    const before = (await total()).n;
    const writer = new Database(copy);
    const removed = (writer.prepare(`SELECT count(*) AS n FROM incidents WHERE month IN ('2025-10', '2025-11')`).get() as { n: number }).n;
    expect(removed).toBeGreaterThan(1000);

    // "An import": holds the lock and commits one month at a time.
    const lock = acquireImportLock(copy);
    writer.prepare(`DELETE FROM incident_rows WHERE month = '2025-11'`).run();
    expect((await total()).n).toBe(before);
    writer.prepare(`DELETE FROM incident_rows WHERE month = '2025-10'`).run();
    expect((await total()).n).toBe(before);
    lock.release();
    writer.close();

    const seen: number[] = [];
    const slowest = { ms: 0 };
    for (let i = 0; i < 200; i++) {
      const r = await total();
      seen.push(r.n);
      slowest.ms = Math.max(slowest.ms, r.ms);
      if (r.n !== before) break;
      await new Promise((res) => setTimeout(res, 50));
    }
    expect(new Set(seen)).toEqual(new Set([before, before - removed]));
    // The first request after the import was answered from the old cube, not after a reload.
    expect(seen[0]).toBe(before);
    expect(slowest.ms).toBeLessThan(500);
    expect((await total()).n).toBe(before - removed);
  });
});
