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
  { id: 'disorder', label: 'Disorder and damage', priority: 'ASB key issues (rowdy behaviour, arson)', categories: ['public-order', 'criminal-damage-arson'] },
  { id: 'drugs', label: 'Drugs', priority: 'Crime linked to drugs and alcohol', categories: ['drugs'] },
  { id: 'neighbourhood', label: 'Neighbourhood crime', priority: 'Prolific offenders (neighbourhood crime)', categories: ['burglary', 'robbery', 'theft-from-the-person', 'vehicle-crime'] },
  { id: 'acquisitive', label: 'Acquisitive', priority: 'Prolific offenders', categories: ['shoplifting', 'other-theft', 'bicycle-theft'] },
  { id: 'other', label: 'Other crime', priority: 'Serious and organised crime (partly)', categories: ['other-crime'] },
];

export function harmGroup(id: string): HarmGroup | undefined {
  return HARM_GROUPS.find((g) => g.id === id);
}
