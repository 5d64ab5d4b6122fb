import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Reads a CSV file in chunks, hashing it and holding back every record over the size limits, so
 * that a hostile or broken file costs bounded memory: a row of 140 million fields used to abort
 * the process (V8 "invalid size"), and a 400 MB line took 2 GB. An oversized record is replaced by
 * as many empty lines as it spans, so the parser skips it and every other record keeps its line
 * number; the caller rejects it by line. Quotes are tracked as the parser does (each `"` toggles),
 * so a newline inside a quoted field does not end a record here either.
 */
export interface CsvLimits {
  /** Bytes in one record (its line, or lines when a quoted field holds newlines). */
  maxRecordBytes: number;
  maxFields: number;
  /** Bytes of the records kept: the rest of the pipeline holds them whole. */
  maxFileBytes: number;
}

export const DEFAULT_CSV_LIMITS: CsvLimits = {
  // police.uk rows are about 250 bytes and 12 fields; the widest official table (IoD File 7) has
  // 57 fields in about 1 KB. The limits are far above any real file and far below harm.
  maxRecordBytes: 1 << 20,
  maxFields: 10_000,
  maxFileBytes: 256 << 20,
};

export interface OversizedRecord {
  line: number;
  bytes: number;
  fields: number;
  /** Which limit it broke, as shown in the summary: "3,000,000 fields (at most 10,000)". */
  detail: string;
  /** Its first 200 bytes, for the rejects file. */
  preview: string;
}

export interface CsvFileRead {
  /** The file's bytes with oversized records blanked out. */
  bytes: Buffer;
  /** The first bytes of the file as it is (for sniffing: binary, HTML, ...). */
  head: Buffer;
  /** sha256 of the whole file as it is on disk. */
  sha256: string;
  oversized: OversizedRecord[];
  /** Set when an oversized record starts the file: there is no usable header. */
  headerOversized?: OversizedRecord;
  /** Set when the file ends inside a quoted field that was too long to keep. */
  unterminatedQuoteLine?: number;
  /** Set when the kept records exceed maxFileBytes (reading stopped there). */
  tooLarge?: boolean;
}

const CHUNK = 1 << 20;
const HEAD = 8192;
const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

const fmt = (n: number) => n.toLocaleString('en-GB');

function describeLimit(bytes: number, fields: number, limits: CsvLimits): string {
  if (fields > limits.maxFields) return `${fmt(fields)} fields (a row may have at most ${fmt(limits.maxFields)})`;
  return `${fmt(bytes)} bytes long (a row may be at most ${fmt(limits.maxRecordBytes)} bytes)`;
}

export function readCsvFile(path: string, limits: CsvLimits = DEFAULT_CSV_LIMITS): CsvFileRead {
  const hash = createHash('sha256');
  const kept: Buffer[] = [];
  let keptBytes = 0;
  const oversized: OversizedRecord[] = [];
  let head = Buffer.alloc(0);
  let tooLarge = false;

  // The record being read: its pieces (while within the limits), size and shape so far.
  let pending: Buffer[] = [];
  let recBytes = 0;
  let recFields = 1;
  let recNewlines = 0;
  let recLine = 1;
  let recOver = false;
  let recPreview = '';
  let inQuotes = false;
  let line = 1;
  let recordsSeen = 0;
  let headerOversized: OversizedRecord | undefined;

  // The kept bytes of the current chunk as one open range, extended record by record: a Buffer
  // per record cost more than the byte loop (4 million objects for 2 million rows).
  let openBuf: Buffer | null = null;
  let openStart = 0;
  let openEnd = 0;
  const flushOpen = () => {
    if (openBuf !== null && openEnd > openStart) kept.push(openBuf.subarray(openStart, openEnd));
    openBuf = null;
  };
  const keepRange = (b: Buffer, start: number, end: number) => {
    keptBytes += end - start;
    if (openBuf === b && openEnd === start) {
      openEnd = end;
      return;
    }
    flushOpen();
    openBuf = b;
    openStart = start;
    openEnd = end;
  };
  const keep = (b: Buffer) => {
    if (b.length === 0) return;
    flushOpen();
    kept.push(b);
    keptBytes += b.length;
  };
  const checkLimits = () => {
    if (recOver || (recBytes <= limits.maxRecordBytes && recFields <= limits.maxFields)) return;
    recOver = true;
    recPreview = Buffer.concat(pending).subarray(0, 200).toString('utf8');
    pending = [];
  };
  const endRecord = (terminator: Buffer | undefined) => {
    checkLimits();
    // Only a CR (or nothing) before the newline: a blank line, not a record.
    const blank = recBytes === 0 || (recBytes === 1 && !recOver && pending.length > 0 && Buffer.concat(pending)[0] === CR);
    if (recOver) {
      const r: OversizedRecord = {
        line: recLine,
        bytes: recBytes,
        fields: recFields,
        detail: describeLimit(recBytes, recFields, limits),
        preview: recPreview,
      };
      oversized.push(r);
      if (recordsSeen === 0) headerOversized = r;
      keep(Buffer.from('\n'.repeat(recNewlines + (terminator ? 1 : 0))));
    } else {
      for (const p of pending) keep(p);
      if (terminator) keep(terminator);
    }
    if (!blank) recordsSeen++;
    pending = [];
    recBytes = 0;
    recFields = 1;
    recNewlines = 0;
    recOver = false;
    recLine = line;
  };

  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      const n = readSync(fd, chunk, 0, CHUNK, null);
      if (n === 0) break;
      const buf = chunk.subarray(0, n);
      hash.update(buf);
      if (head.length < HEAD) head = Buffer.concat([head, buf.subarray(0, HEAD - head.length)]);
      let segStart = 0;
      for (let i = 0; i < n; i++) {
        const c = buf[i];
        if (c > COMMA) continue;
        if (c === QUOTE) inQuotes = !inQuotes;
        else if (c === COMMA) {
          if (!inQuotes) recFields++;
        } else if (c === LF) {
          line++;
          if (inQuotes) {
            recNewlines++;
            continue;
          }
          // The common record: begun in this chunk and within the limits.
          const bytes = i - segStart;
          if (pending.length === 0 && !recOver && bytes <= limits.maxRecordBytes && recFields <= limits.maxFields) {
            if (bytes > 1 || (bytes === 1 && buf[segStart] !== CR)) recordsSeen++;
            keepRange(buf, segStart, i + 1);
            recFields = 1;
            recNewlines = 0;
            recLine = line;
            segStart = i + 1;
            continue;
          }
          recBytes += i - segStart;
          if (!recOver) pending.push(buf.subarray(segStart, i));
          endRecord(buf.subarray(i, i + 1));
          segStart = i + 1;
        }
      }
      recBytes += n - segStart;
      if (!recOver) pending.push(buf.subarray(segStart, n));
      checkLimits();
      if (keptBytes + (recOver ? 0 : recBytes) > limits.maxFileBytes) {
        tooLarge = true;
        break;
      }
    }
  } finally {
    closeSync(fd);
  }
  const endedInQuotes = inQuotes && recOver;
  if (!tooLarge && (recBytes > 0 || recOver)) endRecord(undefined);
  flushOpen();
  return {
    bytes: Buffer.concat(kept),
    head,
    sha256: hash.digest('hex'),
    oversized,
    headerOversized,
    unterminatedQuoteLine: endedInQuotes ? oversized.at(-1)?.line : undefined,
    tooLarge: tooLarge || undefined,
  };
}
