import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/db/openStore';
import { importFiles } from '../../server/import';
import { REAL_DATA_DIR } from '../setup/realStore';
import { removeDir, tempDir } from '../helpers/tempDir';

/** When a newer ward set arrives, every stored incident and search moves to the new wards. */
const file = (...p: string[]) => join(REAL_DATA_DIR, ...p);
let dir: string;
let db: Store;

beforeAll(() => {
  dir = tempDir('wards');
  db = openStore(join(dir, 'atlas.db'));
});
afterAll(() => {
  db?.close();
  removeDir(dir);
});

describe('current ward set', () => {
  it('assigns the only ward set there is, then the newer one when it arrives, to everything stored', () => {
    importFiles(db, [file('boundaries', 'wards-pre2023.geojson')]);
    importFiles(db, [
      file('police-uk', '2023-01-cleveland-street.csv'),
      file('police-uk', 'stop-and-search', '2023-01-cleveland-stop-and-search.csv'),
    ]);
    const wardsOf = (table: string) =>
      db.prepare(`SELECT DISTINCT substr(ward_code, 1, 7) FROM ${table} WHERE ward_code IS NOT NULL`).pluck().all();
    expect(wardsOf('incidents')).toEqual(['E050015']); // WD13 codes E05001527..E05001552
    const warded = db.prepare('SELECT count(*) FROM incidents WHERE ward_code IS NOT NULL').pluck().get() as number;

    const summary = importFiles(db, [file('boundaries', 'wards.geojson')]);
    expect(summary.wardsReassigned).toBeGreaterThan(warded * 0.9);
    expect(wardsOf('incidents')).toEqual(['E050148']); // WD25 codes E05014858..E05014884
    expect(wardsOf('stop_search')).toEqual(['E050148']);
    expect(db.prepare(`SELECT count(*) FROM incidents WHERE lsoa_name LIKE 'Stockton-on-Tees%' AND ward_code IS NULL`).pluck().get()).toBe(
      0,
    );
    expect(db.prepare(`SELECT vintage FROM boundary_sets WHERE kind = 'ward' AND is_current = 1`).pluck().all()).toEqual(['WD25']);
  });

  it('does not move anything when an older ward set arrives after the newer one', () => {
    const before = db.prepare('SELECT id, ward_code FROM incidents ORDER BY id').all();
    const summary = importFiles(db, [file('boundaries', 'wards-pre2023.geojson')]);
    expect(summary.files[0].status).toBe('unchanged');
    expect(db.prepare('SELECT id, ward_code FROM incidents ORDER BY id').all()).toEqual(before);
  });
});
