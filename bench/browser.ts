/**
 * npm run bench:browser [-- --url http://127.0.0.1:8080 --runs 5]
 *
 * Drives Debian's chromium (playwright-core, swiftshader WebGL) against a running server and reads
 * the client's performance marks:
 *   - 'hexes-drawn': the first deck.gl frame with cell data, from navigation start (goal < 2 s);
 *   - 'filter-redraw': from a filter control change ('filter-changed') to the first frame drawn
 *     with the new data ('filter-redrawn'), for filters the client has not fetched before (goal < 300 ms).
 * Requests leaving localhost are aborted, as offline: the basemap falls back to the boundary basemap.
 * One uncounted navigation warms the server first. Filter changes are fresh for the client; from
 * the second run on the server may answer them from its own caches.
 * Prints a table.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { parseCli } from '../scripts/cli';
import { CHROMIUM_PATH, enableTestHooks, launchChromium } from './chromium';
// The type of window.__atlas, the page's test hooks.
import type {} from '../client/src/atlasHooks';

const { values } = parseCli(
  {
    options: {
      url: { type: 'string' },
      runs: { type: 'string', default: '5' },
      chromium: { type: 'string' },
    },
  },
  'usage: npm run bench:browser -- [--url URL (default ATLAS_URL, then http://127.0.0.1:$PORT)] [--runs N (default 5)] [--chromium PATH]',
);
const base = (values.url ?? process.env.ATLAS_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8080}`).replace(/\/$/, '');
const runs = Math.max(1, Number(values.runs));
const executablePath = values.chromium ?? CHROMIUM_PATH;

/** A fresh context whose pages get the test hooks and no internet (the boundary basemap). */
async function offlineContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await enableTestHooks(context);
  await context.route(
    (u) => !/^(127\.0\.0\.1|localhost)$/.test(u.hostname),
    (r) => r.abort('internetdisconnected'),
  );
  return context;
}

async function idle(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__atlas?.idle() === true, null, {
    timeout: 60_000,
    polling: 20,
  });
}

function quantile(xs: number[], q: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

/** The client's start-up marks, in order (see client/src/main.ts, app/dataController.ts, map/basemap.ts, map/view.ts). */
const STAGES = ['app-start', 'meta-loaded', 'map-created', 'overlay-added', 'data-loaded', 'render-called', 'hexes-drawn', 'map-ready'];

/** Each change is a fresh filter for the client (not in its cache). */
const CHANGES: [string, (p: Page) => Promise<void>][] = [
  ['harm: violence -> ASB', (p) => p.selectOption('#harm', 'asb').then(() => {})],
  ['window: 6 -> 12 months', (p) => p.click('[data-period="12"]')],
  ['harm: ASB -> neighbourhood crime', (p) => p.selectOption('#harm', 'neighbourhood').then(() => {})],
  ['window: 12 -> 3 months', (p) => p.click('[data-period="3"]')],
  ['harm: -> shoplifting (category)', (p) => p.selectOption('#harm', 'cat:shoplifting').then(() => {})],
  ['window: 3 months -> last month', (p) => p.click('[data-period="1"]')],
  ['confidence: 95% -> 99%', (p) => p.selectOption('#alpha', '0.01').then(() => {})],
];

async function main(): Promise<void> {
  const health = await fetch(`${base}/api/health`)
    .then((r) => r.json())
    .catch((e: Error) => {
      throw new Error(`no server at ${base}: ${e.message}`);
    });
  const browser = await launchChromium(executablePath);
  const first: number[] = [];
  const idleAt: number[] = [];
  const redraw = new Map<string, number[]>();
  const stages = new Map<string, number[]>();
  try {
    // One uncounted navigation first: the server's first requests build its in-memory cube and
    // ward context, which a running server has already done.
    {
      const context = await offlineContext(browser);
      const page = await context.newPage();
      await page.goto(`${base}/`);
      await idle(page);
      await context.close();
    }
    for (let run = 0; run < runs; run++) {
      const context = await offlineContext(browser);
      const page = await context.newPage();
      await page.goto(`${base}/`);
      await idle(page);
      const t = await page.evaluate(() => ({
        drawn: performance.getEntriesByName('hexes-drawn')[0]?.startTime ?? NaN,
        now: performance.now(),
        // The first of each mark (render-called, data-loaded, ... repeat on later draws).
        marks: Object.fromEntries(
          performance
            .getEntriesByType('mark')
            .reverse()
            .map((m) => [m.name, m.startTime]),
        ),
      }));
      first.push(t.drawn);
      idleAt.push(t.now);
      for (const name of STAGES) stages.set(name, [...(stages.get(name) ?? []), t.marks[name] ?? NaN]);
      for (const [name, act] of CHANGES) {
        await page.evaluate(() => {
          performance.clearMarks('filter-changed');
          performance.clearMarks('filter-redrawn');
          performance.clearMeasures('filter-redraw');
        });
        await act(page);
        await idle(page);
        await page.waitForFunction(() => performance.getEntriesByName('filter-redraw').length > 0, null, { timeout: 30_000 });
        const d = await page.evaluate(() => performance.getEntriesByName('filter-redraw')[0].duration);
        redraw.set(name, [...(redraw.get(name) ?? []), d]);
      }
      await context.close();
      // A fresh server-side state for the next run's filter changes is not possible without
      // restarting the server, so later runs may hit the server's own caches: reported as is.
    }
  } finally {
    await browser.close();
  }
  const all = [...redraw.values()].flat();
  const rows: [string, number[], number][] = [
    ['hexes drawn after navigation', first, 2000],
    ...[...redraw].map(([k, v]) => [`filter redrawn: ${k}`, v, 300] as [string, number[], number]),
    ['filter redrawn: all changes', all, 300],
  ];
  console.log(
    `Hotspot Atlas browser benchmark: ${base}, ${health.incidents?.toLocaleString('en-GB')} incidents, chromium ${browser.version()}, ${runs} run(s)`,
  );
  const pad = (s: string, n: number) => s.padEnd(n);
  const lpad = (s: string, n: number) => s.padStart(n);
  console.log(
    `${pad('measure', 48)} ${lpad('n', 3)} ${lpad('p50 ms', 8)} ${lpad('p95 ms', 8)} ${lpad('max ms', 8)} ${lpad('goal', 6)}  ok`,
  );
  for (const [name, xs, goal] of rows) {
    const p95 = quantile(xs, 0.95);
    console.log(
      `${pad(name, 48)} ${lpad(String(xs.length), 3)} ${lpad(quantile(xs, 0.5).toFixed(0), 8)} ${lpad(p95.toFixed(0), 8)} ${lpad(Math.max(...xs).toFixed(0), 8)} ${lpad(`<${goal}`, 6)}  ${p95 < goal ? 'yes' : 'NO'}`,
    );
  }
  console.log(
    `start-up stages, p50 ms after navigation: ${STAGES.map((n) => `${n} ${quantile(stages.get(n) ?? [NaN], 0.5).toFixed(0)}`).join(', ')}`,
  );
  console.log(
    `(app idle after navigation, incl. the offline basemap's LSOA layer and the headline's overlap, p50: ${quantile(idleAt, 0.5).toFixed(0)} ms)`,
  );
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
