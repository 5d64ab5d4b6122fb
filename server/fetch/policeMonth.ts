/**
 * One month of street-level crime for a set of ward polygons:
 * 1. every ward becomes one or more query pieces (polygons.ts);
 * 2. pieces are requested with up to `concurrency` in flight (the rate limiter paces them);
 *    a 503 (over 10,000 crimes) splits the piece into quadrants, which join the queue;
 * 3. each finished piece is journalled, so an interrupted month resumes where it stopped;
 * 4. the crimes of all pieces are deduplicated by the API id (pieces overlap at ward edges and
 *    along split lines) and, unless `clipToWards` is off, only crimes inside an exact ward
 *    polygon are kept (the query polygons are buffered, so they reach into neighbouring areas).
 */
import { createHash } from 'node:crypto';
import { buildPolygonIndex } from '../../geo/polygonIndex';
import type { PolygonGeometry } from '../../geo/pointInPolygon';
import { AbortError } from './rateLimiter';
import { MonthJournal } from './fetchState';
import type { ApiCrime, PoliceApi } from './policeApi';
import { loadGeometry, splitPiece, wardPieces, type PieceOptions, type QueryPiece } from './polygons';

export interface WardPolygon {
  code: string;
  name: string;
  geometry: PolygonGeometry;
}

export interface MonthProgress {
  month: string;
  piecesDone: number;
  piecesKnown: number;
  splits: number;
}

export interface MonthOptions {
  api: PoliceApi;
  outDir: string;
  month: string;
  wards: readonly WardPolygon[];
  wardsHash: string;
  concurrency: number;
  maxSplitDepth: number;
  pieceOptions?: Partial<PieceOptions>;
  clipToWards: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: MonthProgress) => void;
  /** Called after each journalled piece (the caller may save its state). */
  onPiece?: (journal: MonthJournal) => void;
}

export interface MonthResult {
  crimes: ApiCrime[];
  /** Pieces answered in this run (requests that returned crimes or a 503). */
  piecesRequested: number;
  /** Pieces taken from the journal of an earlier run. */
  piecesResumed: number;
  splits: number;
  /** Crimes returned by more than one piece, counted once. */
  duplicates: number;
  /** Crimes returned for the buffered query polygons but outside every ward. */
  outsideWards: number;
  /** The month's journal: the caller removes it once the CSV is in place. */
  journal: MonthJournal;
}

/** Hash of the ward polygons and the piece settings: a journal is only reused for the same pieces. */
export function wardsHash(wards: readonly WardPolygon[], pieceOptions: Partial<PieceOptions> = {}): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(pieceOptions));
  for (const w of [...wards].sort((a, b) => a.code.localeCompare(b.code))) hash.update(JSON.stringify([w.code, w.geometry]));
  return hash.digest('hex').slice(0, 16);
}

export class SplitLimitError extends Error {
  constructor(piece: string, month: string, depth: number) {
    super(
      `police.uk still answers 503 for polygon piece ${piece} (${month}) after ${depth} splits; ` +
        'the API may be unavailable: try again later',
    );
    this.name = 'SplitLimitError';
  }
}

function crimeKey(crime: ApiCrime): string {
  if (crime.id !== undefined && crime.id !== null && String(crime.id) !== '') return `id:${crime.id}`;
  if (crime.persistent_id) return `pid:${crime.persistent_id}`;
  return `row:${crime.category}|${crime.location?.latitude}|${crime.location?.longitude}|${crime.location?.street?.id}`;
}

export async function fetchMonth(options: MonthOptions): Promise<MonthResult> {
  const { api, month, signal } = options;
  await loadGeometry();
  const journal = MonthJournal.open(options.outDir, month, options.wardsHash);
  const queue: QueryPiece[] = [];
  for (const ward of [...options.wards].sort((a, b) => a.code.localeCompare(b.code))) {
    queue.push(...wardPieces(ward.code, ward.geometry, options.pieceOptions));
  }
  let known = queue.length;
  let finished = 0;
  let requested = 0;
  let resumed = 0;
  let splits = 0;
  const report = () => options.onProgress?.({ month, piecesDone: finished, piecesKnown: known, splits });

  const handle = async (piece: QueryPiece): Promise<void> => {
    if (journal.done.has(piece.id)) {
      resumed++;
      finished++;
      return;
    }
    if (journal.split.has(piece.id)) {
      const children = splitPiece(piece);
      queue.push(...children);
      known += children.length;
      resumed++;
      finished++;
      splits++;
      return;
    }
    const result = await api.crimesInPolygon(piece.ring, month);
    requested++;
    if (result.tooMany) {
      if (piece.depth >= options.maxSplitDepth) throw new SplitLimitError(piece.id, month, piece.depth);
      const children = splitPiece(piece);
      journal.recordSplit(piece.id);
      queue.push(...children);
      known += children.length;
      splits++;
    } else {
      journal.recordDone(piece.id, result.crimes);
    }
    finished++;
    options.onPiece?.(journal);
    report();
  };

  // A small pool: up to `concurrency` pieces in flight; on the first failure no new piece starts,
  // and the failure is raised once the pieces in flight have settled (and been journalled).
  await new Promise<void>((resolve, reject) => {
    let active = 0;
    let failure: unknown;
    const pump = () => {
      while (failure === undefined && active < options.concurrency && queue.length > 0) {
        if (signal?.aborted) failure = new AbortError();
        else {
          const piece = queue.shift()!;
          active++;
          handle(piece).then(
            () => {
              active--;
              pump();
            },
            (error) => {
              active--;
              failure ??= error;
              pump();
            },
          );
        }
      }
      if (active === 0 && (failure !== undefined || queue.length === 0)) {
        if (failure !== undefined) reject(failure);
        else resolve();
      }
    };
    report();
    pump();
  });

  const seen = new Set<string>();
  const unique: ApiCrime[] = [];
  let duplicates = 0;
  for (const crimes of journal.done.values())
    for (const crime of crimes) {
      const key = crimeKey(crime);
      if (seen.has(key)) duplicates++;
      else {
        seen.add(key);
        unique.push(crime);
      }
    }
  let kept = unique;
  if (options.clipToWards) {
    const index = buildPolygonIndex(options.wards.map((w) => ({ value: w.code, geometry: w.geometry })));
    kept = unique.filter((c) => index.find(Number(c.location?.longitude), Number(c.location?.latitude)) !== undefined);
  }
  kept.sort((a, b) => compareIds(a, b));
  return {
    crimes: kept,
    piecesRequested: requested,
    piecesResumed: resumed,
    splits,
    duplicates,
    outsideWards: unique.length - kept.length,
    journal,
  };
}

function compareIds(a: ApiCrime, b: ApiCrime): number {
  const x = Number(a.id);
  const y = Number(b.id);
  if (Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return String(a.id).localeCompare(String(b.id));
}
