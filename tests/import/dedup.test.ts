import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/db/openStore';
import { importFiles } from '../../server/import';
import { streetCsv } from '../helpers/streetCsv';
import { removeDir, tempDir } from '../helpers/tempDir';

/**
 * A Crime ID published in two months is one crime, whatever order the months arrive in and
 * whatever later copies of them say; and a month that fails midway leaves the store as it was.
 *
 * Every case opens its own empty store and imports, itself, the history it starts from (the steps
 * below), so each passes alone (`-t`) and in any order (`--sequence.shuffle`).
 */
let dir: string;
let db: Store;
let n = 0;

/** Writes a street file (a new copy each call, so its sha256 differs from earlier copies). */
function file(month: string, rows: Parameters<typeof streetCsv>[0]): string {
  const sub = join(dir, `copy${n++}`);
  mkdirSync(sub, { recursive: true });
  const path = join(sub, `${month}-cleveland-street.csv`);
  writeFileSync(path, streetCsv(rows));
  return path;
}
const held = () => db.prepare('SELECT month, crime_id, location FROM incidents ORDER BY month, crime_id').all();
const shadowed = () => db.prepare('SELECT month, crime_id FROM incidents_shadowed ORDER BY month').all();
const monthCounts = () => db.prepare(`SELECT month, rows_stored FROM months WHERE dataset = 'street' ORDER BY month`).raw().all();

/** April with X and B, then March with X again (older, so shadowed) and A. */
function importAprilThenMarch() {
  const april = file('2024-04', [
    { crimeId: 'X', month: '2024-04', location: 'April X' },
    { crimeId: 'B', month: '2024-04' },
  ]);
  const march = file('2024-03', [
    { crimeId: 'X', month: '2024-03', location: 'March X' },
    { crimeId: 'A', month: '2024-03' },
  ]);
  return [importFiles(db, [april]), importFiles(db, [march])];
}
/** A newer copy of April that no longer lists X (and adds an ASB row). */
function importAprilWithoutX() {
  const april = file('2024-04', [
    { crimeId: 'B', month: '2024-04' },
    { month: '2024-04', crimeType: 'Anti-social behaviour', lastOutcome: '' },
  ]);
  return importFiles(db, [april]);
}
/** May lists X again. */
function importMayWithX() {
  return importFiles(db, [file('2024-05', [{ crimeId: 'X', month: '2024-05', location: 'May X' }])]);
}
/** June repeats Y within the one file. */
function importJuneWithRepeat() {
  return importFiles(db, [
    file('2024-06', [
      { crimeId: 'Y', month: '2024-06' },
      { crimeId: 'Y', month: '2024-06' },
    ]),
  ]);
}

beforeEach(() => {
  dir = tempDir('dedup');
  db = openStore(join(dir, 'atlas.db'));
});
afterEach(() => {
  db?.close();
  removeDir(dir);
});

describe('a Crime ID in two months', () => {
  it('keeps the newest month when the newer month is imported first', () => {
    const [april, march] = importAprilThenMarch();
    expect(april.files[0]).toMatchObject({ stored: 2, duplicates: 0 });
    expect(march.files[0]).toMatchObject({ stored: 1, duplicates: 1 });
    expect(held()).toEqual([
      { month: '2024-03', crime_id: 'A', location: 'On or near High Street' },
      { month: '2024-04', crime_id: 'B', location: 'On or near High Street' },
      { month: '2024-04', crime_id: 'X', location: 'April X' },
    ]);
    expect(shadowed()).toEqual([{ month: '2024-03', crime_id: 'X' }]);
    expect(monthCounts()).toEqual([
      ['2024-03', 1],
      ['2024-04', 2],
    ]);
  });

  it('brings the older record back when a newer copy of the newer month drops the crime', () => {
    importAprilThenMarch();
    expect(importAprilWithoutX().files[0]).toMatchObject({ stored: 2, replaced: 2 });
    expect(held()).toEqual([
      { month: '2024-03', crime_id: 'A', location: 'On or near High Street' },
      { month: '2024-03', crime_id: 'X', location: 'March X' },
      { month: '2024-04', crime_id: null, location: 'On or near High Street' },
      { month: '2024-04', crime_id: 'B', location: 'On or near High Street' },
    ]);
    expect(shadowed()).toEqual([]);
    expect(monthCounts()).toEqual([
      ['2024-03', 2],
      ['2024-04', 2],
    ]);
  });

  it('moves the crime forward again when a later month lists it', () => {
    importAprilThenMarch();
    importAprilWithoutX();
    expect(importMayWithX().files[0]).toMatchObject({ stored: 1, duplicates: 1 });
    expect(db.prepare(`SELECT month, location FROM incidents WHERE crime_id = 'X'`).all()).toEqual([
      { month: '2024-05', location: 'May X' },
    ]);
    expect(shadowed()).toEqual([{ month: '2024-03', crime_id: 'X' }]);
    expect(monthCounts()).toEqual([
      ['2024-03', 1],
      ['2024-04', 2],
      ['2024-05', 1],
    ]);
    expect(db.prepare('SELECT count(*) FROM incidents').pluck().get()).toBe(4);
  });

  it('rejects a Crime ID repeated within one file', () => {
    expect(importJuneWithRepeat().files[0]).toMatchObject({ stored: 1, rejected: { 'crime id repeated in the same file': 1 } });
    expect(held()).toEqual([{ month: '2024-06', crime_id: 'Y', location: 'On or near High Street' }]);
  });
});

describe('two copies of a month in one import', () => {
  it('keeps the newer file', () => {
    const newer = file('2024-09', [{ crimeId: 'N', month: '2024-09' }]);
    const older = file('2024-09', [{ crimeId: 'O', month: '2024-09' }]);
    utimesSync(older, new Date('2024-10-01'), new Date('2024-10-01'));
    utimesSync(newer, new Date('2024-11-01'), new Date('2024-11-01'));
    const summary = importFiles(db, [newer, older]);
    expect(summary.files.map((f) => f.stored)).toEqual([1, 1]);
    expect(db.prepare(`SELECT crime_id FROM incidents WHERE month = '2024-09'`).pluck().all()).toEqual(['N']);
    expect(monthCounts()).toEqual([['2024-09', 1]]);
  });
});

describe('an import that dies midway through a month', () => {
  it('leaves that month, and everything else, as it was', () => {
    importAprilThenMarch();
    importAprilWithoutX();
    importMayWithX();
    importJuneWithRepeat();
    // A trigger makes the database fail on the third row, as a full disk or a crash would.
    db.exec(
      `CREATE TRIGGER boom BEFORE INSERT ON incident_rows WHEN (SELECT location FROM places WHERE id = NEW.place_id) = 'BOOM' BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
    );
    const before = held();
    const april = file('2024-04', [
      { crimeId: 'C', month: '2024-04' },
      { crimeId: 'D', month: '2024-04' },
      { crimeId: 'E', month: '2024-04', location: 'BOOM' },
    ]);
    const summary = importFiles(db, [april]);
    db.exec('DROP TRIGGER boom');
    expect(summary.ok).toBe(false);
    expect(summary.refused[0].reason).toMatch(/import failed, nothing of it was stored: disk full/);
    expect(held()).toEqual(before);
    expect(monthCounts()).toEqual([
      ['2024-03', 1],
      ['2024-04', 2],
      ['2024-05', 1],
      ['2024-06', 1],
    ]);
  });
});

describe('latest outcome', () => {
  const outcomes = (month: string, rows: [string, string][]) => {
    const sub = join(dir, `copy${n++}`);
    mkdirSync(sub, { recursive: true });
    const path = join(sub, `${month}-cleveland-outcomes.csv`);
    const header = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type';
    writeFileSync(
      path,
      [
        header,
        ...rows.map(
          ([id, o]) =>
            `${id},${month},Cleveland Police,Cleveland Police,-1.317,54.563,On or near High Street,E01012235,Stockton-on-Tees 015A,${o}`,
        ),
      ].join('\n') + '\n',
    );
    return path;
  };
  const outcomeOf = (id: string) => db.prepare('SELECT outcome, outcome_month FROM incidents WHERE crime_id = ?').get(id);

  it('follows the newest outcomes month, and falls back to the street file when a copy drops the crime', () => {
    importAprilThenMarch();
    expect(outcomeOf('A')).toEqual({ outcome: 'Under investigation', outcome_month: null });
    importFiles(db, [outcomes('2024-08', [['A', 'Suspect charged']])]);
    importFiles(db, [outcomes('2024-07', [['A', 'Awaiting court outcome']])]);
    expect(outcomeOf('A')).toEqual({ outcome: 'Suspect charged', outcome_month: '2024-08' });
    importFiles(db, [outcomes('2024-08', [['Z', 'Local resolution']])]);
    expect(outcomeOf('A')).toEqual({ outcome: 'Awaiting court outcome', outcome_month: '2024-07' });
    importFiles(db, [outcomes('2024-07', [['Z', 'Local resolution']])]);
    expect(outcomeOf('A')).toEqual({ outcome: 'Under investigation', outcome_month: null });
  });
});
