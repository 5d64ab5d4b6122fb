/** Month arithmetic on 'YYYY-MM' strings (the client may not import geo/, so a small copy). */
export function monthIndex(m: string): number {
  return Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
}
export function monthFromIndex(i: number): string {
  const y = Math.floor(i / 12);
  return `${String(y).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;
}
export function addMonths(m: string, d: number): string {
  return monthFromIndex(monthIndex(m) + d);
}
export function monthSpan(from: string, to: string): number {
  return monthIndex(to) - monthIndex(from) + 1;
}
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let i = monthIndex(from); i <= monthIndex(to); i++) out.push(monthFromIndex(i));
  return out;
}
export function isMonth(s: string | null | undefined): s is string {
  return !!s && /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
}
const NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** 'Nov 2025' */
export function monthLabel(m: string, long = false): string {
  const i = Number(m.slice(5, 7)) - 1;
  return `${(long ? LONG : NAMES)[i]} ${m.slice(0, 4)}`;
}
/** 'Jun–Nov 2025' or 'Dec 2024–Nov 2025' or 'Nov 2025' */
export function rangeLabel(from: string, to: string): string {
  if (from === to) return monthLabel(from);
  if (from.slice(0, 4) === to.slice(0, 4)) return `${NAMES[Number(from.slice(5, 7)) - 1]}–${monthLabel(to)}`;
  return `${monthLabel(from)}–${monthLabel(to)}`;
}
/** UK financial year (April–March) that starts in `startYear`. */
export function financialYear(startYear: number): { from: string; to: string } {
  return { from: `${startYear}-04`, to: `${startYear + 1}-03` };
}
