import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/db/openStore';
import { importFolder } from '../../server/import';
import { REAL_DATA_DIR, realStoreCopy } from '../setup/realStore';
import { readCsvObjects, splitCsvLine } from '../helpers/policeCsv';
import { incidentContentChecksum, tableChecksums } from '../helpers/storeChecksum';
import { removeDir, tempDir } from '../helpers/tempDir';

/**
 * Corrupted copies of real files, imported into a copy of the real store: each refusal and each
 * rejected row must be exactly the expected one, a refused file must leave the store exactly as
 * it was, and a file with bad rows must replace its month with just the good rows.
 */
const POLICE = join(REAL_DATA_DIR, 'police-uk');
const real = (name: string) => readFileSync(join(POLICE, name), 'utf8');

let dir: string;
let db: Store;
let baseline: Record<string, string>;

beforeAll(() => {
  dir = tempDir('corrupted');
  db = openStore(realStoreCopy(dir));
  baseline = tableChecksums(db);
});
afterAll(() => {
  db?.close();
  removeDir(dir);
});

describe('files that are not what they claim, or cut short, are refused and change nothing', () => {
  it('refuses each with a message naming the problem, and reports the import as not ok', () => {
    const data = join(dir, 'refused');
    const write = (name: string, content: string | Buffer) => writeFileSync(join(data, name), content);
    mkdirSync(data, { recursive: true });

    const jan = real('2023-01-cleveland-street.csv');
    const cut = jan.indexOf('\n', Math.floor(jan.length * 0.6)) + 40; // 40 characters into a row
    const truncated = jan.slice(0, cut);
    write('2023-01-cleveland-street.csv', truncated);
    write('2023-02-cleveland-street.csv', '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>\n');
    write('2023-03-cleveland-street.csv', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    write('2023-04-cleveland-street.csv', real('outcomes/2023-04-cleveland-outcomes.csv'));
    const mayLines = real('2023-05-cleveland-street.csv').split('\n');
    mayLines[99] = mayLines[99].replace('On or near', '"On or near'); // a quote that never closes
    write('2023-05-cleveland-street.csv', mayLines.join('\n'));

    const summary = importFolder(db, data);
    const refused = Object.fromEntries(summary.refused.map((r) => [r.file, r.reason]));
    expect(Object.keys(refused).sort()).toEqual([
      '2023-01-cleveland-street.csv',
      '2023-02-cleveland-street.csv',
      '2023-03-cleveland-street.csv',
      '2023-04-cleveland-street.csv',
      '2023-05-cleveland-street.csv',
    ]);
    const lastLine = truncated.split('\n').length;
    const fields = splitCsvLine(truncated.split('\n').at(-1)!).length;
    expect(refused['2023-01-cleveland-street.csv']).toBe(
      `truncated: the last line (${lastLine}) has ${fields} of 12 fields and no line ending`,
    );
    expect(refused['2023-02-cleveland-street.csv']).toMatch(/not CSV: it is an HTML/);
    expect(refused['2023-03-cleveland-street.csv']).toMatch(/not CSV: it is binary data/);
    expect(refused['2023-04-cleveland-street.csv']).toMatch(
      /named as a police.uk street file, but line 1 is not its header \(missing: crime type, last outcome category\); it looks like a outcomes file/,
    );
    expect(refused['2023-05-cleveland-street.csv']).toBe('truncated: a quoted field opened on line 100 never closes');
    expect(summary.ok).toBe(false);
    expect(summary.stored).toBe(0);
    expect(tableChecksums(db)).toEqual(baseline);
  });
});

describe('bad rows are rejected one by one; the good rows of the file replace its month', () => {
  const corrupt: [line: number, change: (f: string[]) => string[], reason: string][] = [
    [10, (f) => ((f[4] = ''), f), 'missing coordinates'],
    [11, (f) => ((f[5] = 'fifty-four'), f), 'unparsable coordinates'],
    [12, (f) => ((f[4] = '0'), (f[5] = '0'), f), 'outside the UK'],
    [13, (f) => ((f[4] = '-12.5'), f), 'outside the UK'],
    [14, (f) => ((f[1] = '2023-13'), f), 'impossible month'],
    [15, (f) => ((f[1] = 'June 2023'), f), 'impossible month'],
    [16, (f) => ((f[1] = '2023-07'), f), 'month does not match file'],
    [17, (f) => ((f[9] = 'Jaywalking'), f), 'unknown category'],
    [18, (f) => f.slice(0, 10), 'wrong number of columns'],
    [19, (f) => [...f, 'extra'], 'wrong number of columns'],
  ];
  const file = '2023-06-cleveland-street.csv';

  it('rejects exactly the corrupted lines, writes them to the rejects file, and stores the rest', () => {
    const data = join(dir, 'rows');
    mkdirSync(data, { recursive: true });
    const lines = real(file).split('\n');
    const originalRows = readCsvObjects(join(POLICE, file));
    for (const [line, change] of corrupt) lines[line - 1] = change(splitCsvLine(lines[line - 1])).join(',');
    writeFileSync(join(data, file), lines.join('\n'));
    const otherMonthsBefore = db.prepare(`SELECT count(*), sum(id) FROM incidents WHERE month <> '2023-06'`).raw().get();

    const rejectsPath = join(dir, 'rejects.csv');
    const summary = importFolder(db, data, { rejectsPath });
    expect(summary.ok).toBe(true);
    expect(summary.rejected).toEqual({
      'missing coordinates': 1,
      'unparsable coordinates': 1,
      'outside the UK': 2,
      'impossible month': 2,
      'month does not match file': 1,
      'unknown category': 1,
      'wrong number of columns': 2,
    });
    const f = summary.files[0];
    expect([f.rowsRead, f.stored, f.replaced]).toEqual([originalRows.length, originalRows.length - corrupt.length, originalRows.length]);

    const written = readCsvObjects(rejectsPath).map(({ row }) => row);
    expect(written.map((r) => [r.file, Number(r.line), r.reason])).toEqual(corrupt.map(([line, , reason]) => [file, line, reason]));
    expect(written.map((r) => r.raw)).toEqual(corrupt.map(([line]) => lines[line - 1]));

    // The month now holds exactly the uncorrupted rows; other months are untouched.
    const bad = new Set(corrupt.map(([line]) => line));
    const expected = originalRows
      .filter((r) => !bad.has(r.line))
      .map((r) => `${r.row['Crime ID']}|${r.row.Location}|${Number(r.row.Longitude)}`)
      .sort();
    const stored = (
      db
        .prepare(`SELECT coalesce(crime_id, '') || '|' || location || '|' || lon FROM incidents WHERE month = '2023-06'`)
        .pluck()
        .all() as string[]
    ).sort();
    expect(stored).toEqual(expected);
    expect(db.prepare(`SELECT count(*), sum(id) FROM incidents WHERE month <> '2023-06'`).raw().get()).toEqual(otherMonthsBefore);
  });

  it('re-importing the good copy restores the month exactly', () => {
    const before = openStore(realStoreCopy(join(dir, 'reference')));
    const summary = importFolder(db, POLICE);
    expect(summary.ok).toBe(true);
    expect(summary.files.filter((f) => f.status === 'imported').map((f) => f.file)).toEqual([file]);
    expect(incidentContentChecksum(db)).toBe(incidentContentChecksum(before));
    before.close();
  });
});
