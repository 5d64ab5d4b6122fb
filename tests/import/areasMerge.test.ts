/**
 * Boundary files of several local authorities in one store (issue 13): a file naming its
 * authority adds its areas beside the others' of the same vintage instead of replacing them, for
 * small areas as for wards (the fetch stamps the district on LSOAs it selected by name).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../server/db/openStore';
import { importFiles } from '../../server/import';
import { REAL_DATA_DIR } from '../setup/realStore';
import { removeDir, tempDir } from '../helpers/tempDir';

let dir: string;
const real = join(REAL_DATA_DIR, 'boundaries', 'lsoa21.geojson');
let moved: string;
let n: number;
beforeAll(() => {
  dir = tempDir('areas-merge-lsoa');
  const fc = JSON.parse(readFileSync(real, 'utf8')) as { features: { properties: Record<string, unknown> }[] };
  n = fc.features.length;
  fc.features.forEach((f, i) => {
    f.properties = { ...f.properties, lsoa_code: `E0199${String(i).padStart(4, '0')}`, lad_code: 'E06000002' };
  });
  moved = join(dir, 'lsoa21-E06000002.geojson');
  writeFileSync(moved, JSON.stringify(fc));
});
afterAll(() => removeDir(dir));

const held = (db: ReturnType<typeof openStore>) =>
  db
    .prepare(
      `SELECT a.lad_code AS lad, count(*) AS n FROM areas a JOIN boundary_sets s ON s.id = a.set_id WHERE s.kind = 'lsoa21' AND s.is_current = 1 GROUP BY 1 ORDER BY 1`,
    )
    .all();

describe('small areas of two authorities', () => {
  it('are held side by side, and re-importing either changes nothing', () => {
    const db = openStore(join(dir, 'atlas.db'));
    try {
      expect(importFiles(db, [real]).ok).toBe(true);
      expect(importFiles(db, [moved]).files.map((f) => f.status)).toEqual(['imported']);
      expect(held(db)).toEqual([
        { lad: 'E06000002', n },
        { lad: 'E06000004', n },
      ]);
      expect(importFiles(db, [real, moved]).files.map((f) => f.status)).toEqual(['unchanged', 'unchanged']);
      expect(held(db)).toEqual([
        { lad: 'E06000002', n },
        { lad: 'E06000004', n },
      ]);
    } finally {
      db.close();
    }
  });
});
