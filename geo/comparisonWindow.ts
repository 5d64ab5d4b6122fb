/**
 * The window rule shared by the ward figures, the ward panel and the tasking pack: a period is
 * clipped to the months the data holds, and a change is only reported against comparison months
 * that the data holds in full. Pure: the months held are passed in.
 */
import { addMonths, monthSpan, type Month } from './month';

export interface MonthWindow {
  readonly from: Month;
  readonly to: Month;
}

/**
 * What the period is compared with: the previous period of equal length, or the average of the
 * three periods of equal length before it (the pack's old baseline, kept as an option).
 */
export type Baseline = 'previous' | 'average3';

export const BASELINES: readonly Baseline[] = ['previous', 'average3'];

/** How many periods of the used window's length a baseline averages over. */
export const BASELINE_PERIODS: Readonly<Record<Baseline, number>> = { previous: 1, average3: 3 };

export interface Comparison {
  readonly baseline: Baseline;
  readonly periods: number;
  /** The months the baseline needs (all its periods, oldest first to newest), or null without a used window. */
  readonly wanted: MonthWindow | null;
  /** `wanted` when every one of its months is held; null otherwise, so no change is reported. */
  readonly window: MonthWindow | null;
}

/**
 * The held part of a requested window: from the first held month at or after `from` to the last
 * held month at or before `to`; null when the data holds none of it. `held` is sorted ascending.
 */
export function clipToHeld(requested: MonthWindow, held: readonly Month[]): MonthWindow | null {
  let from: Month | undefined;
  let to: Month | undefined;
  for (const m of held) {
    if (m < requested.from || m > requested.to) continue;
    if (from === undefined) from = m;
    to = m;
  }
  return from === undefined || to === undefined ? null : { from, to };
}

/**
 * The baseline months for a used window: `periods` windows of the used window's length ending the
 * month before it. A change against months the data does not hold would read as a rise from zero
 * (or a fall against a part-period), so the comparison window is null unless all are held.
 */
export function comparisonWindow(used: MonthWindow | null, held: readonly Month[], baseline: Baseline = 'previous'): Comparison {
  const periods = BASELINE_PERIODS[baseline];
  if (!used) return { baseline, periods, wanted: null, window: null };
  const span = monthSpan(used.from, used.to);
  const wanted = { from: addMonths(used.from, -span * periods), to: addMonths(used.from, -1) };
  const heldSet = new Set(held);
  let whole = true;
  for (let m = wanted.from; m <= wanted.to; m = addMonths(m, 1)) {
    if (!heldSet.has(m)) {
      whole = false;
      break;
    }
  }
  return { baseline, periods, wanted, window: whole ? wanted : null };
}

/** A plain-words name of the comparison, for method cards, the ward panel and the pack. */
export function comparisonLabel(c: Comparison): string {
  const what =
    c.baseline === 'previous' ? 'the previous period of equal length' : 'the average of the three periods of equal length before';
  if (c.window) return `${what} (${c.window.from} to ${c.window.to})`;
  if (c.wanted) return `no earlier data: ${what} (${c.wanted.from} to ${c.wanted.to}) is not wholly inside the data held`;
  return 'no earlier data: no month of the period is held';
}
