/**
 * Institutional locations: police.uk map points that stand for a prison, hospital, police station
 * (custody) or court rather than a street.
 *
 * police.uk snaps every crime to one of a fixed set of anonymous map points, each named "On or
 * near <place>". A crime recorded inside an institution is snapped to the institution's point, so
 * the point can hold hundreds of records (HMP Holme House, North Tees hospital, Stockton custody)
 * that are real and belong in counts, but that no foot patrol or street camera can address. The
 * patrol plan and CCTV siting set them aside by default; the map keeps them and marks them.
 *
 * The list is data (institutionRules.json beside this module) so an analyst can edit it; the
 * server may load a replacement file of the same shape.
 */
import defaultRules from './institutionRules.json';
import { streetName } from './streetName';

export interface InstitutionRule {
  /** What the place is, in plain words ("prison", "hospital"). */
  kind: string;
  /** The whole location name must equal this (case ignored). */
  name?: string;
  /** The location name must contain these words, as whole words (case ignored). */
  contains?: string;
  /** Why such a place is set aside, for the method card. */
  why: string;
}

export interface InstitutionMatch {
  kind: string;
  why: string;
}

export class InstitutionRulesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InstitutionRulesError';
  }
}

/** Checks a parsed rules file and returns its rules; `source` names the file in messages. */
export function parseInstitutionRules(value: unknown, source: string): InstitutionRule[] {
  const rules = (value as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules)) throw new InstitutionRulesError(`${source}: expected an object with a "rules" array`);
  return rules.map((r: unknown, i) => {
    const at = `${source}: rules[${i}]`;
    if (typeof r !== 'object' || r === null) throw new InstitutionRulesError(`${at} is not an object`);
    const { kind, name, contains, why } = r as Record<string, unknown>;
    if (typeof kind !== 'string' || kind.trim() === '') throw new InstitutionRulesError(`${at}: "kind" must be a non-empty string`);
    if (typeof why !== 'string' || why.trim() === '') throw new InstitutionRulesError(`${at}: "why" must be a non-empty string`);
    if ((name === undefined) === (contains === undefined))
      throw new InstitutionRulesError(`${at}: give exactly one of "name" or "contains"`);
    const text = name ?? contains;
    if (typeof text !== 'string' || text.trim() === '')
      throw new InstitutionRulesError(`${at}: "${name !== undefined ? 'name' : 'contains'}" must be a non-empty string`);
    return name !== undefined ? { kind, name: text.trim(), why } : { kind, contains: text.trim(), why };
  });
}

export const DEFAULT_INSTITUTION_RULES: readonly InstitutionRule[] = parseInstitutionRules(defaultRules, 'institutionRules.json');

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A classifier over police.uk location texts ("On or near Prison"): the first rule that matches,
 * or null for a street. Matching ignores case and the "On or near " prefix; "contains" rules
 * match whole words, so "Court Road" is not a court and "Earls Court Road" is not either.
 */
export function institutionClassifier(
  rules: readonly InstitutionRule[] = DEFAULT_INSTITUTION_RULES,
): (location: string) => InstitutionMatch | null {
  const tests = rules.map((r) => {
    const pattern =
      r.name !== undefined
        ? new RegExp(`^${escapeRegExp(r.name).replace(/\s+/g, '\\s+')}$`, 'i')
        : new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(r.contains!).replace(/\s+/g, '\\s+')}($|[^\\p{L}\\p{N}])`, 'iu');
    return { pattern, match: { kind: r.kind, why: r.why } };
  });
  return (location) => {
    const name = streetName(location);
    for (const t of tests) if (t.pattern.test(name)) return t.match;
    return null;
  };
}
