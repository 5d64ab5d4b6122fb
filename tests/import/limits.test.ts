import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../server/db/openStore';
import { importFolder } from '../../server/import';
import { readCsvFile } from '../../server/import/csvFile';
import { REAL_DATA_DIR } from '../setup/realStore';
import { readCsvObjects } from '../helpers/policeCsv';
import { removeDir, tempDir } from '../helpers/tempDir';
import { importCli } from './importCli';

/**
 * Rows far over any real size: a row of 3 million fields (the 140 million aborted the
 * process with V8 "invalid size", exit 133) and a line of 300 MB (2 GB of memory before). Each is
 * rejected by line, the rest of its file is imported, and memory stays bounded.
 */
const POLICE = join(REAL_DATA_DIR, 'police-uk');
const JAN = '2023-01-cleveland-street.csv';
const FEB = '2023-02-cleveland-street.csv';
const FIELDS = 3_000_000;
const LONG_MB = 300;
let dir: string;
let data: string;
let janLines: string[];
let febLines: string[];
let longLineBytes: number;

/** Writes `lines`, with line `at` (1-based) replaced by what `writeLine` writes, without holding it. */
function writeWith(path: string, lines: string[], at: number, writeLine: (fd: number) => number): number {
  const fd = openSync(path, 'w');
  let written = 0;
  try {
    writeSync(fd, lines.slice(0, at - 1).join('\n') + '\n');
    written = writeLine(fd);
    writeSync(fd, '\n' + lines.slice(at).join('\n'));
  } finally {
    closeSync(fd);
  }
  return written;
}

beforeAll(() => {
  dir = tempDir('limits');
  data = join(dir, 'data', 'police-uk');
  mkdirSync(data, { recursive: true });
  janLines = readFileSync(join(POLICE, JAN), 'utf8').split('\n');
  febLines = readFileSync(join(POLICE, FEB), 'utf8').split('\n');
  writeWith(join(data, JAN), janLines, 5, (fd) => writeSync(fd, 'x,'.repeat(FIELDS - 1) + 'x'));
  longLineBytes = writeWith(join(data, FEB), febLines, 7, (fd) => {
    const prefix = febLines[6].slice(0, febLines[6].indexOf('On or near'));
    let n = writeSync(fd, prefix + 'On or near ');
    const mb = Buffer.alloc(1 << 20, 'x');
    for (let i = 0; i < LONG_MB; i++) n += writeSync(fd, mb);
    return n + writeSync(fd, ',E01012235,Stockton-on-Tees 015A,Burglary,Under investigation,');
  });
});
afterAll(() => removeDir(dir));

describe('rows over the size limits', () => {
  it('are rejected by file and line; every other row is stored, in bounded memory', () => {
    const rssBefore = process.memoryUsage().rss;
    const db = openStore(join(dir, 'inproc.db'));
    const rejectsPath = join(dir, 'rejects.csv');
    const summary = importFolder(db, join(dir, 'data'), { rejectsPath });
    const peakGrowth = process.resourceUsage().maxRSS * 1024 - rssBefore;
    console.log(`peak RSS growth over the import: ${(peakGrowth / 2 ** 20).toFixed(0)} MB`);

    const rows = (lines: string[]) => lines.slice(1).filter((l) => l.trim() !== '').length;
    expect(summary.ok).toBe(true);
    expect(summary.files.map((f) => [f.file, f.status, f.rowsRead, f.stored, f.rejected])).toEqual([
      [`police-uk/${JAN}`, 'imported', rows(janLines), rows(janLines) - 1, { 'too many fields': 1 }],
      [`police-uk/${FEB}`, 'imported', rows(febLines), rows(febLines) - 1, { 'row too long': 1 }],
    ]);
    expect(summary.files[0].oversized).toEqual(['line 5: 3,000,000 fields (a row may have at most 10,000)']);
    expect(summary.files[1].oversized).toEqual([
      `line 7: ${longLineBytes.toLocaleString('en-GB')} bytes long (a row may be at most 1,048,576 bytes)`,
    ]);
    const written = readCsvObjects(rejectsPath).map(({ row }) => [row.file, row.line, row.reason, row.raw.length]);
    expect(written).toEqual([
      [`police-uk/${JAN}`, '5', 'too many fields', 203],
      [`police-uk/${FEB}`, '7', 'row too long', 203],
    ]);
    // The rows after the oversized one keep their place: the month holds every other row.
    const ids = (m: string) =>
      new Set(db.prepare(`SELECT crime_id FROM incidents WHERE month = ? AND crime_id IS NOT NULL`).pluck().all(m));
    const expected = (lines: string[], skip: number) =>
      lines
        .slice(1)
        .filter((l, i) => i + 2 !== skip && l.trim() !== '')
        .map((l) => l.split(',')[0])
        .filter(Boolean);
    expect(ids('2023-01')).toEqual(new Set(expected(janLines, 5)));
    expect(ids('2023-02')).toEqual(new Set(expected(febLines, 7)));
    expect(db.prepare(`SELECT rows_read FROM import_files ORDER BY path`).pluck().all()).toEqual([rows(janLines), rows(febLines)]);
    db.close();
    // Reading the 300 MB file whole took 2 GB; in chunks it is the chunk and the kept rows.
    expect(peakGrowth).toBeLessThan(200 * 2 ** 20);
  });

  it('the CLI names file and line in the summary and exits 0 (rows rejected, no file refused)', () => {
    const r = importCli(['--data', join(dir, 'data'), '--db', join(dir, 'cli.db')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      [
        'Rows over the size limits (rejected; the rest of each file was imported):',
        `  police-uk/${JAN} line 5: 3,000,000 fields (a row may have at most 10,000)`,
        `  police-uk/${FEB} line 7: ${longLineBytes.toLocaleString('en-GB')} bytes long (a row may be at most 1,048,576 bytes)`,
      ].join('\n'),
    );
    expect(r.stderr).toContain(`rejected police-uk/${JAN} line 5: 3,000,000 fields`);
  });
});

describe('readCsvFile', () => {
  const limits = { maxRecordBytes: 40, maxFields: 4, maxFileBytes: 1000 };
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('blanks an oversized record, quoted newlines included, keeping every later line number', () => {
    const text = 'a,b,c\n1,2,3\n"long\nquoted\nfield ' + 'y'.repeat(40) + '",2,3\n4,5,6\n1,2,3,4,5\n7,8,9';
    const r = readCsvFile(file('quoted.csv', text), limits);
    expect(r.bytes.toString()).toBe('a,b,c\n1,2,3\n\n\n\n4,5,6\n\n7,8,9');
    expect(r.oversized.map((o) => [o.line, o.bytes, o.fields, o.detail])).toEqual([
      [3, 64, 3, '64 bytes long (a row may be at most 40 bytes)'],
      [7, 9, 5, '5 fields (a row may have at most 4)'],
    ]);
    expect(r.oversized[0].preview).toBe(text.slice(12, 12 + 64));
    expect(r.headerOversized).toBeUndefined();
  });

  it('passes a file within the limits through byte for byte, hashed as it is on disk', () => {
    const path = join(POLICE, JAN);
    const r = readCsvFile(path);
    expect(r.bytes.equals(readFileSync(path))).toBe(true);
    expect(r.oversized).toEqual([]);
  });

  it('refuses a file whose header is oversized, or which ends inside an oversized quoted field', () => {
    const header = readCsvFile(file('header.csv', '\n\na,b,c,d,e\n1,2,3\n'), limits);
    expect(header.headerOversized?.line).toBe(3);
    const open = readCsvFile(file('open.csv', 'a,b\n1,"' + 'z\n'.repeat(30)), limits);
    expect(open.unterminatedQuoteLine).toBe(2);
    const big = readCsvFile(file('big.csv', 'a,b\n' + '1,2\n'.repeat(300)), limits);
    expect(big.tooLarge).toBe(true);
  });
});
