import type { Store } from '../db/openStore';
import type { PointBinner, PointBins } from './pointBinner';

/**
 * police.uk occasionally publishes one crime (one Crime ID) in two months. It is one crime, so
 * incidents holds only the record from the newest month; the older record waits in
 * incidents_shadowed. Whatever order months are imported or re-imported in, incidents ends up
 * holding exactly the newest record of every crime:
 *  - inserting a record whose crime is held by a newer month shadows the new record;
 *  - inserting a record whose crime is held by an older month shadows the older one;
 *  - replacing a month that no longer lists a crime restores that crime's newest shadowed record.
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
 * An incident as the parameters of one insert, in COLUMNS order then outcome, h3_7..h3_10 and
 * ward_code: a flat tuple because building an object per row costs more than the insert's binding.
 */
export type IncidentParams = [
  source: string,
  force: string,
  month: string,
  crimeId: string | null,
  category: string,
  lon: number,
  lat: number,
  location: string,
  lsoaCode: string | null,
  lsoaName: string | null,
  lastOutcome: string | null,
  outcome: string | null,
  h3_7: string,
  h3_8: string,
  h3_9: string,
  h3_10: string,
  ward: string | null,
];

export function incidentParams(r: IncidentRecord, b: PointBins): IncidentParams {
  return [
    r.source,
    r.force,
    r.month,
    r.crime_id,
    r.category,
    r.lon,
    r.lat,
    r.location,
    r.lsoa_code,
    r.lsoa_name,
    r.last_outcome,
    r.last_outcome,
    b.h3_7,
    b.h3_8,
    b.h3_9,
    b.h3_10,
    b.ward,
  ];
}

export type CrimeOutcome = 'inserted' | 'displaced-older' | 'shadowed';

const COLUMNS = 'source, force, month, crime_id, category, lon, lat, location, lsoa_code, lsoa_name, last_outcome';

function statements(db: Store) {
  return {
    insert: db.prepare(
      `INSERT INTO incidents (${COLUMNS}, outcome, h3_7, h3_8, h3_9, h3_10, ward_code)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (crime_id) WHERE crime_id IS NOT NULL DO NOTHING`,
    ),
    holder: db.prepare(`SELECT id, source, force, month FROM incidents WHERE crime_id = ?`),
    shadowIncident: db.prepare(`INSERT INTO incidents_shadowed (${COLUMNS}) SELECT ${COLUMNS} FROM incidents WHERE id = ?`),
    deleteIncident: db.prepare(`DELETE FROM incidents WHERE id = ?`),
    shadowRecord: db.prepare(`INSERT INTO incidents_shadowed (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    newestShadow: db.prepare(
      `SELECT rowid AS rid, ${COLUMNS} FROM incidents_shadowed WHERE crime_id = ? ORDER BY month DESC, source DESC, force DESC LIMIT 1`,
    ),
    deleteShadow: db.prepare(`DELETE FROM incidents_shadowed WHERE rowid = ?`),
    isHeld: db.prepare(`SELECT 1 FROM incidents WHERE crime_id = ?`),
    latestOutcome: db.prepare(
      `UPDATE incidents SET (outcome, outcome_month) =
         (SELECT o.outcome, o.month FROM outcomes o WHERE o.crime_id = incidents.crime_id ORDER BY o.month DESC, o.rowid DESC LIMIT 1)
       WHERE crime_id = ? AND EXISTS (SELECT 1 FROM outcomes o WHERE o.crime_id = ?)`,
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

/**
 * Stores one incident, settling a clash of Crime IDs. `touched` collects the other months whose
 * held rows changed, so that their counts can be refreshed.
 */
export function applyCrimeRecord(db: Store, p: IncidentParams, touched: Set<string>): CrimeOutcome {
  const s = stmts(db);
  if (s.insert.run(p).changes === 1) return 'inserted';
  const holder = s.holder.get(p[3]) as { id: number; source: string; force: string; month: string };
  if (newer(holder, { source: p[0], force: p[1], month: p[2] })) {
    s.shadowRecord.run(p.slice(0, 11));
    return 'shadowed';
  }
  s.shadowIncident.run(holder.id);
  s.deleteIncident.run(holder.id);
  touched.add(monthKey(holder.source, holder.force, holder.month));
  s.insert.run(p);
  return 'displaced-older';
}

/** After a month was replaced: if `crimeId` is no longer held, bring back its newest shadowed record. */
export function restoreShadowed(db: Store, crimeId: string, binner: PointBinner, touched: Set<string>): void {
  const s = stmts(db);
  if (s.isHeld.get(crimeId)) return;
  const shadow = s.newestShadow.get(crimeId) as (IncidentRecord & { rid: number }) | undefined;
  if (!shadow) return;
  s.deleteShadow.run(shadow.rid);
  s.insert.run(incidentParams(shadow, binner.bins(`${shadow.lon},${shadow.lat}`, shadow.lon, shadow.lat)));
  s.latestOutcome.run(crimeId, crimeId);
  touched.add(monthKey(shadow.source, shadow.force, shadow.month));
}
