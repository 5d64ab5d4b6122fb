/** Months are 'YYYY-MM' strings; police.uk dates incidents by month only. */
export type Month = string;

/**
 * The one rule for a month, used by the client's URL reader, the server's query parameters and the
 * importer: four digits, a hyphen, and 01 to 12. No year range: a window before police.uk began is
 * simply empty, which is a truer answer than "not a month".
 */
export function isMonth(value: string | null | undefined): value is Month {
  return typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

/** Months since 0000-01, so that months can be subtracted. */
export function monthIndex(month: Month): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

export function monthFromIndex(index: number): Month {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function addMonths(month: Month, delta: number): Month {
  return monthFromIndex(monthIndex(month) + delta);
}

/** Inclusive count of months from `from` to `to`. */
export function monthSpan(from: Month, to: Month): number {
  return monthIndex(to) - monthIndex(from) + 1;
}

/** Every month from `from` to `to`, inclusive. */
export function monthRange(from: Month, to: Month): Month[] {
  const out: Month[] = [];
  for (let i = monthIndex(from); i <= monthIndex(to); i++) out.push(monthFromIndex(i));
  return out;
}

/** The window of equal length that ends the month before `from`. */
export function previousWindow(from: Month, to: Month): { from: Month; to: Month } {
  const span = monthSpan(from, to);
  return { from: addMonths(from, -span), to: addMonths(from, -1) };
}

/** UK financial year (April to March) that starts in `startYear`. */
export function financialYear(startYear: number): { from: Month; to: Month } {
  return { from: `${startYear}-04`, to: `${startYear + 1}-03` };
}

export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
/** Three letters, as the map and its charts print them where space is short. */
export const MONTH_ABBREVIATIONS = MONTH_NAMES.map((n) => n.slice(0, 3));

/** 'Nov 2025', or 'November 2025' when `long`. */
export function monthLabel(month: Month, long = false): string {
  const i = Number(month.slice(5, 7)) - 1;
  return `${(long ? MONTH_NAMES : MONTH_ABBREVIATIONS)[i]} ${month.slice(0, 4)}`;
}

/** 'Jun–Nov 2025' or 'Dec 2024–Nov 2025' or 'Nov 2025'. */
export function rangeLabel(from: Month, to: Month): string {
  if (from === to) return monthLabel(from);
  if (from.slice(0, 4) === to.slice(0, 4)) return `${MONTH_ABBREVIATIONS[Number(from.slice(5, 7)) - 1]}–${monthLabel(to)}`;
  return `${monthLabel(from)}–${monthLabel(to)}`;
}
