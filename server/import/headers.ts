/**
 * Header matching by name, not position: police.uk has added and reordered columns over the
 * years (stop-and-search gained "Policing operation"), and official ONS/MHCLG tables differ in
 * case and spacing from the tidied copies in shared/data.
 */

/** Lower case, single spaces, no BOM or surrounding space: the form headers are compared in. */
export function normaliseHeader(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/** The index of the first header matching any alias (exact, after normalising), or -1. */
export function findColumn(header: readonly string[], aliases: readonly (string | RegExp)[]): number {
  const names = header.map(normaliseHeader);
  for (const alias of aliases) {
    const i = typeof alias === 'string' ? names.indexOf(alias) : names.findIndex((n) => alias.test(n));
    if (i !== -1) return i;
  }
  return -1;
}

/**
 * Resolves every column of a spec ({ key: aliases }); returns the indexes, or the names of the
 * required columns that are missing. Optional keys resolve to -1 when absent.
 */
export function resolveColumns<K extends string>(
  header: readonly string[],
  required: Readonly<Record<K, readonly (string | RegExp)[]>>,
  optional: Readonly<Record<string, readonly (string | RegExp)[]>> = {},
): { columns: Record<K, number> & Record<string, number>; missing: string[] } {
  const columns = {} as Record<K, number> & Record<string, number>;
  const missing: string[] = [];
  for (const key of Object.keys(required) as K[]) {
    const i = findColumn(header, required[key]);
    if (i === -1) missing.push(String(required[key][0]));
    (columns as Record<string, number>)[key] = i;
  }
  for (const key of Object.keys(optional)) (columns as Record<string, number>)[key] = findColumn(header, optional[key]);
  return { columns, missing };
}

/** Reads the header record of CSV text: the first line, extended while a quote is still open. */
export function headerLine(text: string): string {
  let end = text.indexOf('\n');
  if (end === -1) return text;
  const quotes = (s: string) => (s.match(/"/g) ?? []).length;
  while (quotes(text.slice(0, end)) % 2 === 1) {
    const next = text.indexOf('\n', end + 1);
    if (next === -1) return text;
    end = next;
  }
  return text.slice(0, end).replace(/\r$/, '');
}

/** snake_case of a header, for measures without a canonical name. */
export function snakeCase(name: string): string {
  return normaliseHeader(name)
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}
