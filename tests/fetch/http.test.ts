/** HttpClient and RateLimiter against a tiny local server: retries, backoff, Retry-After, timeouts, pacing. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, HttpStatusError, MalformedJsonError, RetriesExhaustedError, retryAfterMs } from '../../server/fetch/http';
import { AbortError, RateLimiter } from '../../server/fetch/rateLimiter';

type Script = (n: number, req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void;

let server: Server;
let base = '';
const scripts = new Map<string, { script: Script; count: number; times: number[] }>();

function route(path: string, script: Script): { times: number[]; count: () => number } {
  const entry = { script, count: 0, times: [] as number[] };
  scripts.set(path, entry);
  return { times: entry.times, count: () => entry.count };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const entry = scripts.get(new URL(req.url!, 'http://x').pathname);
    if (!entry) return void res.writeHead(404).end();
    entry.count++;
    entry.times.push(performance.now());
    entry.script(entry.count, req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const fast = { timeoutMs: 300, maxRetries: 3, max429Retries: 3, backoffBaseMs: 5, backoffMaxMs: 20 };
const json = (res: import('node:http').ServerResponse, body: unknown, status = 200) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

describe('HttpClient', () => {
  it('waits as long as Retry-After says after a 429, then succeeds', async () => {
    const r = route('/429', (n, _q, res) => (n === 1 ? res.writeHead(429, { 'retry-after': '1' }).end() : json(res, { ok: true })));
    const http = new HttpClient({ retry: fast });
    expect((await http.json<{ ok: boolean }>({ url: `${base}/429` })).data).toEqual({ ok: true });
    expect(r.times[1] - r.times[0]).toBeGreaterThanOrEqual(950);
    expect(http.stats).toMatchObject({ requests: 2, rateLimited: 1, retries: 1 });
  });

  it('backs off exponentially on 429 without Retry-After, up to its cap', async () => {
    route('/429-always', (_n, _q, res) => res.writeHead(429).end());
    const http = new HttpClient({ retry: fast });
    await expect(http.json({ url: `${base}/429-always` })).rejects.toThrow(/HTTP 429 .*gave up after 4 attempts/);
    expect(http.backoff(1)).toBeLessThanOrEqual(5);
    expect(http.backoff(10)).toBeLessThanOrEqual(20);
    expect(http.backoff(10)).toBeGreaterThanOrEqual(10);
  });

  it('retries 5xx, timeouts and dropped connections, within the cap', async () => {
    route('/flaky', (n, req, res) => {
      if (n === 1) return void res.writeHead(502).end();
      if (n === 2) return void setTimeout(() => !res.destroyed && json(res, 'late'), 600);
      if (n === 3) return void req.socket.destroy();
      json(res, [1, 2, 3]);
    });
    const http = new HttpClient({ retry: fast });
    expect((await http.json({ url: `${base}/flaky` })).data).toEqual([1, 2, 3]);
    expect(http.stats).toMatchObject({ requests: 4, serverErrors: 1, timeouts: 1, networkErrors: 1, retries: 3 });
  });

  it('gives up after the cap with the last reason', async () => {
    route('/down', (_n, _q, res) => res.writeHead(500).end());
    const http = new HttpClient({ retry: fast });
    const error = await http.json({ url: `${base}/down` }).catch((e) => e);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect(error.message).toMatch(/HTTP 500 from http:\/\/127\.0\.0\.1:\d+\/down \(gave up after 4 attempts\)/);
  });

  it('retries malformed JSON, then reports it with the start of the body', async () => {
    const r = route('/bad-json', (n, _q, res) => (n <= 1 ? res.writeHead(200).end('[{"id": 1,') : json(res, [{ id: 1 }])));
    const http = new HttpClient({ retry: fast });
    expect((await http.json({ url: `${base}/bad-json` })).data).toEqual([{ id: 1 }]);
    expect(r.count()).toBe(2);
    route('/bad-json-always', (_n, _q, res) => res.writeHead(200).end('<html>oops</html>'));
    const error = await new HttpClient({ retry: fast }).json({ url: `${base}/bad-json-always` }).catch((e) => e);
    expect(error).toBeInstanceOf(MalformedJsonError);
    expect(error.message).toContain('malformed JSON ("<html>oops</html>"');
  });

  it('does not retry other 4xx; hands back statuses it is asked to pass', async () => {
    const r = route('/missing', (_n, _q, res) => res.writeHead(404).end('no such month'));
    const http = new HttpClient({ retry: fast });
    await expect(http.json({ url: `${base}/missing` })).rejects.toBeInstanceOf(HttpStatusError);
    expect(r.count()).toBe(1);
    route('/too-many', (_n, _q, res) => res.writeHead(503).end());
    expect((await http.json({ url: `${base}/too-many` }, [503])).status).toBe(503);
  });

  it('treats a 503 with Retry-After as unavailability and retries it', async () => {
    route('/unavailable', (n, _q, res) => (n === 1 ? res.writeHead(503, { 'retry-after': '0' }).end() : json(res, 'up')));
    const http = new HttpClient({ retry: fast });
    expect(await http.json({ url: `${base}/unavailable` }, [503])).toEqual({ status: 200, data: 'up' });
  });

  it('POSTs form bodies', async () => {
    route('/form', (_n, req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => json(res, { type: req.headers['content-type'], body }));
    });
    const { data } = await new HttpClient({ retry: fast }).json<{ type: string; body: string }>({
      method: 'POST',
      url: `${base}/form`,
      form: 'poly=1%2C2&date=2025-11',
    });
    expect(data).toEqual({ type: 'application/x-www-form-urlencoded', body: 'poly=1%2C2&date=2025-11' });
  });

  it('stops at once when aborted', async () => {
    route('/hang', () => undefined);
    const controller = new AbortController();
    const http = new HttpClient({ retry: { ...fast, timeoutMs: 10_000 }, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(http.json({ url: `${base}/hang` })).rejects.toBeInstanceOf(AbortError);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});

describe('RateLimiter', () => {
  it('lets at most `limit` requests start in any window, bursting up to the limit', async () => {
    const limiter = new RateLimiter(5, 100);
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 23 }, () => limiter.acquire().then(() => starts.push(performance.now()))));
    for (const t of starts) expect(starts.filter((s) => s >= t && s < t + 99).length).toBeLessThanOrEqual(5);
    expect(starts[4] - starts[0]).toBeLessThan(50); // the first five at once
    expect(starts[22] - starts[0]).toBeGreaterThanOrEqual(390); // then five per 100 ms
  });

  it('holds everyone back while paused', async () => {
    const limiter = new RateLimiter(100, 1000);
    const t0 = performance.now();
    limiter.pause(150);
    await limiter.acquire();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
  });
});
