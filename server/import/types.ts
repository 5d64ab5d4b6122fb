import type { CsvLimits } from './csvFile';

/**
 * Shapes shared by the importer modules and its callers (the import CLI, the server's first-run
 * import, the fetch CLI). Kept in one place so the summary means the same thing everywhere.
 */

/** What a file was recognised as. 'unknown' files are listed but not imported. */
export type FileKind = 'street' | 'outcomes' | 'stop-search' | 'boundary' | 'area-table' | 'pois' | 'unknown';

export type FileStatus = 'imported' | 'unchanged' | 'refused' | 'ignored';

/** Why a row was not stored. The strings are shown to users and written to the rejects file. */
export const REJECT_REASONS = {
  columns: 'wrong number of columns',
  missingCoordinates: 'missing coordinates',
  badCoordinates: 'unparsable coordinates',
  outsideUk: 'outside the UK',
  impossibleMonth: 'impossible month',
  otherMonth: 'month does not match file',
  unknownCategory: 'unknown category',
  missingCrimeId: 'missing crime id',
  missingOutcome: 'missing outcome',
  duplicateInFile: 'crime id repeated in the same file',
  badDate: 'unparsable date',
  missingAreaCode: 'missing area code',
  badGeometry: 'missing or unusable geometry',
  tooManyFields: 'too many fields',
  tooLong: 'row too long',
} as const;
export type RejectReason = (typeof REJECT_REASONS)[keyof typeof REJECT_REASONS];

/** One rejected row: enough to find it in the file and see what was wrong. */
export interface Reject {
  file: string;
  line: number;
  reason: RejectReason;
  raw: string;
}

/** Progress within one file. done/total count the file's records (rows or features). */
export interface ImportProgress {
  file: string;
  done: number;
  total: number;
  /** 0-based position of this file among the files being imported, and how many there are. */
  fileIndex: number;
  fileCount: number;
}

export interface ImportOptions {
  /** Write every rejected row to this CSV (file,line,reason,raw). Overwritten on each run. */
  rejectsPath?: string;
  onProgress?: (p: ImportProgress) => void;
  /** One line per file when it finishes (status and counts), plus notices such as ward reassignment. */
  log?: (line: string) => void;
  /** Paths in reports are shown relative to this folder (importFolder sets it to the folder). */
  baseDir?: string;
  /** Per-record and per-file size limits of CSV files (csvFile.ts has the defaults). */
  csvLimits?: CsvLimits;
  /**
   * Street rows (estimated from the files' sizes, 250 bytes a row) from which the import takes the
   * bulk way: the Crime ID index rebuilt after the months instead of kept up row by row. Default
   * 1,000,000; tests set 0 to take it on small data.
   */
  bulkRows?: number;
}

export interface FileReport {
  /** Path as shown to users (relative to the imported folder when there is one). */
  file: string;
  kind: FileKind;
  /** What the file holds, e.g. 'street cleveland 2023-01', 'imd2019', 'ward WD25'. */
  dataset?: string;
  status: FileStatus;
  /** Data rows (CSV) or features (GeoJSON) read. */
  rowsRead: number;
  /** Rows written to the store by this file. */
  stored: number;
  /** Rows of an earlier copy of the same unit (month, dataset, boundary set) that this file replaced. */
  replaced: number;
  rejected: Partial<Record<RejectReason, number>>;
  /** Crime IDs this file shares with another month; only the newest month's record is kept. */
  duplicates: number;
  /** Why the file was refused or ignored. */
  message?: string;
  /** Rows over the size limits, each rejected by line: "line 3: 3,000,000 fields (...)". */
  oversized?: string[];
  ms: number;
}

export interface ImportSummary {
  files: FileReport[];
  imported: number;
  /** Files skipped because the same content (sha256) is already stored. */
  unchanged: number;
  ignored: number;
  rowsRead: number;
  stored: number;
  replaced: number;
  duplicates: number;
  rejected: Partial<Record<RejectReason, number>>;
  rejectedTotal: number;
  refused: { file: string; reason: string }[];
  /** Incidents and stop-and-search rows given a new ward because the current ward set changed. */
  wardsReassigned: number;
  ms: number;
  /**
   * Set when the import stopped at a file because the store could not be written (disk full, I/O
   * error): nothing of that file was stored and the files after it were not attempted.
   */
  stopped?: { file: string; reason: string; code: string };
  /** Files not attempted because the import stopped. */
  notAttempted: string[];
  /** True when no file was refused and the import did not stop (the CLI's exit status). */
  ok: boolean;
}

/** Thrown by a file importer to refuse a file; nothing of that file is written. */
export class RefusedFile extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedFile';
  }
}
