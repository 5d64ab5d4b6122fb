import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { openStoreForServing, storePath, type Store } from './db/openStore';
import { createApp } from './app';
import { loadInitialData, warmCaches } from './startup';
import { closePool, startPool } from './workers/pool';
import { loadCubeOffThread } from './workers/cubeLoader';
import { getCube, setBackgroundCubeLoader } from './services/cube';
import { closeBrowser } from './report/pdf';

/** Seconds SIGTERM waits for requests in flight before closing their connections. ATLAS_SHUTDOWN_S overrides. */
const SHUTDOWN_GRACE_S = Number(process.env.ATLAS_SHUTDOWN_S) > 0 ? Number(process.env.ATLAS_SHUTDOWN_S) : 20;

/**
 * `npm start`: serve the API and the built client. An empty store is filled first from DATA_DIR,
 * or fetched from the official sources when there is a network.
 */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8080);
  const host = process.env.HOST ?? '127.0.0.1';
  const path = storePath();
  // Read-only when this process cannot write the store (a replica); damaged or unusable: exit 3.
  const { db, readonly, note } = openStoreForServing(path);
  if (note) console.log(note);
  if (!readonly) await loadInitialData(db, path);
  warmCaches(db);
  // From here on, another process's import is read off the request thread and swapped in whole.
  setBackgroundCubeLoader(loadCubeOffThread);
  startPool();
  const app = createApp(db);
  const server = app.listen(port, host, () => {
    const incidents = getCube(db).n;
    console.log(`Hotspot Atlas: http://${host}:${port}/  (store ${path}, ${incidents.toLocaleString('en-GB')} incidents)`);
    if (!existsSync('client/dist/index.html')) console.log('The client is not built: run `npm run build` (npm start does it).');
  });
  // A slow or stalled client holds a socket, not the server: headers must arrive within 20 s and a
  // whole request within 2 minutes (the pack's 90 s budget and its PDF fit inside).
  server.headersTimeout = 20_000;
  server.requestTimeout = 120_000;
  process.once('SIGINT', () => void shutdown(server, db, 'SIGINT'));
  process.once('SIGTERM', () => void shutdown(server, db, 'SIGTERM'));
}

/**
 * Stop accepting, let requests in flight finish (up to the grace period), then stop the workers
 * and the PDF browser and close the store, so no write is cut off and the exit code is 0.
 */
async function shutdown(server: Server, db: Store, signal: string): Promise<void> {
  console.log(`${signal}: no new requests; finishing those in flight (at most ${SHUTDOWN_GRACE_S} s) ...`);
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const grace = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_S * 1000);
  await closed;
  clearTimeout(grace);
  await closePool();
  await closeBrowser();
  db.close();
  console.log('Stopped.');
  process.exit(0);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit((err as { exitCode?: number } | null)?.exitCode ?? 1);
});
