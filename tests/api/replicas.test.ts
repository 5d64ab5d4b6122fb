/**
 * The deployment docs/deploy.md describes: one importer publishes the store with its kept cube,
 * and several server processes each serve a copy of it. Each replica starts from the published
 * cube (it does not read the rows or write a cube of its own) and every replica gives the same
 * answers as the store it was copied from.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../server/db/openStore';
import { openCube } from '../../server/services/cube';
import { realStoreCopy } from '../setup/realStore';
import { removeDir, tempDir } from '../helpers/tempDir';

const PATHS = ['/api/hexes?res=9&harm=violence', '/api/wards?from=2025-06&to=2025-11', '/api/hotspots?res=9&harm=asb&inference=analytic'];
let dir: string;
let published: string;
const children: ChildProcess[] = [];

async function serve(db: string): Promise<string> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, DB_PATH: db, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`replica exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return base;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('replica did not start within 60 s');
}

beforeAll(() => {
  dir = tempDir('replicas');
  // The importer's side: the store and, beside it, its cube (npm run import writes both).
  published = realStoreCopy(join(dir, 'publish'), 'atlas.db');
  const db = openStore(published);
  openCube(db);
  db.close();
});
afterAll(async () => {
  await Promise.all(
    children.map(
      (c) =>
        new Promise((r) => {
          if (c.exitCode !== null) return r(null);
          c.once('exit', r);
          c.kill('SIGTERM');
        }),
    ),
  );
  removeDir(dir);
});

describe('one importer, several servers over copies', () => {
  it('each replica starts from the published cube and answers as the original', async () => {
    const replicas = ['a', 'b'].map((name) => {
      cpSync(join(dir, 'publish'), join(dir, name), { recursive: true });
      return join(dir, name, 'atlas.db');
    });
    const kept = replicas.map((r) => statSync(join(`${r}-cube`, 'header.json')).mtimeMs);
    const original = await serve(published);
    const bases = await Promise.all(replicas.map(serve));
    for (const path of PATHS) {
      const want = await (await fetch(original + path)).json();
      for (const base of bases) expect(await (await fetch(base + path)).json(), `${base}${path}`).toEqual(want);
    }
    const versions = await Promise.all(
      [original, ...bases].map(async (b) => ((await (await fetch(`${b}/api/health`)).json()) as { dataVersion: string }).dataVersion),
    );
    expect(new Set(versions).size).toBe(1);
    // The replicas read the published cube: neither rebuilt it.
    expect(replicas.map((r) => statSync(join(`${r}-cube`, 'header.json')).mtimeMs)).toEqual(kept);
  }, 180_000);
});
