import type { Store } from '../db/openStore';
import { categoryName } from '../../geo/categories';
import { HARM_GROUPS } from '../../geo/harmGroups';
import { WEIGHT_SCHEMES } from '../../geo/harmWeights';
import { H3_RESOLUTIONS } from '../../geo/h3Bin';
import { currentAreas, heldAreas } from './areas';
import { areaRows, getCube } from './cube';

export const ATTRIBUTIONS = [
  'police.uk crime and ASB data: Contains public sector information licensed under the Open Government Licence v3.0.',
  'Boundaries: Source: Office for National Statistics licensed under the Open Government Licence v3.0. Contains OS data © Crown copyright and database right 2025.',
  'Pre-2023 ward GeoJSON by Martin Chorley (github.com/martinjc/UK-GeoJSON), CC-BY 4.0.',
  'Deprivation: MHCLG, English Indices of Deprivation 2019 and 2025, OGL v3.',
  'Child poverty: DWP Stat-Xplore, Children in Low Income Families, OGL v3.',
  'Population: ONS mid-2022 small-area population estimates, OGL v3.',
  'Pubs and basemap: © OpenStreetMap contributors, ODbL 1.0.',
];

/** When and what the fetch CLI last brought in (written by server/fetch), if it ever ran. */
function lastFetch(db: Store): { fetchedAt?: string; fetchedArea?: string } {
  const row = db.prepare(`SELECT value FROM settings WHERE key = 'fetch.last'`).get() as { value: string } | undefined;
  if (!row) return {};
  try {
    const last = JSON.parse(row.value) as { fetchedAt?: string; area?: string };
    return { fetchedAt: last.fetchedAt, fetchedArea: last.area };
  } catch {
    return {};
  }
}

type Check = 'ok' | 'unavailable';

/** Runs one subsystem's probe; a failure marks that subsystem, not the whole answer. */
function probe<T>(run: () => T): { check: Check; value: T | null } {
  try {
    return { check: 'ok', value: run() };
  } catch {
    return { check: 'unavailable', value: null };
  }
}

/**
 * Each subsystem on its own: the store, the incidents (the map's data), the import record and
 * the fetch record. Status is 'ok' while incidents can be served, whatever else is missing, so
 * a monitor does not take the atlas down over, say, a missing fetch log.
 */
export function health(db: Store) {
  const store = probe(() => db.prepare('SELECT 1').pluck().get());
  const cube = probe(() => getCube(db));
  const imported = probe(
    () => (db.prepare(`SELECT max(imported_at) AS at FROM months WHERE dataset = 'street'`).get() as { at: string | null }).at,
  );
  const fetched = probe(() => lastFetch(db));
  const c = cube.value;
  return {
    status: c ? ('ok' as const) : ('unavailable' as const),
    incidents: c?.n ?? null,
    firstMonth: c?.months[0] ?? null,
    lastMonth: c?.months[c.months.length - 1] ?? null,
    dataVersion: c?.version ?? null,
    importedAt: imported.value ?? null,
    ...(fetched.value ?? {}),
    checks: { store: store.check, incidents: cube.check, imports: imported.check, fetch: fetched.check },
  };
}

/** What the app needs to start, for one study area (a local authority code) or every held ward. */
export function meta(db: Store, area?: string) {
  const cube = getCube(db);
  // With an area, the incidents in its wards; without, every incident held.
  const counts = new Map<string, number>();
  const { rows } = areaRows(cube, area);
  const inArea = area === undefined ? null : Uint8Array.from(cube.wardAreas, (lad) => (lad === area ? 1 : 0));
  const n = rows ? rows.length : cube.n;
  for (let j = 0; j < n; j++) {
    const i = rows ? rows[j] : j;
    if (inArea && (cube.wardOf[i] < 0 || inArea[cube.wardOf[i]] === 0)) continue;
    const slug = cube.categories[cube.categoryOf[i]];
    counts.set(slug, (counts.get(slug) ?? 0) + 1);
  }
  const wards = currentAreas(db, 'ward', area);
  const areas = heldAreas(db);
  let minLon = Infinity,
    minLat = Infinity,
    maxLon = -Infinity,
    maxLat = -Infinity;
  for (const w of wards) {
    const polys = w.geometry.type === 'Polygon' ? [w.geometry.coordinates] : w.geometry.coordinates;
    for (const p of polys)
      for (const [x, y] of p[0]) {
        minLon = Math.min(minLon, x);
        maxLon = Math.max(maxLon, x);
        minLat = Math.min(minLat, y);
        maxLat = Math.max(maxLat, y);
      }
  }
  return {
    categories: [...counts.entries()]
      .map(([slug, count]) => ({ slug, name: categoryName(slug) ?? slug, count }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    months: cube.months,
    firstMonth: cube.months[0] ?? null,
    lastMonth: cube.months[cube.months.length - 1] ?? null,
    wards: wards.map((w) => ({ code: w.code, name: w.name, centroid: w.centroid })),
    areas,
    area: area === undefined ? null : { code: area, name: areas.find((a) => a.code === area)?.name ?? area },
    resolutions: [...H3_RESOLUTIONS],
    harmGroups: HARM_GROUPS,
    weightSchemes: WEIGHT_SCHEMES,
    bbox: wards.length ? [minLon, minLat, maxLon, maxLat] : null,
    attributions: ATTRIBUTIONS,
    importedAt: (db.prepare(`SELECT max(imported_at) AS at FROM months WHERE dataset = 'street'`).get() as { at: string | null }).at,
    ...lastFetch(db),
  };
}
