/**
 * The Europe/London calendar month of an instant. police.uk stop-and-search dates are UTC
 * timestamps of local times, so a search at 00:00 BST on 1 April is written 2023-03-31T23:00Z and
 * belongs to April's file. UK summer time runs from 01:00 UTC on the last Sunday of March to
 * 01:00 UTC on the last Sunday of October (since 1996).
 */
function lastSundayUtc(year: number, month0: number): number {
  const last = new Date(Date.UTC(year, month0 + 1, 0, 1)); // last day of the month, 01:00 UTC
  return last.getTime() - last.getUTCDay() * 86_400_000;
}

export function londonMonth(ms: number): string {
  const year = new Date(ms).getUTCFullYear();
  const bst = ms >= lastSundayUtc(year, 2) && ms < lastSundayUtc(year, 9);
  const local = new Date(ms + (bst ? 3_600_000 : 0));
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}`;
}
