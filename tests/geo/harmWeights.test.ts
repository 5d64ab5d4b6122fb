/**
 * Harm weights: each scheme's weight per police.uk category is the value of the design's table
 * (harm-weights.md beside methods.md: Table A for CCHI and its mean-based variant, Table B for
 * cost), the CCHI values follow from the subgroup values and counts the table lists, and a cell's
 * harm total is the hand-computed sum of weight × incidents.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { POLICE_UK_CATEGORIES } from '../../geo/categories';
import { H3_RESOLUTIONS } from '../../geo/h3Bin';
import { categoryWeight, WEIGHT_SCHEMES, weightScheme, type WeightScheme } from '../../geo/harmWeights';
import { byCell, byWard } from '../../server/services/aggregate';
import { monthStarts, type IncidentCube } from '../../server/services/cube';
import { withWindow } from '../../server/services/selection';

/** Transcribed from harm-weights.md Table A (default and mean-based columns) and Table B. */
const TABLE: Record<string, { cchi: number; cchiMean: number; cost: number | null }> = {
  'violent-crime': { cchi: 194.21, cchiMean: 522.04, cost: null },
  robbery: { cchi: 365, cchiMean: 365, cost: 11320 },
  'possession-of-weapons': { cchi: 273.75, cchiMean: 541.2, cost: null },
  burglary: { cchi: 244.68, cchiMean: 246.18, cost: null },
  'criminal-damage-arson': { cchi: 11.18, cchiMean: 91.25, cost: 1705 },
  'other-crime': { cchi: 10, cchiMean: 73.7, cost: null },
  'public-order': { cchi: 7.5, cchiMean: 52.7, cost: null },
  'vehicle-crime': { cchi: 5, cchiMean: 6.4, cost: 5580 },
  drugs: { cchi: 3.66, cchiMean: 89.38, cost: null },
  'bicycle-theft': { cchi: 2, cchiMean: 2, cost: null },
  'theft-from-the-person': { cchi: 2, cchiMean: 2, cost: null },
  'other-theft': { cchi: 2, cchiMean: 20.8, cost: null },
  shoplifting: { cchi: 1, cchiMean: 1, cost: null },
  // The assumption the table states (the shoplifting floor); no cost exists.
  'anti-social-behaviour': { cchi: 1, cchiMean: 1, cost: null },
};

const scheme = (id: string): WeightScheme => {
  const s = weightScheme(id);
  if (!s) throw new Error(`no scheme ${id}`);
  return s;
};

describe('weights per category', () => {
  it('the table covers exactly the 14 current police.uk categories, as every scheme does', () => {
    // 'public-disorder-weapons' was retired in 2013; no scheme values it (it then weighs 0).
    const slugs = POLICE_UK_CATEGORIES.map((c) => c.slug)
      .filter((s) => s !== 'public-disorder-weapons')
      .sort();
    expect(slugs).toHaveLength(14);
    expect(Object.keys(TABLE).sort()).toEqual(slugs);
    for (const s of WEIGHT_SCHEMES.filter((s) => s.id !== 'count')) expect(Object.keys(s.weights).sort(), s.id).toEqual(slugs);
    expect(WEIGHT_SCHEMES.map((s) => s.id)).toEqual(['count', 'cchi', 'cchi-mean', 'cost']);
  });

  it('each weight is the documented one', () => {
    for (const [slug, w] of Object.entries(TABLE)) {
      expect(categoryWeight(scheme('cchi'), slug), slug).toBe(w.cchi);
      expect(categoryWeight(scheme('cchi-mean'), slug), slug).toBe(w.cchiMean);
      // Table B's gaps (and its unverified values) weigh nothing: "do not fill the gaps".
      expect(categoryWeight(scheme('cost'), slug), slug).toBe(w.cost ?? 0);
      expect(categoryWeight(scheme('count'), slug), slug).toBe(1);
    }
  });

  const csv = fileURLToPath(new URL('../../../shared/design/harm-weights/police_uk_category_weights.csv', import.meta.url));
  it.skipIf(!existsSync(csv))('the transcription above matches the design’s weights file', () => {
    const [head, ...lines] = readFileSync(csv, 'utf8').trim().split('\n');
    expect(head.split(',').slice(0, 4)).toEqual(['category', 'cchi_days_default', 'cchi_days_mean_variant', 'cost_gbp_2015_16']);
    expect(lines).toHaveLength(14);
    for (const line of lines) {
      const [slug, cchi, mean, cost, status] = line.split(',');
      expect(TABLE[slug].cchi, slug).toBe(Number(cchi));
      expect(TABLE[slug].cchiMean, slug).toBe(Number(mean));
      // Costs read only from a press report ("partly_recalled", "recalled_unverified") are left out.
      const usable = cost !== '' && /^read_secondary/.test(status);
      expect(TABLE[slug].cost, slug).toBe(usable ? Number(cost) : null);
    }
  });

  it('the CCHI weights follow from the subgroup values and national counts of Table A', () => {
    // [subgroup CCHI days, national 2024/25 count], as the table lists them.
    const subgroups: Record<string, [number, number][]> = {
      'violent-crime': [
        [5475, 524],
        [365, 516757],
        [10, 804983],
        [10, 598830],
        [365, 2244],
        [2555, 71509],
        [182.25, 135333],
      ],
      burglary: [
        [273.5, 166316],
        [183.5, 78332],
      ],
      'criminal-damage-arson': [
        [2, 432167],
        [185, 22837],
      ],
      drugs: [
        [3, 135651],
        [5, 66504],
      ],
      robbery: [
        [365, 15322],
        [365, 62281],
      ],
    };
    for (const [slug, parts] of Object.entries(subgroups)) {
      const weighted = parts.reduce((t, [v, n]) => t + v * n, 0) / parts.reduce((t, [, n]) => t + n, 0);
      expect(categoryWeight(scheme('cchi'), slug), slug).toBe(Math.round(weighted * 100) / 100);
    }
    // Table B: criminal damage and arson costs weighted by the same counts, to the pound.
    expect(Math.round((432167 * 1350 + 22837 * 8420) / 455004)).toBe(categoryWeight(scheme('cost'), 'criminal-damage-arson'));
    // Vehicle crime: the plain mean of theft of (£10,290) and from (£870) a vehicle.
    expect((10290 + 870) / 2).toBe(categoryWeight(scheme('cost'), 'vehicle-crime'));
  });

  it('the ASB weight setting replaces the scheme’s ASB weight and nothing else', () => {
    for (const id of ['cchi', 'cchi-mean', 'cost']) {
      expect(categoryWeight(scheme(id), 'anti-social-behaviour', 0)).toBe(0);
      expect(categoryWeight(scheme(id), 'anti-social-behaviour', 2.5)).toBe(2.5);
      expect(categoryWeight(scheme(id), 'burglary', 2.5)).toBe(categoryWeight(scheme(id), 'burglary'));
    }
    // Under count the setting is hidden; a remembered ASB weight must not turn the count into something else.
    expect(categoryWeight(scheme('count'), 'anti-social-behaviour', 3)).toBe(1);
    expect(categoryWeight(scheme('count'), 'anti-social-behaviour', 0)).toBe(1);
    expect(categoryWeight(scheme('cchi'), 'no-such-category')).toBe(0);
  });

  it('every non-count weight names its derivation', () => {
    for (const s of WEIGHT_SCHEMES.filter((s) => s.id !== 'count'))
      for (const [slug, w] of Object.entries(s.weights)) if (w !== null) expect(s.derivations[slug], `${s.id} ${slug}`).toBeTruthy();
  });
});

/** A cube by hand: incidents as [month, category, cell, ward], put in month order as the store reads them. */
function cube(months: string[], categories: string[], unordered: [string, string, string, string | null][]): IncidentCube {
  const incidents = [...unordered].sort((a, b) => months.indexOf(a[0]) - months.indexOf(b[0]));
  const monthOf = Uint16Array.from(incidents.map((i) => months.indexOf(i[0])));
  const cellIds = [...new Set(unordered.map((i) => i[2]))];
  const wardIds = [...new Set(unordered.map((i) => i[3]).filter((w): w is string => w !== null))];
  const of = Int32Array.from(incidents.map((i) => cellIds.indexOf(i[2])));
  const cells = Object.fromEntries(
    H3_RESOLUTIONS.map((r) => [r, { ids: cellIds, of, index: new Map(cellIds.map((id, k) => [id, k])) }]),
  ) as unknown as IncidentCube['cells'];
  const n = incidents.length;
  return {
    version: 'test',
    n,
    months,
    monthOf,
    monthStart: monthStarts(monthOf, incidents.length, months.length),
    categories,
    categoryOf: Uint8Array.from(incidents.map((i) => categories.indexOf(i[1]))),
    cells,
    wards: wardIds,
    wardAreas: wardIds.map(() => null),
    areaBoxes: {},
    wardOf: Int16Array.from(incidents.map((i) => (i[3] === null ? -1 : wardIds.indexOf(i[3])))),
    lon: new Float64Array(n),
    lat: new Float64Array(n),
    locations: [''],
    locationOf: new Int32Array(n),
    outcomes: [''],
    outcomeOf: new Int32Array(n),
  };
}

describe('harm totals', () => {
  const months = ['2023-12', '2024-01', '2024-02', '2024-03'];
  const cats = ['violent-crime', 'burglary', 'anti-social-behaviour', 'shoplifting', 'drugs', 'robbery'];
  const rows: [string, string, string, string | null][] = [
    ['2024-01', 'violent-crime', 'A', 'W1'],
    ['2024-02', 'violent-crime', 'A', 'W1'],
    ['2024-03', 'violent-crime', 'A', 'W1'],
    ['2024-02', 'burglary', 'A', 'W1'],
    ['2024-02', 'burglary', 'A', 'W1'],
    ['2024-01', 'anti-social-behaviour', 'A', 'W1'],
    ['2024-01', 'anti-social-behaviour', 'A', 'W1'],
    ['2024-02', 'anti-social-behaviour', 'A', 'W1'],
    ['2024-03', 'anti-social-behaviour', 'A', 'W1'],
    ['2024-03', 'shoplifting', 'A', 'W1'],
    ['2024-01', 'robbery', 'B', 'W2'],
    ['2024-02', 'drugs', 'B', 'W2'],
    ['2024-03', 'drugs', 'B', 'W2'],
    ['2024-03', 'anti-social-behaviour', 'B', null],
    ['2024-03', 'violent-crime', 'B', 'W2'],
    // Before the window: must not count.
    ['2023-12', 'burglary', 'B', 'W2'],
  ];
  const c = cube(months, cats, rows);
  const totals = (weight: string, opts: { asbWeight?: number; categories?: string[]; harm?: string } = {}) => {
    const sel = withWindow(c, {
      from: '2024-01',
      to: '2024-03',
      categories: opts.categories ?? cats,
      harm: opts.harm,
      scheme: scheme(weight),
      asbWeight: opts.asbWeight,
    });
    const t = byCell(c, 9, sel);
    return { count: [...t.count], harm: [...t.harm], wards: [...byWard(c, sel).harm] };
  };

  it('CCHI, every category: 3 × 194.21 + 2 × 244.68 + 5 × 1 in A; 365 + 2 × 3.66 + 1 + 194.21 in B', () => {
    const t = totals('cchi');
    expect(t.count).toEqual([10, 5]);
    expect(t.harm[0]).toBeCloseTo(1076.99, 9);
    expect(t.harm[1]).toBeCloseTo(567.53, 9);
    // The ASB incident in B lies outside every ward: the ward total leaves it out.
    expect(t.wards[0]).toBeCloseTo(1076.99, 9);
    expect(t.wards[1]).toBeCloseTo(566.53, 9);
  });

  it('the ASB setting: 0 drops ASB from harm (not from the count), 2.5 weighs each ASB incident 2.5', () => {
    const zero = totals('cchi', { asbWeight: 0 });
    expect(zero.count).toEqual([10, 5]);
    expect(zero.harm[0]).toBeCloseTo(1072.99, 9);
    expect(zero.harm[1]).toBeCloseTo(566.53, 9);
    const more = totals('cchi', { asbWeight: 2.5 });
    expect(more.harm[0]).toBeCloseTo(1076.99 + 4 * 1.5, 9);
    expect(more.harm[1]).toBeCloseTo(567.53 + 1.5, 9);
  });

  it('count weighs every incident 1; cost weighs only the categories it has a cost for', () => {
    expect(totals('count').harm).toEqual([10, 5]);
    expect(totals('cost').harm).toEqual([0, 11320]);
  });

  it('a harm group sums its own categories only (violence: violent crime, robbery, weapons)', () => {
    const t = totals('cchi', { harm: 'violence', categories: ['violent-crime', 'robbery', 'possession-of-weapons'] });
    expect(t.count).toEqual([3, 2]);
    expect(t.harm[0]).toBeCloseTo(3 * 194.21, 9);
    expect(t.harm[1]).toBeCloseTo(365 + 194.21, 9);
  });
});
