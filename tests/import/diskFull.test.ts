import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkStoreIntegrity } from '../../server/db/integrity';
import { openStore, type Store } from '../../server/db/openStore';
import { importFiles, importFolder, type ImportSummary } from '../../server/import';
import { scanFolder } from '../../server/import/folderScan';
import { REAL_DATA_DIR, realStore } from '../setup/realStore';
import { incidentContentChecksum, tableChecksums } from '../helpers/storeChecksum';
import { removeDir, tempDir } from '../helpers/tempDir';
import { importCli } from './importCli';

/**
 * A store that cannot grow. Before, a full disk ended with no summary, and later (smaller) files
 * still fitted, leaving non-contiguous months that looked real. Now the import stops at the first
 * file that does not fit, with exit 2 and a summary of what was and was not stored, and the store
 * holds whole months only: exactly what importing the files reported stored gives.
 *
 * Portable: ATLAS_MAX_PAGES caps the store (PRAGMA max_page_count). Real: a small tmpfs, where
 * mounting is allowed (root in a container, say); skipped with the reason otherwise.
 */
const PAGES = 8_000; // about 31 MB: fills up in the 2024 street months (the whole store is 18,529 pages)
let dir: string;
let reference: Store;

beforeAll(() => {
  dir = tempDir('disk-full');
  reference = openStore(realStore(), { readonly: true });
});
afterAll(() => {
  reference?.close();
  removeDir(dir);
});

const streetMonths = (db: Store) =>
  db.prepare(`SELECT month FROM months WHERE dataset = 'street' ORDER BY month`).pluck().all() as string[];
const allStreetMonths = () => streetMonths(reference);
const months = (db: Store) => db.prepare(`SELECT dataset, source, force, month, sha256, rows_stored FROM months ORDER BY 1, 2, 3, 4`).all();

function withMaxPages<T>(pages: number, f: () => T): T {
  process.env.ATLAS_MAX_PAGES = String(pages);
  try {
    return f();
  } finally {
    delete process.env.ATLAS_MAX_PAGES;
  }
}

describe('a full store (PRAGMA max_page_count)', () => {
  let summary: ImportSummary;
  let store: string;

  it('stops at the first file that does not fit, with a summary of what was and was not stored', () => {
    store = join(dir, 'capped.db');
    const db = withMaxPages(PAGES, () => openStore(store));
    summary = importFolder(db, REAL_DATA_DIR);
    db.close();
    expect(summary.ok).toBe(false);
    expect(summary.stopped).toMatchObject({ code: 'SQLITE_FULL', reason: 'the disk is full (or the store reached its size limit)' });
    const stoppedAt = summary.files.findIndex((f) => f.file === summary.stopped!.file);
    expect(summary.stopped!.file).toMatch(/^police-uk\/\d{4}-\d{2}-cleveland-street\.csv$/);
    expect(summary.files.slice(0, stoppedAt).every((f) => f.status === 'imported')).toBe(true);
    expect(summary.files.length).toBe(stoppedAt + 1); // nothing after it was attempted ...
    expect(summary.files.length + summary.notAttempted.length).toBe(scanFolder(REAL_DATA_DIR).length); // ... and it says which
    expect(summary.notAttempted[0]).toMatch(/^police-uk\/\d{4}-\d{2}-cleveland-street\.csv$/);
  });

  it('leaves whole months only, a prefix of the months: what importing just the stored files gives', () => {
    const db = openStore(store, { readonly: true });
    expect(checkStoreIntegrity(db)).toEqual({ ok: true });
    const held = streetMonths(db);
    expect(held.length).toBeGreaterThan(3);
    expect(held.length).toBeLessThan(35);
    expect(held).toEqual(allStreetMonths().slice(0, held.length));
    expect(summary.stopped!.file).toBe(`police-uk/${allStreetMonths()[held.length]}-cleveland-street.csv`);

    const same = openStore(join(dir, 'same.db'));
    importFiles(
      same,
      summary.files.filter((f) => f.status === 'imported').map((f) => join(REAL_DATA_DIR, f.file)),
    );
    expect(months(db)).toEqual(months(same));
    expect(incidentContentChecksum(db)).toBe(incidentContentChecksum(same));
    // Everything but when and from which path each unit was imported.
    const { import_files: _a, months: _b, boundary_sets: _c, datasets: _d, ...content } = tableChecksums(db);
    const { import_files: _e, months: _f, boundary_sets: _g, datasets: _h, ...expected } = tableChecksums(same);
    expect(content).toEqual(expected);
    const units = (s: Store) => [
      s.prepare(`SELECT id, kind, name, vintage, rank, sha256, is_current FROM boundary_sets ORDER BY id`).all(),
      s.prepare(`SELECT dataset, title, source, licence, sha256 FROM datasets ORDER BY dataset`).all(),
    ];
    expect(units(db)).toEqual(units(same));
    same.close();
    db.close();
  });

  it('run again with room, it completes the store exactly', () => {
    const db = openStore(store);
    const again = importFolder(db, REAL_DATA_DIR);
    expect(again.ok).toBe(true);
    expect(again.unchanged).toBe(summary.files.length - 1);
    expect(months(db)).toEqual(months(reference));
    expect(incidentContentChecksum(db)).toBe(incidentContentChecksum(reference));
    db.close();
  });

  it('the CLI exits 2 and prints the summary with what was not stored', () => {
    const r = importCli(['--data', REAL_DATA_DIR, '--db', join(dir, 'cli.db')], { ATLAS_MAX_PAGES: String(PAGES) });
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(
      /^STOPPED at police-uk\/\d{4}-\d{2}-cleveland-street\.csv: the disk is full \(or the store reached its size limit\)\.$/m,
    );
    expect(r.stdout).toMatch(/^ {2}Stored: \d+ file\(s\) imported in full \(and 0 already stored\); every month in the store is whole\.$/m);
    expect(r.stdout).toMatch(/^ {2}Not stored: police-uk\/\S+ and the \d+ file\(s\) after it: police-uk\//m);
    expect(r.stderr).toMatch(/^STOPPED {2}police-uk\/\S+: the disk is full/m);
  });
});

describe('a full disk (tmpfs)', () => {
  const mountPoint = () => join(dir, 'tmpfs');
  let mounted = false;
  let why = '';

  beforeAll(() => {
    mkdirSync(mountPoint(), { recursive: true });
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=40m', 'tmpfs', mountPoint()], { stdio: 'pipe' });
      mounted = true;
    } catch (e) {
      why = `cannot mount a tmpfs here (${String((e as { stderr?: Buffer }).stderr ?? e).trim()}): needs root or CAP_SYS_ADMIN`;
    }
  });
  afterAll(() => {
    if (mounted) execFileSync('umount', [mountPoint()]);
  });

  it('stops with exit 2 and whole months; after the disk grows, a re-run completes the store', (ctx) => {
    if (!mounted) return ctx.skip(why);
    const store = join(mountPoint(), 'atlas.db');
    const r = importCli(['--data', REAL_DATA_DIR, '--db', store]);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/^STOPPED at police-uk\/\d{4}-\d{2}-cleveland-street\.csv: the disk is full/m);
    const db = openStore(store, { readonly: true });
    expect(checkStoreIntegrity(db)).toEqual({ ok: true });
    const held = streetMonths(db);
    expect(held.length).toBeGreaterThan(0);
    expect(held).toEqual(allStreetMonths().slice(0, held.length));
    for (const m of held) {
      const n = db.prepare(`SELECT count(*) FROM incidents WHERE month = ?`).pluck().get(m);
      expect([m, n]).toEqual([m, db.prepare(`SELECT rows_stored FROM months WHERE dataset = 'street' AND month = ?`).pluck().get(m)]);
    }
    db.close();

    execFileSync('mount', ['-o', 'remount,size=400m', mountPoint()]);
    const again = importCli(['--data', REAL_DATA_DIR, '--db', store]);
    expect(again.status).toBe(0);
    const full = openStore(store, { readonly: true });
    expect(incidentContentChecksum(full)).toBe(incidentContentChecksum(reference));
    full.close();
  });
});
