/**
 * A small pool of worker threads for the resampling Gi* tests. A randomisation test at H3 res 10
 * takes most of a second of CPU; run on the request thread it would stall every other request,
 * so it runs here while the request thread keeps serving light endpoints.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { hotspotInference, type InferenceOptions, type InferenceResult } from '../../geo/hotspotInference';
import type { Neighbours } from '../../geo/neighbours';
import type { InferenceJob } from './inferenceWorker';

interface Slot {
  worker: Worker;
  busy: number;
}

interface Pending {
  resolve: (r: InferenceResult) => void;
  reject: (e: Error) => void;
  slot: Slot;
}

const slots: Slot[] = [];
const pending = new Map<number, Pending>();
let nextId = 1;

/** Leave one core to the request thread; at least one worker. ATLAS_WORKERS overrides. */
function poolSize(): number {
  const env = Number(process.env.ATLAS_WORKERS);
  if (Number.isInteger(env) && env >= 0) return env;
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/**
 * The server runs TypeScript through tsx, and a worker does not inherit its loader (nor does
 * `--import tsx` apply to a worker's .ts entry), so a small JavaScript bootstrap registers tsx in
 * the worker and then imports the TypeScript entry.
 */
function bootstrap(): string {
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./inferenceWorker.ts', import.meta.url).href;
  return `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); }).catch((err) => { console.error(err); process.exit(1); });`;
}

function spawn(): Slot {
  const worker = new Worker(bootstrap(), { eval: true });
  worker.unref();
  const slot: Slot = { worker, busy: 0 };
  worker.on('message', (msg: { id: number; result?: InferenceResult; error?: string; range?: boolean }) => {
    slot.busy--;
    const p = pending.get(msg.id);
    pending.delete(msg.id);
    if (!p) return;
    if (msg.error !== undefined) p.reject(msg.range ? new RangeError(msg.error) : new Error(msg.error));
    else p.resolve(msg.result!);
  });
  worker.on('error', (err) => {
    // A dead worker fails its own jobs only; the next job gets a fresh worker.
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
    for (const [id, p] of pending) {
      if (p.slot !== slot) continue;
      pending.delete(id);
      p.reject(err);
    }
  });
  return slot;
}

/** The cheap modes, and small maps, are not worth a message round trip. */
function worthAWorker(n: number, opts: InferenceOptions): boolean {
  return (opts.mode === 'randomisation' || opts.mode === 'conditional') && n >= 1000;
}

/** Start the workers before the first request, so it does not wait for them to load. */
export function startInferencePool(): void {
  const size = poolSize();
  while (slots.length < size) slots.push(spawn());
}

/**
 * Run one inference, in a worker when it is heavy. Jobs queue on the least busy worker, so two
 * heavy requests at once share the pool and light requests are never behind them.
 */
export function runInference(values: Float64Array, neighbours: Neighbours, opts: InferenceOptions): Promise<InferenceResult> {
  const size = poolSize();
  if (size === 0 || !worthAWorker(values.length, opts)) {
    try {
      return Promise.resolve(hotspotInference(values, neighbours, opts));
    } catch (err) {
      return Promise.reject(err);
    }
  }
  startInferencePool();
  const slot = slots.reduce((a, b) => (b.busy < a.busy ? b : a));
  slot.busy++;
  const id = nextId++;
  return new Promise<InferenceResult>((resolve, reject) => {
    pending.set(id, { resolve, reject, slot });
    const job: InferenceJob = { id, values, offsets: neighbours.offsets, indices: neighbours.indices, options: opts };
    // Copies, not transfers: the neighbour lists are cached for later requests.
    slot.worker.postMessage(job);
  });
}

/** Stop the workers (tests and shutdown). */
export async function closeInferencePool(): Promise<void> {
  const all = slots.splice(0);
  await Promise.all(all.map((s) => s.worker.terminate()));
}
