/**
 * The warnings shown beside the headline: the ones the server put in the method blocks of what
 * was loaded, or, from a server that sends none, the same words worked out here with the same pure
 * function (so a weighting that empties the map is never silent).
 */
import { categoryWeight, weightScheme } from '../../geo/harmWeights';
import { weightingWarnings } from '../../geo/weightingWarnings';
import type { Meta, MethodBlock } from './api';
import { filterParams, type Loaded } from './data';
import { h } from './dom';
import type { AppState } from './state/url';

function blocks(d: Loaded): (MethodBlock | undefined)[] {
  return [d.hotspots?.method, d.hexes?.method, d.wards?.metadata];
}

/** The selection's categories and weights as the server resolves them (only categories in the data). */
function localWarnings(meta: Meta, s: AppState, frame: string | null): string[] {
  const f = filterParams(s, frame);
  const held = new Map(meta.categories.map((c) => [c.slug, c.name]));
  const group = f.harm ? meta.harmGroups.find((g) => g.id === f.harm) : undefined;
  const slugs = f.categories ? f.categories.split(',') : group ? group.categories : [...held.keys()];
  const scheme = weightScheme(s.weight);
  if (!scheme) return [];
  return weightingWarnings({
    scheme: scheme.id,
    categories: slugs
      .filter((slug) => held.has(slug))
      .map((slug) => ({ slug, name: held.get(slug)!, weight: categoryWeight(scheme, slug, f.asbWeight) })),
    harmLabel: group?.label ?? null,
    asbWeight: f.asbWeight,
  });
}

export function selectionWarnings(meta: Meta, s: AppState, d: Loaded | null): string[] {
  if (!d) return [];
  const fromServer = blocks(d)
    .filter((m) => Array.isArray(m?.warnings))
    .flatMap((m) => m!.warnings!);
  const any = blocks(d).some((m) => Array.isArray(m?.warnings));
  return [...new Set(any ? fromServer : localWarnings(meta, s, d.frame))];
}

/** Warnings of the overlap view (a layer the weighting leaves without weight), if it was loaded. */
export function overlapWarnings(o: { method?: MethodBlock } | null | undefined): string[] {
  return o?.method?.warnings ?? [];
}

export function renderWarnings(el: HTMLElement, warnings: string[]): void {
  el.hidden = warnings.length === 0;
  el.replaceChildren(
    ...warnings.map((w) => h('li', {}, h('span', { class: 'warning-mark', 'aria-hidden': 'true' }, '!'), h('span', {}, `${w}.`))),
  );
}
