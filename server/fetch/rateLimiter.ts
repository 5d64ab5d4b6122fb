/**
 * Request rate limiting. police.uk allows 15 requests a second with bursts of up to 30, then
 * answers 429. A token bucket of 15 refilled at 15/s would still let 30 requests through in one
 * second (a full bucket plus a second's refill), so this is a sliding-window limiter instead:
 * at most `limit` request starts in any `windowMs` window. A burst of up to `limit` requests may
 * start at once; the next one waits until the oldest of them leaves the window. `pause()` holds
 * every caller back, e.g. after a 429 with Retry-After.
 */
export class AbortError extends Error {
  constructor(message = 'The fetch was aborted') {
    super(message);
    this.name = 'AbortError';
  }
}

/** Resolves after `ms`, or rejects with AbortError when `signal` aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortError());
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class RateLimiter {
  private readonly starts: number[] = [];
  private pausedUntil = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(limit >= 1) || !(windowMs > 0)) throw new Error(`RateLimiter: bad limit ${limit} per ${windowMs} ms`);
  }

  /** Waits (first come, first served) until a request may start, and records its start. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.take(signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Holds every request back for `ms` from now (longest pause wins). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  private async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw new AbortError();
      const now = this.now();
      let wait = this.pausedUntil - now;
      if (this.starts.length >= this.limit) {
        wait = Math.max(wait, this.starts[this.starts.length - this.limit] + this.windowMs - now);
      }
      if (wait <= 0) {
        this.starts.push(now);
        if (this.starts.length > this.limit) this.starts.splice(0, this.starts.length - this.limit);
        return;
      }
      await sleep(Math.ceil(wait), signal);
    }
  }
}
