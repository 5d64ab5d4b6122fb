/**
 * Debian's chromium as the browser tests (tests/browser/harness.ts) and bench:browser drive it:
 * headless, WebGL on swiftshader (no GPU here), nothing fetched in the background, and the app's
 * test hooks (window.__atlas) switched on. Never downloads a browser.
 *
 * The PDF printer (server/report/pdf.ts) keeps its own flags: it needs no WebGL, and server/
 * may not import bench/.
 */
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
// The type of window.__atlasTestHooks.
import type {} from '../client/src/atlasHooks';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(executablePath = CHROMIUM_PATH): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** Every page of `context` asks the app for window.__atlas, before the app's script runs. */
export async function enableTestHooks(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    window.__atlasTestHooks = true;
  });
}
