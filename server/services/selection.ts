import { addMonths } from '../../geo/month';
import { clipToHeld, type MonthWindow } from '../../geo/comparisonWindow';
import { harmGroup } from '../../geo/harmGroups';
import { categoryWeight, weightScheme, type WeightScheme } from '../../geo/harmWeights';
import type { IncidentCube } from './cube';
import type { SelectionQuery } from '../http/params';

/** A filter made concrete against the data held: a month range and a weight per category. */
export interface Selection {
  readonly from: string;
  readonly to: string;
  readonly categories: readonly string[];
  readonly harm?: string;
  /** The study area (local authority code); every held ward when undefined. */
  readonly area?: string;
  readonly scheme: WeightScheme;
  readonly asbWeight?: number;
  /** Indices into cube.months, inclusive; lo > hi when no held month is in range. */
  readonly monthLo: number;
  readonly monthHi: number;
  /** Per cube category: 1 when selected. */
  readonly selected: Uint8Array;
  /** Per cube category: harm weight (0 when unselected). */
  readonly weight: Float64Array;
  /** Per cube ward: 1 when the ward is in the study area; undefined when every ward is. */
  readonly inArea?: Uint8Array;
  /** Per cube location: 1 when incidents there are left out (institutions set aside by a tool). */
  readonly excludedLocations?: Uint8Array;
}

export const DEFAULT_WINDOW_MONTHS = 12;

export function resolveSelection(cube: IncidentCube, query: SelectionQuery): Selection {
  const last = cube.months[cube.months.length - 1] ?? '2000-01';
  const to = query.to ?? last;
  const from = query.from ?? addMonths(to, -(DEFAULT_WINDOW_MONTHS - 1));
  const categories = query.harm ? [...harmGroup(query.harm)!.categories] : (query.categories ?? [...cube.categories].sort());
  const scheme = weightScheme(query.weight)!;
  return withWindow(cube, { from, to, categories, harm: query.harm, area: query.area, scheme, asbWeight: query.asbWeight });
}

/** The same categories and weights over another window (previous period, single months, back-tests). */
export function withWindow(
  cube: IncidentCube,
  base: Pick<Selection, 'categories' | 'harm' | 'area' | 'scheme' | 'asbWeight'> & { from: string; to: string },
): Selection {
  const selected = new Uint8Array(cube.categories.length);
  const weight = new Float64Array(cube.categories.length);
  const wanted = new Set(base.categories);
  cube.categories.forEach((slug, i) => {
    if (!wanted.has(slug)) return;
    selected[i] = 1;
    weight[i] = categoryWeight(base.scheme, slug, base.asbWeight);
  });
  let monthLo = cube.months.findIndex((m) => m >= base.from);
  if (monthLo < 0) monthLo = cube.months.length;
  let monthHi = -1;
  for (let i = cube.months.length - 1; i >= 0; i--)
    if (cube.months[i] <= base.to) {
      monthHi = i;
      break;
    }
  const inArea = base.area === undefined ? undefined : Uint8Array.from(cube.wardAreas, (lad) => (lad === base.area ? 1 : 0));
  return { ...base, monthLo, monthHi, selected, weight, inArea };
}

/**
 * The months of the selection the data holds (the requested window clipped to them), or null when
 * it holds none. It spans exactly the months monthLo..monthHi count.
 */
export function usedWindow(cube: IncidentCube, sel: Pick<Selection, 'from' | 'to'>): MonthWindow | null {
  return clipToHeld({ from: sel.from, to: sel.to }, cube.months);
}

/** Whether incident i lies in a current ward of the selection's study area. */
export function inStudyWards(cube: IncidentCube, sel: Pick<Selection, 'inArea'>, i: number): boolean {
  const w = cube.wardOf[i];
  return w >= 0 && (sel.inArea === undefined || sel.inArea[w] === 1);
}

/** Whether incident i passes the selection. */
export function isSelected(cube: IncidentCube, sel: Selection, i: number): boolean {
  const m = cube.monthOf[i];
  return (
    m >= sel.monthLo && m <= sel.monthHi && sel.selected[cube.categoryOf[i]] === 1 && sel.excludedLocations?.[cube.locationOf[i]] !== 1
  );
}
