/**
 * Browser test harness: a real server (server/app's createApp over tests/setup/realStore's store)
 * serving the built client, and Debian's chromium driven by playwright-core. Never downloads a
 * browser. ATLAS_URL=http://host:port points the tests at a server that is already running.
 *
 * Any Content-Security-Policy violation fails the test it happened in (see cspViolations below).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { afterEach } from 'vitest';
// The type of window.__atlas, the page's test hooks.
import type {} from '../../client/src/atlasHooks';
import { enableTestHooks, launchChromium } from '../../bench/chromium';
import { createApp } from '../../server/app';
import { openStore } from '../../server/db/openStore';
import { realStore } from '../setup/realStore';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const SHOTS = join(ROOT, 'test-output', 'screenshots');

function newestMtime(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'dist' || name === 'node_modules') continue;
    const p = join(dir, name);
    const st = statSync(p);
    t = Math.max(t, st.isDirectory() ? newestMtime(p) : st.mtimeMs);
  }
  return t;
}

/** Builds the client when client/dist is missing or older than any client source. */
export function ensureClientBuilt(): void {
  const index = join(ROOT, 'client', 'dist', 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(join(ROOT, 'client'))) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

/**
 * CSP violations seen since the last check, from three places: the page's securitypolicyviolation
 * events, chromium's "Refused to ..." console lines, and the reports browsers POST to the server's
 * report-uri, the one channel that also sees violations inside MapLibre's web worker (only with
 * the harness's own server, not with ATLAS_URL).
 */
const cspViolations: string[] = [];

/** Hands over (and forgets) the violations seen so far: for tests that cause some on purpose. */
export function takeCspViolations(): string[] {
  return cspViolations.splice(0);
}

// Registered in every test file that uses the harness.
afterEach(() => {
  const seen = takeCspViolations();
  if (seen.length) throw new Error(`Content-Security-Policy violations:\n  ${[...new Set(seen)].join('\n  ')}`);
});

function describeReport(report: unknown): string {
  const r = ((report as Record<string, unknown> | null)?.['csp-report'] ?? report) as Record<string, unknown>;
  return `report: ${String(r['effective-directive'] ?? r['violated-directive'])} blocked ${String(r['blocked-uri'] || 'inline')} in ${String(r['source-file'] ?? r['document-uri'])}`;
}

function isCspConsole(msg: ConsoleMessage): boolean {
  return /Content Security Policy|Refused to (load|execute|connect|create|apply|frame|evaluate)/.test(msg.text());
}

export interface Atlas {
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

/** The app over the real store, or over `opts.store` (a store a test built). */
export async function startAtlas(opts: { store?: string } = {}): Promise<Atlas> {
  mkdirSync(SHOTS, { recursive: true });
  let baseUrl = process.env.ATLAS_URL?.replace(/\/$/, '') ?? '';
  let stop = async () => {};
  if (!baseUrl) {
    ensureClientBuilt();
    const db = openStore(opts.store ?? realStore());
    const app = createApp(db, { clientDir: join(ROOT, 'client', 'dist'), onCspReport: (r) => cspViolations.push(describeReport(r)) });
    const server = await new Promise<Server>((ok) => {
      const s = app.listen(0, '127.0.0.1', () => ok(s));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    stop = () =>
      new Promise<void>((ok) =>
        server.close(() => {
          db.close();
          ok();
        }),
      );
  }
  const browser = await launchChromium();
  return {
    baseUrl,
    browser,
    close: async () => {
      await browser.close();
      await stop();
    },
  };
}

export interface PageOptions {
  width?: number;
  height?: number;
  blockBasemap?: boolean;
  /** Ask the app for window.__atlas (default true; waitIdle and most tests need it). */
  testHooks?: boolean;
}

/**
 * A fresh context and page. Requests that leave localhost are aborted (no internet here, and it
 * keeps the runs deterministic), so the online basemap falls back to the offline one.
 */
export async function openPage(
  atlas: Atlas,
  opts: PageOptions = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[]; violations: string[] }> {
  const context = await atlas.browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
    deviceScaleFactor: 1,
  });
  const errors: string[] = [];
  // This context's violations; each also goes to errors (which most tests expect empty) and to the file's list.
  const violations: string[] = [];
  const violation = (text: string) => {
    violations.push(text);
    errors.push(`CSP ${text}`);
    cspViolations.push(text);
  };
  if (opts.testHooks !== false) await enableTestHooks(context);
  await context.exposeBinding('__atlasCspViolation', (_source, text: string) => violation(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const w = window as unknown as { __atlasCspViolation?: (t: string) => void };
      w.__atlasCspViolation?.(
        `event: ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} in ${e.sourceFile || e.documentURI}:${e.lineNumber}`,
      );
    });
  });
  const watch = (p: Page) =>
    p.on('console', (msg) => {
      if (isCspConsole(msg)) violation(`console: ${msg.text()}`);
    });
  context.on('page', watch);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  if (opts.blockBasemap !== false) {
    await context.route(
      (url) => !/^(127\.0\.0\.1|localhost)$/.test(url.hostname),
      (route) => route.abort('internetdisconnected'),
    );
  }
  return { context, page, errors, violations };
}

/** Waits until the app has drawn the data of its current state and has nothing in flight. */
export async function waitIdle(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(() => window.__atlas?.idle() === true, null, { timeout, polling: 50 });
  // One more frame so the canvas holds what was drawn.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

export async function mapRect(page: Page): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await page.locator('#map').boundingBox();
  if (!box) throw new Error('no map');
  return box;
}

export async function shot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: join(SHOTS, `${name}.png`) });
}
