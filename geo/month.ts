/** Months are 'YYYY-MM' strings; police.uk dates incidents by month only. */
export type Month = string;

const MONTH_RE = /^(\d{4})-(\d{2})$/;

/** True for a real calendar month between 1990-01 and 2099-12. */
export function isMonth(value: string): boolean {
  const m = MONTH_RE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  return year >= 1990 && year <= 2099 && month >= 1 && month <= 12;
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
