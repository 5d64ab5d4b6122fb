/**
 * Reads the street months of a bulk import on a thread of its own, a file or two ahead of the
 * thread writing them, so that reading, hashing and checking a month (about a third of the import)
 * overlaps storing the one before. The import itself stays synchronous: `take` waits on shared
 * memory for the file it needs. The reader only ever goes faster: a file it cannot read exactly as
 * the import would (not a street file, oversized rows, refused, anything unexpected) comes back
 * "read it yourself", and the import reads it the ordinary way, with the ordinary messages.
 */
import { MessageChannel, receiveMessageOnPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { workerBootstrap } from '../workers/bootstrap';
import type { CsvLimits } from './csvFile';
import { readInput } from './fileRead';
import { recognise } from './recognise';
import { readStreetRows, type StreetRows } from './streetRows';

/** A street month read on the reader thread. */
export interface ReadAhead {
  path: string;
  sha256: string;
  force: string;
  month: string;
  rows: StreetRows;
}

type Message = ReadAhead | { path: string; fallback: true };

/** Files read but not yet taken: memory stays at a few months' rows. */
const AHEAD = 2;
/** A reader that sends nothing for this long is given up on (the import reads for itself). */
const PATIENCE_MS = 60_000;
const PRODUCED = 0;
const CONSUMED = 1;

interface ReaderData {
  streetReader: { files: { path: string; file: string }[]; limits: CsvLimits; port: MessagePort; state: SharedArrayBuffer };
}

export class StreetReader {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly state: Int32Array;
  private next = 0;
  private closed = false;
  /** Files handed to the import read. */
  served = 0;

  /** `files`: the street files in the order the import will ask for them, with their shown names. */
  constructor(
    private readonly files: readonly { path: string; file: string }[],
    limits: CsvLimits,
  ) {
    const shared = new SharedArrayBuffer(8);
    this.state = new Int32Array(shared);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const data: ReaderData = { streetReader: { files: [...files], limits, port: port2, state: shared } };
    this.worker = new Worker(workerBootstrap(import.meta.url), { eval: true, workerData: data, transferList: [port2] });
    this.worker.unref();
    // A reader that fails is not an import failure: the import reads for itself.
    this.worker.on('error', () => {});
  }

  /**
   * The read-ahead of `path` when it is the next file the reader holds; undefined when the import
   * should read it itself (out of order, as when a batch is replayed, or a file the reader declined).
   */
  take(path: string): ReadAhead | undefined {
    if (this.closed) return undefined;
    let at = this.next;
    while (at < this.files.length && this.files[at].path !== path) at++;
    if (at === this.files.length) return undefined;
    // Files the import passed over (ignored before reading) are read and dropped.
    while (this.next < at) if (this.receive(this.files[this.next].path) === null) return undefined;
    const msg = this.receive(path);
    if (msg === null || 'fallback' in msg) return undefined;
    this.served++;
    return msg;
  }

  /** The next message, which must be about `path`; null when the reader is given up on. */
  private receive(path: string): Message | null {
    const wanted = this.next + 1;
    let waited = 0;
    while (Atomics.load(this.state, PRODUCED) < wanted) {
      const t0 = performance.now();
      const seen = Atomics.load(this.state, PRODUCED);
      if (seen < wanted) Atomics.wait(this.state, PRODUCED, seen, 1000);
      waited += performance.now() - t0;
      if (waited > PATIENCE_MS) {
        this.close();
        return null;
      }
    }
    const msg = receiveMessageOnPort(this.port)?.message as Message | undefined;
    this.next++;
    Atomics.add(this.state, CONSUMED, 1);
    Atomics.notify(this.state, CONSUMED);
    if (msg === undefined || msg.path !== path) {
      // Never expected: the reader and the import disagree about the order, so stop using it.
      this.close();
      return null;
    }
    return msg;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.port.close();
    void this.worker.terminate();
  }
}

/** The reader thread: every file in order, at most AHEAD files ahead of the import. */
function readAll({ files, limits, port, state: shared }: ReaderData['streetReader']): void {
  const state = new Int32Array(shared);
  for (let i = 0; i < files.length; i++) {
    for (;;) {
      const consumed = Atomics.load(state, CONSUMED);
      if (i - consumed < AHEAD) break;
      Atomics.wait(state, CONSUMED, consumed, 1000);
    }
    const { path, file } = files[i];
    let msg: Message;
    try {
      const read = readInput(path, limits);
      const rec = recognise(path, read.bytes, read.head);
      msg =
        rec.kind === 'street' && read.oversized.length === 0
          ? { path, sha256: read.sha256, force: rec.force, month: rec.month, rows: readStreetRows(file, rec.month, rec.text) }
          : { path, fallback: true };
    } catch {
      msg = { path, fallback: true };
    }
    port.postMessage(msg);
    Atomics.add(state, PRODUCED, 1);
    Atomics.notify(state, PRODUCED);
  }
}

const mine = (workerData as Partial<ReaderData> | null)?.streetReader;
if (mine) readAll(mine);
