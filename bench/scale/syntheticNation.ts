/**
 * Synthetic national police.uk data for the scale benchmark: the real street months, copied to
 * other places so that the store grows as it would with more forces.
 *
 * Copy 0 is the real data unchanged (so Stockton's own figures are exact at every size). Copy k
 * (1 <= k < size) is every real row moved by one fixed offset to a place of its own on a 9 x 11
 * grid over England and Wales, written as a force of its own (`synthetic-k`), with a new Crime ID
 * per crime (ASB keeps an empty one, as police.uk publishes it). Copies never overlap, so the
 * number of H3 cells and snap points grows with the size as it does nationally.
 *
 * No per-row jitter: police.uk points are snapped to anonymous map points, so every copy moves its
 * snap points together; jittering each row would make every incident its own location and
 * overstate the distinct locations (nationally about 750k) by two orders of magnitude.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseCsv } from '../../geo/csvParse';
import { csvField } from '../../geo/csvQuote';

export const MAX_SIZE = 100;

/** The grid of places: 9 columns from 5.5 W, 11 rows from 50.2 N, each wider than Cleveland. */
const COLUMNS = 9;
const ORIGIN = { lon: -5.5, lat: 50.2 };
const STEP = { lon: 0.8, lat: 0.45 };
/** The real data's anchor: Cleveland's south-west corner, roughly. */
const HOME = { lon: -1.45, lat: 54.45 };

/** Where copy k goes: the offset added to every real point. Copy 0 stays at home. */
export function copyOffset(k: number): { dLon: number; dLat: number } {
  if (!Number.isInteger(k) || k < 0 || k >= MAX_SIZE) throw new RangeError(`copy ${k} is outside 0..${MAX_SIZE - 1}`);
  if (k === 0) return { dLon: 0, dLat: 0 };
  const slot = k - 1;
  const col = slot % COLUMNS;
  const row = Math.floor(slot / COLUMNS);
  return { dLon: ORIGIN.lon + col * STEP.lon - HOME.lon, dLat: ORIGIN.lat + row * STEP.lat - HOME.lat };
}

export function copyForce(k: number, realForce: string): string {
  return k === 0 ? realForce : `synthetic-${String(k).padStart(2, '0')}`;
}

/** A new Crime ID for copy k: 64 hex digits as police.uk's, stable across runs. */
export function copyCrimeId(id: string, k: number): string {
  if (id === '' || k === 0) return id;
  return createHash('sha256').update(`${k}:${id}`).digest('hex');
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export interface GeneratedFile {
  readonly path: string;
  readonly rows: number;
}

/**
 * Writes `size` copies of one real street file (YYYY-MM-<force>-street.csv) into `outDir`, one file
 * per copy, named as police.uk names them so the importer reads month and force from the name.
 */
export function writeCopies(realFile: string, outDir: string, size: number): GeneratedFile[] {
  const m = /^(\d{4}-\d{2})-(.+)-street\.csv$/i.exec(basename(realFile));
  if (!m) throw new Error(`${realFile}: not a police.uk street file name (YYYY-MM-<force>-street.csv)`);
  const [, month, force] = m;
  const text = readFileSync(realFile, 'utf8');
  const records: string[][] = [];
  parseCsv(text, (fields) => {
    records.push(fields);
  });
  const header = records[0];
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${realFile}: no "${name}" column`);
    return i;
  };
  const [idCol, lonCol, latCol] = [col('Crime ID'), col('Longitude'), col('Latitude')];
  mkdirSync(outDir, { recursive: true });
  const out: GeneratedFile[] = [];
  for (let k = 0; k < size; k++) {
    const { dLon, dLat } = copyOffset(k);
    const path = join(outDir, `${month}-${copyForce(k, force)}-street.csv`);
    const fd = openSync(path, 'w');
    try {
      let chunk = header.map((f) => csvField(f)).join(',') + '\n';
      for (let r = 1; r < records.length; r++) {
        const fields = records[r].slice();
        fields[idCol] = copyCrimeId(fields[idCol], k);
        // Rows without a location stay without one: the importer rejects them the same way.
        if (k > 0 && fields[lonCol] !== '' && fields[latCol] !== '') {
          fields[lonCol] = String(round6(Number(fields[lonCol]) + dLon));
          fields[latCol] = String(round6(Number(fields[latCol]) + dLat));
        }
        chunk += fields.map((f) => csvField(f)).join(',') + '\n';
        if (chunk.length > 1 << 20) {
          writeSync(fd, chunk);
          chunk = '';
        }
      }
      writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
    out.push({ path, rows: records.length - 1 });
  }
  return out;
}
