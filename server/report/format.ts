/**
 * Number and month formats used in the tasking-meeting pack. Tests format API figures with the
 * same functions, so a figure in the PDF can be matched as an exact string.
 */
import { monthLabel } from '../../geo/month';

/** "2025-03" -> "March 2025": the pack has room for whole names. */
export function monthName(month: string): string {
  return monthLabel(month, true);
}

/** "March 2025 (2025-03)" or "January 2025 to March 2025 (2025-01 to 2025-03)". */
export function periodLabel(from: string, to: string): string {
  return from === to ? `${monthName(to)} (${to})` : `${monthName(from)} to ${monthName(to)} (${from} to ${to})`;
}

/** Whole counts with thousands separators: 1,234. */
export function fmtCount(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return Math.round(x).toLocaleString('en-GB');
}

/** Fixed decimals: rates (2), averages (1), coefficients (3). */
export function fmtNum(x: number | null | undefined, digits: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return x.toFixed(digits);
}

/** Harm totals: thousands separators once whole units dominate (CCHI days run to six figures), one decimal below 100. */
export function fmtHarm(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return Math.abs(x) >= 100 ? fmtCount(x) : x.toFixed(1);
}

/** Signed fixed decimals: +3.7, -1.0. */
export function fmtSigned(x: number | null | undefined, digits: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const s = x.toFixed(digits);
  return x > 0 ? `+${s}` : s;
}

/** Shares (0..1) as percentages with one decimal: 12.3%. */
export function fmtPct(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return `${(x * 100).toFixed(digits)}%`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
