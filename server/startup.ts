import type { Store } from './db/openStore';
import { getCube } from './services/cube';
import { wardContext } from './services/wardContext';
import { studyArea } from './services/studyArea';
import { heldAreas } from './services/areas';

/** The partnership this atlas was built for, opened first when a store holds several areas. */
const DEFAULT_AREA = 'E06000004';
import { H3_RESOLUTIONS } from '../geo/h3Bin';

function isEmpty(db: Store): boolean {
  // One row read, not a count: a count(*) of a national store reads gigabytes at every start.
  return db.prepare('SELECT 1 FROM incidents LIMIT 1').get() === undefined;
}

/**
 * With an empty store: import DATA_DIR when set; otherwise fetch the default area when online;
 * otherwise say in one line how to load data. The server starts either way.
 */
export async function loadInitialData(db: Store, path: string): Promise<void> {
  if (!isEmpty(db)) return;
  const dataDir = process.env.DATA_DIR;
  if (dataDir) {
    const { importFolder } = await import('./import/index');
    console.log(`The store is empty: importing ${dataDir} ...`);
    importFolder(db, dataDir, { log: (line: string) => console.log(line) });
    return;
  }
  try {
    const fetchModule = await import('./fetch/index');
    if (await fetchModule.isOnline()) {
      console.log('The store is empty: fetching Stockton-on-Tees (E06000004) from police.uk and the ONS ...');
      await fetchModule.fetchArea({ area: DEFAULT_AREA, store: db });
      return;
    }
  } catch (err) {
    console.error(`Fetching failed: ${err instanceof Error ? err.message : err}`);
  }
  console.log(
    `The store ${path} is empty and there is no network: load data with \`npm run import -- --data <folder>\` (e.g. ../shared/data) or start with DATA_DIR=<folder>.`,
  );
}

/**
 * Loads the incident cube and the ward context before the first request. The first start after
 * new boundaries intersects LSOAs with wards (seconds) and keeps the result in the store.
 */
export function warmCaches(db: Store): void {
  const started = Date.now();
  getCube(db);
  wardContext(db);
  // The study area at each resolution the map offers: the first request at res 10 would
  // otherwise compute it on the request thread. With several areas, only the one the app opens
  // by default: every held ward at res 10 is millions of cells nationally, which no map asks for.
  const held = heldAreas(db);
  const area = held.length <= 1 ? undefined : (held.find((a) => a.code === DEFAULT_AREA) ?? held[0]).code;
  for (const res of H3_RESOLUTIONS) studyArea(db, res, area);
  const took = Date.now() - started;
  if (took > 2000) console.log(`Prepared the incident cube and ward context in ${(took / 1000).toFixed(1)} s (kept for next time).`);
}
