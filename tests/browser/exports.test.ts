/**
 * The Downloads panel in Debian's chromium on the real data: significant cells by default, files
 * saved under the server's names, and a CSV's parameters file saved beside it.
 * Screenshot: test-output/screenshots/24-downloads-params.png (look at it).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Download } from 'playwright-core';
import { enableTestHooks } from '../../bench/chromium';
import { shot, startAtlas, waitIdle, type Atlas } from './harness';

let atlas: Atlas;
beforeAll(async () => {
  atlas = await startAtlas();
});
afterAll(async () => {
  await atlas?.close();
});

describe('downloads', () => {
  it('saves the significant hot-spot CSV and its parameters file under the server names', async () => {
    const context = await atlas.browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, acceptDownloads: true });
    await enableTestHooks(context);
    await context.route(
      (url) => !/^(127\.0\.0\.1|localhost)$/.test(url.hostname),
      (route) => route.abort('internetdisconnected'),
    );
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${atlas.baseUrl}/?harm=violence&from=2025-06&to=2025-11&res=9`);
    await waitIdle(page);
    await page.click('#toggle-tools');
    await page.waitForSelector('#tools-panel:not([hidden])');
    await page.click('#tools-tab-downloads');
    expect(await page.inputValue('#export-cells')).toBe('significant');

    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await page.click('[data-export="hotspots-csv"]');
    await page.waitForFunction(() => /^Saved /.test(document.getElementById('downloads-status')?.textContent ?? ''), null, {
      timeout: 120_000,
    });
    const names = downloads.map((d) => d.suggestedFilename());
    expect(names).toEqual([
      'violence-hotspots-significant-2025-06-to-2025-11.csv',
      'violence-hotspots-significant-2025-06-to-2025-11.params.json',
    ]);

    const csv = readFileSync((await downloads[0].path())!, 'utf8')
      .trim()
      .split('\r\n');
    expect(csv[0]).toBe('h3,ward,wardName,lat,lon,value,count,z,p,pFdr,bin,topStreets');
    const json = await (await page.request.get(`${atlas.baseUrl}/api/hotspots?harm=violence&from=2025-06&to=2025-11&res=9`)).json();
    const significant = json.cells.filter((c: { bin: number }) => c.bin !== 0).length;
    expect(csv.length - 1).toBe(significant);
    const params = JSON.parse(readFileSync((await downloads[1].path())!, 'utf8'));
    expect(params.file).toBe(names[0]);
    expect(params.rows).toBe(significant);
    expect(params.parameters).toMatchObject({ harm: 'violence', from: '2025-06', to: '2025-11', res: 9 });

    // Every cell: the link and its file name follow the choice, and focus stays on the control.
    await page.selectOption('#export-cells', 'all');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('export-cells');
    const link = page.locator('[data-export="hotspots-csv"]');
    expect(new URL((await link.getAttribute('href'))!, atlas.baseUrl).searchParams.get('cells')).toBe('all');
    expect(await link.getAttribute('download')).toBe('violence-hotspots-2025-06-to-2025-11.csv');
    await shot(page, '24-downloads-params');
    expect(errors).toEqual([]);
    await context.close();
  });
});
