import { crimeKey } from '../db/crimeKey';
import type { Store } from '../db/openStore';

/**
 * incidents.outcome is the latest known outcome of a crime: the newest outcomes-file record for
 * its Crime ID when there is one (outcome_month says which month), else the street file's "Last
 * outcome category" (outcome_month NULL). These keep it so whichever of the two is imported first.
 */
const LATEST = `(SELECT o.outcome, o.month FROM outcomes o WHERE o.crime_id = incident_rows.crime_id ORDER BY o.month DESC, o.rowid DESC LIMIT 1)`;

/** After a street month is (re)stored: pick up outcomes already held for its crimes. */
export function refreshOutcomesForMonth(db: Store, source: string, force: string, month: string): void {
  if (!db.prepare(`SELECT 1 FROM outcomes LIMIT 1`).get()) return;
  db.prepare(
    `UPDATE incident_rows SET (outcome, outcome_month) = ${LATEST}
     WHERE source = ? AND force = ? AND month = ? AND crime_id IS NOT NULL
       AND EXISTS (SELECT 1 FROM outcomes o WHERE o.crime_id = incident_rows.crime_id)`,
  ).run(source, force, month);
}

/** After a month of outcomes was stored: every crime it mentions has this or a newer outcome. */
export function refreshOutcomesFromMonth(db: Store, source: string, force: string, month: string): void {
  db.prepare(
    `UPDATE incident_rows SET (outcome, outcome_month) = ${LATEST}
     WHERE crime_key IN (SELECT crime_key(crime_id) FROM outcomes WHERE source = @source AND force = @force AND month = @month)
       AND crime_id IN (SELECT crime_id FROM outcomes WHERE source = @source AND force = @force AND month = @month)`,
  ).run({ source, force, month });
}

/** After outcomes changed for these crimes: recompute their latest outcome (one indexed update each). */
export function refreshOutcomesForCrimes(db: Store, crimeIds: Iterable<string>): void {
  const update = db.prepare(
    `UPDATE incident_rows SET
       outcome = coalesce((SELECT o.outcome FROM outcomes o WHERE o.crime_id = incident_rows.crime_id ORDER BY o.month DESC, o.rowid DESC LIMIT 1), last_outcome),
       outcome_month = (SELECT max(o.month) FROM outcomes o WHERE o.crime_id = incident_rows.crime_id)
     WHERE crime_key = ? AND crime_id = ?`,
  );
  for (const id of crimeIds) update.run(crimeKey(id), id);
}
