import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { get, type IncomingHttpHeaders } from 'node:http';
import { realStore } from '../setup/realStore';
import { startServer, type RunningServer } from './server';
import { closePool, poolState, startPool } from '../../server/workers/pool';

/**
 * Heavy work never holds up light work (issue 11): the pool's queue, time budget, cancellation
 * and cost limits, and the response cache, on the real Stockton store through a real server.
 */
let server: RunningServer;
const saved = { ...process.env };
beforeAll(async () => {
  process.env.ATLAS_WORKERS = '1';
  server = await startServer(realStore());
  startPool();
});
afterEach(() => {
  for (const k of ['ATLAS_JOB_QUEUE', 'ATLAS_JOB_BUDGET_S']) if (saved[k] === undefined) delete process.env[k];
});
afterAll(async () => {
  await server?.close();
  await closePool();
  process.env = saved;
});

/** About two seconds of one worker's time on this data (conditional, 16,205 cells, k=2); the seed keeps each distinct. */
const heavy = (seed: number, permutations = 1200) => `/api/hotspots?res=10&k=2&permutations=${permutations}&seed=${seed}`;

async function timed(path: string, init?: RequestInit) {
  const t = performance.now();
  const res = await fetch(server.url + path, init);
  const text = await res.text();
  return { status: res.status, ms: performance.now() - t, text, headers: res.headers };
}

async function idle(): Promise<void> {
  for (let i = 0; i < 100 && (poolState().running > 0 || poolState().queued > 0); i++) await new Promise((r) => setTimeout(r, 50));
}

describe('the heavy-work pool', () => {
  it('answers /api/health within 200 ms while a heavy request runs', async () => {
    await timed('/api/health');
    const running = timed(heavy(1));
    await new Promise((r) => setTimeout(r, 300));
    expect(poolState().running).toBe(1);
    const probes = [];
    for (let i = 0; i < 5; i++) {
      probes.push(await timed('/api/health'));
      await new Promise((r) => setTimeout(r, 100));
    }
    const h = await running;
    expect(h.status).toBe(200);
    for (const p of probes) {
      expect(p.status).toBe(200);
      expect(p.ms).toBeLessThan(200);
    }
    // The probes really overlapped the heavy work.
    expect(h.ms).toBeGreaterThan(900);
  });

  it('refuses with 503 and Retry-After when the queue is full, and serves the rest', async () => {
    await idle();
    process.env.ATLAS_JOB_QUEUE = '1';
    const results = await Promise.all([10, 11, 12, 13].map((s) => timed(heavy(s, 300))));
    const refused = results.filter((r) => r.status === 503);
    expect(results.filter((r) => r.status === 200)).toHaveLength(2);
    expect(refused).toHaveLength(2);
    for (const r of refused) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(JSON.parse(r.text).error).toMatch(/busy with other heavy requests/);
    }
  });

  it('stops a job past its time budget with a 503 that says so, and the next job runs', async () => {
    await idle();
    process.env.ATLAS_JOB_BUDGET_S = '1';
    const r = await timed(heavy(20, 3000));
    expect(r.status).toBe(503);
    expect(JSON.parse(r.text).error).toMatch(/^hotspots: did not finish within its 1 s time budget/);
    expect(r.ms).toBeLessThan(2500);
    delete process.env.ATLAS_JOB_BUDGET_S;
    const next = await timed(heavy(21, 200));
    expect(next.status).toBe(200);
  });

  it('stops the work of a client that went away', async () => {
    await idle();
    const gone = new AbortController();
    const p = fetch(server.url + heavy(30, 3000), { signal: gone.signal }).catch(() => null);
    await new Promise((r) => setTimeout(r, 400));
    expect(poolState().running).toBe(1);
    gone.abort();
    await p;
    await new Promise((r) => setTimeout(r, 200));
    expect(poolState()).toMatchObject({ running: 0, queued: 0 });
  });

  it('refuses a request over the cost limit naming the parameter and what fits', async () => {
    const r = await timed('/api/hotspots?permutations=9999&k=3&res=10');
    expect(r.status).toBe(400);
    expect(r.ms).toBeLessThan(1000);
    expect(JSON.parse(r.text).error).toMatch(
      /^permutations: 9,999 permutations over 16,205 cells with k=3 would take about \d+ s .* use at most [\d,]+ here/,
    );
    const trends = await timed('/api/trends?res=10&k=3');
    expect(trends.status).toBe(400);
    expect(JSON.parse(trends.text).error).toMatch(/^k: /);
    const cctv = await timed('/api/cctv/siting', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ candidateRes: 11, radius: 2000, count: 3, candidates: undefined }),
    });
    expect(cctv.status).toBe(200);
    const points = Array.from({ length: 200_000 }, (_, i) => `${-1.4 + (i % 500) * 0.0004},${54.5 + Math.floor(i / 500) * 0.0003}`).join(
      '\n',
    );
    const big = await timed('/api/cctv/siting', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ radius: 2000, candidates: `lon,lat\n${points}` }),
    });
    expect(big.status).toBe(400);
    expect(JSON.parse(big.text).error).toMatch(/^radius: 200,000 candidate sites each covering 2000 m .* use a radius of at most \d+ m/);
  });
});

describe('the response cache', () => {
  it('answers a repeat from the cache: same bytes, gzip when asked, 304 for a held ETag', async () => {
    const path = '/api/hexes?res=9&harm=violence&from=2025-01&to=2025-06';
    const first = await fetch(server.url + path);
    const body = await first.text();
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const second = await fetch(server.url + path, { headers: { 'accept-encoding': 'gzip' } });
    expect(second.headers.get('etag')).toBe(etag);
    // fetch decompresses; read the raw bytes through the encoding header instead.
    expect(second.headers.get('content-encoding')).toBe('gzip');
    expect(await second.text()).toBe(body);
    const held = await fetch(server.url + path, { headers: { 'if-none-match': etag! } });
    expect(held.status).toBe(304);
    // The same question asked with its parameters in another order shares the answer.
    const reordered = await fetch(server.url + '/api/hexes?to=2025-06&from=2025-01&harm=violence&res=9');
    expect(reordered.headers.get('etag')).toBe(etag);
    const raw = await rawGet(server.url + path, { 'accept-encoding': 'gzip' });
    expect(raw.headers['content-encoding']).toBe('gzip');
    expect(raw.body.length).toBeLessThan(Buffer.byteLength(body) / 3);
    expect(gunzipSync(raw.body).toString()).toBe(body);
  });
});

/** The bytes as sent (fetch would decompress them). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}
