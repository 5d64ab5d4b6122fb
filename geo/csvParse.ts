/**
 * A small RFC 4180 CSV parser tuned for police.uk files, which almost never quote: a line with no
 * quote character is split with String#split (fast in V8); only lines that contain a quote go
 * through the character-by-character path, which handles "" escapes and newlines inside quotes.
 *
 * It reports records, not rows of text: each callback gets the fields, the 1-based line the record
 * starts on, and the [start, end) offsets of its raw text (for the rejects file). Blank lines are
 * skipped. It never throws; instead it tells the caller how the text ended, so that a truncated
 * download can be refused rather than half-imported.
 */
export type OnRecord = (fields: string[], line: number, start: number, end: number) => void;

export interface CsvEnd {
  /** Records delivered, header included. */
  records: number;
  /** False when the text does not end with a newline: the last record may have been cut short. */
  lastTerminated: boolean;
  /** Field count of the last record delivered (0 when there was none). */
  lastFieldCount: number;
  /** Line of the last record delivered. */
  lastLine: number;
  /** Set when the text ends inside a quoted field: the line where that record starts. */
  unterminatedQuoteLine?: number;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

export function parseCsv(text: string, onRecord: OnRecord): CsvEnd {
  const n = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0; // byte-order mark from Excel exports
  let line = 1;
  let records = 0;
  let lastFieldCount = 0;
  let lastLine = 0;
  let lastTerminated = true;
  // Position of the next quote at or after pos; -1 once there are none left. Cached so that a
  // file without quotes is scanned for them once, not once per line.
  let nextQuote = text.indexOf('"', pos);

  while (pos < n) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl === -1 ? n : nl;
    if (nextQuote !== -1 && nextQuote < pos) nextQuote = text.indexOf('"', pos);

    if (nextQuote === -1 || nextQuote >= lineEnd) {
      let end = lineEnd;
      if (end > pos && text.charCodeAt(end - 1) === CR) end--;
      if (end > pos) {
        const fields = text.slice(pos, end).split(',');
        records++;
        lastFieldCount = fields.length;
        lastLine = line;
        lastTerminated = nl !== -1;
        onRecord(fields, line, pos, end);
      }
      pos = lineEnd + 1;
      line++;
      continue;
    }

    // Quoted record: walk characters until a newline outside quotes.
    const startLine = line;
    const start = pos;
    const fields: string[] = [];
    let field = '';
    let i = pos;
    let inQuotes = false;
    let fieldStart = i;
    let terminated = false;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (inQuotes) {
        if (c === QUOTE) {
          if (text.charCodeAt(i + 1) === QUOTE) {
            field += text.slice(fieldStart, i + 1);
            i += 2;
            fieldStart = i;
            continue;
          }
          field += text.slice(fieldStart, i);
          inQuotes = false;
          i++;
          fieldStart = i;
          continue;
        }
        if (c === LF) line++;
        i++;
        continue;
      }
      if (c === QUOTE) {
        field += text.slice(fieldStart, i);
        inQuotes = true;
        i++;
        fieldStart = i;
        continue;
      }
      if (c === COMMA) {
        fields.push(field + text.slice(fieldStart, i));
        field = '';
        i++;
        fieldStart = i;
        continue;
      }
      if (c === LF) {
        const fieldEnd = i > fieldStart && text.charCodeAt(i - 1) === CR ? i - 1 : i;
        fields.push(field + text.slice(fieldStart, fieldEnd));
        terminated = true;
        break;
      }
      i++;
    }
    if (inQuotes) return { records, lastTerminated: false, lastFieldCount, lastLine, unterminatedQuoteLine: startLine };
    if (!terminated) fields.push(field + text.slice(fieldStart, i));
    let end = i;
    if (terminated && end > start && text.charCodeAt(end - 1) === CR) end--;
    records++;
    lastFieldCount = fields.length;
    lastLine = startLine;
    lastTerminated = terminated;
    onRecord(fields, startLine, start, end);
    pos = i + 1;
    line++;
  }
  return { records, lastTerminated, lastFieldCount, lastLine };
}
