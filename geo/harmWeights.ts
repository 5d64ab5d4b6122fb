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
  source: 'none: each incident counts once',
  derivation: 'weight 1 for every category',
  caveats: ['Counts treat a shoplifting like a stabbing: use a harm scheme to rank places by harm.'],
  weights: {},
  derivations: {},
};

export const WEIGHT_SCHEMES: readonly WeightScheme[] = [COUNT, cchi, cchiMean, cost];

export function weightScheme(id: string): WeightScheme | undefined {
  return WEIGHT_SCHEMES.find((s) => s.id === id);
}

/**
 * The weight of one category under a scheme: count weighs everything 1; `asbWeight` overrides
 * anti-social behaviour, which no published scheme values; a category without a value weighs 0.
 */
export function categoryWeight(scheme: WeightScheme, slug: string, asbWeight?: number): number {
  if (slug === 'anti-social-behaviour' && asbWeight !== undefined) return asbWeight;
  if (scheme.id === 'count') return 1;
  return scheme.weights[slug] ?? 0;
}
