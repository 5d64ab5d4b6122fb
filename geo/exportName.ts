/**
 * Download file names that say what the file holds, so a folder of exports stays readable after
 * the browser tab is gone: `<harm>-<kind>[-<qualifier>...]-<from>-to-<to>.<ext>`, e.g.
 * `violence-hotspots-2025-06-to-2025-11.csv`. The server's Content-Disposition and the client's
 * `download` attribute both come from here, so the two never disagree.
 */

export interface ExportNameInput {
  /** What the rows are: 'hotspots', 'cells', 'patrol-plan', 'cctv-sites'... */
  kind: string;
  /** A harm group id, when the selection was made by harm group. */
  harm?: string | null;
  /** The police.uk category slugs selected; absent means every category. */
  categories?: readonly string[] | null;
  /** Every category the data holds, so an explicit full list still reads as all crime. */
  allCategories?: readonly string[];
  /** First and last month, YYYY-MM. */
  from: string;
  to: string;
  /** Weighting scheme id; anything but 'count' is named, since harm-weighted figures differ from counts. */
  weight?: string | null;
  /** Variants of the same kind that would otherwise overwrite each other (e.g. 'significant'). */
  qualifiers?: readonly string[];
}

/** Lower-case letters, digits and single hyphens: safe in every file system and in a quoted header. */
export function fileSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The harm part of the name: the harm group; 'all-crime' for every category; the slug of a single
 * category; 'custom' for any other hand-picked list (the list itself is in the parameters).
 */
export function harmPart(input: Pick<ExportNameInput, 'harm' | 'categories' | 'allCategories'>): string {
  if (input.harm) return fileSlug(input.harm) || 'custom';
  const cats = input.categories ?? null;
  if (cats === null || cats.length === 0) return 'all-crime';
  const unique = new Set(cats);
  if (
    input.allCategories &&
    input.allCategories.length > 0 &&
    input.allCategories.every((c) => unique.has(c)) &&
    unique.size === new Set(input.allCategories).size
  )
    return 'all-crime';
  if (unique.size === 1) return fileSlug(cats[0]) || 'custom';
  return 'custom';
}

/** The name without its extension. */
export function exportStem(input: ExportNameInput): string {
  const parts = [harmPart(input), fileSlug(input.kind) || 'export', ...(input.qualifiers ?? []).map(fileSlug)];
  if (input.weight && input.weight !== 'count') parts.push(`${fileSlug(input.weight)}-weighted`);
  parts.push(fileSlug(input.from), 'to', fileSlug(input.to));
  return parts.filter((p) => p !== '').join('-');
}

export function exportFileName(input: ExportNameInput, ext: string): string {
  return `${exportStem(input)}.${fileSlug(ext)}`;
}

/** The parameters file saved beside a CSV of the same stem. */
export function paramsFileName(stem: string): string {
  return `${stem}.params.json`;
}
