/**
 * RFC 4180 field quoting (Shafranovich 2005, §2.6–2.7): a field is enclosed in double quotes when it
 * holds a comma, a double quote, CR or LF, with embedded quotes doubled. The one writer-side rule
 * for every CSV the project writes (exports, import rejects, fetched police.uk and official files),
 * the counterpart of geo/csvParse.ts.
 */

export interface CsvFieldOptions {
  /**
   * Prefix string cells starting with = + - @ (or tab/CR) with a single quote so a
   * spreadsheet does not execute them as formulas (OWASP "CSV injection"). Numbers are
   * never altered, so negative values stay numeric. Off by default because it changes data.
   */
  guardFormulas?: boolean;
}

function cellText(value: unknown, guardFormulas: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') {
    return guardFormulas && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  }
  // Arrays and objects (e.g. top street lists) keep their structure as JSON text.
  return JSON.stringify(value);
}

/** One field as CSV text: null, undefined and non-finite numbers empty; bare unless it needs quotes. */
export function csvField(value: unknown, options: CsvFieldOptions = {}): string {
  const text = cellText(value, options.guardFormulas ?? false);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
