import { HttpError } from '../http/route';
import type { LonLat } from '../../geo/maximalCovering';

const UK = { minLon: -8.7, maxLon: 1.8, minLat: 49.8, maxLat: 60.9 };

function checked(lon: number, lat: number, where: string): LonLat {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new HttpError(400, `${where}: coordinates are not numbers`);
  if (lon < UK.minLon || lon > UK.maxLon || lat < UK.minLat || lat > UK.maxLat)
    throw new HttpError(400, `${where}: (${lon}, ${lat}) is outside the UK (longitude then latitude, WGS84)`);
  return [lon, lat];
}

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') out.push(field), (field = '');
    else field += ch;
  }
  out.push(field);
  return out.map((f) => f.trim());
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
  const lines = input.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (!lines.length) return [];
  const header = splitCsvLine(lines[0]).map((h) => h.toLowerCase());
  const lonCol = header.findIndex((h) => ['longitude', 'lon', 'lng', 'long', 'x'].includes(h));
  const latCol = header.findIndex((h) => ['latitude', 'lat', 'y'].includes(h));
  if (lonCol < 0 || latCol < 0) throw new HttpError(400, `${name}: line 1: the CSV needs longitude and latitude columns (found: ${header.join(', ')})`);
  return lines.slice(1).map((line, i) => {
    const cells = splitCsvLine(line);
    if (cells.length !== header.length) throw new HttpError(400, `${name}: line ${i + 2}: expected ${header.length} fields, found ${cells.length}`);
    return checked(Number(cells[lonCol]), Number(cells[latCol]), `${name}: line ${i + 2}`);
  });
}
