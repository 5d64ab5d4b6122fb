import { describe, expect, it } from 'vitest';
import { weightingWarnings, type WeightedCategory } from '../../geo/weightingWarnings';

const ASB: WeightedCategory = { slug: 'anti-social-behaviour', name: 'Anti-social behaviour', weight: 0 };
const VIOLENCE = (w: [number, number, number]): WeightedCategory[] => [
  { slug: 'violent-crime', name: 'Violence and sexual offences', weight: w[0] },
  { slug: 'robbery', name: 'Robbery', weight: w[1] },
  { slug: 'possession-of-weapons', name: 'Possession of weapons', weight: w[2] },
];

describe('weightingWarnings', () => {
  it('says an all-zero selection gives an empty map, and what to choose instead', () => {
    expect(weightingWarnings({ scheme: 'cost', categories: [ASB], harmLabel: 'Anti-social behaviour' })).toEqual([
      'The cost weighting gives anti-social behaviour no weight, so this map is empty: choose count or CCHI weighting',
    ]);
  });

  it('names the weightless categories of a partly weighted selection and what is left', () => {
    expect(weightingWarnings({ scheme: 'cost', categories: VIOLENCE([0, 11320, 0]), harmLabel: 'Violence' })).toEqual([
      'The cost weighting gives no weight to violence and sexual offences and possession of weapons: this violence map shows robbery only (choose count or CCHI weighting to include them)',
    ]);
  });

  it('says nothing when every category carries weight, or nothing is selected', () => {
    expect(weightingWarnings({ scheme: 'count', categories: VIOLENCE([1, 1, 1]), harmLabel: 'Violence' })).toEqual([]);
    expect(weightingWarnings({ scheme: 'cchi', categories: [{ ...ASB, weight: 1 }] })).toEqual([]);
    expect(weightingWarnings({ scheme: 'cost', categories: [] })).toEqual([]);
  });

  it('blames an explicit ASB weight of 0, not the scheme', () => {
    expect(weightingWarnings({ scheme: 'cchi', categories: [ASB], harmLabel: 'Anti-social behaviour', asbWeight: 0 })).toEqual([
      'The ASB weight of 0 gives anti-social behaviour no weight, so this map is empty: set the ASB weight above 0 or choose count weighting',
    ]);
  });

  it('words a layer of the overlap view as a layer', () => {
    expect(weightingWarnings({ scheme: 'cost', categories: [ASB], harmLabel: 'ASB', subject: 'layer' })).toEqual([
      'The cost weighting gives anti-social behaviour no weight, so the ASB layer has no hot cells and its overlap is empty: choose count or CCHI weighting',
    ]);
    expect(weightingWarnings({ scheme: 'cost', categories: VIOLENCE([0, 1, 0]), harmLabel: 'violence', subject: 'layer' })[0]).toMatch(
      /: the violence layer shows robbery only/,
    );
  });

  it('shortens a long list of weightless categories and names a list selection without a harm type', () => {
    const cats: WeightedCategory[] = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].map((n) => ({
      slug: `other-${n}`,
      name: `Cat ${n}`,
      weight: 0,
    }));
    cats.push({ slug: 'robbery', name: 'Robbery', weight: 5 });
    const [w] = weightingWarnings({ scheme: 'cost', categories: cats });
    expect(w).toMatch(
      /^The cost weighting gives no weight to 8 of the 9 selected categories \(cat a, cat b, cat c, cat d, cat e and 3 more\): this map shows robbery only \(choose count weighting to include them\)$/,
    );
  });
});
