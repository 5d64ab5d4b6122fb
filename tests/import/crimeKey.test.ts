import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crimeKey, registerCrimeKey } from '../../server/db/crimeKey';
import { migrations } from '../../server/db/migrations';
import { openStore } from '../../server/db/openStore';
import { importFiles } from '../../server/import';
import { CrimeKeyTable } from '../../server/import/crimeFinder';
import { writeStreetFile, type StreetFields } from '../helpers/streetCsv';
import { removeDir, tempDir } from '../helpers/tempDir';

/**
 * Crime IDs are indexed by a 52-bit key (server/db/crimeKey.ts). A key only finds candidates:
 * two crimes whose keys collide must stay two crimes, and a store made before the key existed
 * must migrate to it with its crimes found as before.
 */
let dir: string;
beforeAll(() => {
  dir = tempDir('crime-key');
});
afterAll(() => removeDir(dir));

const HEX = 'a3f9c0de14b7e2f1c9d8b7a6e5f4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a';

describe('crimeKey', () => {
  it('is the first 13 hex digits of a police.uk Crime ID, as a number', () => {
    expect(crimeKey(HEX)).toBe(0xa3f9c0de14b7e);
    expect(crimeKey(HEX.toUpperCase())).toBe(0xa3f9c0de14b7e);
    expect(Number.isSafeInteger(crimeKey('f'.repeat(64)))).toBe(true);
    expect(crimeKey('f'.repeat(64))).toBe(2 ** 52 - 1);
  });

  it('hashes any other text to a whole number below 2^52, the same each time', () => {
    const keys = ['X', 'Y', 'ref-0001', 'ref-0002', '', 'a3f9'].map(crimeKey);
    for (const k of keys) expect(Number.isSafeInteger(k) && k >= 0 && k < 2 ** 52).toBe(true);
    expect(new Set(keys).size).toBe(keys.length);
    expect(crimeKey('ref-0001')).toBe(keys[2]);
  });
});

const file = (name: string, month: string, rows: StreetFields[]) => writeStreetFile(dir, name, month, rows);

describe('two crimes whose keys collide', () => {
  it('stay two crimes, while a repeat of either is still one crime', () => {
    const a = `${HEX.slice(0, 13)}${'0'.repeat(51)}`;
    const b = `${HEX.slice(0, 13)}${'1'.repeat(51)}`;
    expect(crimeKey(a)).toBe(crimeKey(b));
    const db = openStore(join(dir, 'collide.db'));
    const march = file('collide-march', '2024-03', [{ crimeId: a, month: '2024-03', location: 'March A' }]);
    const april = file('collide-april', '2024-04', [
      { crimeId: b, month: '2024-04', location: 'April B' },
      { crimeId: a, month: '2024-04', location: 'April A' },
    ]);
    expect(importFiles(db, [march, april]).ok).toBe(true);
    expect(db.prepare('SELECT month, crime_id, location FROM incidents ORDER BY location').all()).toEqual([
      { month: '2024-04', crime_id: a, location: 'April A' },
      { month: '2024-04', crime_id: b, location: 'April B' },
    ]);
    expect(db.prepare('SELECT month, crime_id FROM incidents_shadowed').all()).toEqual([{ month: '2024-03', crime_id: a }]);
    db.close();
  });
});

describe('a store made before crime keys and places (schema 5)', () => {
  it('migrates: every held crime gets its key and its place, the text index goes, and a repeat is still found', () => {
    const path = join(dir, 'old.db');
    const setup = openStore(join(dir, 'old-source.db'));
    expect(
      importFiles(setup, [
        file('old-march', '2024-03', [
          { crimeId: 'X', month: '2024-03', location: 'March X' },
          { crimeId: HEX, month: '2024-03' },
        ]),
      ]).ok,
    ).toBe(true);
    const rows = setup.prepare('SELECT * FROM incidents').all() as Record<string, unknown>[];
    const categories = setup.prepare('SELECT slug, name FROM categories').raw().all() as [string, string][];
    setup.close();

    // The schema as version 5 left it, holding the same rows.
    const old = new Database(path);
    registerCrimeKey(old);
    for (const m of migrations.slice(0, 5)) old.exec(m);
    old.pragma('user_version = 5');
    for (const [slug, name] of categories) old.prepare('INSERT INTO categories (slug, name) VALUES (?, ?)').run(slug, name);
    for (const r of rows) {
      const { crime_key: _k, place_id: _p, ...cols } = r;
      const names = Object.keys(cols);
      old.prepare(`INSERT INTO incidents (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`).run(cols);
    }
    old.close();

    const db = openStore(path);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(db.prepare('SELECT crime_id, crime_key FROM incidents ORDER BY crime_id').all()).toEqual(
      [
        { crime_id: 'X', crime_key: crimeKey('X') },
        { crime_id: HEX, crime_key: crimeKey(HEX) },
      ].sort((x, y) => (x.crime_id < y.crime_id ? -1 : 1)),
    );
    const indexes = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'incident_rows' ORDER BY name`)
      .pluck()
      .all();
    expect(indexes).toContain('incidents_crime_key');
    expect(indexes).not.toContain('incidents_crime_id');
    const april = file('old-april', '2024-04', [{ crimeId: 'X', month: '2024-04', location: 'April X' }]);
    const summary = importFiles(db, [april]);
    expect(summary.files[0]).toMatchObject({ status: 'imported', stored: 1, duplicates: 1 });
    expect(db.prepare(`SELECT month, location FROM incidents WHERE crime_id = 'X'`).all()).toEqual([
      { month: '2024-04', location: 'April X' },
    ]);
    db.close();
  });
});

describe('CrimeKeyTable', () => {
  it('keeps every id of a key, through collisions of slots and growth', () => {
    const table = new CrimeKeyTable(4);
    // Keys equal in their low 32 bits share a slot; the table must chain them.
    const base = 0x5a5a5a5a;
    for (let i = 0; i < 200_000; i++) table.add(base + i * 2 ** 32 * (i % 3 === 0 ? 1 : 0) + (i % 3 === 0 ? 0 : i), i);
    expect(table.size).toBe(200_000);
    const ids: number[] = [];
    table.idsOf(base, ids);
    expect(ids).toEqual([0]);
    const shared: number[] = [];
    table.idsOf(base + 3 * 2 ** 32, shared);
    expect(shared).toEqual([3]);
    table.add(base, 7);
    const twice: number[] = [];
    table.idsOf(base, twice);
    expect(twice.sort((a, b) => a - b)).toEqual([0, 7]);
    const none: number[] = [];
    table.idsOf(2 ** 51, none);
    expect(none).toEqual([]);
  });
});
