/**
 * The heavy-work pool: a few worker threads, one job each at a time, fed from one bounded queue.
 * A request that would wait behind a full queue is refused at once (503 with Retry-After) rather
 * than left hanging; a job that outlives its time budget, or whose client has gone, is stopped by
 * terminating its worker (a busy JavaScript loop cannot be interrupted any other way), and a fresh
 * worker takes its place. The request thread only queues, posts and receives, so light endpoints
 * keep their speed while heavy ones run.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, Worker } from 'node:worker_threads';
import type { Store } from '../db/openStore';
import { HttpError } from '../http/httpError';
import { BudgetExceededError, JobCancelledError, QueueFullError } from './errors';
import { cubeSnapshot, getCube, type IncidentCube } from '../services/cube';
import type { JobArgs, JobKind, JobResult } from './jobs';
import { workerBootstrap } from './bootstrap';

/** Seconds a job may take from arrival, unless its caller says otherwise. ATLAS_JOB_BUDGET_S overrides. */
export const DEFAULT_BUDGET_S = 30;

export { BudgetExceededError, JobCancelledError, QueueFullError } from './errors';

interface Slot {
  worker: Worker;
  job: Task | null;
  /** Cube versions this worker holds, by store path. */
  cubes: Map<string, string>;
}

interface Task {
  id: number;
  kind: JobKind;
  store: string | null;
  cube: IncidentCube | null;
  args: unknown;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
  onAbort?: () => void;
  signal?: AbortSignal;
}

const slots: Slot[] = [];
const queue: Task[] = [];
let nextId = 1;
let closing = false;

function envInt(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v >= 0 ? v : fallback;
}

/** Leave one core to the request thread; at least one worker. ATLAS_WORKERS overrides (0: in place). */
export function poolSize(): number {
  return envInt('ATLAS_WORKERS', Math.max(1, Math.min(4, availableParallelism() - 1)));
}

/** Jobs allowed to wait for a worker. ATLAS_JOB_QUEUE overrides. */
export function queueLimit(): number {
  return envInt('ATLAS_JOB_QUEUE', 8);
}

function spawn(): Slot {
  const worker = new Worker(workerBootstrap(new URL('./worker.ts', import.meta.url).href), { eval: true });
  worker.unref();
  const slot: Slot = { worker, job: null, cubes: new Map() };
  worker.on('message', (msg: { id: number; result?: unknown; error?: { message: string; name: string; status?: number } }) => {
    const task = slot.job;
    if (!task || task.id !== msg.id) return;
    finish(task);
    slot.job = null;
    if (msg.error) task.reject(rebuildError(msg.error));
    else task.resolve(msg.result);
    dispatch();
  });
  worker.on('error', (err) => {
    // A worker that dies fails its own job only; a fresh one takes its place.
    const task = slot.job;
    replace(slot);
    if (task) {
      finish(task);
      task.reject(err);
    }
    dispatch();
  });
  return slot;
}

function rebuildError(e: { message: string; name: string; status?: number }): Error {
  if (e.status !== undefined) return new HttpError(e.status, e.message);
  return e.name === 'RangeError' ? new RangeError(e.message) : new Error(e.message);
}

function replace(slot: Slot): void {
  const i = slots.indexOf(slot);
  void slot.worker.terminate();
  if (i >= 0) {
    if (closing) slots.splice(i, 1);
    else slots[i] = spawn();
  }
}

function finish(task: Task): void {
  clearTimeout(task.timer);
  if (task.onAbort) task.signal?.removeEventListener('abort', task.onAbort);
}

function dispatch(): void {
  for (const slot of slots) {
    if (slot.job || queue.length === 0) continue;
    const task = queue.shift()!;
    slot.job = task;
    if (task.store && task.cube && slot.cubes.get(task.store) !== task.cube.version) {
      slot.worker.postMessage({ type: 'cube', store: task.store, snapshot: cubeSnapshot(task.cube) });
      slot.cubes.set(task.store, task.cube.version);
    }
    slot.worker.postMessage({ type: 'job', id: task.id, kind: task.kind, store: task.store, args: task.args });
  }
}

/** Start the workers before the first request, so it does not wait for them to load. */
export function startPool(): void {
  closing = false;
  const size = poolSize();
  while (slots.length < size) slots.push(spawn());
}

/** Jobs waiting and running now (health and the load bench report it). */
export function poolState(): { workers: number; running: number; queued: number; queueLimit: number } {
  return { workers: slots.length, running: slots.filter((s) => s.job).length, queued: queue.length, queueLimit: queueLimit() };
}

export interface JobOptions {
  /** The request's signal: when its client goes away the job is stopped. */
  signal?: AbortSignal;
  /** Seconds from arrival; default ATLAS_JOB_BUDGET_S or 30. */
  budget?: number;
  /** Names the work in the budget message ("hotspots"). */
  label?: string;
}

/**
 * Run one heavy job: on a worker when there are workers, otherwise in place. Rejects with
 * QueueFullError when the queue is full, BudgetExceededError past the budget and
 * JobCancelledError when the signal aborts.
 */
export function runJob<K extends JobKind>(kind: K, db: Store | null, args: JobArgs<K>, opts: JobOptions = {}): Promise<JobResult<K>> {
  if (poolSize() === 0 || !isMainThread) return runInPlace(kind, db, args);
  startPool();
  if (opts.signal?.aborted) return Promise.reject(new JobCancelledError());
  const busy = slots.every((s) => s.job);
  if (busy && queue.length >= queueLimit()) return Promise.reject(new QueueFullError(retryAfter()));
  const budget = opts.budget ?? envInt('ATLAS_JOB_BUDGET_S', DEFAULT_BUDGET_S);
  const cube = db ? getCube(db) : null;
  return new Promise<JobResult<K>>((resolve, reject) => {
    const task: Task = {
      id: nextId++,
      kind,
      store: db ? db.name : null,
      cube,
      args,
      resolve: resolve as (v: unknown) => void,
      reject,
      signal: opts.signal,
      timer: setTimeout(() => stop(task, new BudgetExceededError(opts.label ?? kind, budget)), budget * 1000),
    };
    task.timer.unref();
    if (opts.signal) {
      task.onAbort = () => stop(task, new JobCancelledError());
      opts.signal.addEventListener('abort', task.onAbort, { once: true });
    }
    queue.push(task);
    dispatch();
  });
}

/** Stop a job wherever it is: out of the queue, or its worker terminated and replaced. */
function stop(task: Task, err: Error): void {
  finish(task);
  const q = queue.indexOf(task);
  if (q >= 0) queue.splice(q, 1);
  const slot = slots.find((s) => s.job === task);
  if (slot) {
    slot.job = null;
    replace(slot);
  }
  task.reject(err);
  dispatch();
}

/** A rough wait: the queue ahead shared over the workers, a few seconds a job. */
function retryAfter(): number {
  return Math.max(5, Math.ceil(((queue.length + 1) / Math.max(1, slots.length)) * 5));
}

async function runInPlace<K extends JobKind>(kind: K, db: Store | null, args: JobArgs<K>): Promise<JobResult<K>> {
  const { heavyJobs } = await import('./jobs');
  const job = heavyJobs[kind] as (db: Store | null, cube: IncidentCube | null, args: JobArgs<K>) => JobResult<K> | Promise<JobResult<K>>;
  return job(db, db ? getCube(db) : null, args);
}

/** Stop every worker and fail what is queued (tests and shutdown). */
export async function closePool(): Promise<void> {
  closing = true;
  for (const task of queue.splice(0)) {
    finish(task);
    task.reject(new QueueFullError(5));
  }
  const all = slots.splice(0);
  for (const s of all) if (s.job) finish(s.job);
  await Promise.all(all.map((s) => s.worker.terminate()));
  closing = false;
}
