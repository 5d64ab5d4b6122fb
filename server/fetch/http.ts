/**
 * One HTTP client for every download: a per-attempt timeout, a shared rate limiter, backoff on
 * 429 (Retry-After first, else exponential with jitter), capped retries on 5xx, timeouts, dropped
 * connections and malformed JSON. Uses Node's built-in fetch (undici); no dependency.
 */
import { AbortError, type RateLimiter, sleep } from './rateLimiter';

export interface RetryPolicy {
  /** Per attempt, including reading the body. */
  timeoutMs: number;
  /** Retries after 5xx, timeouts, dropped connections and malformed JSON (each counts). */
  maxRetries: number;
  /** Retries after 429 Too Many Requests. */
  max429Retries: number;
  /** First backoff; doubles per retry, with jitter, up to backoffMaxMs. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** The longest Retry-After honoured as given; longer values are cut to this. */
  retryAfterMaxMs: number;
}

export const DEFAULT_RETRY: Readonly<RetryPolicy> = {
  timeoutMs: 60_000,
  maxRetries: 6,
  max429Retries: 12,
  backoffBaseMs: 1_000,
  backoffMaxMs: 60_000,
  retryAfterMaxMs: 300_000,
};

export interface HttpStats {
  /** Attempts sent (each retry counts). */
  requests: number;
  retries: number;
  /** 429 answers. */
  rateLimited: number;
  /** 5xx answers that were retried. */
  serverErrors: number;
  timeouts: number;
  /** Dropped connections, resets, refused connections. */
  networkErrors: number;
  malformedJson: number;
}

export function emptyStats(): HttpStats {
  return { requests: 0, retries: 0, rateLimited: 0, serverErrors: 0, timeouts: 0, networkErrors: 0, malformedJson: 0 };
}

export type HttpEvent =
  { type: 'request'; method: string; url: string } | { type: 'retry'; reason: string; attempt: number; waitMs: number; url: string };

/** The server answered with a status that is not retried. */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    body: string,
  ) {
    super(`HTTP ${status} from ${shortUrl(url)}${body ? `: ${body.slice(0, 200)}` : ''}`);
    this.name = 'HttpStatusError';
  }
}

/** Retries ran out. `reason` names the last failure. */
export class RetriesExhaustedError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
    readonly attempts: number,
  ) {
    super(`${reason} from ${shortUrl(url)} (gave up after ${attempts} attempts)`);
    this.name = 'RetriesExhaustedError';
  }
}

/** The body was not JSON, after every retry. */
export class MalformedJsonError extends RetriesExhaustedError {
  constructor(
    url: string,
    attempts: number,
    readonly snippet: string,
  ) {
    super(url, `malformed JSON (${JSON.stringify(snippet.slice(0, 80))}...)`, attempts);
    this.name = 'MalformedJsonError';
  }
}

export function shortUrl(url: string): string {
  return url.length > 160 ? `${url.slice(0, 157)}...` : url;
}

export interface HttpRequest {
  method?: 'GET' | 'POST';
  url: string;
  /** application/x-www-form-urlencoded body for POST. */
  form?: string;
  accept?: string;
}

export interface HttpResponse {
  status: number;
  text: string;
  headers: Headers;
}

export interface HttpClientOptions {
  limiter?: RateLimiter;
  retry?: Partial<RetryPolicy>;
  userAgent?: string;
  signal?: AbortSignal;
  onEvent?: (event: HttpEvent) => void;
  /** For tests: jitter source in [0, 1). */
  random?: () => number;
}

class TimeoutMarker extends Error {}

/** Retry-After as milliseconds (delta-seconds or an HTTP date), or undefined. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.max(0, Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export class HttpClient {
  readonly stats: HttpStats = emptyStats();
  readonly retry: RetryPolicy;

  constructor(private readonly options: HttpClientOptions = {}) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  get signal(): AbortSignal | undefined {
    return this.options.signal;
  }

  /** Exponential backoff with "equal jitter": half fixed, half random. */
  backoff(attempt: number): number {
    const cap = Math.min(this.retry.backoffMaxMs, this.retry.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
    const random = this.options.random ?? Math.random;
    return cap / 2 + random() * (cap / 2);
  }

  /**
   * Sends the request until it gets an answer that is not retried. Statuses in `pass` are handed
   * back to the caller (e.g. police.uk's 503 for too many crimes), except a 503 carrying
   * Retry-After, which means the service is unavailable and is retried like any 5xx.
   */
  async send(request: HttpRequest, pass: readonly number[] = []): Promise<HttpResponse> {
    return this.attempt(request, pass, false) as Promise<HttpResponse>;
  }

  /** As `send`, then parses JSON; a body that does not parse is retried, then reported. */
  async json<T>(request: HttpRequest, pass: readonly number[] = []): Promise<{ status: number; data: T | undefined }> {
    const out = (await this.attempt(request, pass, true)) as HttpResponse & { data?: T };
    return { status: out.status, data: out.data };
  }

  private async attempt(request: HttpRequest, pass: readonly number[], parseJson: boolean): Promise<HttpResponse & { data?: unknown }> {
    const { limiter, signal, onEvent, userAgent } = this.options;
    const method = request.method ?? 'GET';
    let transient = 0;
    let limited = 0;
    let attempts = 0;
    const retryLater = async (reason: string, waitMs: number) => {
      this.stats.retries++;
      onEvent?.({ type: 'retry', reason, attempt: attempts, waitMs, url: request.url });
      await sleep(waitMs, signal);
    };
    for (;;) {
      if (signal?.aborted) throw new AbortError();
      if (limiter) await limiter.acquire(signal);
      attempts++;
      this.stats.requests++;
      onEvent?.({ type: 'request', method, url: request.url });
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(new TimeoutMarker('timeout')), this.retry.timeoutMs);
      const combined = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
      let response: Response;
      let text: string;
      try {
        const headers: Record<string, string> = { accept: request.accept ?? 'application/json' };
        if (userAgent) headers['user-agent'] = userAgent;
        if (request.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
        response = await fetch(request.url, { method, headers, body: request.form, signal: combined });
        text = await response.text();
      } catch (error) {
        clearTimeout(timer);
        if (signal?.aborted) throw new AbortError();
        const timedOut = timeout.signal.aborted;
        const reason = timedOut ? `timeout after ${this.retry.timeoutMs} ms` : `connection failed (${describe(error)})`;
        if (timedOut) this.stats.timeouts++;
        else this.stats.networkErrors++;
        if (++transient > this.retry.maxRetries) throw new RetriesExhaustedError(request.url, reason, attempts);
        await retryLater(reason, this.backoff(transient));
        continue;
      }
      clearTimeout(timer);
      const status = response.status;
      const retryAfter = retryAfterMs(response.headers.get('retry-after'));
      if (status === 429) {
        this.stats.rateLimited++;
        if (++limited > this.retry.max429Retries) throw new RetriesExhaustedError(request.url, 'HTTP 429 Too Many Requests', attempts);
        const wait = retryAfter !== undefined ? Math.min(retryAfter, this.retry.retryAfterMaxMs) : this.backoff(limited);
        limiter?.pause(wait);
        await retryLater('HTTP 429', wait);
        continue;
      }
      if (pass.includes(status) && !(status === 503 && retryAfter !== undefined)) return { status, text, headers: response.headers };
      if (status >= 500) {
        this.stats.serverErrors++;
        if (++transient > this.retry.maxRetries) throw new RetriesExhaustedError(request.url, `HTTP ${status}`, attempts);
        const wait = retryAfter !== undefined ? Math.min(retryAfter, this.retry.retryAfterMaxMs) : this.backoff(transient);
        await retryLater(`HTTP ${status}`, wait);
        continue;
      }
      if (status < 200 || status >= 300) throw new HttpStatusError(status, request.url, text);
      if (!parseJson) return { status, text, headers: response.headers };
      try {
        return { status, text, headers: response.headers, data: JSON.parse(text) };
      } catch {
        this.stats.malformedJson++;
        if (++transient > this.retry.maxRetries) throw new MalformedJsonError(request.url, attempts, text);
        await retryLater('malformed JSON', this.backoff(transient));
      }
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    const code = cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : '';
    const causeMessage = cause instanceof Error ? cause.message : '';
    return [error.message, code, causeMessage].filter(Boolean).join(': ');
  }
  return String(error);
}
