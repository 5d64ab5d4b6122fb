import { categoryName } from '../../geo/categories';
import { harmGroup } from '../../geo/harmGroups';
import { weightingWarnings as warningsFor, type WeightedCategory } from '../../geo/weightingWarnings';
import type { IncidentCube } from './cube';
import type { Selection } from './selection';

/**
 * The weighting warnings of a selection (geo/weightingWarnings.ts): a category is weightless when
 * it is selected and its weight in this request is 0. Every `method` block carries the result, so
 * a map that a scheme leaves empty, or leaves showing one category of a group, says so.
 */
export function weightingWarnings(
  sel: Selection,
  cube: IncidentCube,
  opts: { subject?: 'map' | 'layer'; harmLabel?: string } = {},
): string[] {
  const categories: WeightedCategory[] = [];
  // In the selection's own order (a harm group's order), as the client lists them.
  for (const slug of sel.categories) {
    const i = cube.categories.indexOf(slug);
    if (i < 0 || sel.selected[i] !== 1) continue;
    categories.push({ slug, name: categoryName(slug) ?? slug, weight: sel.weight[i] });
  }
  return warningsFor({
    scheme: sel.scheme.id,
    categories,
    harmLabel: opts.harmLabel ?? (sel.harm ? harmGroup(sel.harm)?.label : null),
    asbWeight: sel.asbWeight,
    subject: opts.subject,
  });
}
