import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/db/openStore';
import { importFiles, importFolder } from '../../server/import';
import { REAL_DATA_DIR, realStore, realStoreCopy } from '../setup/realStore';
import { incidentContentChecksum, tableChecksums } from '../helpers/storeChecksum';
import { removeDir, tempDir } from '../helpers/tempDir';

/** Idempotence and order: the same files again change nothing; any order gives the same store. */
const POLICE = join(REAL_DATA_DIR, 'police-uk');
let dir: string;
let reference: Store;

beforeAll(() => {
  dir = tempDir('reimport');
  reference = openStore(realStore(), { readonly: true });
});
afterAll(() => {
  reference?.close();
  removeDir(dir);
});

describe('re-import', () => {
  it('a second import of the same folder stores nothing and reports every file unchanged', () => {
    const db = openStore(realStoreCopy(dir, 'second.db'));
    const before = tableChecksums(db);
    const summary = importFolder(db, REAL_DATA_DIR);
    expect(summary.ok).toBe(true);
    expect([summary.imported, summary.stored, summary.replaced, summary.rejectedTotal]).toEqual([0, 0, 0, 0]);
    expect(summary.unchanged).toBe(summary.files.filter((f) => f.status !== 'ignored').length);
    expect(summary.unchanged).toBe(35 * 3 + 5 + 6 + 1);
    expect(tableChecksums(db)).toEqual(before);
    db.close();
  });

  it('outcomes before crimes, months newest first, one file at a time: the same incidents', () => {
    const db = openStore(join(dir, 'reversed.db'));
    const list = (sub: string, suffix: string) =>
      readdirSync(join(POLICE, sub))
        .filter((f) => f.endsWith(suffix))
        .map((f) => join(POLICE, sub, f))
        .sort()
        .reverse();
    importFiles(db, [join(REAL_DATA_DIR, 'boundaries', 'wards.geojson')]);
    for (const f of list('outcomes', '-outcomes.csv')) expect(importFiles(db, [f]).ok).toBe(true);
    for (const f of list('.', '-street.csv')) expect(importFiles(db, [f]).ok).toBe(true);
    expect(db.prepare('SELECT count(*) FROM incidents').pluck().get()).toBe(196_296);
    expect(incidentContentChecksum(db)).toBe(incidentContentChecksum(reference));
    const counts = (s: Store) => s.prepare(`SELECT month, rows_stored FROM months WHERE dataset = 'street' ORDER BY month`).all();
    expect(counts(db)).toEqual(counts(reference));
    db.close();
  });
});
