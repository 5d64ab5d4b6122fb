import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { PolygonGeometry } from '../../geo/pointInPolygon';
import { recordDataset } from './datasetRecord';
import { recordFile, throttled, unchanged, type FileJob, type FileResult } from './fileJob';
import type { BoundaryLayout } from './geojsonKind';
import { currentWardIndex, currentWardSetKey } from './pointBinner';
import { polygonCentroid } from './polygonCentroid';
import type { FeatureCollectionLike } from './recognise';
import { REJECT_REASONS, type Reject } from './types';
import { reassignWards } from './wardReassign';

/**
 * One boundary file = one boundary set (kind + vintage). Sets of a kind are ranked by newness:
 * the vintage year (WD25 > WD23 > WD13, from a boundary_vintage property or the ONS property
 * name), else the highest area code (ONS codes grow as areas are redrawn). The newest set of
 * each kind is current; older ward sets stay for figures published on old wards. A newer copy of
 * a set with the same rank replaces it, except that a file naming its local authorities replaces
 * only those authorities' areas in the set: one set of a vintage (ONS publishes WD25 for the whole
 * country at once) then holds any number of study areas, fetched or imported one at a time. When
 * the current ward set changes, every incident and
 * stop-and-search row is given its ward in the new set, in the same transaction.
 */
export interface BoundaryResult extends FileResult {
  /** Rows whose ward changed because the current ward set changed; undefined when it did not. */
  reassigned?: number;
}

function rankOf(layout: BoundaryLayout, codes: readonly string[]): string {
  if (layout.year !== undefined) return String(layout.year).padStart(4, '0');
  return `0000:${[...codes].sort().at(-1) ?? ''}`;
}

function isPolygon(g: unknown): g is PolygonGeometry {
  const t = (g as { type?: unknown } | null)?.type;
  return (t === 'Polygon' || t === 'MultiPolygon') && Array.isArray((g as { coordinates?: unknown }).coordinates);
}

function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

export function importBoundaryFile(job: FileJob, layout: BoundaryLayout, data: FeatureCollectionLike): BoundaryResult {
  const db = job.db;
  const dataset = `${layout.areaKind} ${layout.vintage}`;
  const same = db.prepare(`SELECT 1 FROM boundary_sets WHERE kind = ? AND sha256 = ?`).get(layout.areaKind, job.sha256);
  if (same) return unchanged(dataset);

  const rejects: Reject[] = [];
  const areas: [string, string, string | null, string | null, number, number, string][] = [];
  const ladNameKey = Object.keys(data.features[0]?.properties ?? {}).find((k) => /^lad(\d{2})?_?(nm|name)$/i.test(k));
  data.features.forEach((f, i) => {
    const props = f.properties ?? {};
    const code = String(props[layout.codeKey] ?? '').trim();
    const raw = () => JSON.stringify(props).slice(0, 500);
    if (code === '') return rejects.push({ file: job.file, line: i + 1, reason: REJECT_REASONS.missingAreaCode, raw: raw() });
    if (!isPolygon(f.geometry)) return rejects.push({ file: job.file, line: i + 1, reason: REJECT_REASONS.badGeometry, raw: raw() });
    const name = String((layout.nameKey && props[layout.nameKey]) ?? code);
    const lad = layout.ladKey && props[layout.ladKey] != null ? String(props[layout.ladKey]) : null;
    let lon = num(props.centroid_lon ?? props.LONG ?? props.long);
    let lat = num(props.centroid_lat ?? props.LAT ?? props.lat);
    if (lon === undefined || lat === undefined) [lon, lat] = polygonCentroid(f.geometry);
    const ladName = ladNameKey && props[ladNameKey] != null ? String(props[ladNameKey]) : null;
    areas.push([code, name, lad, ladName, lon, lat, JSON.stringify(f.geometry)]);
  });
  const rank = rankOf(
    layout,
    areas.map((a) => a[0]),
  );
  const progress = throttled(job.progress, areas.length, 256);

  let replaced = 0;
  let reassigned: number | undefined;
  const lads = [...new Set(areas.map((a) => a[2]))];
  // Only a file whose every area names its authority can be merged by authority.
  const byAuthority = lads.length > 0 && !lads.includes(null);
  const old = db.prepare(`SELECT id FROM boundary_sets WHERE kind = ? AND rank = ?`).get(layout.areaKind, rank) as
    { id: number } | undefined;
  if (old && byAuthority && sameAreas(db, old.id, lads as string[], areas)) return unchanged(dataset);

  db.transaction(() => {
    const wardsBefore = currentWardSetKey(db);
    let setId: number | bigint;
    if (old && byAuthority) {
      const drop = db.prepare(`DELETE FROM areas WHERE set_id = ? AND lad_code = ?`);
      for (const lad of lads) replaced += drop.run(old.id, lad).changes;
      setId = old.id;
    } else {
      if (old) {
        replaced = db.prepare(`DELETE FROM areas WHERE set_id = ?`).run(old.id).changes;
        db.prepare(`DELETE FROM boundary_sets WHERE id = ?`).run(old.id);
      }
      setId = db
        .prepare(`INSERT INTO boundary_sets (kind, name, vintage, rank, sha256, is_current, imported_at) VALUES (?, ?, ?, ?, ?, 0, ?)`)
        .run(layout.areaKind, basename(job.path), layout.vintage, rank, job.sha256, job.now).lastInsertRowid;
    }
    const insert = db.prepare(
      `INSERT OR REPLACE INTO areas (set_id, code, name, lad_code, lad_name, centroid_lon, centroid_lat, geometry) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    areas.forEach((a, i) => {
      insert.run(setId, ...a);
      progress(i + 1);
    });
    if (old && byAuthority) {
      // A merged set is no one file: its identity (for the caches keyed by it) is its content.
      db.prepare(`UPDATE boundary_sets SET sha256 = ?, imported_at = ? WHERE id = ?`).run(setDigest(db, setId), job.now, setId);
    }
    db.prepare(
      `UPDATE boundary_sets SET is_current = (rank = (SELECT max(rank) FROM boundary_sets b WHERE b.kind = boundary_sets.kind)) WHERE kind = ?`,
    ).run(layout.areaKind);
    recordDataset(
      db,
      {
        dataset: `boundaries-${layout.areaKind}-${layout.vintage}`,
        title: `${layout.areaKind === 'ward' ? 'Electoral ward' : layout.areaKind.toUpperCase()} boundaries (${layout.vintage})`,
        source: 'Office for National Statistics, Open Geography boundaries',
        licence: 'Open Government Licence v3.0; contains OS data © Crown copyright and database right',
      },
      job.file,
      job.sha256,
      job.now,
    );
    recordFile(job, 'boundary', data.features.length, areas.length);
    if (layout.areaKind === 'ward' && currentWardSetKey(db) !== wardsBefore) reassigned = reassignWards(db, currentWardIndex(db));
  })();
  return {
    status: 'imported',
    dataset,
    rowsRead: data.features.length,
    stored: areas.length,
    replaced,
    duplicates: 0,
    rejects,
    reassigned,
  };
}

/** Whether the set already holds exactly these areas for these authorities (a re-import changes nothing). */
function sameAreas(db: FileJob['db'], setId: number, lads: string[], areas: readonly (readonly unknown[])[]): boolean {
  const held = db
    .prepare(
      `SELECT code, name, lad_code, lad_name, centroid_lon, centroid_lat, geometry FROM areas WHERE set_id = ? AND lad_code IN (${lads.map(() => '?').join(',')})`,
    )
    .raw()
    .all(setId, ...lads) as unknown[][];
  if (held.length !== areas.length) return false;
  const key = (a: readonly unknown[]) => JSON.stringify(a);
  const want = new Set(areas.map(key));
  return held.every((a) => want.has(key(a)));
}

function setDigest(db: FileJob['db'], setId: number | bigint): string {
  const hash = createHash('sha256');
  for (const [code, geometry] of db
    .prepare(`SELECT code, geometry FROM areas WHERE set_id = ? ORDER BY code`)
    .raw()
    .iterate(setId) as IterableIterator<[string, string]>)
    hash.update(`${code}\t${geometry}\n`);
  return hash.digest('hex');
}
