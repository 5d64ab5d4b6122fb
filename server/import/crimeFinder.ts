import type { Store } from '../db/openStore';

/**
 * How the importer finds the incidents already holding a file's crimes. Normally by the store's
 * crime_key index; during a bulk import (many months at once) by a key table in memory, with the
 * index dropped and rebuilt once at the end: maintaining a random-keyed index costs every insert
 * a page write, rebuilding it is one sort (docs/benchmarks.md, "Import at scale").
 *
 * Either way a key only nominates candidates; the Crime ID text of each is compared, so colliding
 * keys, rolled-back rows and deleted rows are never mistaken for a held crime.
 */
export interface HeldCrime {
  id: number;
  crime_id: string;
  source: string;
  force: string;
  month: string;
}

export interface CrimeFinder {
  /** The incidents holding any of these Crime IDs (`keys[i]` is crimeKey(`ids[i]`)). */
  held(ids: readonly string[], keys: readonly number[]): HeldCrime[];
  /** Tells the finder a row was stored (the index needs no telling). */
  added(key: number, id: number): void;
}

const CHUNK = 20_000;

function matching(rows: readonly HeldCrime[], ids: readonly string[]): HeldCrime[] {
  const wanted = new Set(ids);
  return rows.filter((r) => wanted.has(r.crime_id));
}

/** Finds crimes through the crime_key index, one statement per chunk of a file's keys. */
export function indexedFinder(db: Store): CrimeFinder {
  const byKey = db.prepare(
    `SELECT id, crime_id, source, force, month FROM incident_rows WHERE crime_key IN (SELECT value FROM json_each(?))`,
  );
  return {
    held(ids, keys) {
      const found: HeldCrime[] = [];
      for (let i = 0; i < keys.length; i += CHUNK) found.push(...(byKey.all(JSON.stringify(keys.slice(i, i + CHUNK))) as HeldCrime[]));
      return matching(found, ids);
    },
    added() {},
  };
}

/**
 * An open-addressing table of (key, row id) pairs in two typed arrays: 16 bytes a slot, about 32
 * bytes a crime at most half full (640 MB for 20 million crimes). A key may hold several ids.
 */
export class CrimeKeyTable {
  private keys: Float64Array;
  private ids: Float64Array;
  private mask: number;
  private filled = 0;

  constructor(expected = 1 << 16) {
    let capacity = 1 << 16;
    while (capacity < expected * 2) capacity *= 2;
    this.keys = new Float64Array(capacity).fill(-1);
    this.ids = new Float64Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.filled;
  }

  add(key: number, id: number): void {
    if ((this.filled + 1) * 2 > this.keys.length) this.grow();
    let slot = (key >>> 0) & this.mask;
    while (this.keys[slot] !== -1) slot = (slot + 1) & this.mask;
    this.keys[slot] = key;
    this.ids[slot] = id;
    this.filled++;
  }

  /** Every id added under `key`, pushed onto `out`. */
  idsOf(key: number, out: number[]): void {
    let slot = (key >>> 0) & this.mask;
    for (let k = this.keys[slot]; k !== -1; k = this.keys[slot]) {
      if (k === key) out.push(this.ids[slot]);
      slot = (slot + 1) & this.mask;
    }
  }

  private grow(): void {
    const { keys, ids } = this;
    this.keys = new Float64Array(keys.length * 2).fill(-1);
    this.ids = new Float64Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    this.filled = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== -1) this.add(keys[i], ids[i]);
  }
}

/** Finds crimes through a key table seeded from the store; candidates are read back by row id. */
export function memoryFinder(db: Store, table: CrimeKeyTable): CrimeFinder {
  const byId = db.prepare(`SELECT id, crime_id, source, force, month FROM incident_rows WHERE id IN (SELECT value FROM json_each(?))`);
  return {
    held(ids, keys) {
      const candidates: number[] = [];
      for (const key of keys) table.idsOf(key, candidates);
      if (candidates.length === 0) return [];
      const unique = [...new Set(candidates)];
      const found: HeldCrime[] = [];
      for (let i = 0; i < unique.length; i += CHUNK) found.push(...(byId.all(JSON.stringify(unique.slice(i, i + CHUNK))) as HeldCrime[]));
      return matching(found, ids);
    },
    added(key, id) {
      table.add(key, id);
    },
  };
}

/** The key table of every crime the store holds, read from the crime_key index alone. */
export function seedKeyTable(db: Store): CrimeKeyTable {
  const held = (db.prepare(`SELECT max(id) FROM incident_rows`).pluck().get() as number | null) ?? 0;
  const table = new CrimeKeyTable(held);
  const rows = db.prepare(`SELECT crime_key, id FROM incident_rows INDEXED BY incidents_crime_key WHERE crime_key IS NOT NULL`).raw();
  for (const [key, id] of rows.iterate() as IterableIterator<[number, number]>) table.add(key, id);
  return table;
}

/** Enters the bulk way: the held crimes' keys into memory, then the index dropped. */
export function beginBulk(db: Store): { finder: CrimeFinder; held: number } {
  const table = seedKeyTable(db);
  db.exec('DROP INDEX incidents_crime_key');
  return { finder: memoryFinder(db, table), held: table.size };
}

export const CRIME_KEY_INDEX = `CREATE INDEX IF NOT EXISTS incidents_crime_key ON incident_rows(crime_key) WHERE crime_key IS NOT NULL`;
