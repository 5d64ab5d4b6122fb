import type { Store } from '../db/openStore';
import type { PointBins } from './pointBinner';

/**
 * The places table (migration 7): one row per police.uk map point as a file describes it
 * (coordinates, street text, LSOA), with its H3 cells and ward. Incidents refer to a place by id.
 * The book holds every place's id by its description, read once per import: about 5,800 places for
 * Teesside, some 600,000 nationally.
 *
 * Places created inside a file's transaction are pending until the file is kept: a file that is
 * rolled back takes its new places with it, and the book forgets them too (`forgetPending`).
 */
export class PlaceBook {
  private readonly ids = new Map<string, number>();
  private pending: string[] = [];
  private readonly insert;

  constructor(db: Store) {
    this.insert = db.prepare(
      `INSERT INTO places (lon, lat, location, lsoa_code, lsoa_name, h3_7, h3_8, h3_9, h3_10, ward_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const rows = db.prepare(`SELECT id, lon, lat, location, lsoa_code, lsoa_name FROM places`).raw().iterate() as IterableIterator<
      [number, number, number, string, string | null, string | null]
    >;
    for (const [id, lon, lat, location, lsoaCode, lsoaName] of rows) this.ids.set(placeKey(lon, lat, location, lsoaCode, lsoaName), id);
  }

  get size(): number {
    return this.ids.size;
  }

  /** The place's id when the book holds it. */
  find(lon: number, lat: number, location: string, lsoaCode: string | null, lsoaName: string | null): number | undefined {
    return this.ids.get(placeKey(lon, lat, location, lsoaCode, lsoaName));
  }

  /** The place's id, created (with `bins()`, called only then) when the book has none. */
  id(lon: number, lat: number, location: string, lsoaCode: string | null, lsoaName: string | null, bins: () => PointBins): number {
    const key = placeKey(lon, lat, location, lsoaCode, lsoaName);
    let id = this.ids.get(key);
    if (id === undefined) {
      const b = bins();
      id = this.insert.run(lon, lat, location, lsoaCode, lsoaName, b.h3_7, b.h3_8, b.h3_9, b.h3_10, b.ward).lastInsertRowid as number;
      // A copy, not the key: the key is built of substrings of the file's text, and V8 keeps the
      // whole text (megabytes) alive for as long as any substring of it lives.
      const kept = Buffer.from(key, 'utf8').toString('utf8');
      this.ids.set(kept, id);
      this.pending.push(kept);
    }
    return id;
  }

  /** The file that created the pending places was stored. */
  keepPending(): void {
    this.pending = [];
  }

  /** The file that created the pending places was rolled back, and the places with it. */
  forgetPending(): void {
    for (const key of this.pending) this.ids.delete(key);
    this.pending = [];
  }
}

/** Numbers as JavaScript prints them: the same double always gives the same text. */
export function placeKey(lon: number, lat: number, location: string, lsoaCode: string | null, lsoaName: string | null): string {
  return `${lon}\u0000${lat}\u0000${location}\u0000${lsoaCode ?? ''}\u0000${lsoaName ?? ''}`;
}
