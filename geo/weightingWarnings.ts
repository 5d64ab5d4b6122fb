/**
 * Plain-English warnings for a harm weighting that weighs some or all of the selected categories
 * at zero. Without them a reader sees "0 ASB hot cells" under the cost scheme (which has no cost
 * for ASB) and takes it for a finding, or reads a violence map that is really a robbery map.
 */
import { categoryWeight, WEIGHT_SCHEMES, type WeightScheme } from './harmWeights';

export interface WeightedCategory {
  slug: string;
  /** The police.uk name ("Violence and sexual offences"). */
  name: string;
  weight: number;
}

export interface WeightingInput {
  /** The scheme id (count, cchi, cchi-mean, cost). */
  scheme: string;
  /** The selected categories and the weight each carries in this request. */
  categories: readonly WeightedCategory[];
  /** The harm group's name when the selection is one ("Violence", "ASB"); none for a list of categories. */
  harmLabel?: string | null;
  /** An explicit ASB weight, when the request set one. */
  asbWeight?: number | null;
  /**
   * What the selection draws: the whole map, or one layer of a two-layer view (the overlap), whose
   * other layer may still show hot spots.
   */
  subject?: 'map' | 'layer';
}

const SCHEME_WORDS: Readonly<Record<string, string>> = { count: 'count', cchi: 'CCHI', 'cchi-mean': 'CCHI', cost: 'cost' };
const ASB = 'anti-social-behaviour';
const LIST_MAX = 6;

function schemeWords(id: string): string {
  return SCHEME_WORDS[id] ?? id;
}

/** 'a', 'a and b', 'a, b and c'. */
function andList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Category names as they read inside a sentence; a long list is cut with a count of the rest. */
function names(cats: readonly WeightedCategory[]): string {
  const words = cats.map((c) => c.name.toLowerCase());
  if (words.length <= LIST_MAX) return andList(words);
  return `${words.slice(0, LIST_MAX - 1).join(', ')} and ${words.length - (LIST_MAX - 1)} more`;
}

/** Other schemes that weigh every one of `slugs` (ASB at its scheme default), by their short names. */
function schemesWeighing(slugs: readonly string[], current: string): string[] {
  const out: string[] = [];
  for (const s of WEIGHT_SCHEMES as readonly WeightScheme[]) {
    if (s.id === current) continue;
    if (!slugs.every((slug) => categoryWeight(s, slug) > 0)) continue;
    const w = schemeWords(s.id);
    if (!out.includes(w)) out.push(w);
  }
  return out;
}

/** 'a', 'a or b', 'a, b or c'. */
function orList(items: readonly string[]): string {
  return andList(items).replace(/ and ([^ ]+)$/, ' or $1');
}

/** Whether the request's own ASB weight (not the scheme) weighs ASB at zero. */
function asbZeroByOverride(input: WeightingInput): boolean {
  return input.scheme !== 'count' && input.asbWeight !== null && input.asbWeight !== undefined && !(input.asbWeight > 0);
}

/**
 * What to do instead. An explicit ASB weight of 0 is the user's own setting and holds under every
 * harm scheme, so its remedy is to raise it; for the rest, name the schemes that weigh them all.
 */
function remedy(zero: readonly WeightedCategory[], input: WeightingInput): string | null {
  const asbByOverride = asbZeroByOverride(input) && zero.some((c) => c.slug === ASB);
  const others = zero.filter((c) => !(asbByOverride && c.slug === ASB)).map((c) => c.slug);
  if (asbByOverride && others.length === 0) return 'set the ASB weight above 0 or choose count weighting';
  const schemes = schemesWeighing(others, input.scheme);
  const parts: string[] = [];
  if (asbByOverride) parts.push('set the ASB weight above 0');
  if (schemes.length) parts.push(`choose ${orList(schemes)} weighting`);
  return parts.length ? parts.join(' and ') : null;
}

/** Who gives the zero weight: the scheme, or the user's ASB weight. */
function cause(zero: readonly WeightedCategory[], input: WeightingInput): string {
  if (zero.length === 1 && zero[0].slug === ASB && asbZeroByOverride(input)) return 'The ASB weight of 0';
  return `The ${schemeWords(input.scheme)} weighting`;
}

/**
 * Warnings for the selection: one when every selected category weighs zero (the field is all
 * zero, so there can be no hot spot), one naming the weightless categories when only some do.
 * None when every selected category carries weight, or when nothing is selected.
 */
export function weightingWarnings(input: WeightingInput): string[] {
  const cats = input.categories;
  if (cats.length === 0) return [];
  const zero = cats.filter((c) => !(c.weight > 0));
  if (zero.length === 0) return [];
  const label = input.harmLabel ? input.harmLabel.trim() : '';
  const subjectWord = label ? `${/^[A-Z]{2,}$/.test(label) ? label : label.toLowerCase()} ` : '';
  if (zero.length === cats.length) {
    const what = cats.length <= LIST_MAX ? `${names(cats)} no weight` : `none of the ${cats.length} selected categories any weight`;
    const effect =
      input.subject === 'layer' ? `so the ${subjectWord}layer has no hot cells and its overlap is empty` : 'so this map is empty';
    const fix = remedy(zero, input);
    return [`${cause(zero, input)} gives ${what}, ${effect}${fix ? `: ${fix}` : ''}`];
  }
  const weighted = cats.filter((c) => c.weight > 0);
  const zeroWords = zero.length <= LIST_MAX ? names(zero) : `${zero.length} of the ${cats.length} selected categories (${names(zero)})`;
  const shows = input.subject === 'layer' ? `the ${subjectWord}layer shows` : `this ${subjectWord}map shows`;
  const fix = remedy(zero, input);
  return [
    `${cause(zero, input)} gives no weight to ${zeroWords}: ${shows} ${names(weighted)} only${fix ? ` (${fix} to include ${zero.length === 1 ? 'it' : 'them'})` : ''}`,
  ];
}
