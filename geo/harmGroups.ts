/**
 * Harm groups that follow the Safer Stockton Partnership strategy's priorities (methods.md §2).
 * A category may sit in more than one group. Neighbourhood crime follows the Home Office
 * definition as far as police.uk categories allow (domestic and non-domestic burglary, personal
 * and business robbery cannot be told apart).
 */
export interface HarmGroup {
  readonly id: string;
  readonly label: string;
  readonly priority: string;
  readonly categories: readonly string[];
}

export const HARM_GROUPS: readonly HarmGroup[] = [
  { id: 'violence', label: 'Violence', priority: 'Serious violence', categories: ['violent-crime', 'robbery', 'possession-of-weapons'] },
  { id: 'asb', label: 'Anti-social behaviour', priority: 'ASB and feelings of safety', categories: ['anti-social-behaviour'] },
  {
    id: 'disorder',
    label: 'Disorder and damage',
    priority: 'ASB key issues (rowdy behaviour, arson)',
    categories: ['public-order', 'criminal-damage-arson'],
  },
  { id: 'drugs', label: 'Drugs', priority: 'Crime linked to drugs and alcohol', categories: ['drugs'] },
  {
    id: 'neighbourhood',
    label: 'Neighbourhood crime',
    priority: 'Prolific offenders (neighbourhood crime)',
    categories: ['burglary', 'robbery', 'theft-from-the-person', 'vehicle-crime'],
  },
  { id: 'acquisitive', label: 'Acquisitive', priority: 'Prolific offenders', categories: ['shoplifting', 'other-theft', 'bicycle-theft'] },
  { id: 'other', label: 'Other crime', priority: 'Serious and organised crime (partly)', categories: ['other-crime'] },
];

export function harmGroup(id: string): HarmGroup | undefined {
  return HARM_GROUPS.find((g) => g.id === id);
}

/** The label of the selection that maps every category, shown by the harm picker and the PDF pack. */
export const ALL_HARM_LABEL = 'All crime and ASB';

/** A group's label where space is short (table headings): "ASB" is how partners write it. */
export function harmShortLabel(id: string): string {
  return id === 'asb' ? 'ASB' : (harmGroup(id)?.label ?? id);
}

/**
 * The label of a harm selection as the client and the pack name it: "all", a group id, or
 * "cat:<slug>" for one police.uk category (named by `categoryName`, else shown as its slug).
 */
export function harmSelectionLabel(harm: string, categoryName: (slug: string) => string | undefined): string {
  if (harm === 'all') return ALL_HARM_LABEL;
  if (harm.startsWith('cat:')) return categoryName(harm.slice(4)) ?? harm.slice(4);
  return harmGroup(harm)?.label ?? harm;
}
