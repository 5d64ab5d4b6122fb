import { spawn } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireImportLock, ImportLockHeld, importInProgress, importLockPath } from '../../server/db/importLock';
import { openStore, type Store } from '../../server/db/openStore';
import { REAL_DATA_DIR, realStore } from '../setup/realStore';
import { incidentContentChecksum } from '../helpers/storeChecksum';
import { removeDir, tempDir } from '../helpers/tempDir';
import { importCli, importCliAsync, ROOT } from './importCli';

/**
 * One import at a time per store. Two at once used to refuse dozens of files with "database is
 * locked" and leave scattered missing months; now the second refuses at once (exit 4) or waits.
 */
let dir: string;
let reference: Store;

beforeAll(() => {
  dir = tempDir('lock');
  reference = openStore(realStore(), { readonly: true });
});
afterAll(() => {
  reference?.close();
  removeDir(dir);
});

const months = (db: Store) => db.prepare(`SELECT dataset, month, rows_stored, sha256 FROM months ORDER BY dataset, month`).all();

/** A node process that takes the lock on `store` and then sleeps until killed. */
function holder(store: string): Promise<{ pid: number; kill: () => Promise<void> }> {
  const code = `import { acquireImportLock } from './server/db/importLock.ts'; acquireImportLock(${JSON.stringify(store)}); console.log('held'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.stdout.once('data', () =>
      resolve({ pid: child.pid!, kill: () => new Promise((done) => (child.once('exit', () => done()), child.kill('SIGKILL'))) }),
    );
  });
}

describe('the import lock', () => {
  it('is a JSON file next to the store, re-entrant in its process, gone on release', () => {
    const store = join(dir, 'unit.db');
    const lock = acquireImportLock(store);
    const content = JSON.parse(readFileSync(`${store}.import.lock`, 'utf8'));
    expect(importLockPath(store)).toBe(`${store}.import.lock`);
    expect([content.pid, content.host, typeof content.started]).toEqual([process.pid, hostname(), 'string']);
    expect(Date.now() - Date.parse(content.started)).toBeLessThan(60_000);
    expect(importInProgress(store)).toBe(true);
    const again = acquireImportLock(store);
    again.release();
    expect(importInProgress(store)).toBe(true);
    lock.release();
    lock.release();
    expect(existsSync(`${store}.import.lock`)).toBe(false);
    expect(importInProgress(store)).toBe(false);
  });

  it('held by another live process: refused at once with the holder named, or waited for', async () => {
    const store = join(dir, 'held.db');
    const h = await holder(store);
    try {
      expect(importInProgress(store)).toBe(true);
      expect(() => acquireImportLock(store)).toThrow(ImportLockHeld);
      const t0 = Date.now();
      expect(() => acquireImportLock(store, { wait: 300, pollMs: 50 })).toThrow(
        new RegExp(
          `^another import into this store is running \\(pid ${h.pid} on ${hostname()}, started [0-9T:.Z-]+; lock ${store}.import.lock\\): wait for it, or run with --wait$`,
        ),
      );
      expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
      const r = importCli(['--data', join(REAL_DATA_DIR, 'boundaries'), '--db', store]);
      expect(r.status).toBe(4);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(new RegExp(`^another import into this store is running \\(pid ${h.pid} `)),
      ]);
      expect(existsSync(store)).toBe(false); // refused before opening, so before any migration
    } finally {
      await h.kill();
    }
  });

  it('left by a process killed with SIGKILL is stale: the next import takes over with a note', async () => {
    const store = join(dir, 'stale.db');
    const h = await holder(store);
    await h.kill();
    expect(existsSync(`${store}.import.lock`)).toBe(true);
    expect(importInProgress(store)).toBe(false);
    const r = importCli(['--data', join(REAL_DATA_DIR, 'boundaries'), '--db', store]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`took over a stale import lock \\(pid ${h.pid} on .*, no longer running\\)`));
    expect(existsSync(`${store}.import.lock`)).toBe(false);
  });

  it('is stale when its pid now belongs to another process, or it was left empty', () => {
    const store = join(dir, 'reused.db');
    const lock = `${store}.import.lock`;
    writeFileSync(lock, JSON.stringify({ pid: process.pid, started: new Date().toISOString(), host: hostname(), procStart: '1' }));
    expect(importInProgress(store)).toBe(false);
    writeFileSync(lock, JSON.stringify({ pid: process.pid, started: new Date().toISOString(), host: 'another-machine' }));
    expect(importInProgress(store)).toBe(true); // cannot check a pid on another host
    writeFileSync(lock, '');
    expect(importInProgress(store)).toBe(true); // just created, content on its way
    utimesSync(lock, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    expect(importInProgress(store)).toBe(false);
    const taken = acquireImportLock(store);
    expect(taken.note).toMatch(/^took over a stale import lock \(holder unknown/);
    taken.release();
  });

  it('two imports of the real data into one store at once: one refuses, the store ends whole', async () => {
    const store = join(dir, 'race.db');
    const runs = await Promise.all([0, 1].map(() => importCliAsync(['--data', REAL_DATA_DIR, '--db', store])));
    expect(runs.map((r) => r.status).sort()).toEqual([0, 4]);
    const refused = runs.find((r) => r.status === 4)!;
    expect(refused.stderr).toMatch(/^another import into this store is running \(pid \d+ /);
    expect(runs.find((r) => r.status === 0)!.stdout).toMatch(/Done in [\d.]+ s\.$/m);
    const db = openStore(store, { readonly: true });
    expect(months(db)).toEqual(months(reference));
    expect(incidentContentChecksum(db)).toBe(incidentContentChecksum(reference));
    db.close();
  });

  it('with --wait, the second waits for the first and then finds everything stored', async () => {
    const store = join(dir, 'wait.db');
    const first = importCliAsync(['--data', REAL_DATA_DIR, '--db', store]);
    while (!importInProgress(store)) await new Promise((r) => setTimeout(r, 20));
    const second = await importCliAsync(['--data', REAL_DATA_DIR, '--db', store, '--wait']);
    expect((await first).status).toBe(0);
    expect(second.status).toBe(0);
    expect(second.stderr).toMatch(/waiting for the import already running \(pid \d+ .*\) to finish/);
    expect(second.stdout).toMatch(/street crimes\s+35\s+0\s+35\s+0\s+0\s+0\s+0\s+0/);
    const db = openStore(store, { readonly: true });
    expect(incidentContentChecksum(db)).toBe(incidentContentChecksum(reference));
    db.close();
  });
});
