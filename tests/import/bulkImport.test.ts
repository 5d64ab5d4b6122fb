import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkStoreIntegrity } from '../../server/db/integrity';
import { openStore, type Store } from '../../server/db/openStore';
import { importFiles, importFolder } from '../../server/import';
import { REAL_DATA_DIR, realStore } from '../setup/realStore';
import { writeStreetFile, type StreetFields } from '../helpers/streetCsv';
import { incidentContentChecksum, tableChecksums } from '../helpers/storeChecksum';
import { removeDir, tempDir } from '../helpers/tempDir';

/**
 * The bulk way (many street months at once: the Crime ID index dropped, crimes found through a
 * key table in memory, the index rebuilt after the months; months committed in batches) must leave
 * exactly the store the month-by-month way leaves, Crime ID clashes included.
 */
let dir: string;
let reference: Store;
beforeAll(() => {
  dir = tempDir('bulk-import');
  reference = openStore(realStore(), { readonly: true });
});
afterAll(() => {
  reference?.close();
  removeDir(dir);
});

const indexes = (db: Store) =>
  db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'incident_rows' ORDER BY name`).pluck().all();
const content = (db: Store) => {
  const { import_files: _a, months: _b, boundary_sets: _c, datasets: _d, incidents: _e, ...rest } = tableChecksums(db);
  return rest;
};

describe('the real folder, the bulk way', () => {
  it('stores exactly what the month-by-month import stores, and rebuilds the index', () => {
    const db = openStore(join(dir, 'bulk.db'));
    const lines: string[] = [];
    const summary = importFolder(db, REAL_DATA_DIR, { bulkRows: 0, log: (l) => lines.push(l) });
    expect(summary.ok).toBe(true);
    expect(lines.some((l) => /^bulk {5}35 street files: the Crime ID index is rebuilt after them \(0 held crimes/.test(l))).toBe(true);
    expect(lines.some((l) => /^index {4}Crime ID index rebuilt in \d+\.\d s$/.test(l))).toBe(true);
    expect(indexes(db)).toEqual(indexes(reference));
    expect(incidentContentChecksum(db)).toBe(incidentContentChecksum(reference));
    expect(content(db)).toEqual(content(reference));
    const months = (s: Store) => s.prepare(`SELECT dataset, force, month, sha256, rows_stored FROM months ORDER BY 1, 2, 3`).all();
    expect(months(db)).toEqual(months(reference));
    expect(checkStoreIntegrity(db)).toEqual({ ok: true });
    db.close();
  });
});

const file = (name: string, month: string, rows: StreetFields[]) => writeStreetFile(dir, name, month, rows);

describe('Crime IDs in several months, the bulk way', () => {
  it('keeps the newest record of each crime, as month by month does, with a store already holding some', () => {
    const march = file('march', '2024-03', [
      { crimeId: 'X', month: '2024-03', location: 'March X' },
      { crimeId: 'A', month: '2024-03' },
    ]);
    const april = file('april', '2024-04', [
      { crimeId: 'X', month: '2024-04', location: 'April X' },
      { crimeId: 'B', month: '2024-04' },
    ]);
    const may = file('may', '2024-05', [
      { crimeId: 'B', month: '2024-05', location: 'May B' },
      { crimeId: 'A', month: '2024-05', location: 'May A' },
    ]);
    const june = file('june', '2024-06', [{ crimeId: 'X', month: '2024-06', location: 'June X' }]);
    const run = (name: string, bulkRows: number | undefined, history: string[][]) => {
      const db = openStore(join(dir, `${name}.db`));
      for (const files of history) expect(importFiles(db, files, { bulkRows }).ok).toBe(true);
      const held = db.prepare('SELECT month, crime_id, location FROM incidents ORDER BY crime_id').all();
      const shadowed = db.prepare('SELECT month, crime_id FROM incidents_shadowed ORDER BY crime_id, month').all();
      const counts = db.prepare(`SELECT month, rows_stored FROM months ORDER BY month`).raw().all();
      expect(indexes(db)).toContain('incidents_crime_key');
      db.close();
      return { held, shadowed, counts };
    };
    const oneByOne = run('clash-one-by-one', undefined, [[april], [june], [march], [may]]);
    const bulk = run('clash-bulk', 0, [[april], [june, march, may]]);
    expect(bulk).toEqual(oneByOne);
    expect(bulk.held).toEqual([
      { month: '2024-05', crime_id: 'A', location: 'May A' },
      { month: '2024-05', crime_id: 'B', location: 'May B' },
      { month: '2024-06', crime_id: 'X', location: 'June X' },
    ]);
    expect(bulk.counts).toEqual([
      ['2024-03', 0],
      ['2024-04', 0],
      ['2024-05', 2],
      ['2024-06', 1],
    ]);
  });
});

describe('a store whose bulk import died before the index was rebuilt', () => {
  it('gets the index back at the start of the next import', () => {
    const db = openStore(join(dir, 'died.db'));
    expect(importFiles(db, [file('died', '2024-03', [{ crimeId: 'X', month: '2024-03' }])]).ok).toBe(true);
    db.exec('DROP INDEX incidents_crime_key');
    expect(indexes(db)).not.toContain('incidents_crime_key');
    const again = importFiles(db, [file('died-april', '2024-04', [{ crimeId: 'X', month: '2024-04' }])]);
    expect(again.files[0]).toMatchObject({ status: 'imported', duplicates: 1 });
    expect(indexes(db)).toContain('incidents_crime_key');
    db.close();
  });
});
