import { crimeKey } from '../db/crimeKey';
import type { Store } from '../db/openStore';
import type { CrimeFinder, HeldCrime } from './crimeFinder';
import type { PlaceBook } from './placeBook';
import type { PointBinner } from './pointBinner';

/**
 * police.uk occasionally publishes one crime (one Crime ID) in two months. It is one crime, so
 * incidents holds only the record from the newest month; the older record waits in
 * incidents_shadowed. Whatever order months are imported or re-imported in, incidents ends up
 * holding exactly the newest record of every crime:
 *  - inserting a record whose crime is held by a newer month shadows the new record;
 *  - inserting a record whose crime is held by an older month shadows the older one;
 *  - replacing a month that no longer lists a crime restores that crime's newest shadowed record.
 *
 * Crimes are found by their integer key (server/db/crimeKey.ts) and then by their text, so two
 * crimes whose keys collide stay two crimes.
 */
export interface IncidentRecord {
  source: string;
  force: string;
  month: string;
  crime_id: string | null;
  category: string;
  lon: number;
  lat: number;
  location: string;
  lsoa_code: string | null;
  lsoa_name: string | null;
  last_outcome: string | null;
}

/**
 * An incident as the parameters of one insert into incident_rows: a flat tuple because building an
 * object per row costs more than the insert's binding. Its place (coordinates, street, LSOA, cells,
 * ward) is a row of places (placeBook.ts).
 */
export type IncidentParams = [
  source: string,
  force: string,
  month: string,
  crimeId: string | null,
  category: string,
  placeId: number,
  lastOutcome: string | null,
  outcome: string | null,
  crimeKey: number | null,
];

/** A shadowed record as a row of incident_rows, at its place. */
export function incidentParams(r: IncidentRecord, placeId: number): IncidentParams {
  return [
    r.source,
    r.force,
    r.month,
    r.crime_id,
    r.category,
    placeId,
    r.last_outcome,
    r.last_outcome,
    r.crime_id === null ? null : crimeKey(r.crime_id),
  ];
}

export type CrimeOutcome = 'inserted' | 'displaced-older' | 'shadowed';

const COLUMNS = 'source, force, month, crime_id, category, lon, lat, location, lsoa_code, lsoa_name, last_outcome';

function statements(db: Store) {
  return {
    insert: db.prepare(
      `INSERT INTO incident_rows (source, force, month, crime_id, category, place_id, last_outcome, outcome, crime_key)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    shadowIncident: db.prepare(`INSERT INTO incidents_shadowed (${COLUMNS}) SELECT ${COLUMNS} FROM incidents WHERE id = ?`),
    deleteIncident: db.prepare(`DELETE FROM incident_rows WHERE id = ?`),
    shadowRecord: db.prepare(
      `INSERT INTO incidents_shadowed (${COLUMNS})
       SELECT @source, @force, @month, @crimeId, @category, p.lon, p.lat, p.location, p.lsoa_code, p.lsoa_name, @lastOutcome
       FROM places p WHERE p.id = @placeId`,
    ),
    newestShadow: db.prepare(
      `SELECT rowid AS rid, ${COLUMNS} FROM incidents_shadowed WHERE crime_id = ? ORDER BY month DESC, source DESC, force DESC LIMIT 1`,
    ),
    deleteShadow: db.prepare(`DELETE FROM incidents_shadowed WHERE rowid = ?`),
    latestOutcome: db.prepare(
      `UPDATE incident_rows SET (outcome, outcome_month) =
         (SELECT o.outcome, o.month FROM outcomes o WHERE o.crime_id = incident_rows.crime_id ORDER BY o.month DESC, o.rowid DESC LIMIT 1)
       WHERE id = ? AND EXISTS (SELECT 1 FROM outcomes o WHERE o.crime_id = ?)`,
    ),
  };
}
type Statements = ReturnType<typeof statements>;
const cache = new WeakMap<Store, Statements>();
function stmts(db: Store): Statements {
  let s = cache.get(db);
  if (!s) cache.set(db, (s = statements(db)));
  return s;
}

/** Orders records of one crime: true when `a` is the newer (months, then source/force for ties). */
function newer(a: { month: string; source: string; force: string }, b: { month: string; source: string; force: string }): boolean {
  if (a.month !== b.month) return a.month > b.month;
  return `${a.source}\u0000${a.force}` > `${b.source}\u0000${b.force}`;
}

export const monthKey = (source: string, force: string, month: string) => `${source}\u0000${force}\u0000${month}`;

type Holder = Pick<HeldCrime, 'id' | 'source' | 'force' | 'month'>;

/** The incidents already holding any of these rows' crimes, by Crime ID. */
function heldCrimes(finder: CrimeFinder, rows: readonly IncidentParams[]): Map<string, Holder> {
  const ids: string[] = [];
  const keys: number[] = [];
  for (const p of rows) {
    if (p[3] === null) continue;
    ids.push(p[3]);
    keys.push(p[8]!);
  }
  return new Map(finder.held(ids, keys).map((h) => [h.crime_id, h]));
}

export interface StoredCrimes {
  /** Rows now held in incidents (the rest were older records of crimes a newer month holds). */
  stored: number;
  /** Rows whose crime another month also lists. */
  duplicates: number;
}

/**
 * Stores one file's incidents, settling clashes of Crime IDs with other months. `touched` collects
 * the other months whose held rows changed, so that their counts can be refreshed. The rows'
 * Crime IDs must be distinct (the reader rejects a repeat within a file).
 */
export function storeCrimeRecords(
  db: Store,
  finder: CrimeFinder,
  rows: readonly IncidentParams[],
  touched: Set<string>,
  progress: (done: number) => void,
): StoredCrimes {
  const s = stmts(db);
  const held = heldCrimes(finder, rows);
  let stored = 0;
  let duplicates = 0;
  for (let i = 0; i < rows.length; i++) {
    const p = rows[i];
    const holder = p[3] === null ? undefined : held.get(p[3]);
    if (holder === undefined) {
      const id = s.insert.run(p).lastInsertRowid as number;
      if (p[8] !== null) finder.added(p[8], id);
      stored++;
    } else {
      duplicates++;
      if (settleClash(s, finder, p, holder, touched) !== 'shadowed') stored++;
    }
    progress(i + 1);
  }
  return { stored, duplicates };
}

/** One crime listed by two months: the newer record is held, the older one shadowed. */
function settleClash(s: Statements, finder: CrimeFinder, p: IncidentParams, holder: Holder, touched: Set<string>): CrimeOutcome {
  if (newer(holder, { source: p[0], force: p[1], month: p[2] })) {
    const [source, force, month, crimeId, category, placeId, lastOutcome] = p;
    s.shadowRecord.run({ source, force, month, crimeId, category, placeId, lastOutcome });
    return 'shadowed';
  }
  s.shadowIncident.run(holder.id);
  s.deleteIncident.run(holder.id);
  touched.add(monthKey(holder.source, holder.force, holder.month));
  finder.added(p[8]!, s.insert.run(p).lastInsertRowid as number);
  return 'displaced-older';
}

/** After a month was replaced: if `crimeId` is no longer held, bring back its newest shadowed record. */
export function restoreShadowed(
  db: Store,
  finder: CrimeFinder,
  places: PlaceBook,
  crimeId: string,
  binner: PointBinner,
  touched: Set<string>,
): void {
  const s = stmts(db);
  const key = crimeKey(crimeId);
  if (finder.held([crimeId], [key]).length > 0) return;
  const shadow = s.newestShadow.get(crimeId) as (IncidentRecord & { rid: number }) | undefined;
  if (!shadow) return;
  s.deleteShadow.run(shadow.rid);
  const placeId = places.id(shadow.lon, shadow.lat, shadow.location, shadow.lsoa_code, shadow.lsoa_name, () =>
    binner.bins(`${shadow.lon},${shadow.lat}`, shadow.lon, shadow.lat),
  );
  const id = s.insert.run(incidentParams(shadow, placeId)).lastInsertRowid as number;
  finder.added(key, id);
  s.latestOutcome.run(id, crimeId);
  touched.add(monthKey(shadow.source, shadow.force, shadow.month));
}
