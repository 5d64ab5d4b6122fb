/**
 * Gi* inference off the request thread: a resampling test at H3 res 10 takes most of a second of
 * CPU, so services that call it from the request thread (the overlap, the pack) send it to the
 * heavy-work pool. Inside a worker, or for the cheap modes and small maps, it runs in place.
 */
import { isMainThread } from 'node:worker_threads';
import { hotspotInference, type InferenceOptions, type InferenceResult } from '../../geo/hotspotInference';
import type { Neighbours } from '../../geo/neighbours';
import { closePool, poolSize, runJob, startPool } from './pool';

/** The cheap modes, and small maps, are not worth a message round trip. */
function worthAWorker(n: number, opts: InferenceOptions): boolean {
  return (opts.mode === 'randomisation' || opts.mode === 'conditional') && n >= 1000;
}

export function runInference(values: Float64Array, neighbours: Neighbours, opts: InferenceOptions): Promise<InferenceResult> {
  if (!isMainThread || poolSize() === 0 || !worthAWorker(values.length, opts)) {
    try {
      return Promise.resolve(hotspotInference(values, neighbours, opts));
    } catch (err) {
      return Promise.reject(err);
    }
  }
  return runJob(
    'inference',
    null,
    { values, offsets: neighbours.offsets, indices: neighbours.indices, options: opts },
    { label: 'hot-spot test' },
  );
}

/** Start the workers before the first request (kept under its old name for callers). */
export const startInferencePool = startPool;
export const closeInferencePool = closePool;
