/**
 * Answers kept by request and data version. The atlas's answers depend only on the query (and
 * body) and the store's contents, and a tasking meeting's screens ask the same few questions over
 * and over, so an answer is computed once per import: later requests get the stored bytes (and
 * their gzip, made once off the request thread), or a 304 when the browser already holds them.
 * Identical requests arriving together share one computation.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

export interface CachedAnswer {
  body: Buffer;
  gzip: Buffer | null;
  etag: string;
}

/** Smaller bodies are not worth compressing. */
const GZIP_MIN_BYTES = 1024;

export class ResponseCache {
  private readonly entries = new Map<string, CachedAnswer>();
  private readonly pending = new Map<string, Promise<CachedAnswer | null>>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes: number) {}

  static key(parts: { method: string; path: string; query: unknown; body: unknown; version: string }): string {
    const h = createHash('sha256');
    h.update(`${parts.version}\n${parts.method} ${parts.path}\n${canonical(parts.query)}\n${canonical(parts.body)}`);
    return h.digest('base64url');
  }

  get(key: string): CachedAnswer | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      // Most recently used last, so eviction takes the oldest first.
      this.entries.delete(key);
      this.entries.set(key, hit);
      this.hits++;
    }
    return hit;
  }

  /**
   * The answer for `key`: the stored one, the one being computed, or `compute`'s. `compute`
   * returns undefined when the request was answered some other way (an export file), and then
   * nothing is kept.
   */
  async answer(key: string, compute: () => Promise<unknown>): Promise<CachedAnswer | null> {
    const hit = this.get(key);
    if (hit) return hit;
    const running = this.pending.get(key);
    if (running) return running;
    this.misses++;
    const work = (async () => {
      const value = await compute();
      if (value === undefined) return null;
      const body = Buffer.from(JSON.stringify(value));
      const zipped = body.length >= GZIP_MIN_BYTES ? await gzipAsync(body) : null;
      const answer: CachedAnswer = { body, gzip: zipped, etag: `"${key.slice(0, 27)}"` };
      this.store(key, answer);
      return answer;
    })();
    this.pending.set(key, work);
    try {
      return await work;
    } finally {
      this.pending.delete(key);
    }
  }

  private store(key: string, answer: CachedAnswer): void {
    const size = answer.body.length + (answer.gzip?.length ?? 0);
    if (size > this.maxBytes / 4) return;
    this.entries.set(key, answer);
    this.bytes += size;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.body.length + (v.gzip?.length ?? 0);
    }
  }

  stats(): { entries: number; bytes: number; hits: number; misses: number } {
    return { entries: this.entries.size, bytes: this.bytes, hits: this.hits, misses: this.misses };
  }
}

/** JSON with object keys sorted, so `?a=1&b=2` and `?b=2&a=1` share an answer. */
function canonical(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** One cache for the process; ATLAS_CACHE_MB sets its size (default 256 MB). */
export const responseCache = new ResponseCache(
  (Number(process.env.ATLAS_CACHE_MB) > 0 ? Number(process.env.ATLAS_CACHE_MB) : 256) * 1024 * 1024,
);
