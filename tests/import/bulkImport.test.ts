import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
    // Every month was read ahead on the reader thread, so the comparison below is of that path.
    expect(lines).toContain('reader   35 of 35 street files were read ahead on a second thread');
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

describe('months read ahead on the reader thread', () => {
  it('reject, refuse and ignore exactly as months read by the import itself', () => {
    const months = [
      // Rows the reader rejects, each with its line: a bad month, a point off the map, an unknown type, a repeat.
      file('ahead-a', '2024-01', [
        { crimeId: 'A1', month: '2024-01' },
        { crimeId: 'A2', month: '2023-12' },
        { crimeId: 'A3', month: '2024-01', lon: '' },
        { crimeId: 'A4', month: '2024-01', crimeType: 'Jaywalking' },
        { crimeId: 'A1', month: '2024-01' },
        { month: '2024-01', crimeType: 'Anti-social behaviour', location: 'On or near Park Road' },
      ]),
      // A header without the columns of a street file: refused, so the reader leaves it to the import.
      (() => {
        const sub = join(dir, 'ahead-b');
        mkdirSync(sub, { recursive: true });
        const path = join(sub, '2024-02-cleveland-street.csv');
        writeFileSync(path, 'Crime ID,Month\nB1,2024-02\n');
        return path;
      })(),
      // A row over the size limit: held back before parsing, which the reader also leaves to the import.
      file('ahead-c', '2024-03', [
        { crimeId: 'C1', month: '2024-03' },
        { crimeId: 'C2', month: '2024-03', location: `On or near ${'x'.repeat(3000)}` },
        { crimeId: 'A1', month: '2024-03' },
      ]),
      file('ahead-d', '2024-04', [{ crimeId: 'D1', month: '2024-04', location: 'On or near Park Road' }]),
    ];
    const csvLimits = { maxRecordBytes: 1000, maxFields: 100, maxFileBytes: 1 << 20 };
    const run = (name: string, bulkRows: number | undefined) => {
      const db = openStore(join(dir, `${name}.db`));
      const lines: string[] = [];
      const rejectsPath = join(dir, `${name}-rejects.csv`);
      const summary = importFiles(db, months, { bulkRows, csvLimits, rejectsPath, log: (l) => lines.push(l) });
      const held = db.prepare('SELECT month, crime_id, category, location, place_id FROM incidents ORDER BY id').all();
      const places = db.prepare('SELECT id, lon, lat, location, lsoa_code, h3_9, ward_code FROM places ORDER BY id').all();
      db.close();
      const files = summary.files.map(({ ms: _ms, ...f }) => f);
      return {
        files,
        rejects: readFileSync(rejectsPath, 'utf8'),
        held,
        places,
        lines: lines.filter((l) => !/^(bulk|index|reader) /.test(l)),
        all: lines,
      };
    };
    const itself = run('ahead-itself', undefined);
    const ahead = run('ahead-reader', 0);
    // Two of the four were read ahead; the refused one and the one with an oversized row were not.
    expect(ahead.all).toContain('reader   2 of 4 street files were read ahead on a second thread');
    expect(ahead.files).toEqual(itself.files);
    expect(ahead.rejects).toEqual(itself.rejects);
    expect(ahead.held).toEqual(itself.held);
    expect(ahead.places).toEqual(itself.places);
    expect(ahead.lines).toEqual(itself.lines);
    expect(itself.files.map((f) => f.status)).toEqual(['imported', 'refused', 'imported', 'imported']);
    // Lines 3-6 of the first month, and line 3 of the third (its oversized row).
    expect(
      itself.rejects
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.replace(`${dir}/`, '').split(',').slice(0, 2).join(',')),
    ).toEqual([
      'ahead-a/2024-01-cleveland-street.csv,3',
      'ahead-a/2024-01-cleveland-street.csv,4',
      'ahead-a/2024-01-cleveland-street.csv,5',
      'ahead-a/2024-01-cleveland-street.csv,6',
      'ahead-c/2024-03-cleveland-street.csv,3',
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
