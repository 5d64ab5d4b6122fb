import type Database from 'better-sqlite3';

/**
 * The integer a Crime ID is indexed by. police.uk Crime IDs are 64 hex digits (a digest), so
 * their first 13 digits are already a uniformly spread 52-bit number, exact in a double; any
 * other text (a partner log's reference) is hashed to 52 bits (two FNV-1a passes).
 *
 * Why not index the text: a unique index of 64-character random keys is about 75 bytes an entry,
 * and every month's commit rewrites thousands of its pages; the integer index is a quarter of that
 * (docs/benchmarks.md, "Import at scale"). Keys can collide (about 1 in 20 for 20 million crimes),
 * so a key only finds candidates: every lookup also compares the Crime ID itself.
 */
const HEX13 = /^[0-9a-f]{13}/i;
const TWO_POW_32 = 2 ** 32;

export function crimeKey(crimeId: string): number {
  if (HEX13.test(crimeId)) return parseInt(crimeId.slice(0, 13), 16);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < crimeId.length; i++) {
    const c = crimeId.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return ((b >>> 12) & 0xfffff) * TWO_POW_32 + (a >>> 0);
}

/** Makes crime_key(text) available to SQL on this connection (migrations and outcome refreshes use it). */
export function registerCrimeKey(db: Database.Database): void {
  db.function('crime_key', { deterministic: true }, (id: unknown) => (typeof id === 'string' ? crimeKey(id) : null));
}
