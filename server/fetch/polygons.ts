/**
 * Query polygons for the police.uk `poly` parameter.
 *
 * A ward outline is simplified (Douglas-Peucker, tolerance raised until it has at most
 * `maxVertices` vertices), then buffered outward by more than the simplification error plus a
 * margin, then simplified once more. The query polygon therefore contains the ward with room to
 * spare: adjacent wards' query polygons overlap instead of leaving slivers between them, and a
 * snap point on a boundary street is inside at least one. Crimes returned twice are deduplicated
 * by id, and crimes outside every exact ward polygon are dropped afterwards (see policeMonth.ts).
 *
 * Splitting (after a 503 for too many crimes): the piece's bounding box is cut into 4 quadrants,
 * each widened by `SPLIT_OVERLAP_DEG` so a point on a cut line is in both, and the piece's ring is
 * clipped to each (Sutherland-Hodgman, @turf/bbox-clip). Quadrants the ring does not reach are
 * dropped.
 */
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { PolygonGeometry } from '../../geo/pointInPolygon';

// @turf/buffer (jsts, d3-geo) takes about 0.1 s to load; the modules are loaded on first use, so
// runs that fetch no month (all complete) start quickly. Call loadGeometry() before the functions
// below.
async function importTurf() {
  const [{ area }, { bboxClip }, { buffer }, { multiPolygon, polygon }, { pointOnFeature }, { simplify }] = await Promise.all([
    import('@turf/area'),
    import('@turf/bbox-clip'),
    import('@turf/buffer'),
    import('@turf/helpers'),
    import('@turf/point-on-feature'),
    import('@turf/simplify'),
  ]);
  return { area, bboxClip, buffer, multiPolygon, polygon, pointOnFeature, simplify };
}

let turfModule: Awaited<ReturnType<typeof importTurf>> | undefined;

export async function loadGeometry(): Promise<void> {
  turfModule ??= await importTurf();
}

function turf(): NonNullable<typeof turfModule> {
  if (!turfModule) throw new Error('polygons: call loadGeometry() first');
  return turfModule;
}

/** [lon, lat], open (the first vertex is not repeated at the end). */
export type Ring = [number, number][];

export interface QueryPiece {
  /** Stable id: ward code, `#k` for the k-th separate part, `/q` per split level (q = 0..3). */
  id: string;
  ring: Ring;
  depth: number;
}

export interface PieceOptions {
  /** Vertices kept by the first simplification. */
  maxVertices: number;
  /** Extra outward margin in metres beyond the simplification error. */
  marginMetres: number;
}

export const DEFAULT_PIECE_OPTIONS: Readonly<PieceOptions> = { maxVertices: 150, marginMetres: 20 };

/** Widening of each quadrant past the cut lines, in degrees (about 1 m). */
export const SPLIT_OVERLAP_DEG = 0.00001;

const METRES_PER_DEGREE = 111_320;
const DECIMALS = 5;

function round(value: number): number {
  return Number(value.toFixed(DECIMALS));
}

/** Rounds to 5 decimals (about 1 m), drops repeated and closing vertices. */
export function openRing(coords: number[][]): Ring {
  const out: Ring = [];
  for (const [x, y] of coords) {
    const p: [number, number] = [round(x), round(y)];
    const last = out[out.length - 1];
    if (last && last[0] === p[0] && last[1] === p[1]) continue;
    out.push(p);
  }
  while (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
  return out;
}

function closed(ring: Ring): number[][] {
  return [...ring, ring[0]];
}

function outerRings(geometry: Polygon | MultiPolygon): number[][][] {
  const rings = geometry.type === 'Polygon' ? [geometry.coordinates[0]] : geometry.coordinates.map((p) => p[0]);
  return rings.filter((r): r is number[][] => Array.isArray(r) && r.length > 0);
}

function vertexCount(geometry: Polygon | MultiPolygon): number {
  return outerRings(geometry).reduce((n, r) => n + r.length, 0);
}

function simplifyTo(
  feature: Feature<Polygon | MultiPolygon>,
  maxVertices: number,
): { feature: Feature<Polygon | MultiPolygon>; tolerance: number } {
  let tolerance = 0.00002;
  let current = feature;
  for (let i = 0; i < 24; i++) {
    current = turf().simplify(feature, { tolerance, highQuality: false, mutate: false }) as Feature<Polygon | MultiPolygon>;
    if (vertexCount(current.geometry) <= maxVertices) break;
    tolerance *= 1.5;
  }
  return { feature: current, tolerance };
}

/** The bounding rectangle of `rings`, widened by `pad` degrees, as a ring. */
function paddedBox(rings: number[][][], pad: number): Ring {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings)
    for (const [x, y] of ring) {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
  const padX = pad / Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  return openRing([
    [minX - padX, minY - pad],
    [maxX + padX, minY - pad],
    [maxX + padX, maxY + pad],
    [minX - padX, maxY + pad],
  ]);
}

/**
 * The query pieces covering one ward. Parts of a MultiPolygon that the buffer joins become one
 * piece; parts far apart stay separate pieces.
 */
export function wardPieces(code: string, geometry: PolygonGeometry, options: Partial<PieceOptions> = {}): QueryPiece[] {
  const { maxVertices, marginMetres } = { ...DEFAULT_PIECE_OPTIONS, ...options };
  // Holes do not matter for a covering polygon: query the outer rings only.
  const outer: Feature<Polygon | MultiPolygon> =
    geometry.type === 'Polygon' ? turf().polygon([geometry.coordinates[0]]) : turf().multiPolygon(geometry.coordinates.map((p) => [p[0]]));
  const { feature: simple, tolerance } = simplifyTo(outer, maxVertices);
  // Error of the two simplifications (each at most `tolerance` degrees, under 111 km a degree)
  // plus the margin; /0.92 because a buffer drawn with 2 segments a quarter circle cuts corners.
  const distanceKm = (2 * tolerance * METRES_PER_DEGREE + marginMetres) / 0.92 / 1000;
  let rings: number[][][];
  try {
    const buffered = turf().buffer(simple, distanceKm, { units: 'kilometers', steps: 2 });
    if (!buffered) throw new Error('empty buffer');
    const again = turf().simplify(buffered, { tolerance, highQuality: false, mutate: false }) as Feature<Polygon | MultiPolygon>;
    rings = outerRings(again.geometry);
  } catch {
    // A geometry the buffer cannot handle: fall back to its padded bounding box, which also covers it.
    rings = [paddedBox(outerRings(outer.geometry), (distanceKm * 1000) / METRES_PER_DEGREE)];
  }
  const pieces = rings.map(openRing).filter((r) => r.length >= 3);
  return pieces.map((ring, k) => ({ id: pieces.length === 1 ? code : `${code}#${k}`, ring, depth: 0 }));
}

/** The four quadrant pieces of `piece` (fewer when the ring misses a quadrant). */
export function splitPiece(piece: QueryPiece): QueryPiece[] {
  const xs = piece.ring.map((p) => p[0]);
  const ys = piece.ring.map((p) => p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const midX = (minX + maxX) / 2;
  const midY = (minY + maxY) / 2;
  const e = SPLIT_OVERLAP_DEG;
  const boxes: [number, number, number, number][] = [
    [minX - e, minY - e, midX + e, midY + e],
    [midX - e, minY - e, maxX + e, midY + e],
    [minX - e, midY - e, midX + e, maxY + e],
    [midX - e, midY - e, maxX + e, maxY + e],
  ];
  const polygon = turf().polygon([closed(piece.ring)]);
  const out: QueryPiece[] = [];
  boxes.forEach((box, q) => {
    const clipped = turf().bboxClip(polygon, box).geometry as Polygon | MultiPolygon;
    for (const ring of outerRings(clipped)) {
      const open = openRing(ring);
      if (open.length >= 3 && Math.abs(turf().area(turf().polygon([closed(open)]))) > 0) {
        out.push({ id: `${piece.id}/${q}`, ring: open, depth: piece.depth + 1 });
        break;
      }
    }
  });
  return out;
}

/** police.uk `poly`: `lat,lng:lat,lng:...` (the API closes the ring itself). */
export function polyParam(ring: Ring): string {
  return ring.map(([lon, lat]) => `${lat},${lon}`).join(':');
}

/** A point inside the polygon, for `locate-neighbourhood`. */
export function interiorPoint(geometry: PolygonGeometry): { lat: number; lon: number } {
  const feature = geometry.type === 'Polygon' ? turf().polygon(geometry.coordinates) : turf().multiPolygon(geometry.coordinates);
  const [lon, lat] = turf().pointOnFeature(feature).geometry.coordinates;
  return { lat: round(lat), lon: round(lon) };
}
