import cchi from './harmWeights/cchi.json';
import cchiMean from './harmWeights/cchi-mean.json';
import cost from './harmWeights/cost.json';

/**
 * A harm-weight scheme: one weight per police.uk category, each with the derivation that
 * produced it (the JSON files beside this module name their sources). `null` means the scheme
 * has no defensible value for that category, so it carries no harm in that scheme.
 */
export interface WeightScheme {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly source: string;
  readonly derivation: string;
  readonly caveats: readonly string[];
  readonly weights: Readonly<Record<string, number | null>>;
  readonly derivations: Readonly<Record<string, string>>;
}

const COUNT: WeightScheme = {
  id: 'count',
  label: 'Count (every incident weighs 1)',
  unit: 'incidents',
  source: 'None: each incident counts once',
  derivation: 'weight 1 for every category',
  caveats: ['Counts treat a shoplifting like a stabbing: use a harm scheme to rank places by harm.'],
  weights: {},
  derivations: {},
};

/**
 * The sources as a reader would cite them: publications by name. The JSON files keep the full
 * provenance (the tables and versions the weights were read from) for whoever checks the
 * derivation; that trail is not for the screen, and a press report is no source to show.
 */
const PUBLICATIONS: Readonly<Record<string, string>> = {
  cchi: 'Cambridge Crime Harm Index (Sherman, Neyroud & Neyroud 2016, “The Cambridge Crime Harm Index”, Policing 10(3)), weighted by national police recorded crime counts for 2024/25 (Home Office)',
  'cchi-mean':
    'Cambridge Crime Harm Index (Sherman, Neyroud & Neyroud 2016, “The Cambridge Crime Harm Index”, Policing 10(3)), mean of each offence group, weighted by national police recorded crime counts for 2024/25 (Home Office)',
  cost: 'The economic and social costs of crime, second edition (Heeks, Reed, Tafsiri & Prince 2018, Home Office Research Report 99), weighted by national police recorded crime counts for 2024/25 (Home Office)',
};

function published(s: WeightScheme): WeightScheme {
  return { ...s, source: PUBLICATIONS[s.id] ?? s.source };
}

export const WEIGHT_SCHEMES: readonly WeightScheme[] = [COUNT, published(cchi), published(cchiMean), published(cost)];

export function weightScheme(id: string): WeightScheme | undefined {
  return WEIGHT_SCHEMES.find((s) => s.id === id);
}

/**
 * The weight of one category under a scheme: count weighs everything 1, whatever the ASB setting
 * (a count that weighed ASB differently would not be a count, and the app hides the setting then);
 * in harm schemes `asbWeight` overrides anti-social behaviour, which no published scheme values;
 * a category without a value weighs 0.
 */
export function categoryWeight(scheme: WeightScheme, slug: string, asbWeight?: number): number {
  if (scheme.id === 'count') return 1;
  if (slug === 'anti-social-behaviour' && asbWeight !== undefined) return asbWeight;
  return scheme.weights[slug] ?? 0;
}
