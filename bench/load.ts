/**
 * `npm run bench:load`: can the server carry a tasking meeting's worth of map users while
 * someone runs the heavy analyses? Starts the real server (server/main.ts, its worker pool and
 * response cache) as its own process on the real-data store, then drives it with autocannon:
 *
 *   1. the light mix (hexes, wards, hot spots, overlap, layers and health over several harms and
 *      windows) at a fixed arrival rate for the duration;
 *   2. the same light mix again while two heavy clients loop permutation hot spots and back-tests
 *      with a new seed or window each time (so nothing comes from the cache).
 *
 * Prints throughput, errors and p50/p95/p99 per phase (latency of every response, not autocannon's
 * bucketed percentiles) and the server's resident memory before and after. Figures go in
 * docs/benchmarks.md.
 *
 * Flags: --rate 200 --duration 60 --connections 32 --db PATH --port 8099 --heavy 2
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseCli, usageError } from '../scripts/cli';
import { realStore } from '../tests/setup/realStore';

const USAGE = 'usage: npm run bench:load -- [--rate N] [--duration S] [--connections N] [--heavy N] [--db PATH] [--port N]';

function options() {
  const { values } = parseCli(
    {
      options: {
        rate: { type: 'string', default: '200' },
        duration: { type: 'string', default: '60' },
        connections: { type: 'string', default: '32' },
        heavy: { type: 'string', default: '2' },
        db: { type: 'string' },
        port: { type: 'string', default: '8099' },
      },
    },
    USAGE,
  );
  const num = (name: 'rate' | 'duration' | 'connections' | 'heavy' | 'port') => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 0) usageError(`--${name}: must be a whole number (got ${JSON.stringify(values[name])})`, USAGE);
    return n;
  };
  return {
    rate: num('rate'),
    duration: num('duration'),
    connections: num('connections'),
    heavy: num('heavy'),
    port: num('port'),
    db: values.db,
  };
}

/** What map users ask for: several harms and windows, every one a cached aggregate after its first call. */
function lightMix(): string[] {
  const windows = ['from=2024-12&to=2025-11', 'from=2025-06&to=2025-11', 'from=2025-09&to=2025-11'];
  const harms = ['', '&harm=violence', '&harm=asb', '&harm=neighbourhood'];
  const paths: string[] = ['/api/health', '/api/meta', '/api/layers/deprivation?level=ward'];
  for (const w of windows) {
    paths.push(`/api/wards?${w}`, `/api/overlap?res=9&${w}`);
    for (const h of harms) paths.push(`/api/hexes?res=9&${w}${h}`, `/api/hotspots?res=9&${w}${h}`);
  }
  return paths;
}

/** Heavy requests that cannot be served from the cache: a new seed or coverage every time. */
function heavyRequest(client: number, i: number): string {
  if ((client + i) % 2 === 0)
    return `/api/hotspots?res=9&from=2024-12&to=2025-11&harm=violence&inference=conditional&permutations=999&seed=${1000 + client * 100_000 + i}`;
  const coverage = (0.02 + ((client * 37 + i) % 400) * 0.0001).toFixed(4);
  return `/api/backtest?harm=${i % 3 === 0 ? 'asb' : 'violence'}&from=2025-03&to=2025-11&coverage=${coverage}`;
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function waitForServer(base: string, child: ChildProcess): Promise<void> {
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode} before listening`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('server did not answer /api/health within 120 s');
}

interface PhaseResult {
  phase: string;
  requests: number;
  perSecond: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

async function drive(base: string, phase: string, o: ReturnType<typeof options>): Promise<PhaseResult> {
  const paths = lightMix();
  const latencies: number[] = [];
  let errors = 0;
  const failedPaths = new Map<string, number>();
  let finish!: (r: autocannon.Result) => void;
  let fail!: (e: unknown) => void;
  const done = new Promise<autocannon.Result>((res, rej) => ((finish = res), (fail = rej)));
  const instance = autocannon(
    {
      url: base,
      connections: o.connections,
      overallRate: o.rate,
      duration: o.duration,
      timeout: 10,
      requests: paths.map((path) => ({
        method: 'GET' as const,
        path,
        onResponse: (status: number) => {
          if (status < 200 || status >= 300) failedPaths.set(`${status} ${path}`, (failedPaths.get(`${status} ${path}`) ?? 0) + 1);
        },
      })),
    },
    (err, r) => (err ? fail(err) : finish(r)),
  );
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    latencies.push(responseTime);
    if (statusCode < 200 || statusCode >= 300) errors++;
  });
  const result = await done;
  latencies.sort((a, b) => a - b);
  errors += result.errors + result.timeouts;
  for (const [what, n] of failedPaths) console.log(`  ${phase}: ${n} × ${what}`);
  return {
    phase,
    requests: latencies.length,
    perSecond: latencies.length / o.duration,
    errors,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
  };
}

/** Two analysts running heavy analyses back to back for as long as the light phase lasts. */
function heavyClients(base: string, count: number, signal: AbortSignal) {
  const tally = { ok: 0, busy: 0, failed: 0, ms: { hotspots: [] as number[], backtest: [] as number[] } };
  const loops = Array.from({ length: count }, async (_, client) => {
    for (let i = 0; !signal.aborted; i++) {
      const t = performance.now();
      try {
        const path = heavyRequest(client, i);
        const res = await fetch(base + path, { signal });
        await res.arrayBuffer();
        if (res.ok) {
          tally.ok++;
          tally.ms[path.startsWith('/api/hotspots') ? 'hotspots' : 'backtest'].push(performance.now() - t);
        } else if (res.status === 503) tally.busy++;
        else tally.failed++;
      } catch {
        if (!signal.aborted) tally.failed++;
      }
    }
  });
  return { tally, done: Promise.all(loops) };
}

async function main(): Promise<void> {
  const o = options();
  const db = o.db ?? realStore();
  const base = `http://127.0.0.1:${o.port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, DB_PATH: db, PORT: String(o.port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForServer(base, child);
    // One pass over the mix so the table measures serving, not the first computation of each answer.
    for (const path of lightMix()) {
      const res = await fetch(base + path);
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status} in the warm-up pass; the mix must be valid requests`);
    }
    const rssStart = rssMb(child.pid!);
    console.log(
      `server pid ${child.pid}, store ${db}; light mix of ${lightMix().length} URLs at ${o.rate} req/s for ${o.duration} s, ${o.connections} connections`,
    );

    const rows: PhaseResult[] = [await drive(base, 'light mix alone', o)];
    const rssLight = rssMb(child.pid!);

    const stop = new AbortController();
    const heavy = heavyClients(base, o.heavy, stop.signal);
    rows.push(await drive(base, `light mix + ${o.heavy} heavy clients`, o));
    stop.abort();
    await heavy.done;
    const rssEnd = rssMb(child.pid!);

    console.log('\n| phase | requests | req/s | errors | p50 ms | p95 ms | p99 ms | max ms |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of rows)
      console.log(
        `| ${r.phase} | ${r.requests} | ${r.perSecond.toFixed(1)} | ${r.errors} | ${r.p50.toFixed(0)} | ${r.p95.toFixed(0)} | ${r.p99.toFixed(0)} | ${r.max.toFixed(0)} |`,
      );
    const median = (xs: number[]) =>
      percentile(
        [...xs].sort((a, b) => a - b),
        50,
      ).toFixed(0);
    const { hotspots, backtest } = heavy.tally.ms;
    console.log(
      `\nheavy clients: ${heavy.tally.ok} answered (${hotspots.length} permutation hot spots, median ${median(hotspots)} ms; ${backtest.length} back-tests, median ${median(backtest)} ms), ${heavy.tally.busy} told 503 busy, ${heavy.tally.failed} failed`,
    );
    console.log(
      `server RSS: ${rssStart.toFixed(0)} MB after warm-up, ${rssLight.toFixed(0)} MB after the light phase, ${rssEnd.toFixed(0)} MB after the heavy phase`,
    );
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
