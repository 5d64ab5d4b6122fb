/**
 * Reads a store's incidents into a new cube on a thread of its own, so that after another
 * process's import the request thread keeps serving the old cube until the new one is whole.
 * The typed arrays are shared memory, so handing the cube back costs only the string tables.
 */
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { openStore } from '../db/openStore';
import { cubeFromSnapshot, cubeSnapshot, openCube, type CubeSnapshot, type IncidentCube } from '../services/cube';
import { workerBootstrap } from './bootstrap';

/** Starts a loader thread for `path` and resolves with its cube. */
export function loadCubeOffThread(path: string): Promise<IncidentCube> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerBootstrap(import.meta.url), { eval: true, workerData: { path } });
    worker.once('message', (msg: { snapshot?: CubeSnapshot; error?: string }) => {
      void worker.terminate();
      if (msg.snapshot) resolve(cubeFromSnapshot(msg.snapshot));
      else reject(new Error(msg.error ?? 'the cube loader failed'));
    });
    worker.once('error', reject);
  });
}

if (parentPort && (workerData as { path?: string } | null)?.path) {
  const { path } = workerData as { path: string };
  try {
    const db = openStore(path, { readonly: true });
    const cube = openCube(db);
    db.close();
    parentPort.postMessage({ snapshot: cubeSnapshot(cube) });
  } catch (err) {
    parentPort.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
}
