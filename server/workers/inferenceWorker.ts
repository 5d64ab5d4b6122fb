/**
 * Worker thread: runs one Gi* inference (geo/hotspotInference) per message, so a resampling test
 * over thousands of cells never holds up the request thread.
 */
import { parentPort } from 'node:worker_threads';
import { hotspotInference, type InferenceOptions } from '../../geo/hotspotInference';

export interface InferenceJob {
  id: number;
  values: Float64Array;
  offsets: Int32Array;
  indices: Int32Array;
  options: InferenceOptions;
}

parentPort!.on('message', (job: InferenceJob) => {
  try {
    const r = hotspotInference(job.values, { offsets: job.offsets, indices: job.indices }, job.options);
    const transfer = [r.z.buffer, r.p.buffer, ...(r.pSim ? [r.pSim.buffer] : [])] as ArrayBuffer[];
    parentPort!.postMessage({ id: job.id, result: r }, transfer);
  } catch (err) {
    parentPort!.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err), range: err instanceof RangeError });
  }
});
