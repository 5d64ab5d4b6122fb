/**
 * A heavy-work thread: holds the cube the request thread last sent for each store (shared memory,
 * no copy) and a read-only connection to that store, and runs one named job per message.
 */
import { parentPort } from 'node:worker_threads';
import { openStore, type Store } from '../db/openStore';
import { adoptCube, cubeFromSnapshot, type CubeSnapshot, type IncidentCube } from '../services/cube';
import { HttpError } from '../http/httpError';
import { heavyJobs, type JobKind } from './jobs';

const stores = new Map<string, { db: Store; cube: IncidentCube }>();

type Message =
  { type: 'cube'; store: string; snapshot: CubeSnapshot } | { type: 'job'; id: number; kind: JobKind; store: string | null; args: unknown };

function connection(path: string): Store {
  const held = stores.get(path);
  return held ? held.db : openStore(path, { readonly: true });
}

parentPort!.on('message', (msg: Message) => {
  if (msg.type === 'cube') {
    const db = connection(msg.store);
    const cube = cubeFromSnapshot(msg.snapshot);
    adoptCube(db, cube);
    stores.set(msg.store, { db, cube });
    return;
  }
  void run(msg);
});

async function run(msg: Extract<Message, { type: 'job' }>): Promise<void> {
  try {
    const held = msg.store ? stores.get(msg.store) : undefined;
    if (msg.store && !held) throw new Error(`no cube was sent for ${msg.store}`);
    const job = heavyJobs[msg.kind] as (db: Store | null, cube: IncidentCube | null, args: unknown) => unknown;
    const result = await job(held?.db ?? null, held?.cube ?? null, msg.args);
    parentPort!.postMessage({ id: msg.id, result }, transferables(result));
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    parentPort!.postMessage({
      id: msg.id,
      error: { message: e.message, name: e.name, status: err instanceof HttpError ? err.status : undefined },
    });
  }
}

/** The Gi* arrays of an inference result move rather than copy. */
function transferables(result: unknown): ArrayBuffer[] {
  if (!result || typeof result !== 'object') return [];
  const out: ArrayBuffer[] = [];
  for (const v of Object.values(result)) if (v instanceof Float64Array && v.buffer instanceof ArrayBuffer) out.push(v.buffer);
  return out;
}
