/**
 * Fetches an area's data into a folder in the formats the importer reads, then imports it:
 * 1. ward polygons (from the store, the out dir, or the ONS Open Geography Portal);
 * 2. police.uk street-level crime, month by month, as archive-format CSVs (policeMonth.ts);
 * 3. LSOA/MSOA boundaries, IoD 2019/2025, mid-year population, child low income;
 * 4. importFolder(store, outDir).
 * Sources already held (in the store or the out dir) are skipped unless `refresh`. Every step is
 * resumable: state lives in <outDir>/fetch-state.json (fetchState.ts).
 */
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FeatureCollection } from 'geojson';
import type { PolygonGeometry } from '../../geo/pointInPolygon';
import { openStore, storePath, type Store } from '../db/openStore';
import { importFolder, type ImportSummary } from '../import';
import { loadState, saveState, writeFileAtomic, WORK_DIR, type FetchState } from './fetchState';
import { HttpClient, type HttpStats, type RetryPolicy } from './http';
import { downloadSmallAreas, downloadWards, ladName as fetchLadName, type BoundaryKind } from './ons';
import { downloadStatFile, statUrl, type StatSource } from './officialFiles';
import { PoliceApi } from './policeApi';
import { crimeToRow, streetCsv, streetFileName } from './policeCsv';
import { fetchMonth, wardsHash, type WardPolygon } from './policeMonth';
import { interiorPoint, loadGeometry, type PieceOptions } from './polygons';
import { autoProgress, barProgress, lineProgress, silentProgress, type ProgressSink, type ProgressState } from './progress';
import { RateLimiter } from './rateLimiter';
import { sourceUrls, type SourceUrls } from './settings';

export type SourceName = 'police' | 'wards' | 'lsoa21' | 'lsoa11' | 'msoa11' | 'iod2019' | 'iod2025' | 'population' | 'cilif';

/** police.uk allows 15 requests a second (burst 30): 15 per 1.1 s leaves a margin. */
export const POLICE_RATE = { limit: 15, windowMs: 1100 } as const;

export const ALL_SOURCES: readonly SourceName[] = [
  'wards',
  'police',
  'lsoa21',
  'lsoa11',
  'msoa11',
  'iod2019',
  'iod2025',
  'population',
  'cilif',
];

export interface FetchAreaOptions {
  /** ONS local authority district code, e.g. E06000004 (Stockton-on-Tees). */
  area: string;
  /** How many of the latest published months (default 36). Ignored when `since` is given. */
  months?: number;
  /** Fetch every published month from this one (YYYY-MM) on. */
  since?: string;
  /** Default data/downloads/<area>. */
  outDir?: string;
  /** Store path (default DB_PATH, then data/atlas.db). */
  db?: string;
  /** An open store to use instead of opening `db` (it is left open). */
  store?: Store;
  /** Fetch again what is already held (months, boundaries, statistics). */
  refresh?: boolean;
  /** police.uk force id (e.g. 'cleveland'); default: located from the first ward. */
  force?: string;
  /** Which sources (default all). Police needs wards and fetches them when missing. */
  sources?: readonly SourceName[];
  /** Import into the store afterwards (default true). */
  import?: boolean;
  /** Base URLs; default from the environment (settings.ts). */
  urls?: Partial<SourceUrls>;
  /**
   * police.uk pacing: at most `limit` request starts in any `windowMs` (default 15 per 1100 ms:
   * the API allows 15 a second; the 10% margin keeps network jitter from ever letting the server
   * count 16 in one second).
   */
  rate?: { limit: number; windowMs: number };
  retry?: Partial<RetryPolicy>;
  /** police.uk requests in flight (default 8; the rate limit still applies). */
  concurrency?: number;
  /** Splits of one ward piece before a persistent 503 is an error (default 8). */
  maxSplitDepth?: number;
  pieceOptions?: Partial<PieceOptions>;
  /** Keep only crimes inside an exact ward polygon (default true). */
  clipToWards?: boolean;
  signal?: AbortSignal;
  /** 'auto' (default): a bar on a terminal stderr, lines otherwise. */
  progress?: 'auto' | 'bar' | 'lines' | 'none' | ProgressSink;
  userAgent?: string;
}

export type SourceOutcome = { source: SourceName; status: 'downloaded' | 'held' | 'skipped' | 'failed'; file?: string; detail: string };

export interface FetchSummary {
  area: string;
  outDir: string;
  dbPath: string | null;
  force: { id: string; name: string } | null;
  wards: { source: 'store' | 'file' | 'ons'; count: number; file?: string } | null;
  months: {
    /** Published by police.uk (crimes-street-dates). */
    available: number;
    /** Chosen by --months / --since. */
    selected: string[];
    fetched: string[];
    /** Complete in the out dir from an earlier run. */
    alreadyComplete: string[];
    /** Held by the store already (e.g. imported from archive files). */
    inStore: string[];
  };
  /** Crimes written per fetched month. */
  crimes: Record<string, number>;
  police: HttpStats & {
    crimeRequests: number;
    getRequests: number;
    postRequests: number;
    splits: number;
    duplicates: number;
    outsideWards: number;
    piecesResumed: number;
  };
  other: HttpStats;
  sources: SourceOutcome[];
  /** What importFolder returned, when the import ran (null with `import: false`). */
  imported: ImportSummary | null;
  lastMonth: string | null;
  fetchedAt: string;
  durationMs: number;
}

export function defaultOutDir(area: string): string {
  return resolve('data', 'downloads', area);
}

function sinkFor(option: FetchAreaOptions['progress']): ProgressSink {
  if (option === undefined || option === 'auto') return autoProgress(process.stderr);
  if (option === 'bar') return barProgress(process.stderr);
  if (option === 'lines') return lineProgress((t) => process.stderr.write(`${t}\n`));
  if (option === 'none') return silentProgress;
  return option;
}

interface WardSet {
  wards: WardPolygon[];
  source: 'store' | 'file' | 'ons';
  file?: string;
  ladName?: string;
}

/** The area's current wards held by the store (lad_code = area), if any. */
export function wardsFromStore(db: Store, area: string): WardPolygon[] {
  const rows = db
    .prepare(
      `SELECT a.code, a.name, a.geometry FROM areas a JOIN boundary_sets s ON s.id = a.set_id
       WHERE s.kind = 'ward' AND s.is_current = 1 AND a.lad_code = ? ORDER BY a.code`,
    )
    .all(area) as { code: string; name: string; geometry: string }[];
  return rows.map((r) => ({ code: r.code, name: r.name, geometry: JSON.parse(r.geometry) as PolygonGeometry }));
}

/** Wards from a GeoJSON file: ONS (WDnnCD/WDnnNM) or shared-data (ward_code/ward_name) properties. */
export function wardsFromCollection(collection: FeatureCollection, area?: string): { wards: WardPolygon[]; ladName?: string } {
  const wards: WardPolygon[] = [];
  let ladName: string | undefined;
  for (const f of collection.features) {
    const props = (f.properties ?? {}) as Record<string, unknown>;
    const keys = Object.keys(props);
    const codeKey = keys.find((k) => /^WD\d{2}CD$/i.test(k)) ?? (keys.includes('ward_code') ? 'ward_code' : undefined);
    const nameKey = keys.find((k) => /^WD\d{2}NM$/i.test(k)) ?? (keys.includes('ward_name') ? 'ward_name' : undefined);
    const ladKey = keys.find((k) => /^LAD\d{2}CD$/i.test(k)) ?? (keys.includes('lad_code') ? 'lad_code' : undefined);
    const ladNameKey = keys.find((k) => /^LAD\d{2}NM$/i.test(k)) ?? (keys.includes('lad_name') ? 'lad_name' : undefined);
    if (!codeKey || !f.geometry || (f.geometry.type !== 'Polygon' && f.geometry.type !== 'MultiPolygon')) continue;
    if (area && ladKey && props[ladKey] !== area) continue;
    if (ladNameKey && typeof props[ladNameKey] === 'string') ladName ??= props[ladNameKey] as string;
    wards.push({
      code: String(props[codeKey]),
      name: nameKey ? String(props[nameKey]) : String(props[codeKey]),
      geometry: f.geometry as PolygonGeometry,
    });
  }
  return { wards, ladName };
}

const WARDS_FILE = 'boundaries/wards.geojson';
const BOUNDARY_FILES: Record<Exclude<BoundaryKind, 'ward'>, string> = {
  lsoa21: 'boundaries/lsoa21.geojson',
  lsoa11: 'boundaries/lsoa11.geojson',
  msoa11: 'boundaries/msoa11.geojson',
};
const STAT_DATASETS: Record<StatSource, string> = {
  iod2019: 'imd2019',
  iod2025: 'iod2025',
  population: 'population-mid2022',
  cilif: 'cilif-relative',
};

function storeHoldsMonth(db: Store | null, force: string, month: string): boolean {
  if (!db) return false;
  return db.prepare(`SELECT 1 FROM months WHERE dataset = 'street' AND force = ? AND month = ? LIMIT 1`).get(force, month) !== undefined;
}

function storeHoldsBoundary(db: Store | null, kind: BoundaryKind): boolean {
  if (!db) return false;
  return db.prepare(`SELECT 1 FROM boundary_sets WHERE kind = ? LIMIT 1`).get(kind) !== undefined;
}

function storeHoldsDataset(db: Store | null, dataset: string): boolean {
  if (!db) return false;
  return db.prepare(`SELECT 1 FROM area_values WHERE dataset = ? LIMIT 1`).get(dataset) !== undefined;
}

/** What the store records about the last fetch (settings key 'fetch.last'), for the client too. */
export interface LastFetch {
  area: string;
  force: string | null;
  forceName: string | null;
  /** The newest month fetched (YYYY-MM). */
  lastMonth: string | null;
  /** ISO time of the fetch. */
  fetchedAt: string;
  outDir: string;
}

export function lastFetch(db: Store | null): LastFetch | undefined {
  if (!db) return undefined;
  const row = db.prepare(`SELECT value FROM settings WHERE key = 'fetch.last'`).get() as { value: string } | undefined;
  if (!row) return undefined;
  try {
    return JSON.parse(row.value) as LastFetch;
  } catch {
    return undefined;
  }
}

/** Months to fetch from those published: the latest `months`, or all from `since`. */
export function selectMonths(available: readonly string[], months: number, since?: string): string[] {
  const sorted = [...new Set(available)].sort();
  if (since) return sorted.filter((m) => m >= since);
  return months > 0 ? sorted.slice(-months) : [];
}

export async function fetchArea(options: FetchAreaOptions): Promise<FetchSummary> {
  const started = performance.now();
  const area = options.area.trim().toUpperCase();
  if (!/^[EWSN]\d{8}$/.test(area)) throw new Error(`--area must be an ONS area code such as E06000004 (got "${options.area}")`);
  if (options.since !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(options.since))
    throw new Error(`--since must be YYYY-MM (got "${options.since}")`);
  const outDir = resolve(options.outDir ?? defaultOutDir(area));
  mkdirSync(join(outDir, WORK_DIR), { recursive: true });
  const urls: SourceUrls = { ...sourceUrls(), ...options.urls };
  const sources = new Set<SourceName>(options.sources ?? ALL_SOURCES);
  if (sources.has('police')) sources.add('wards');
  const refresh = options.refresh ?? false;
  const progress = sinkFor(options.progress);
  const signal = options.signal;
  const userAgent = options.userAgent ?? 'HotspotAtlas-fetch/0.1 (+https://github.com/; crime hotspot analysis)';

  const policeHttp = new HttpClient({
    limiter: new RateLimiter(options.rate?.limit ?? POLICE_RATE.limit, options.rate?.windowMs ?? POLICE_RATE.windowMs),
    retry: options.retry,
    signal,
    userAgent,
    onEvent: () => tick(),
  });
  const otherHttp = new HttpClient({ limiter: new RateLimiter(10, 1000), retry: options.retry, signal, userAgent });
  const api = new PoliceApi(urls.police, policeHttp);

  const state: FetchState = loadState(outDir, area);
  const save = () => saveState(outDir, state);
  const dbPath = options.import === false ? null : options.store ? options.store.name : storePath(options.db);
  const db: Store | null = options.import === false ? null : (options.store ?? openStore(dbPath!));

  const outcomes: SourceOutcome[] = [];
  const monthsInfo: FetchSummary['months'] = { available: 0, selected: [], fetched: [], alreadyComplete: [], inStore: [] };
  const crimesPerMonth: Record<string, number> = {};
  const policeExtra = { crimeRequests: 0, getRequests: 0, postRequests: 0, splits: 0, duplicates: 0, outsideWards: 0, piecesResumed: 0 };
  const bar: ProgressState = { monthsDone: 0, monthsTotal: 0, requests: 0, retries: 0, rateLimited: 0 };
  function tick() {
    bar.requests = policeHttp.stats.requests;
    bar.retries = policeHttp.stats.retries;
    bar.rateLimited = policeHttp.stats.rateLimited;
    progress.update({ ...bar });
  }

  let wardSet: WardSet | null = null;
  let imported: ImportSummary | null = null;
  try {
    // 1. Wards.
    if (sources.has('wards')) {
      wardSet = await obtainWards();
      progress.line(`wards: ${wardSet.wards.length} from ${wardSet.source}${wardSet.file ? ` (${wardSet.file})` : ''}`);
    }

    // 2. police.uk months.
    if (sources.has('police') && wardSet) await fetchPolice(wardSet);

    // 3. Other boundaries and statistics (failures are reported, not fatal).
    for (const kind of ['lsoa21', 'lsoa11', 'msoa11'] as const) if (sources.has(kind)) outcomes.push(await smallAreas(kind));
    for (const stat of ['iod2019', 'iod2025', 'population', 'cilif'] as const) if (sources.has(stat)) outcomes.push(await statistics(stat));

    // 4. Import.
    if (db) {
      progress.line(`importing ${outDir} into ${dbPath}`);
      imported = importFolder(db, outDir, { log: (line) => progress.line(`import: ${line}`) });
      const lastMonth =
        Object.entries(state.months)
          .filter(([, m]) => m.status === 'complete')
          .map(([k]) => k)
          .sort()
          .pop() ?? null;
      db.prepare(`INSERT INTO settings (key, value) VALUES ('fetch.last', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(
        JSON.stringify({
          area,
          force: state.force?.id ?? null,
          forceName: state.force?.name ?? null,
          lastMonth,
          fetchedAt: new Date().toISOString(),
          outDir,
        } satisfies LastFetch),
      );
    }
  } finally {
    progress.done();
    if (db && !options.store) db.close();
  }

  const lastMonth =
    Object.entries(state.months)
      .filter(([, m]) => m.status === 'complete')
      .map(([k]) => k)
      .sort()
      .pop() ?? null;
  state.lastRun = { at: new Date().toISOString(), lastMonth };
  save();
  return {
    area,
    outDir,
    dbPath,
    force: state.force ?? null,
    wards: wardSet ? { source: wardSet.source, count: wardSet.wards.length, file: wardSet.file } : null,
    months: monthsInfo,
    crimes: crimesPerMonth,
    police: { ...policeHttp.stats, ...policeExtra },
    other: otherHttp.stats,
    sources: outcomes,
    imported,
    lastMonth,
    fetchedAt: new Date().toISOString(),
    durationMs: Math.round(performance.now() - started),
  };

  async function obtainWards(): Promise<WardSet> {
    const filePath = join(outDir, WARDS_FILE);
    if (!refresh) {
      if (db) {
        const held = wardsFromStore(db, area);
        if (held.length > 0) {
          outcomes.push({ source: 'wards', status: 'held', detail: `${held.length} current wards in the store` });
          return { wards: held, source: 'store' };
        }
      }
      if (existsSync(filePath)) {
        const { wards, ladName } = wardsFromCollection(JSON.parse(readFileSync(filePath, 'utf8')) as FeatureCollection, area);
        if (wards.length > 0) {
          outcomes.push({ source: 'wards', status: 'held', file: WARDS_FILE, detail: `${wards.length} wards in the out dir` });
          return { wards, source: 'file', file: WARDS_FILE, ladName };
        }
      }
    }
    const download = await downloadWards(otherHttp, urls, area, (l) => progress.line(l));
    const { wards } = wardsFromCollection(download.collection, area);
    if (wards.length === 0) throw new Error(`ONS ${download.service} returned no usable ward polygons for ${area}`);
    writeFileAtomic(filePath, JSON.stringify(download.collection) + '\n');
    state.sources.wards = {
      file: WARDS_FILE,
      url: download.url,
      fetchedAt: new Date().toISOString(),
      detail: `${wards.length} wards, ${download.service}`,
    };
    save();
    outcomes.push({ source: 'wards', status: 'downloaded', file: WARDS_FILE, detail: `${wards.length} wards from ${download.service}` });
    return { wards, source: 'ons', file: WARDS_FILE, ladName: download.ladName };
  }

  async function resolveForce(wards: readonly WardPolygon[]): Promise<{ id: string; name: string }> {
    const wanted = options.force?.trim().toLowerCase();
    if (state.force && (!wanted || wanted === state.force.id)) return state.force;
    const last = lastFetch(db);
    if (last?.area === area && last.force && last.forceName && (!wanted || wanted === last.force)) {
      state.force = { id: last.force, name: last.forceName };
      return state.force;
    }
    let id = wanted;
    if (!id) {
      await loadGeometry();
      const point = interiorPoint(wards[0].geometry);
      id = (await api.locateNeighbourhood(point.lat, point.lon)).force;
    }
    const force = await api.force(id);
    state.force = force;
    save();
    return force;
  }

  async function fetchPolice(set: WardSet): Promise<void> {
    const force = await resolveForce(set.wards);
    const hash = wardsHash(set.wards, options.pieceOptions);
    state.wards = { source: set.source, hash, count: set.wards.length, file: set.file };
    const available = await api.crimeDates();
    monthsInfo.available = available.length;
    const selected = selectMonths(available, options.months ?? 36, options.since);
    monthsInfo.selected = selected;
    const todo: string[] = [];
    for (const month of [...selected].reverse()) {
      const m = state.months[month];
      if (!refresh && m?.status === 'complete' && m.file && existsSync(join(outDir, m.file))) monthsInfo.alreadyComplete.push(month);
      else if (!refresh && storeHoldsMonth(db, force.id, month)) monthsInfo.inStore.push(month);
      else todo.push(month);
    }
    bar.monthsTotal = todo.length;
    progress.line(
      `police.uk: ${force.name}, ${selected.length} months selected (${selected[0] ?? '-'} to ${selected[selected.length - 1] ?? '-'}); ` +
        `${todo.length} to fetch, ${monthsInfo.alreadyComplete.length} already fetched, ${monthsInfo.inStore.length} already in the store`,
    );
    // Newest first: an interrupted first fetch still has the latest months.
    for (const month of todo) {
      if (signal?.aborted) break;
      bar.month = month;
      bar.piecesDone = 0;
      bar.piecesKnown = 0;
      tick();
      const categoryNames = state.categories[month] ?? (state.categories[month] = await api.crimeCategories(month));
      const get0 = api.crimeRequests.GET;
      const post0 = api.crimeRequests.POST;
      const result = await fetchMonth({
        api,
        outDir,
        month,
        wards: set.wards,
        wardsHash: hash,
        concurrency: options.concurrency ?? 8,
        maxSplitDepth: options.maxSplitDepth ?? 8,
        pieceOptions: options.pieceOptions,
        clipToWards: options.clipToWards ?? true,
        signal,
        onProgress: (p) => {
          bar.piecesDone = p.piecesDone;
          bar.piecesKnown = p.piecesKnown;
          tick();
        },
        onPiece: (journal) => {
          state.months[month] = {
            status: 'partial',
            wardsHash: hash,
            piecesDone: journal.done.size,
            piecesSplit: journal.split.size,
            pieces: [...journal.done.keys()].sort(),
          };
          save();
        },
      });
      // British Transport Police crimes (location_type BTP) go to their own file, as police.uk
      // publishes them (YYYY-MM-btp-street.csv), not in the territorial force's.
      const btp = result.crimes.filter((c) => c.location_type?.toUpperCase() === 'BTP');
      const own = result.crimes.filter((c) => c.location_type?.toUpperCase() !== 'BTP');
      const files: string[] = [];
      const write = (forceId: string, forceName: string, crimes: typeof own) => {
        const file = `police-uk/${streetFileName(month, forceId)}`;
        const tmp = join(outDir, WORK_DIR, `${month}-${forceId}.csv.tmp`);
        writeFileAtomic(tmp, streetCsv(crimes.map((c) => crimeToRow(c, { forceName, categoryNames }))));
        mkdirSync(join(outDir, 'police-uk'), { recursive: true });
        renameSync(tmp, join(outDir, file));
        files.push(file);
        return file;
      };
      if (btp.length > 0) write('btp', 'British Transport Police', btp);
      const file = write(force.id, force.name, own); // last: its presence marks the month complete
      const rows = result.crimes;
      state.months[month] = {
        status: 'complete',
        wardsHash: hash,
        file,
        ...(files.length > 1 ? { files } : {}),
        crimes: rows.length,
        piecesDone: result.journal.done.size,
        piecesSplit: result.journal.split.size,
        completedAt: new Date().toISOString(),
      };
      save();
      result.journal.remove();
      monthsInfo.fetched.push(month);
      crimesPerMonth[month] = rows.length;
      policeExtra.crimeRequests += result.piecesRequested;
      policeExtra.getRequests += api.crimeRequests.GET - get0;
      policeExtra.postRequests += api.crimeRequests.POST - post0;
      policeExtra.splits += result.splits;
      policeExtra.duplicates += result.duplicates;
      policeExtra.outsideWards += result.outsideWards;
      policeExtra.piecesResumed += result.piecesResumed;
      bar.monthsDone++;
      progress.line(
        `${month}: ${rows.length} crimes (${result.piecesRequested} polygon requests, ${result.splits} splits` +
          `${result.piecesResumed ? `, ${result.piecesResumed} pieces resumed` : ''}, ${result.duplicates} duplicates dropped, ` +
          `${result.outsideWards} outside the wards dropped) -> ${files.join(', ')}`,
      );
    }
  }

  async function smallAreas(kind: Exclude<BoundaryKind, 'ward'>): Promise<SourceOutcome> {
    const file = BOUNDARY_FILES[kind];
    if (!refresh && existsSync(join(outDir, file))) return { source: kind, status: 'held', file, detail: 'in the out dir' };
    if (!refresh && storeHoldsBoundary(db, kind)) return { source: kind, status: 'held', detail: 'in the store' };
    try {
      const name = wardSet?.ladName ?? (await fetchLadName(otherHttp, urls, area));
      const download = await downloadSmallAreas(otherHttp, urls, kind, area, name);
      writeFileAtomic(join(outDir, file), JSON.stringify(download.collection) + '\n');
      const detail = `${download.collection.features.length} areas from ${download.service}`;
      state.sources[kind] = { file, url: download.url, fetchedAt: new Date().toISOString(), detail };
      save();
      progress.line(`${kind}: ${detail} -> ${file}`);
      return { source: kind, status: 'downloaded', file, detail };
    } catch (error) {
      if (signal?.aborted) throw error;
      progress.line(`${kind}: not fetched: ${(error as Error).message}`);
      return { source: kind, status: 'failed', detail: (error as Error).message };
    }
  }

  async function statistics(source: StatSource): Promise<SourceOutcome> {
    const url = statUrl(urls, source, area);
    if (!url)
      return {
        source,
        status: 'skipped',
        detail: source === 'cilif' ? 'CILIF_URL not set (DWP publishes it through Stat-Xplore; see docs/fetch.md)' : 'no URL set',
      };
    const held = state.sources[source];
    if (!refresh && held && existsSync(join(outDir, held.file)))
      return { source, status: 'held', file: held.file, detail: 'in the out dir' };
    if (!refresh && storeHoldsDataset(db, STAT_DATASETS[source])) return { source, status: 'held', detail: 'in the store' };
    try {
      const download = await downloadStatFile(otherHttp, urls, source, area);
      writeFileAtomic(join(outDir, download.file), download.content);
      state.sources[source] = { file: download.file, url: download.url, fetchedAt: new Date().toISOString(), detail: download.detail };
      save();
      progress.line(`${source}: ${download.detail} -> ${download.file}`);
      return { source, status: 'downloaded', file: download.file, detail: download.detail };
    } catch (error) {
      if (signal?.aborted) throw error;
      progress.line(`${source}: not fetched: ${(error as Error).message}`);
      return { source, status: 'failed', detail: (error as Error).message };
    }
  }
}

/**
 * True when `url` answers at all (any HTTP status) within `timeoutMs`; false on no network,
 * DNS failure, refusal or timeout. Default: the police.uk API's forces list.
 */
export async function isOnline(url?: string, timeoutMs = 5000): Promise<boolean> {
  const target = url ?? `${sourceUrls().police}/forces`;
  try {
    const response = await fetch(target, { method: 'GET', signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel().catch(() => undefined);
    return true;
  } catch {
    return false;
  }
}
