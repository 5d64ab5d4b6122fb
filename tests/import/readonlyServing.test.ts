import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { openStore, openStoreForServing, type Store } from '../../server/db/openStore';
import { StoreOpenError } from '../../server/db/storeErrors';
import { realStoreCopy } from '../setup/realStore';
import { removeDir, tempDir } from '../helpers/tempDir';

/**
 * The documented read-only mode: a replica can serve a store it did not build and cannot write.
 * As root, chmod does not stop writes, so read-only is made with a read-only bind mount and
 * chattr +i where the system allows (skipped with the reason where not); the plain read-only
 * open always runs. Answers must equal those served from the writable store.
 */
const HEXES = '/api/hexes?res=7&from=2023-01&to=2025-11';
let dir: string;
let expected: unknown;
const cleanups: (() => void)[] = [];

async function get(db: Store, path: string): Promise<{ status: number; body: unknown }> {
  const app = createApp(db, { clientDir: 'client/dist' });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`);
    return { status: res.status, body: await res.json() };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

function tryRun(cmd: string, args: string[]): string | undefined {
  try {
    execFileSync(cmd, args, { stdio: 'pipe' });
    return undefined;
  } catch (e) {
    return `${cmd} ${args[0]} is not allowed here (${String((e as { stderr?: Buffer }).stderr ?? e).trim()})`;
  }
}

/** A copy of the real store (WAL mode, checkpointed, no -wal or -shm) on a read-only bind mount. */
function readOnlyMount(name: string, prepare?: (src: string) => void): { path: string } | { skip: string } {
  const src = join(dir, `${name}-src`);
  const ro = join(dir, name);
  mkdirSync(ro, { recursive: true });
  realStoreCopy(src, 'atlas.db');
  prepare?.(src);
  const failed = tryRun('mount', ['--bind', src, ro]) ?? tryRun('mount', ['-o', 'remount,bind,ro', ro]);
  if (failed) {
    tryRun('umount', [ro]);
    return { skip: failed };
  }
  cleanups.push(() => execFileSync('umount', [ro]));
  return { path: join(ro, 'atlas.db') };
}

beforeAll(async () => {
  dir = tempDir('readonly-serving');
  const db = openStore(realStoreCopy(dir, 'writable.db'));
  expected = (await get(db, HEXES)).body;
  db.close();
});
afterAll(() => {
  for (const f of cleanups.reverse()) f();
  removeDir(dir);
});

describe('read-only serving', () => {
  it('a plain read-only open serves the same hexes', async () => {
    const db = openStore(realStoreCopy(dir, 'plain.db'), { readonly: true });
    expect(await get(db, HEXES)).toEqual({ status: 200, body: expected });
    db.close();
  });

  it('a writable store is opened for writing, as before', () => {
    const s = openStoreForServing(realStoreCopy(dir, 'rw.db'));
    expect([s.readonly, s.note, s.db.readonly]).toEqual([false, undefined, false]);
    s.db.close();
  });

  it('on a read-only mount: opened immutable (no -shm can be made there) and served', async (ctx) => {
    const m = readOnlyMount('ro');
    if ('skip' in m) return ctx.skip(m.skip);
    const s = openStoreForServing(m.path);
    expect(s.readonly).toBe(true);
    expect(s.db.readonly).toBe(true);
    expect(s.note).toBe(
      `Serving the store ${m.path} read-only, immutable (the folder is read-only; replace the file only while the server is stopped): the file is read-only. Imports and stored area overlaps are off.`,
    );
    expect(await get(s.db, HEXES)).toEqual({ status: 200, body: expected });
    expect((await get(s.db, '/api/health')).status).toBe(200);
    s.db.close();
    expect(existsSync(`${m.path}-shm`)).toBe(false);
  });

  it('refuses, in one line, a read-only store whose -wal holds changes it cannot read', (ctx) => {
    const m = readOnlyMount('ro-wal', (src) => {
      const live = join(dir, 'live');
      const db = openStore(realStoreCopy(live, 'atlas.db'));
      db.pragma('wal_autocheckpoint = 0');
      db.prepare(`INSERT INTO settings (key, value) VALUES ('replica', 'not checkpointed')`).run();
      copyFileSync(join(live, 'atlas.db'), join(src, 'atlas.db'));
      copyFileSync(join(live, 'atlas.db-wal'), join(src, 'atlas.db-wal'));
      db.close();
    });
    if ('skip' in m) return ctx.skip(m.skip);
    expect(() => openStoreForServing(m.path)).toThrow(
      `cannot serve the store ${m.path} read-only: its write-ahead log ${m.path}-wal holds changes that need a writable folder to read; checkpoint it where it was built (an import ends with one) and copy the store again`,
    );
  });

  it('a write-protected file in a writable folder (chattr +i): read-only, not immutable; an old schema is refused', async (ctx) => {
    const path = realStoreCopy(dir, 'immutable.db');
    const old = realStoreCopy(dir, 'old.db');
    const db = openStore(old);
    db.pragma('user_version = 3');
    db.close();
    const failed = tryRun('chattr', ['+i', path]) ?? tryRun('chattr', ['+i', old]);
    if (failed) return ctx.skip(failed);
    cleanups.push(() => execFileSync('chattr', ['-i', path, old]));
    const s = openStoreForServing(path);
    expect([s.readonly, s.note]).toEqual([
      true,
      `Serving the store ${path} read-only: the file is read-only. Imports and stored area overlaps are off.`,
    ]);
    expect(await get(s.db, HEXES)).toEqual({ status: 200, body: expected });
    s.db.close();

    let error: unknown;
    try {
      openStoreForServing(old);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ problem: 'old-schema', exitCode: 3 });
    expect(error).toBeInstanceOf(StoreOpenError);
    expect((error as Error).message).toBe(
      `the store ${old} is read-only and its schema (version 3) is older than this version of the atlas needs (7): open it once where it can be written (npm run import) or re-import`,
    );
  });
});
