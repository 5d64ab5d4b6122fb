import { HttpError } from '../http/route';
import type { LonLat } from '../../geo/maximalCovering';
import { parseCsv } from '../../geo/csvParse';

const UK = { minLon: -8.7, maxLon: 1.8, minLat: 49.8, maxLat: 60.9 };

function checked(lon: number, lat: number, where: string): LonLat {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new HttpError(400, `${where}: coordinates are not numbers`);
  if (lon < UK.minLon || lon > UK.maxLon || lat < UK.minLat || lat > UK.maxLat)
    throw new HttpError(400, `${where}: (${lon}, ${lat}) is outside the UK (longitude then latitude, WGS84)`);
  return [lon, lat];
}

/**
 * Camera or candidate points from a GeoJSON FeatureCollection of Points or CSV text with
 * longitude and latitude columns (also lon/lng/x and lat/y). Errors name the input and line.
 */
export function parseCameraPoints(input: string | { features: unknown[] }, name: string): LonLat[] {
  if (typeof input !== 'string') {
    return input.features.map((f, i) => {
      const g = (f as { geometry?: { type?: string; coordinates?: unknown } }).geometry;
      if (!g || g.type !== 'Point' || !Array.isArray(g.coordinates)) throw new HttpError(400, `${name}: feature ${i + 1} is not a Point`);
      return checked(Number(g.coordinates[0]), Number(g.coordinates[1]), `${name}: feature ${i + 1}`);
    });
  }
  const records: { fields: string[]; line: number }[] = [];
  const end = parseCsv(input, (fields, line) => {
    if (fields.some((f) => f.trim() !== '')) records.push({ fields: fields.map((f) => f.trim()), line });
  });
  // Cut short inside quotes: using the records before it would site cameras from part of the file.
  if (end.unterminatedQuoteLine !== undefined) {
    throw new HttpError(
      400,
      `${name}: line ${end.unterminatedQuoteLine}: a quoted field is never closed (a " without its closing "), so the file cannot be read past it`,
    );
  }
  if (!records.length) return [];
  const header = records[0].fields.map((h) => h.toLowerCase());
  const lonCol = header.findIndex((h) => ['longitude', 'lon', 'lng', 'long', 'x'].includes(h));
  const latCol = header.findIndex((h) => ['latitude', 'lat', 'y'].includes(h));
  if (lonCol < 0 || latCol < 0)
    throw new HttpError(
      400,
      `${name}: line ${records[0].line}: the CSV needs longitude and latitude columns (found: ${header.join(', ')})`,
    );
  return records.slice(1).map(({ fields, line }) => {
    if (fields.length !== header.length)
      throw new HttpError(400, `${name}: line ${line}: expected ${header.length} fields, found ${fields.length}`);
    return checked(Number(fields[lonCol]), Number(fields[latCol]), `${name}: line ${line}`);
  });
}
