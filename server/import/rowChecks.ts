import { isMonth } from '../../geo/month';
import { REJECT_REASONS, type RejectReason } from './types';

/**
 * A generous box around the UK (Scilly to Shetland, Northern Ireland to Lowestoft). police.uk
 * points outside it are data errors (0,0 or swapped coordinates), not remote crimes.
 */
export const UK_BBOX = { minLon: -8.7, maxLon: 1.8, minLat: 49.8, maxLat: 60.9 } as const;

/** The parsed point, or the reason it cannot be used. Empty text means no coordinates at all. */
export function checkPoint(lonText: string, latText: string): { lon: number; lat: number } | RejectReason {
  // Number('') and Number('  ') are 0, so blank text must be caught before converting.
  if (lonText.trim() === '' || latText.trim() === '') return REJECT_REASONS.missingCoordinates;
  const lon = Number(lonText);
  const lat = Number(latText);
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return REJECT_REASONS.badCoordinates;
  if (lon < UK_BBOX.minLon || lon > UK_BBOX.maxLon || lat < UK_BBOX.minLat || lat > UK_BBOX.maxLat) return REJECT_REASONS.outsideUk;
  return { lon, lat };
}

/** undefined when `value` is the file's month; else why the row cannot be kept. */
export function checkMonth(value: string, fileMonth: string): RejectReason | undefined {
  if (value === fileMonth) return undefined;
  const v = value.trim();
  if (!isMonth(v)) return REJECT_REASONS.impossibleMonth;
  return v === fileMonth ? undefined : REJECT_REASONS.otherMonth;
}
