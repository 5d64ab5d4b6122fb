import { existsSync } from 'node:fs';
import { openStoreForServing, storePath } from './db/openStore';
import { createApp } from './app';
import { loadInitialData, warmCaches } from './startup';
import { closeInferencePool, startInferencePool } from './workers/inferencePool';

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
  startInferencePool();
  const app = createApp(db);
  const server = app.listen(port, host, () => {
    const incidents = (db.prepare('SELECT count(*) AS n FROM incidents').get() as { n: number }).n;
    console.log(`Hotspot Atlas: http://${host}:${port}/  (store ${path}, ${incidents.toLocaleString('en-GB')} incidents)`);
    if (!existsSync('client/dist/index.html')) console.log('The client is not built: run `npm run build` (npm start does it).');
  });
  const stop = () => server.close(() => void closeInferencePool().then(() => process.exit(0)));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit((err as { exitCode?: number } | null)?.exitCode ?? 1);
});
