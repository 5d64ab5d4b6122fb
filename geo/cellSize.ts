/**
 * Names an H3 cell size in words a tasking meeting can repeat ("H3 res 9 cells, about 0.1 km²
 * each"), so the headline, the table and the pack can all say which cells their counts are of:
 * the number of hot cells depends on the cell size, and a count without its size is not an answer.
 */
import { getHexagonAreaAvg } from 'h3-js';

/** Approximate width across a cell (twice the mean edge length), rounded as people say it. */
const WIDTH: Readonly<Record<number, string>> = { 6: '7 km', 7: '2.8 km', 8: '1 km', 9: '400 m', 10: '150 m', 11: '60 m' };

export function cellWidthWords(res: number): string {
  return WIDTH[res] ?? `resolution ${res}`;
}

/**
 * Mean cell area in km², to one significant figure unless that is off by more than a quarter
 * (0.015 would become 0.02), then two.
 */
export function cellAreaKm2(res: number): number {
  const a = getHexagonAreaAvg(res, 'km2');
  const one = Number(a.toPrecision(1));
  return Math.abs(one - a) / a > 0.25 ? Number(a.toPrecision(2)) : one;
}

/** 'H3 res 9 cells, about 0.1 km² each'. */
export function cellSizeWords(res: number): string {
  return `H3 res ${res} cells, about ${cellAreaKm2(res)} km² each`;
}
