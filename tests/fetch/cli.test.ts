/**
 * The "done when", through the real CLI: with POLICE_API_URL (and the other base URLs)
 * pointing at the fake server, `npm run fetch -- --area E06000004 --months 1` stores the month's
 * incidents and every other source, and a second run fetches nothing. Then a fetch killed with
 * SIGKILL midway completes on the next run without asking again for the pieces it had finished.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../server/db/openStore';
import { storeVersion } from '../../server/services/cube';
import { readCubeFile } from '../../server/services/cubeFile';
import { STATE_FILE } from '../../server/fetch/fetchState';
import type { FakeServer } from './fakeServer';
import { diffKeys, officialFiles, readCsv, rowKey, startDefaultServer, stocktonRows, testOutput } from './helpers';

const MONTH = '2025-11';

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function env(server: FakeServer): NodeJS.ProcessEnv {
  const { DB_PATH: _ignored, ...rest } = process.env;
  return {
    ...rest,
    POLICE_API_URL: server.policeUrl,
    ONS_GEO_URL: server.onsUrl,
    ONS_WARD_SERVICES: 'WD_DEC_2025_UK_BGC',
    ONS_LSOA21_SERVICE: 'LSOA21_TEST',
    ONS_LSOA11_SERVICE: 'LSOA11_TEST',
    ONS_MSOA11_SERVICE: 'MSOA11_TEST',
    IOD_URL: `${server.filesUrl}/File_7_-_All_IoD2019_Scores__Ranks__Deciles_and_Population_Denominators_3.csv`,
    IOD2025_URL: `${server.filesUrl}/File_7_IoD2025_All_Ranks_Scores_Deciles_Population_Denominators.csv`,
    POPULATION_URL: `${server.filesUrl}/NM_2014_1.data.csv?geography={area}TYPE151&date=2022`,
    CILIF_URL: `${server.filesUrl}/children-in-low-income-families-msoa.csv`,
  };
}

/**
 * `npm run fetch -- ...` as a user types it; with `direct`, the same script in one node process
 * (`node --import tsx`), in its own process group, so a SIGKILL reaches the process doing the work.
 */
function runCli(
  server: FakeServer,
  args: string[],
  options: { direct?: boolean; onStart?: (child: ChildProcess) => void } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = options.direct
      ? spawn(process.execPath, ['--import', 'tsx', 'scripts/fetch.ts', ...args], {
          cwd: process.cwd(),
          env: env(server),
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: true,
        })
      : spawn('npm', ['run', '--silent', 'fetch', '--', ...args], {
          cwd: process.cwd(),
          env: env(server),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    options.onStart?.(child);
  });
}

describe('npm run fetch (CLI)', () => {
  let server: FakeServer;
  let killTarget: ChildProcess | undefined;
  let killAt = Infinity;

  beforeAll(async () => {
    server = await startDefaultServer({
      maxCrimes: 10_000,
      onsPageSize: 1000,
      files: officialFiles(),
      onCrimeRequest: (n) => {
        if (n >= killAt && killTarget?.pid) {
          process.kill(-killTarget.pid, 'SIGKILL'); // the group of the process this test started
          killTarget = undefined;
        }
      },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('stores the month and every source, then a second run fetches nothing', async () => {
    const dir = testOutput('cli');
    const args = ['--area', 'E06000004', '--months', '1', '--out', join(dir, 'download'), '--db', join(dir, 'atlas.db'), '--plain'];
    const first = await runCli(server, args);
    expect(first.stderr + first.stdout).not.toMatch(/fetch failed/);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(new RegExp(`${MONTH}: \\d+ crimes`));

    const db = openStore(join(dir, 'atlas.db'), { readonly: true });
    try {
      const n = (db.prepare(`SELECT count(*) AS n FROM incidents WHERE month = ?`).get(MONTH) as { n: number }).n;
      expect(n).toBe(stocktonRows(MONTH).length);
      const kinds = (db.prepare(`SELECT DISTINCT kind FROM boundary_sets ORDER BY kind`).all() as { kind: string }[]).map((r) => r.kind);
      expect(kinds).toEqual(['lsoa11', 'lsoa21', 'msoa11', 'ward']);
      const datasets = db
        .prepare(`SELECT dataset, count(DISTINCT area_code) AS areas FROM area_values GROUP BY dataset ORDER BY dataset`)
        .all();
      expect(datasets).toEqual([
        { dataset: 'cilif-relative', areas: 24 },
        { dataset: 'imd2019', areas: 120 },
        { dataset: 'iod2025', areas: 124 },
        { dataset: 'population-mid2022', areas: 124 },
      ]);
      const total = db
        .prepare(`SELECT sum(value) AS total FROM area_values WHERE dataset = 'population-mid2022' AND measure = 'total'`)
        .get();
      expect(total).toEqual({ total: 200_112 });
      // The cube is published with the store, at the store's version, as npm run import does.
      expect(readCubeFile(db, storeVersion(db))?.n).toBe((db.prepare('SELECT count(*) AS n FROM incidents').get() as { n: number }).n);
    } finally {
      db.close();
    }
    // The IoD files were cut to the area, header and rows as published (CRLF kept).
    const iod = readFileSync(
      join(dir, 'download', 'iod', 'File_7_-_All_IoD2019_Scores__Ranks__Deciles_and_Population_Denominators_3.csv'),
      'utf8',
    );
    expect(iod.split('\r\n').filter(Boolean)).toHaveLength(121);
    expect(iod).not.toMatch(/Hartlepool|Bristol/);

    const before = server.log.length;
    const second = await runCli(server, args, { direct: true });
    expect(second.code).toBe(0);
    expect(server.log.slice(before).map((e) => e.path)).toEqual(['/api/crimes-street-dates']);
    expect(second.stdout).toMatch(/fetched 0, already fetched 1/);
  });

  it('completes after being killed midway, without asking again for finished pieces', async () => {
    const dir = testOutput('cli-kill');
    const args = [
      '--area',
      'E06000004',
      '--months',
      '1',
      '--sources',
      'wards,police',
      '--out',
      join(dir, 'download'),
      '--db',
      join(dir, 'atlas.db'),
      '--plain',
    ];
    killAt = server.crimeRequests().length + 12;
    const killed = await runCli(server, args, { direct: true, onStart: (child) => (killTarget = child) });
    killAt = Infinity;
    expect(killed.signal).toBe('SIGKILL');
    const journal = join(dir, 'download', '.fetch', `${MONTH}.jsonl`);
    expect(existsSync(journal)).toBe(true);
    const finished = readFileSync(journal, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{"type":"done"') || l.startsWith('{"type":"split"')).length;
    expect(finished).toBeGreaterThan(0);

    const resumed = await runCli(server, args, { direct: true });
    expect(resumed.code).toBe(0);
    const crimeRequests = Number(/(\d+) for crimes/.exec(resumed.stdout)![1]);
    const state = JSON.parse(readFileSync(join(dir, 'download', STATE_FILE), 'utf8')).months[MONTH];
    expect(crimeRequests + finished).toBe(state.piecesDone + state.piecesSplit);
    const rows = readCsv(join(dir, 'download', 'police-uk', `${MONTH}-cleveland-street.csv`));
    expect(diffKeys(rows.map(rowKey), stocktonRows(MONTH).map(rowKey))).toBe('');
    expect(existsSync(journal)).toBe(false);
  });
});
