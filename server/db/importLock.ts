import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { EXIT } from './exitCodes';

/**
 * One import at a time per store. Two imports into one store used to interleave their month
 * transactions, refuse dozens of files with "database is locked" and leave scattered months. The
 * lock is a file next to the store, `<store>.import.lock`, holding {pid, started, host}, created
 * with O_EXCL so exactly one process wins. It is removed on release and on exit; a kill -9 leaves
 * it behind, so a lock whose process is gone is stale and the next import takes it over.
 *
 * Re-entrant within a process: the import CLI takes it before opening the store, and importFiles
 * takes it again around the files, so every import path holds it without the two refusing each other.
 */
export interface ImportLockInfo {
  pid: number;
  started: string;
  host: string;
  /** Linux: the process's start time in clock ticks since boot, so a reused pid is not taken for the holder. */
  procStart?: string;
}

export interface ImportLock {
  release(): void;
  /** Set when a stale lock (its process gone) was taken over. */
  note?: string;
}

export interface AcquireOptions {
  /** Wait for the holder to finish: true without limit, or a number of milliseconds. */
  wait?: boolean | number;
  /** Called once when starting to wait, with a line saying for whom. */
  onWait?: (line: string) => void;
  pollMs?: number;
}

export class ImportLockHeld extends Error {
  readonly exitCode = EXIT.locked;
  constructor(
    readonly lockPath: string,
    readonly holder: ImportLockInfo | undefined,
  ) {
    super(`another import into this store is running (${describeHolder(holder)}; lock ${lockPath}): wait for it, or run with --wait`);
    this.name = 'ImportLockHeld';
  }
}

/** Resolved, so that one store named two ways (relative, absolute) is one lock, also in-process. */
export function importLockPath(storePath: string): string {
  return `${resolve(storePath)}.import.lock`;
}

/** A lock file just created and not yet written is this young at most; older and empty means its writer died. */
const EMPTY_GRACE_MS = 5_000;

const held = new Map<string, { count: number; content: string }>();
let exitHookInstalled = false;

function describeHolder(h: ImportLockInfo | undefined): string {
  return h ? `pid ${h.pid} on ${h.host}, started ${h.started}` : 'holder unknown';
}

function procStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

type Holder = { state: 'none' } | { state: 'live' | 'stale'; info?: ImportLockInfo; raw: string };

function readHolder(lockPath: string): Holder {
  let raw: string;
  let mtimeMs: number;
  try {
    mtimeMs = statSync(lockPath).mtimeMs;
    raw = readFileSync(lockPath, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'none' };
    throw e;
  }
  let info: ImportLockInfo | undefined;
  try {
    const parsed = JSON.parse(raw) as ImportLockInfo;
    if (Number.isInteger(parsed.pid) && parsed.pid > 0) info = parsed;
  } catch {
    // Empty or cut short: just created by another process, or left by one that died at once.
  }
  if (!info) return { state: Date.now() - mtimeMs > EMPTY_GRACE_MS ? 'stale' : 'live', raw };
  // Another machine's pid cannot be checked from here (a store on a shared drive): assume live.
  if (info.host !== hostname()) return { state: 'live', info, raw };
  if (!pidAlive(info.pid)) return { state: 'stale', info, raw };
  const now = info.procStart ? procStart(info.pid) : undefined;
  if (now !== undefined && now !== info.procStart) return { state: 'stale', info, raw };
  return { state: 'live', info, raw };
}

/** True only while a live process holds the store's import lock: a stat and a read of a small file. */
export function importInProgress(storePath: string): boolean {
  return readHolder(importLockPath(storePath)).state === 'live';
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function tryCreate(lockPath: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(lockPath, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Removes a stale lock, unless someone else got there first. Breaking goes through a second
 * O_EXCL file so that two processes finding the same stale lock cannot both remove it, one of them
 * removing the fresh lock the other has just taken.
 */
function breakStale(lockPath: string, staleRaw: string): void {
  const breaker = `${lockPath}.break`;
  if (!tryCreate(breaker, String(process.pid))) {
    try {
      if (Date.now() - statSync(breaker).mtimeMs > EMPTY_GRACE_MS) rmSync(breaker, { force: true });
    } catch {
      // Gone already.
    }
    return;
  }
  try {
    let raw: string | undefined;
    try {
      raw = readFileSync(lockPath, 'utf8');
    } catch {
      raw = undefined;
    }
    if (raw === staleRaw) rmSync(lockPath, { force: true });
  } finally {
    rmSync(breaker, { force: true });
  }
}

function releaseAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [lockPath, h] of held) removeIfOurs(lockPath, h.content);
    held.clear();
  });
}

function removeIfOurs(lockPath: string, content: string): void {
  try {
    if (readFileSync(lockPath, 'utf8') === content) rmSync(lockPath, { force: true });
  } catch {
    // Already gone.
  }
}

/**
 * Takes the store's import lock, or throws ImportLockHeld at once (or after `wait` runs out).
 * Synchronous, like the importer: waiting blocks the thread, which is what a CLI wants.
 */
export function acquireImportLock(storePath: string, opts: AcquireOptions = {}): ImportLock {
  const lockPath = importLockPath(storePath);
  const mine = held.get(lockPath);
  if (mine) {
    mine.count++;
    return { release: once(() => release(lockPath)) };
  }
  const info: ImportLockInfo = { pid: process.pid, started: new Date().toISOString(), host: hostname() };
  const start = procStart(process.pid);
  if (start) info.procStart = start;
  const content = JSON.stringify(info);
  mkdirSync(dirname(lockPath), { recursive: true }); // a new store's folder, made before the store
  const deadline = opts.wait === true ? Infinity : typeof opts.wait === 'number' ? Date.now() + opts.wait : 0;
  let note: string | undefined;
  let waiting = false;
  for (;;) {
    if (tryCreate(lockPath, content)) break;
    const holder = readHolder(lockPath);
    if (holder.state === 'none') continue;
    if (holder.state === 'stale') {
      note = `took over a stale import lock (${describeHolder(holder.info)}, no longer running): its import was interrupted; months it had not finished are re-imported`;
      breakStale(lockPath, holder.raw);
      continue;
    }
    if (Date.now() >= deadline) throw new ImportLockHeld(lockPath, holder.info);
    if (!waiting) {
      waiting = true;
      opts.onWait?.(`waiting for the import already running (${describeHolder(holder.info)}) to finish ...`);
    }
    sleep(Math.min(opts.pollMs ?? 200, Math.max(1, deadline - Date.now())));
  }
  held.set(lockPath, { count: 1, content });
  releaseAllOnExit();
  return { release: once(() => release(lockPath)), note };
}

function release(lockPath: string): void {
  const h = held.get(lockPath);
  if (!h) return;
  if (--h.count > 0) return;
  held.delete(lockPath);
  removeIfOurs(lockPath, h.content);
}

function once(f: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      f();
    }
  };
}
