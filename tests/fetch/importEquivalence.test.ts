/**
 * A month fetched through the (fake) API and imported gives the same incidents as the same
 * month's archive CSV rows imported directly: same counts per category, same points, categories,
 * Crime IDs, outcomes, locations and wards. Then a fetch with wards and the month in the store asks
 * for neither.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/db/openStore';
import { importFolder } from '../../server/import';
import { fetchArea, type FetchSummary } from '../../server/fetch';
import { csvRecords } from '../../server/fetch/csvRecords';
import { SHARED_DATA, type FakeServer } from './fakeServer';
import { fakeOptions, policeCsvPath, startDefaultServer, testOutput } from './helpers';
import { readFileSync } from 'node:fs';

const MONTH = '2025-11';

function incidents(db: Store): string[] {
  return (
    db
      .prepare(
        `SELECT crime_id, month, category, lon, lat, location, last_outcome, ward_code, h3_9 FROM incidents ORDER BY category, lon, lat, crime_id, location`,
      )
      .all() as Record<string, unknown>[]
  ).map((r) => JSON.stringify(r));
}

function perCategory(db: Store): Record<string, number> {
  const rows = db.prepare(`SELECT category, count(*) AS n FROM incidents GROUP BY category ORDER BY category`).all() as {
    category: string;
    n: number;
  }[];
  return Object.fromEntries(rows.map((r) => [r.category, r.n]));
}

describe('fetch then import equals importing the archive CSV', () => {
  let server: FakeServer;
  let fetched: Store;
  let direct: Store;
  let summary: FetchSummary;
  let work: string;

  beforeAll(async () => {
    server = await startDefaultServer({ maxCrimes: 200 });
    work = testOutput('equivalence');
    summary = await fetchArea(fakeOptions(server, join(work, 'download'), { import: true, db: join(work, 'fetched.db') }));
    fetched = openStore(join(work, 'fetched.db'));

    // The same month straight from the archive: Stockton-on-Tees rows only, with the shared wards.
    const folder = join(work, 'archive');
    mkdirSync(join(folder, 'police-uk'), { recursive: true });
    const text = readFileSync(policeCsvPath(MONTH), 'utf8');
    const records = [...csvRecords(text)];
    const lsoaName = records[0].fields.indexOf('LSOA name');
    const kept = [
      records[0].raw,
      ...records
        .slice(1)
        .filter((r) => r.fields[lsoaName].startsWith('Stockton-on-Tees'))
        .map((r) => r.raw),
    ];
    writeFileSync(join(folder, 'police-uk', `${MONTH}-cleveland-street.csv`), kept.join('\n') + '\n');
    copyFileSync(join(SHARED_DATA, 'boundaries', 'wards.geojson'), join(folder, 'wards.geojson'));
    direct = openStore(join(work, 'direct.db'));
    const report = importFolder(direct, folder);
    expect(report.ok).toBe(true);
  });

  afterAll(async () => {
    fetched?.close();
    direct?.close();
    await server?.close();
  });

  it('imports the fetched folder cleanly', () => {
    const imported = summary.imported!;
    expect(imported.ok).toBe(true);
    expect(imported.refused).toEqual([]);
    expect(imported.rejectedTotal).toBe(0);
    const kinds = imported.files
      .filter((f) => f.status === 'imported')
      .map((f) => f.kind)
      .sort();
    expect(kinds).toEqual(['boundary', 'street']);
  });

  it('stores the same incidents', () => {
    expect(perCategory(fetched)).toEqual(perCategory(direct));
    const a = incidents(fetched);
    const b = incidents(direct);
    expect(a.length).toBe(b.length);
    expect(a.length).toBeGreaterThan(2000);
    expect(a).toEqual(b);
    // Every incident lies in a ward in both stores.
    expect(fetched.prepare(`SELECT count(*) AS n FROM incidents WHERE ward_code IS NULL`).get()).toEqual({ n: 0 });
  });

  it('records the fetch for the client', () => {
    const row = fetched.prepare(`SELECT value FROM settings WHERE key = 'fetch.last'`).get() as { value: string };
    expect(JSON.parse(row.value)).toMatchObject({ area: 'E06000004', force: 'cleveland', forceName: 'Cleveland Police', lastMonth: MONTH });
  });

  it('takes wards and the month from the store: a new folder asks for neither', async () => {
    const before = server.log.length;
    // An open store handle (as the server passes on first start) is used and left open.
    const again = await fetchArea(fakeOptions(server, join(work, 'second-download'), { import: true, store: fetched }));
    expect(fetched.open).toBe(true);
    const paths = server.log.slice(before).map((e) => e.path);
    expect(paths).toEqual(['/api/crimes-street-dates']);
    expect(again.wards).toMatchObject({ source: 'store', count: 27 });
    expect(again.months.inStore).toEqual([MONTH]);
    expect(again.months.fetched).toEqual([]);
  });
});
