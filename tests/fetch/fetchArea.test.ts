/**
 * fetchArea against the fake police.uk / ONS server, fed with real saved months (all Cleveland
 * rows inside the saved bounding box, so the buffered ward polygons also reach into Middlesbrough
 * and Hartlepool): splitting, deduplication, GET/POST, faults, resumption, the second run.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchArea, type FetchSummary } from '../../server/fetch';
import { STATE_FILE } from '../../server/fetch/fetchState';
import type { FakeServer, Fault } from './fakeServer';
import { allCrimes, diffKeys, fakeOptions, readCsv, rowKey, startDefaultServer, stocktonRows, testOutput } from './helpers';

const MONTH = '2025-11';
const FILE = `police-uk/${MONTH}-cleveland-street.csv`;

describe('fetchArea against a fake police.uk', () => {
  let server: FakeServer;
  let baseline: { dir: string; summary: FetchSummary; crimeRequests: number; csv: string };

  beforeAll(async () => {
    server = await startDefaultServer();
    const dir = testOutput('baseline');
    const before = server.crimeRequests().length;
    const summary = await fetchArea(fakeOptions(server, dir));
    baseline = { dir, summary, crimeRequests: server.crimeRequests().length - before, csv: readFileSync(join(dir, FILE), 'utf8') };
  });
  afterAll(async () => {
    await server?.close();
  });

  it('returns every Stockton crime of the month exactly once, splitting polygons on 503', () => {
    const rows = readCsv(join(baseline.dir, FILE));
    const expected = stocktonRows(MONTH);
    expect(rows.length).toBe(expected.length);
    expect(diffKeys(rows.map(rowKey), expected.map(rowKey))).toBe('');
    // Crime IDs once each (ASB rows have none).
    const ids = rows.map((r) => r['Crime ID']).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
    const s = baseline.summary;
    expect(s.police.splits).toBeGreaterThan(10);
    expect(server.log.some((e) => e.status === 503)).toBe(true);
    expect(s.police.duplicates).toBeGreaterThan(0); // overlapping pieces did return crimes twice
    expect(s.police.outsideWards).toBeGreaterThanOrEqual(1); // the fringe crime, reached by the buffered polygons
    expect(s.crimes[MONTH]).toBe(expected.length);
    expect(s.months.fetched).toEqual([MONTH]);
    expect(s.force).toEqual({ id: 'cleveland', name: 'Cleveland Police' });
    // No request was refused for length.
    expect(server.log.filter((e) => e.status === 400)).toEqual([]);
  });

  it('writes the archive header and layout', () => {
    const [header, first] = baseline.csv.split('\n');
    expect(header).toBe(
      'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context',
    );
    expect(first.split(',')).toHaveLength(12);
    expect(baseline.csv.endsWith('\n')).toBe(true);
    const asb = readCsv(join(baseline.dir, FILE)).find((r) => r['Crime type'] === 'Anti-social behaviour')!;
    expect(asb['Crime ID']).toBe('');
    expect(asb['Last outcome category']).toBe('');
    expect(asb.Location.startsWith('On or near')).toBe(true);
  });

  it('keeps ward polygons as ONS GeoJSON and the state of the run', () => {
    const wards = JSON.parse(readFileSync(join(baseline.dir, 'boundaries/wards.geojson'), 'utf8'));
    expect(wards.features).toHaveLength(27);
    expect(Object.keys(wards.features[0].properties)).toEqual(expect.arrayContaining(['WD25CD', 'WD25NM', 'LAD25CD']));
    // The ONS query was paged (the fake serves 10 features a page).
    expect(server.log.filter((e) => e.path.includes('WD_DEC_2025_UK_BGC')).length).toBeGreaterThanOrEqual(4);
    const state = JSON.parse(readFileSync(join(baseline.dir, STATE_FILE), 'utf8'));
    expect(state.months[MONTH]).toMatchObject({ status: 'complete', file: FILE, crimes: baseline.summary.crimes[MONTH] });
    expect(readdirSync(join(baseline.dir, '.fetch'))).toEqual([]); // journal and temp files gone
  });

  it('a second run requests no crimes and no ward boundaries', async () => {
    const before = server.log.length;
    const summary = await fetchArea(fakeOptions(server, baseline.dir));
    const requests = server.log.slice(before);
    expect(requests.filter((e) => e.path.endsWith('all-crime'))).toEqual([]);
    expect(requests.filter((e) => e.path.startsWith('/ons/'))).toEqual([]);
    expect(requests.map((e) => e.path)).toEqual(['/api/crimes-street-dates']);
    expect(summary.months.alreadyComplete).toEqual([MONTH]);
    expect(summary.months.fetched).toEqual([]);
    expect(readFileSync(join(baseline.dir, FILE), 'utf8')).toBe(baseline.csv);
  });

  it('POSTs polygons whose GET URL would pass 4,094 characters', async () => {
    const big = await startDefaultServer({ maxCrimes: 10_000 });
    const dir = testOutput('post');
    // Keep up to 400 vertices: the detailed wards no longer fit in a GET URL.
    const summary = await fetchArea(fakeOptions(big, dir, { pieceOptions: { maxVertices: 400, marginMetres: 20 } })).finally(() =>
      big.close(),
    );
    const requests = big.crimeRequests();
    expect(summary.police.postRequests).toBeGreaterThan(0);
    expect(requests.filter((e) => e.method === 'POST').length).toBe(summary.police.postRequests);
    expect(requests.filter((e) => e.method === 'GET').every((e) => e.urlLength <= 4094)).toBe(true);
    expect(requests.filter((e) => e.method === 'POST').every((e) => e.poly!.length > 3900)).toBe(true);
    expect(requests.some((e) => e.status === 400)).toBe(false);
    expect(diffKeys(readCsv(join(dir, FILE)).map(rowKey), stocktonRows(MONTH).map(rowKey))).toBe('');
  });

  it('survives 429 bursts, slow answers, dropped connections, 500s and malformed JSON', async () => {
    const faults: Record<number, Fault> = {
      2: { kind: '429', retryAfter: '0' },
      3: { kind: '429' },
      4: { kind: '429' },
      5: { kind: '429' },
      9: { kind: 'slow', ms: 600 },
      12: { kind: 'drop' },
      15: { kind: 'malformed' },
      20: { kind: '500' },
      25: { kind: 'drop' },
    };
    const faulty = await startDefaultServer({ maxCrimes: 150, fault: (n) => faults[n] });
    try {
      const dir = testOutput('faults');
      const summary = await fetchArea(
        fakeOptions(faulty, dir, { retry: { timeoutMs: 300, maxRetries: 4, backoffBaseMs: 5, backoffMaxMs: 40 } }),
      );
      expect(diffKeys(readCsv(join(dir, FILE)).map(rowKey), stocktonRows(MONTH).map(rowKey))).toBe('');
      expect(readFileSync(join(dir, FILE), 'utf8')).toBe(baseline.csv);
      const p = summary.police;
      expect(p.rateLimited).toBe(4);
      expect(p.timeouts).toBe(1);
      expect(p.networkErrors).toBe(2);
      expect(p.malformedJson).toBe(1);
      expect(p.serverErrors).toBe(1);
      expect(p.retries).toBe(9);
      // Every fault cost one extra request, nothing more.
      expect(faulty.crimeRequests().length).toBe(p.crimeRequests + 9);
    } finally {
      await faulty.close();
    }
  });

  it('reports JSON that stays malformed clearly, after the capped retries', async () => {
    const broken = await startDefaultServer({ fault: () => ({ kind: 'malformed' }) });
    try {
      const dir = testOutput('malformed');
      await expect(fetchArea(fakeOptions(broken, dir, { concurrency: 1 }))).rejects.toThrow(
        /malformed JSON .*crimes-street\/all-crime.*gave up after 5 attempts/,
      );
      expect(broken.crimeRequests().length).toBe(5);
    } finally {
      await broken.close();
    }
  });

  it('resumes an interrupted month without asking again for finished pieces', async () => {
    const controller = new AbortController();
    const interrupted: FakeServer = await startDefaultServer({
      maxCrimes: 150,
      onCrimeRequest: (n) => {
        if (n === 30) controller.abort();
      },
    });
    const dir = testOutput('resume');
    try {
      await expect(fetchArea(fakeOptions(interrupted, dir, { signal: controller.signal }))).rejects.toThrow(/abort/i);
      const state = JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8'));
      expect(state.months[MONTH].status).toBe('partial');
      const journal = readFileSync(join(dir, '.fetch', `${MONTH}.jsonl`), 'utf8')
        .trim()
        .split('\n');
      const finished = journal.length - 1; // minus the header line: each line is one answered piece
      expect(finished).toBeGreaterThan(15);
      expect(finished).toBeLessThan(30);
      expect(existsSync(join(dir, FILE))).toBe(false);

      const summary = await fetchArea(fakeOptions(interrupted, dir));
      // Counted by the client: requests aborted in flight may still reach the server late.
      const second = summary.police.crimeRequests;
      expect(summary.police.requests).toBe(second + 1); // + crimes-street-dates; no retries
      const done = JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8')).months[MONTH];
      expect(second + finished).toBe(done.piecesDone + done.piecesSplit); // every piece asked for once
      expect(summary.police.piecesResumed).toBeGreaterThan(0);
      expect(readFileSync(join(dir, FILE), 'utf8')).toBe(baseline.csv);
      expect(existsSync(join(dir, '.fetch', `${MONTH}.jsonl`))).toBe(false);
    } finally {
      await interrupted.close();
    }
  });

  it('keeps to 15 requests a second and honours Retry-After', async () => {
    const paced = await startDefaultServer({ maxCrimes: 10_000, fault: (n) => (n === 3 ? { kind: '429', retryAfter: '1' } : undefined) });
    try {
      const dir = testOutput('rate');
      const summary = await fetchArea(fakeOptions(paced, dir, { rate: undefined, concurrency: 8 }));
      const times = paced.log.filter((e) => e.path.startsWith('/api/')).map((e) => e.t);
      expect(times.length).toBeGreaterThan(30);
      let busiest = 0;
      for (let i = 0; i < times.length; i++) busiest = Math.max(busiest, times.filter((t) => t >= times[i] && t < times[i] + 1000).length);
      expect(busiest).toBeLessThanOrEqual(15);
      expect(busiest).toBeGreaterThanOrEqual(12); // and it does use the allowance
      const limited = paced.log.find((e) => e.status === 429)!;
      expect(times.filter((t) => t > limited.t + 150 && t < limited.t + 950)).toEqual([]);
      expect(summary.police.rateLimited).toBe(1);
      expect(readFileSync(join(dir, FILE), 'utf8')).toBe(baseline.csv);
    } finally {
      await paced.close();
    }
  });

  it('writes British Transport Police crimes to their own file, as police.uk does', async () => {
    const crimes = allCrimes();
    const inBorough = stocktonRows(MONTH).find((r) => r['Crime ID'])!['Crime ID'];
    const stockton = crimes.get(MONTH)!.find((c) => c.persistent_id === inBorough)!;
    const btpCrime = { ...stockton, id: 888_888, persistent_id: 'btp-crime-at-the-station', location_type: 'BTP', category: 'other-theft' };
    const withBtp = await startDefaultServer({
      maxCrimes: 10_000,
      crimes: new Map([...crimes].map(([m, list]) => [m, m === MONTH ? [...list, btpCrime] : list])),
    });
    try {
      const dir = testOutput('btp');
      const summary = await fetchArea(fakeOptions(withBtp, dir));
      expect(readFileSync(join(dir, FILE), 'utf8')).toBe(baseline.csv);
      const btp = readCsv(join(dir, 'police-uk', `${MONTH}-btp-street.csv`));
      expect(btp).toHaveLength(1);
      expect(btp[0]).toMatchObject({
        'Crime ID': 'btp-crime-at-the-station',
        'Reported by': 'British Transport Police',
        'Falls within': 'British Transport Police',
        'Crime type': 'Other theft',
      });
      expect(summary.crimes[MONTH]).toBe(baseline.summary.crimes[MONTH] + 1);
    } finally {
      await withBtp.close();
    }
  });

  it('ignores a torn last journal line', async () => {
    const dir = testOutput('torn');
    const controller = new AbortController();
    const s = await startDefaultServer({ maxCrimes: 150, onCrimeRequest: (n) => n === 15 && controller.abort() });
    try {
      await expect(fetchArea(fakeOptions(s, dir, { signal: controller.signal }))).rejects.toThrow(/abort/i);
      const path = join(dir, '.fetch', `${MONTH}.jsonl`);
      const { appendFileSync } = await import('node:fs');
      appendFileSync(path, '{"type":"done","piece":"E0501');
      await fetchArea(fakeOptions(s, dir));
      expect(readFileSync(join(dir, FILE), 'utf8')).toBe(baseline.csv);
    } finally {
      await s.close();
    }
  });
});
