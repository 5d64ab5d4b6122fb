/**
 * npm run fetch -- --area E06000004 [--months 36] [--since YYYY-MM] [--out <dir>] [--db <file>]
 *                  [--refresh] [--force <police force id>] [--sources police,wards,...] [--no-import]
 *
 * Fetches police.uk street crime for the area's wards month by month, the ONS boundaries and
 * the official statistics files into <out> (default data/downloads/<area>), then imports them
 * into the store. Base URLs come from POLICE_API_URL, ONS_GEO_URL, IOD_URL, IOD2025_URL,
 * POPULATION_URL and CILIF_URL (docs/fetch.md).
 * Exit status: 0 done; 1 failed (rerun to resume) or the import refused a file; 2 done, but an
 * optional source (LSOA/MSOA boundaries, IoD, population, child low income) could not be fetched;
 * 64 bad usage (the message names the flag).
 */
import { ALL_SOURCES, fetchArea, type FetchAreaOptions, type FetchSummary, type SourceName } from '../server/fetch';
import { formatSummary } from '../server/import';
import { openStore } from '../server/db/openStore';
import { openCube } from '../server/services/cube';
import { parseCli, usageError } from './cli';

const USAGE = `usage: npm run fetch -- --area <LAD code>[,<LAD code>...] [--area ...] [--months N] [--since YYYY-MM] [--out DIR] [--db FILE]
                        [--refresh] [--force ID] [--sources LIST] [--no-import] [--concurrency N] [--plain]
  --area       ONS local authority district code, e.g. E06000004 (Stockton-on-Tees); repeat it
               or give a comma list to hold several areas in one store, one after another
  --months     latest N published months (default 36)
  --since      every published month from YYYY-MM on (instead of --months)
  --out        download folder (default data/downloads/<area>)
  --db         store file (default DB_PATH, then data/atlas.db)
  --refresh    fetch again what is already held
  --force      police.uk force id (default: located from the area's first ward)
  --sources    comma list of ${ALL_SOURCES.join(',')} (default all)
  --no-import  download only
  --plain      plain progress lines even on a terminal`;

/** The options of one fetch, and every area asked for (--area repeated, or a comma list). */
function parseOptions(): { options: FetchAreaOptions; areas: string[] } {
  const { values } = parseCli(
    {
      options: {
        area: { type: 'string', multiple: true },
        months: { type: 'string' },
        since: { type: 'string' },
        out: { type: 'string' },
        db: { type: 'string' },
        refresh: { type: 'boolean' },
        force: { type: 'string' },
        sources: { type: 'string' },
        'no-import': { type: 'boolean' },
        concurrency: { type: 'string' },
        plain: { type: 'boolean' },
      },
    },
    USAGE,
  );
  const areas = [
    ...new Set(
      (values.area ?? [])
        .flatMap((a) => a.split(','))
        .map((a) => a.trim())
        .filter(Boolean),
    ),
  ];
  if (areas.length === 0) usageError('--area is required', USAGE);
  const badArea = areas.find((a) => !/^[EWSN]\d{8}$/.test(a));
  if (badArea) usageError(`--area: ${badArea} is not a local authority code such as E06000004`, USAGE);
  if (areas.length > 1 && values.out !== undefined) usageError('--out names one folder: give it with one --area only', USAGE);
  const options: FetchAreaOptions = { area: areas[0] };
  if (values.months !== undefined) {
    const n = Number(values.months);
    if (!Number.isInteger(n) || n < 1) usageError('--months must be a whole number of at least 1', USAGE);
    options.months = n;
  }
  if (values.since !== undefined) options.since = values.since;
  if (values.out !== undefined) options.outDir = values.out;
  if (values.db !== undefined) options.db = values.db;
  if (values.refresh) options.refresh = true;
  if (values.force !== undefined) options.force = values.force;
  if (values.sources !== undefined) {
    const list = values.sources
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = list.filter((s) => !ALL_SOURCES.includes(s as SourceName));
    if (bad.length) usageError(`--sources: unknown ${bad.join(', ')} (known: ${ALL_SOURCES.join(', ')})`, USAGE);
    options.sources = list as SourceName[];
  }
  if (values['no-import']) options.import = false;
  if (values.concurrency !== undefined) options.concurrency = Math.max(1, Number(values.concurrency) || 1);
  if (values.plain) options.progress = 'lines';
  return { options, areas };
}

function report(summary: FetchSummary): string {
  const p = summary.police;
  const lines = [
    `area ${summary.area}${summary.force ? `, ${summary.force.name}` : ''}; files in ${summary.outDir}${summary.dbPath ? `; store ${summary.dbPath}` : ''}`,
    `months: ${summary.months.selected.length} selected of ${summary.months.available} published; fetched ${summary.months.fetched.length}` +
      `, already fetched ${summary.months.alreadyComplete.length}, already in the store ${summary.months.inStore.length}`,
    `police.uk: ${p.requests} requests (${p.crimeRequests} for crimes: ${p.getRequests} GET, ${p.postRequests} POST; ${p.splits} splits; ` +
      `${p.retries} retries: ${p.rateLimited} x 429, ${p.serverErrors} x 5xx, ${p.timeouts} timeouts, ${p.networkErrors} dropped, ${p.malformedJson} malformed JSON)`,
  ];
  for (const [month, n] of Object.entries(summary.crimes).sort()) lines.push(`  ${month}: ${n} crimes`);
  for (const s of summary.sources) lines.push(`${s.source}: ${s.status}${s.file ? ` ${s.file}` : ''} (${s.detail})`);
  if (summary.imported) lines.push('', 'import:', formatSummary(summary.imported), '');
  lines.push(`last month ${summary.lastMonth ?? '-'}; ${(summary.durationMs / 1000).toFixed(1)} s`);
  return lines.join('\n');
}

async function main(): Promise<number> {
  const { options, areas } = parseOptions();
  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\ninterrupted: finishing the requests in flight; rerun to resume\n');
    controller.abort();
  });
  try {
    // One area after another into the same store: each is a study area of its own there.
    let code = 0;
    let last: string | null = null;
    for (const area of areas) {
      const summary = await fetchArea({ ...options, area, signal: controller.signal });
      console.log(report(summary));
      if (summary.imported && !summary.imported.ok) {
        console.error(`import refused ${summary.imported.refused.map((r) => `${r.file} (${r.reason})`).join('; ')}`);
        return 1;
      }
      if (summary.sources.some((s) => s.status === 'failed')) code = 2;
      last = summary.dbPath;
    }
    // Publish the cube with the store, as npm run import does, so servers start from columns.
    if (last) {
      const db = openStore(last);
      try {
        openCube(db);
      } finally {
        db.close();
      }
    }
    return code;
  } catch (error) {
    const e = error as Error;
    console.error(`fetch failed: ${e.message}`);
    if (e.name !== 'AbortError' && process.env.DEBUG) console.error(e.stack);
    console.error('Files fetched so far are kept; run the same command again to resume.');
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
