import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { readCsvFile, type CsvLimits, type OversizedRecord } from './csvFile';
import { sniff } from './fileSniff';
import { RefusedFile } from './types';

const fmt = (n: number) => n.toLocaleString('en-GB');

export interface FileRead {
  bytes: Buffer;
  head: Buffer;
  sha256: string;
  oversized: OversizedRecord[];
}

/**
 * A CSV is read in chunks with its oversized records held back (csvFile.ts); a GeoJSON file is
 * parsed whole, so it gets the same per-file ceiling before it is read at all.
 */
export function readInput(path: string, limits: CsvLimits): FileRead {
  const tooBig = () =>
    new RefusedFile(
      `holds more than ${fmt(limits.maxFileBytes)} bytes, the most the importer reads from one file (a police.uk force-month file is a few MB): split it`,
    );
  if (extname(path).toLowerCase() !== '.csv') {
    if (statSync(path).size > limits.maxFileBytes) throw tooBig();
    const bytes = readFileSync(path);
    return { bytes, head: bytes, sha256: createHash('sha256').update(bytes).digest('hex'), oversized: [] };
  }
  const read = readCsvFile(path, limits);
  if (read.tooLarge) throw tooBig();
  if (read.headerOversized && sniff(read.head).kind === 'text') {
    throw new RefusedFile(`line ${read.headerOversized.line}, the header, is ${read.headerOversized.detail}`);
  }
  if (read.unterminatedQuoteLine !== undefined) {
    throw new RefusedFile(`truncated: a quoted field opened on line ${read.unterminatedQuoteLine} never closes`);
  }
  return read;
}
