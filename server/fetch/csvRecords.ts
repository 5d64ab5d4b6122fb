/**
 * A small RFC 4180 reader that keeps each record's raw text, so a published CSV can be cut down
 * to one area's rows without re-quoting anything (the kept bytes are the publisher's own).
 */
export interface CsvRecord {
  fields: string[];
  /** The record as it stood in the file, without its line ending. */
  raw: string;
}

export function* csvRecords(text: string): Generator<CsvRecord> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  while (i < n) {
    const start = i;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let end = -1;
    for (;;) {
      if (i >= n) {
        fields.push(field);
        end = i;
        break;
      }
      const c = text[i];
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            quoted = false;
            i++;
          }
        } else {
          field += c;
          i++;
        }
      } else if (c === '"' && field === '') {
        quoted = true;
        i++;
      } else if (c === ',') {
        fields.push(field);
        field = '';
        i++;
      } else if (c === '\r' || c === '\n') {
        fields.push(field);
        end = i;
        i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
        break;
      } else {
        field += c;
        i++;
      }
    }
    const raw = text.slice(start, end);
    if (raw === '' && fields.length === 1) continue; // blank line
    yield { fields, raw };
  }
}

/**
 * Keeps the header and the records whose column matching `column` equals `value`. Returns null
 * when no header column matches (the caller then keeps the file whole).
 */
export function filterCsvByColumn(text: string, column: RegExp, value: string): { text: string; kept: number; read: number } | null {
  const records = csvRecords(text);
  const header = records.next();
  if (header.done) return null;
  const index = header.value.fields.findIndex((f) => column.test(f.trim()));
  if (index < 0) return null;
  const out = [header.value.raw];
  let read = 0;
  for (const record of records) {
    read++;
    if ((record.fields[index] ?? '').trim() === value) out.push(record.raw);
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { text: out.join(eol) + eol, kept: out.length - 1, read };
}
