import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';
import { QueueFullError } from '../workers/errors';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export class ChromiumMissingError extends Error {
  constructor(detail: string) {
    super(
      `PDF printing needs Debian's headless chromium, which is not available (${detail}). Install it with: apt-get install chromium (or set CHROMIUM_PATH), or ask for format=html.`,
    );
  }
}

/** CHROMIUM_PATH, else `which chromium`, else /usr/bin/chromium; undefined when none exists. */
export function chromiumPath(): string | undefined {
  const candidates: string[] = [];
  if (process.env.CHROMIUM_PATH) candidates.push(process.env.CHROMIUM_PATH);
  try {
    const found = execFileSync('which', ['chromium'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (found) candidates.push(found);
  } catch {
    /* not on PATH */
  }
  candidates.push('/usr/bin/chromium');
  return candidates.find((p) => existsSync(p));
}

let browser: Promise<Browser> | undefined;
let exitHookInstalled = false;

/** One headless chromium for every request, launched on first use and closed when the process exits. */
function getBrowser(): Promise<Browser> {
  if (!browser) {
    const executablePath = chromiumPath();
    if (!executablePath) throw new ChromiumMissingError('no chromium on PATH or at /usr/bin/chromium');
    const launching = chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    browser = launching;
    launching.then(
      (b) =>
        b.on('disconnected', () => {
          if (browser === launching) browser = undefined;
        }),
      () => {
        if (browser === launching) browser = undefined;
      },
    );
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.once('beforeExit', () => void closeBrowser());
      process.once('exit', () => {
        void browser?.then((b) => b.close()).catch(() => {});
      });
    }
  }
  return browser;
}

export async function closeBrowser(): Promise<void> {
  const b = browser;
  browser = undefined;
  if (b) await b.then((x) => x.close()).catch(() => {});
}

/** Pages printing at once, and printings allowed to wait: chromium's memory is the limit. */
const PRINTING_AT_ONCE = 2;
const PRINTS_WAITING = 4;
/** A page that has not printed in this long is abandoned (its fonts or images hang). */
const PRINT_TIMEOUT_MS = 60_000;
let printing = 0;
const waiting: (() => void)[] = [];

/**
 * Prints HTML to an A4 PDF with backgrounds, in a fresh page of the shared browser. At most two
 * print at once and four wait; beyond that the caller gets QueueFullError (a 503 with Retry-After).
 */
export async function printPdf(html: string): Promise<Buffer> {
  if (printing >= PRINTING_AT_ONCE) {
    if (waiting.length >= PRINTS_WAITING) throw new QueueFullError(10);
    // The finishing printer hands its place straight over, so the count never overshoots.
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else printing++;
  try {
    return await printOne(html);
  } finally {
    const next = waiting.shift();
    if (next) next();
    else printing--;
  }
}

async function printOne(html: string): Promise<Buffer> {
  let b: Browser;
  try {
    b = await getBrowser();
  } catch (err) {
    if (err instanceof ChromiumMissingError) throw err;
    throw new ChromiumMissingError(err instanceof Error ? err.message.split('\n')[0] : String(err));
  }
  const page = await b.newPage();
  try {
    await page.setContent(html, { waitUntil: 'load', timeout: PRINT_TIMEOUT_MS });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await page.close().catch(() => {});
  }
}
