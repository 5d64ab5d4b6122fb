/**
 * The built app under its real Content-Security-Policy: the map with MapLibre's worker and
 * deck.gl's layers, and the printable pack, draw with no violation at all; and a negative control
 * shows each channel of the harness's detector does catch one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, startAtlas, takeCspViolations, waitIdle, type Atlas } from './harness';

let atlas: Atlas;
beforeAll(async () => {
  atlas = await startAtlas();
}, 180_000);
afterAll(async () => {
  await atlas?.close();
});

// Reports are POSTed by the browser on its own time: give them a moment before counting.
const settle = (page: Page) => page.waitForTimeout(750);

describe('Content-Security-Policy in the browser', () => {
  it('the map draws its basemap attempt, worker and layers with zero violations', async () => {
    const { page, context, errors, violations } = await openPage(atlas);
    const requested: string[] = [];
    context.on('request', (r) => requested.push(r.url()));
    const main = await page.goto(`${atlas.baseUrl}/`);
    expect(main?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await waitIdle(page, 120_000);
    // MapLibre's worker ran from its same-origin module script, and deck.gl drew its layers.
    expect(
      page
        .workers()
        .map((w) => w.url())
        .some((u) => /\/assets\/maplibre-gl-worker-[\w-]+\.mjs/.test(u)),
    ).toBe(true);
    const drawn = await page.evaluate(() => ({ draws: window.__atlas!.drawCount, hot: window.__atlas!.hotCells(5).length }));
    expect(drawn.draws).toBeGreaterThan(0);
    expect(drawn.hot).toBeGreaterThan(0);
    // The online style was asked for (CSP let the request go; the harness then cut it off).
    expect(requested.some((u) => u.startsWith('https://tiles.openfreemap.org/'))).toBe(true);
    await settle(page);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    expect(takeCspViolations()).toEqual([]);
    await context.close();
  }, 180_000);

  it('the report page opened from the app draws its styles and map with zero violations', async () => {
    const { page, context, errors, violations } = await openPage(atlas);
    // One ward, one harm, three months: the pack is built in seconds rather than minutes.
    await page.goto(`${atlas.baseUrl}/?harm=asb&period=3&ward=E05014858`);
    await waitIdle(page, 120_000);
    await page.click('#toggle-tools');
    await page.waitForSelector('#tools-panel:not([hidden])');
    await page.click('#tools-tab-downloads');
    const popup = context.waitForEvent('page', { timeout: 120_000 });
    await page.click('#report-html');
    const report = await popup;
    await report.waitForLoadState('load', { timeout: 120_000 });
    await report.waitForSelector('h1', { timeout: 120_000 });
    expect(report.url()).toMatch(/\/api\/report\?format=html/);
    // The inline <style> applied: the pack's h1 is set at 19pt (about 25 px).
    expect(await report.evaluate(() => getComputedStyle(document.querySelector('h1')!).fontSize)).toBe('25.3333px');
    expect(await report.locator('svg').count()).toBeGreaterThan(0);

    await settle(page);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    expect(takeCspViolations()).toEqual([]);
    await context.close();
  }, 300_000);

  it('negative control: an injected inline script, a blob worker and an unlisted host are blocked and caught by every channel', async () => {
    const { page, context, violations } = await openPage(atlas, { blockBasemap: true });
    await page.goto(`${atlas.baseUrl}/`);
    await page.waitForFunction(() => window.__atlas !== undefined, null, { timeout: 60_000 });
    const outcome = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.head.append(s);
      // Refused asynchronously: the constructor returns, the script never loads.
      const worker = await new Promise<string>((ok) => {
        const w = new Worker(URL.createObjectURL(new Blob(['postMessage(1)'], { type: 'text/javascript' })));
        w.onmessage = () => ok('ran');
        w.onerror = () => ok('refused');
        setTimeout(() => ok('silent'), 3000);
      });
      let fetched = 'fetched';
      try {
        await fetch('https://example.com/');
      } catch {
        fetched = 'refused';
      }
      return { inline: (window as unknown as { __inlineRan?: boolean }).__inlineRan ?? false, worker, fetched };
    });
    expect(outcome.inline).toBe(false);
    expect(outcome.worker).not.toBe('ran');
    expect(outcome.fetched).toBe('refused');
    await settle(page);
    const all = takeCspViolations();
    expect(violations.some((v) => /^event: script-src-elem blocked inline/.test(v))).toBe(true);
    expect(violations.some((v) => /^event: worker-src blocked blob/.test(v))).toBe(true);
    expect(violations.some((v) => /^event: connect-src blocked https:\/\/example\.com/.test(v))).toBe(true);
    expect(violations.some((v) => /^console: .*inline script.*script-src 'self'/.test(v))).toBe(true);
    expect(violations.some((v) => /^console: .*blob:.*worker-src 'self'/.test(v))).toBe(true);
    // The server's report-uri got them too (the channel that also hears from workers).
    expect(all.filter((v) => v.startsWith('report: ')).length).toBeGreaterThanOrEqual(3);
    expect(all.some((v) => /^report: script-src-elem blocked inline/.test(v))).toBe(true);
    await context.close();
  }, 120_000);

  it('negative control on the report page: its policy allows no script at all', async () => {
    const { page, context, violations } = await openPage(atlas);
    const r = await page.goto(`${atlas.baseUrl}/api/report?format=html&from=2025-09&to=2025-11`, { timeout: 120_000 });
    expect(r?.status()).toBe(200);
    const ran = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'document.title = "ran"';
      document.head.append(s);
      return document.title === 'ran';
    });
    expect(ran).toBe(false);
    await settle(page);
    const all = takeCspViolations();
    expect(violations.some((v) => /^event: script-src-elem blocked inline/.test(v))).toBe(true);
    expect(all.some((v) => /^report: script-src-elem blocked inline/.test(v))).toBe(true);
    await context.close();
  }, 180_000);
});
