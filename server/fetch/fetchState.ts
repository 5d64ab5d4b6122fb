/**
 * Resumable fetch state, kept in the out dir:
 * - `fetch-state.json`: the force, the ward set used, each month's status (complete months name
 *   their CSV; partial months count their finished polygon pieces) and each other source's file.
 *   Written to a temporary file and renamed, so it is never half written.
 * - `.fetch/<month>.jsonl`: the journal of an unfinished month. One line per finished polygon
 *   piece, holding its crimes (or marking that it was split). It is appended, so an interrupted
 *   run loses at most the pieces in flight; a torn last line is ignored. On completion the month's
 *   CSV is written to a temporary file, renamed into place, and the journal deleted.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ApiCrime } from './policeApi';

export const STATE_FILE = 'fetch-state.json';
export const WORK_DIR = '.fetch';

export interface MonthState {
  status: 'complete' | 'partial';
  /** Hash of the ward polygons and piece settings the pieces were cut from. */
  wardsHash: string;
  /** The force's street CSV, relative to the out dir, once complete. */
  file?: string;
  /** Every CSV written for the month, when more than the force's (British Transport Police). */
  files?: string[];
  crimes?: number;
  piecesDone?: number;
  piecesSplit?: number;
  /** Ids of finished pieces (partial months). */
  pieces?: string[];
  completedAt?: string;
}

export interface SourceState {
  file: string;
  url?: string;
  fetchedAt: string;
  detail?: string;
}

export interface FetchState {
  version: 1;
  area: string;
  force?: { id: string; name: string };
  wards?: { source: string; hash: string; count: number; file?: string };
  months: Record<string, MonthState>;
  categories: Record<string, Record<string, string>>;
  sources: Record<string, SourceState>;
  lastRun?: { at: string; lastMonth: string | null };
}

export function writeFileAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

export function loadState(outDir: string, area: string): FetchState {
  const path = join(outDir, STATE_FILE);
  if (existsSync(path)) {
    try {
      const state = JSON.parse(readFileSync(path, 'utf8')) as FetchState;
      if (state.version === 1 && state.area === area) {
        state.months ??= {};
        state.categories ??= {};
        state.sources ??= {};
        return state;
      }
    } catch {
      // A state file that does not parse is replaced; journals and CSVs on disk still count.
    }
  }
  return { version: 1, area, months: {}, categories: {}, sources: {} };
}

export function saveState(outDir: string, state: FetchState): void {
  writeFileAtomic(join(outDir, STATE_FILE), JSON.stringify(state, null, 1) + '\n');
}

type JournalLine =
  | { type: 'header'; month: string; wardsHash: string }
  | { type: 'done'; piece: string; crimes: ApiCrime[] }
  | { type: 'split'; piece: string };

/** The append-only record of one unfinished month's polygon pieces. */
export class MonthJournal {
  readonly done = new Map<string, ApiCrime[]>();
  readonly split = new Set<string>();

  private constructor(readonly path: string) {}

  /** Opens (or starts) the journal; a journal cut from other wards is discarded. */
  static open(outDir: string, month: string, wardsHash: string): MonthJournal {
    const path = join(outDir, WORK_DIR, `${month}.jsonl`);
    const journal = new MonthJournal(path);
    let valid = false;
    if (existsSync(path)) {
      const lines = readFileSync(path, 'utf8').split('\n');
      for (const [i, text] of lines.entries()) {
        if (text.trim() === '') continue;
        let line: JournalLine;
        try {
          line = JSON.parse(text) as JournalLine;
        } catch {
          continue; // torn line from an interrupted write
        }
        if (i === 0) {
          valid = line.type === 'header' && line.month === month && line.wardsHash === wardsHash;
          if (!valid) break;
        } else if (line.type === 'done') journal.done.set(line.piece, line.crimes);
        else if (line.type === 'split') journal.split.add(line.piece);
      }
    }
    if (!valid) {
      journal.done.clear();
      journal.split.clear();
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, JSON.stringify({ type: 'header', month, wardsHash } satisfies JournalLine) + '\n');
    } else {
      // Start on a fresh line in case the last write was torn.
      appendFileSync(path, '\n');
    }
    return journal;
  }

  recordDone(piece: string, crimes: ApiCrime[]): void {
    appendFileSync(this.path, JSON.stringify({ type: 'done', piece, crimes } satisfies JournalLine) + '\n');
    this.done.set(piece, crimes);
  }

  recordSplit(piece: string): void {
    appendFileSync(this.path, JSON.stringify({ type: 'split', piece } satisfies JournalLine) + '\n');
    this.split.add(piece);
  }

  remove(): void {
    rmSync(this.path, { force: true });
  }
}
