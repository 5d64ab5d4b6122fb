import { parseCsv } from './csvParse';
import { REJECT_REASONS, RefusedFile, type Reject, type RejectReason } from './types';

/**
 * Reads a CSV with a header row: delivers each data row whose field count matches the header,
 * rejects the others, and refuses the whole file when it was cut short (an unterminated quote, or
 * a last line with too few fields and no line ending: the signature of an interrupted download).
 * Nothing is written while reading, so a refusal leaves the store untouched.
 */
export interface TableReader {
  header: string[];
  rowsRead: number;
}

export type OnRow = (fields: string[], line: number, reject: (reason: RejectReason) => void) => void;

export function readTable(text: string, file: string, rejects: Reject[], onRow: OnRow, onHeader?: (header: string[]) => void): TableReader {
  let header: string[] | undefined;
  let width = 0;
  let rowsRead = 0;
  let line = 0;
  let start = 0;
  let end = 0;
  const reject = (reason: RejectReason) => rejects.push({ file, line, reason, raw: text.slice(start, end) });
  const result = parseCsv(text, (fields, l, s, e) => {
    if (header === undefined) {
      header = fields;
      width = fields.length;
      onHeader?.(fields);
      return;
    }
    rowsRead++;
    line = l;
    start = s;
    end = e;
    if (fields.length !== width) {
      // A one-field row holding nothing but spaces is a stray blank line, not a record.
      if (fields.length === 1 && fields[0].trim() === '') {
        rowsRead--;
        return;
      }
      reject(REJECT_REASONS.columns);
      return;
    }
    onRow(fields, l, reject);
  });
  if (result.unterminatedQuoteLine !== undefined) {
    throw new RefusedFile(`truncated: a quoted field opened on line ${result.unterminatedQuoteLine} never closes`);
  }
  if (!result.lastTerminated && header !== undefined && result.records > 1 && result.lastFieldCount < width) {
    throw new RefusedFile(
      `truncated: the last line (${result.lastLine}) has ${result.lastFieldCount} of ${width} fields and no line ending`,
    );
  }
  if (header === undefined) throw new RefusedFile('has no header row');
  return { header, rowsRead };
}
