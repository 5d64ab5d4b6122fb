import { recordDataset } from './datasetRecord';
import { recordFile, throttled, unchanged, type FileJob, type FileResult } from './fileJob';
import type { FeatureCollectionLike } from './recognise';
import { checkPoint } from './rowChecks';
import { REJECT_REASONS, type Reject } from './types';

/**
 * OpenStreetMap points of interest (shared/data's pubs, or an Overpass/osmium GeoJSON export with
 * amenity tags). A file replaces the POIs of the kinds it holds, so a newer extract of pubs
 * replaces the pubs and leaves any other kinds alone. ref is the OSM object ('node/123').
 */
function refOf(props: Record<string, unknown>, lon: number, lat: number): string {
  if (props.osm_id != null) return `${String(props.osm_type ?? 'node')}/${String(props.osm_id)}`;
  const id = props['@id'] ?? props.id;
  if (id != null) return String(id);
  return `${lon},${lat}`;
}

export function importPoisFile(job: FileJob, data: FeatureCollectionLike): FileResult {
  const db = job.db;
  if (db.prepare(`SELECT 1 FROM import_files WHERE kind = 'pois' AND sha256 = ?`).get(job.sha256)) return unchanged('pois');

  const rejects: Reject[] = [];
  const pois: [string, string | null, number, number, string, string][] = [];
  data.features.forEach((f, i) => {
    const props = f.properties ?? {};
    const raw = () => JSON.stringify(props).slice(0, 500);
    const coords = f.geometry?.type === 'Point' ? (f.geometry.coordinates as unknown[]) : undefined;
    if (!coords) return rejects.push({ file: job.file, line: i + 1, reason: REJECT_REASONS.badGeometry, raw: raw() });
    const point = checkPoint(String(coords[0] ?? ''), String(coords[1] ?? ''));
    if (typeof point === 'string') return rejects.push({ file: job.file, line: i + 1, reason: point, raw: raw() });
    const kind = String(props.kind ?? props.amenity ?? 'poi');
    const name = props.name == null ? null : String(props.name);
    const source = String(props.source ?? 'OpenStreetMap');
    pois.push([kind, name, point.lon, point.lat, refOf(props, point.lon, point.lat), source]);
  });
  const kinds = [...new Set(pois.map((p) => p[0]))];
  const progress = throttled(job.progress, pois.length, 256);

  let replaced = 0;
  db.transaction(() => {
    const del = db.prepare(`DELETE FROM pois WHERE kind = ?`);
    for (const k of kinds) replaced += del.run(k).changes;
    const insert = db.prepare(`INSERT OR REPLACE INTO pois (kind, name, lon, lat, ref, source) VALUES (?, ?, ?, ?, ?, ?)`);
    pois.forEach((p, i) => {
      insert.run(...p);
      progress(i + 1);
    });
    recordDataset(
      db,
      {
        dataset: `osm-${kinds.join('-') || 'pois'}`,
        title: `OpenStreetMap points of interest (${kinds.join(', ')})`,
        source: pois[0]?.[5] ?? 'OpenStreetMap',
        licence: 'Open Database Licence (ODbL) 1.0; © OpenStreetMap contributors',
      },
      job.file,
      job.sha256,
      job.now,
    );
    recordFile(job, 'pois', data.features.length, pois.length);
  })();
  return {
    status: 'imported',
    dataset: `pois ${kinds.join(', ')}`,
    rowsRead: data.features.length,
    stored: pois.length,
    replaced,
    duplicates: 0,
    rejects,
  };
}
