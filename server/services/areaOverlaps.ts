import type { Store } from '../db/openStore';
import { overlapWeights, type OverlapMatrix } from '../../geo/areaAllocation';
import { currentAreas, type Area, type AreaKind } from './areas';
import { asFeatures } from './areaFeatures';

export interface AreaOverlap {
  sources: Area[];
  targets: Area[];
  matrix: OverlapMatrix;
}

function setSha(db: Store, kind: AreaKind): string | undefined {
  const row = db.prepare(`SELECT sha256 FROM boundary_sets WHERE kind = ? ORDER BY is_current DESC, rank DESC LIMIT 1`).get(kind) as
    { sha256: string } | undefined;
  return row?.sha256;
}

const memory = new WeakMap<Store, Map<string, AreaOverlap>>();

/**
 * The overlap of the current areas of two kinds (e.g. LSOA 2011 -> current wards). Polygon
 * intersection takes seconds, so each pair of boundary files is intersected once and the result
 * is kept in the store (keyed by the files' hashes) and in memory.
 */
export function areaOverlap(db: Store, sourceKind: AreaKind, targetKind: AreaKind): AreaOverlap | undefined {
  const sourceSha = setSha(db, sourceKind);
  const targetSha = setSha(db, targetKind);
  if (!sourceSha || !targetSha) return undefined;
  const key = `${sourceSha}>${targetSha}`;
  let perStore = memory.get(db);
  if (!perStore) memory.set(db, (perStore = new Map()));
  const hit = perStore.get(key);
  if (hit) return hit;
  const sources = currentAreas(db, sourceKind);
  const targets = currentAreas(db, targetKind);
  const matrix = loadStored(db, sourceSha, targetSha, sources, targets) ?? computeAndStore(db, sourceSha, targetSha, sources, targets);
  const overlap = { sources, targets, matrix };
  perStore.set(key, overlap);
  return overlap;
}

function loadStored(db: Store, sourceSha: string, targetSha: string, sources: Area[], targets: Area[]): OverlapMatrix | undefined {
  if (!db.prepare(`SELECT 1 FROM area_overlap_pairs WHERE source_sha = ? AND target_sha = ?`).get(sourceSha, targetSha)) return undefined;
  const sizes = new Map(
    (
      db.prepare(`SELECT sha, code, area_m2 FROM area_sizes WHERE sha IN (?, ?)`).all(sourceSha, targetSha) as {
        sha: string;
        code: string;
        area_m2: number;
      }[]
    ).map((r) => [`${r.sha}:${r.code}`, r.area_m2]),
  );
  const sourceAreasM2 = sources.map((s) => sizes.get(`${sourceSha}:${s.code}`));
  const targetAreasM2 = targets.map((t) => sizes.get(`${targetSha}:${t.code}`));
  if (sourceAreasM2.some((a) => a === undefined) || targetAreasM2.some((a) => a === undefined)) return undefined;
  const sIndex = new Map(sources.map((s, i) => [s.code, i]));
  const tIndex = new Map(targets.map((t, i) => [t.code, i]));
  const rows = db
    .prepare(
      `SELECT source_code, target_code, overlap_m2, source_fraction, target_fraction FROM area_overlaps WHERE source_sha = ? AND target_sha = ?`,
    )
    .all(sourceSha, targetSha) as {
    source_code: string;
    target_code: string;
    overlap_m2: number;
    source_fraction: number;
    target_fraction: number;
  }[];
  const entries = rows
    .map((r) => ({
      source: sIndex.get(r.source_code)!,
      target: tIndex.get(r.target_code)!,
      overlapM2: r.overlap_m2,
      sourceFraction: r.source_fraction,
      targetFraction: r.target_fraction,
    }))
    .sort((a, b) => a.target - b.target || a.source - b.source);
  return { sourceAreasM2: sourceAreasM2 as number[], targetAreasM2: targetAreasM2 as number[], entries };
}

function computeAndStore(db: Store, sourceSha: string, targetSha: string, sources: Area[], targets: Area[]): OverlapMatrix {
  const matrix = overlapWeights(asFeatures(sources), asFeatures(targets));
  const size = db.prepare(`INSERT OR REPLACE INTO area_sizes (sha, code, area_m2) VALUES (?, ?, ?)`);
  const entry = db.prepare(
    `INSERT OR REPLACE INTO area_overlaps (source_sha, target_sha, source_code, target_code, overlap_m2, source_fraction, target_fraction) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  if (!db.readonly)
    db.transaction(() => {
      sources.forEach((s, i) => size.run(sourceSha, s.code, matrix.sourceAreasM2[i]));
      targets.forEach((t, i) => size.run(targetSha, t.code, matrix.targetAreasM2[i]));
      db.prepare(`INSERT OR REPLACE INTO area_overlap_pairs (source_sha, target_sha, computed_at) VALUES (?, ?, ?)`).run(
        sourceSha,
        targetSha,
        new Date().toISOString(),
      );
      for (const e of matrix.entries)
        entry.run(sourceSha, targetSha, sources[e.source].code, targets[e.target].code, e.overlapM2, e.sourceFraction, e.targetFraction);
    })();
  return matrix;
}
