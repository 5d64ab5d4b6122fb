/**
 * police.uk crime categories: the API's slug (`category`) and the CSV's `Crime type` name.
 * Source: data.police.uk/api/crime-categories, every published date (2010-12 onward). The set has
 * changed over time, so older names are kept: an import of any month maps to a known slug.
 */
export interface Category {
  readonly slug: string;
  readonly name: string;
}

export const POLICE_UK_CATEGORIES: readonly Category[] = [
  { slug: 'anti-social-behaviour', name: 'Anti-social behaviour' },
  { slug: 'bicycle-theft', name: 'Bicycle theft' },
  { slug: 'burglary', name: 'Burglary' },
  { slug: 'criminal-damage-arson', name: 'Criminal damage and arson' },
  { slug: 'drugs', name: 'Drugs' },
  { slug: 'other-theft', name: 'Other theft' },
  { slug: 'possession-of-weapons', name: 'Possession of weapons' },
  { slug: 'public-order', name: 'Public order' },
  { slug: 'robbery', name: 'Robbery' },
  { slug: 'shoplifting', name: 'Shoplifting' },
  { slug: 'theft-from-the-person', name: 'Theft from the person' },
  { slug: 'vehicle-crime', name: 'Vehicle crime' },
  { slug: 'violent-crime', name: 'Violence and sexual offences' },
  { slug: 'other-crime', name: 'Other crime' },
  // Retired categories, still found in older months.
  { slug: 'public-disorder-weapons', name: 'Public disorder and weapons' },
];

/** Older CSVs use other names for current slugs. */
const NAME_ALIASES: Readonly<Record<string, string>> = {
  'violent crime': 'violent-crime',
};

const slugByName = new Map<string, string>(POLICE_UK_CATEGORIES.map((c) => [c.name.toLowerCase(), c.slug]));
const nameBySlug = new Map<string, string>(POLICE_UK_CATEGORIES.map((c) => [c.slug, c.name]));

/** The slug for a CSV `Crime type` (case-insensitive), or undefined when it is not a police.uk category. */
export function categorySlug(crimeType: string): string | undefined {
  const key = crimeType.trim().toLowerCase();
  return slugByName.get(key) ?? NAME_ALIASES[key] ?? (nameBySlug.has(key) ? key : undefined);
}

export function categoryName(slug: string): string | undefined {
  return nameBySlug.get(slug);
}

export function isCategorySlug(slug: string): boolean {
  return nameBySlug.has(slug);
}
