/**
 * End-to-end tests of the operational tools panel (client/src/tools): patrol plan, CCTV siting,
 * back-test and downloads, on the real data in Debian's chromium. Screenshots go to
 * test-output/screenshots/20-*.png (look at them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mapRect, openPage, shot, startAtlas, waitIdle, type Atlas } from './harness';
import { countPixels, decodePng, nearColour, type Rect } from './pixels';

let atlas: Atlas;
beforeAll(async () => {
  atlas = await startAtlas();
});
afterAll(async () => {
  await atlas?.close();
});

async function openTools(page: Page, query = ''): Promise<void> {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(`${atlas.baseUrl}/${query}`);
  await waitIdle(page);
  await page.click('#toggle-tools');
  await page.waitForSelector('#tools-panel:not([hidden])');
}

/** The part of the map the tools panel does not cover. */
async function visibleMap(page: Page): Promise<Rect> {
  const m = await mapRect(page);
  const p = await page.locator('#tools-panel').boundingBox();
  const right = p ? Math.min(m.x + m.width, p.x) : m.x + m.width;
  return { x: m.x, y: m.y, width: right - m.x, height: m.height };
}

async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(300);
  await waitIdle(page);
  await page.waitForTimeout(300);
}

describe('the tools panel', () => {
  it('opens from the header, is keyboard operable and labelled', async () => {
    const { page, context, errors } = await openPage(atlas);
    await openTools(page);
    expect(await page.getAttribute('#toggle-tools', 'aria-expanded')).toBe('true');
    const tabs = await page.locator('#tools-panel [role="tab"]').allTextContents();
    expect(tabs).toEqual(['Patrol plan', 'CCTV siting', 'Back-test', 'Downloads']);
    // The selected tab has focus; arrow keys move between tabs.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tools-tab-patrol');
    await page.keyboard.press('ArrowRight');
    expect(await page.getAttribute('#tools-tab-cctv', 'aria-selected')).toBe('true');
    expect(await page.isVisible('#tools-cctv')).toBe(true);
    await page.keyboard.press('ArrowLeft');
    expect(await page.getAttribute('#tools-tab-patrol', 'aria-selected')).toBe('true');
    await page.keyboard.press('Escape');
    expect(await page.isHidden('#tools-panel')).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('toggle-tools');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('makes a patrol plan for the current harm and window, draws it, and prints a sheet', async () => {
    const { page, context, errors } = await openPage(atlas);
    const log: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/patrol-plan')) log.push(decodeURIComponent(r.url()));
    });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${atlas.baseUrl}/?harm=asb&period=12`);
    await waitIdle(page);
    const before = decodePng(await page.screenshot());
    const purple = nearColour([96, 20, 148], 40); // geo/palette.ts PATROL_COLOR #601494
    await page.click('#toggle-tools');
    await page.waitForSelector('#tools-patrol[data-state="ready"]', { timeout: 60_000 });
    expect(log.some((u) => /harm=asb/.test(u) && /minutes=120/.test(u) && /visit=15/.test(u))).toBe(true);
    const rows = await page.locator('#patrol-table tbody tr').count();
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThanOrEqual(8);
    expect(await page.textContent('#patrol-covered')).toMatch(/^\d+%$/);
    expect(await page.textContent('#tools-patrol')).toMatch(/10.15 minutes/);
    await settle(page);
    const rect = await visibleMap(page);
    const after = decodePng(await shot(page, '20-tools-patrol-plan'));
    // The places are drawn: numbered purple markers and outlined cells appear in the map.
    expect(countPixels(after, rect, purple)).toBeGreaterThan(countPixels(before, rect, purple) + 200);

    // Fewer minutes: fewer places.
    await page.fill('#patrol-minutes', '30');
    await page.click('#tools-patrol button[type="submit"]');
    await page.waitForFunction(() => document.querySelectorAll('#patrol-table tbody tr').length <= 2, null, { timeout: 60_000 });

    // The printable sheet: a static SVG map, the list and the guidance, printed alone on A4.
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed++;
      };
    });
    await page.click('#patrol-print');
    await page.waitForFunction(() => (window as unknown as { printed: number }).printed === 1);
    expect(await page.locator('#patrol-sheet .sheet-map path').count()).toBeGreaterThan(20);
    expect(await page.locator('#patrol-sheet tbody tr').count()).toBeGreaterThan(0);
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 794, height: 1123 });
    expect(await page.isVisible('#patrol-sheet')).toBe(true);
    expect(await page.isVisible('#map')).toBe(false);
    await shot(page, '20-tools-patrol-sheet-print');
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('sites CCTV from an uploaded CSV: existing coverage, proposed sites, the curve, and errors naming the line', async () => {
    const { page, context, errors } = await openPage(atlas);
    await openTools(page, '?harm=violence&period=12');
    await page.click('#tools-tab-cctv');
    const csv = 'id,longitude,latitude\n1,-1.3125,54.5640\n2,-1.3090,54.5655\n3,-1.2900,54.5700\n';
    await page.setInputFiles('#cctv-file', { name: 'cameras.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForFunction(() => /3 cameras read/.test(document.getElementById('cctv-file-note')?.textContent ?? ''));
    await page.fill('#cctv-count', '5');
    await page.click('#cctv-run');
    await page.waitForSelector('#tools-cctv[data-state="ready"]', { timeout: 60_000 });
    expect(await page.locator('#cctv-sites tbody tr').count()).toBe(5);
    expect(await page.textContent('#cctv-existing')).toMatch(/Existing cameras\s*3/);
    // The curve: one point per step (existing only, then 5 new), rising.
    expect(await page.locator('#cctv-curve circle').count()).toBe(6);
    const shares = await page.locator('#cctv-sites tbody tr td:last-child').allTextContents();
    const nums = shares.map((s) => parseFloat(s));
    for (let i = 1; i < nums.length; i++) expect(nums[i]).toBeGreaterThanOrEqual(nums[i - 1]);
    await settle(page);
    const rect = await visibleMap(page);
    const img = decodePng(await shot(page, '21-tools-cctv-siting'));
    expect(countPixels(img, rect, nearColour([0, 122, 90], 40))).toBeGreaterThan(100);

    // A bad file: the server's message, naming the line, shows in the panel.
    await page.setInputFiles('#cctv-file', {
      name: 'bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('longitude,latitude\n-1.31,abc\n'),
    });
    await page.click('#cctv-run');
    await page.waitForSelector('#cctv-error', { timeout: 30_000 });
    expect(await page.textContent('#cctv-error')).toMatch(/line 2/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the back-test series of hit rate and PAI against the last-month baseline', async () => {
    const { page, context, errors } = await openPage(atlas, { width: 1280, height: 960 });
    const log: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/backtest')) log.push(decodeURIComponent(r.url()));
    });
    await openTools(page, '?harm=violence&period=6');
    await page.click('#tools-tab-backtest');
    await page.waitForSelector('#tools-backtest[data-state="ready"]', { timeout: 120_000 });
    expect(log.some((u) => /harm=violence/.test(u) && /res=9/.test(u) && /coverage=0.05/.test(u))).toBe(true);
    expect(await page.locator('#tools-backtest svg.chart').count()).toBe(2);
    expect(await page.locator('#tools-backtest svg.chart path').count()).toBe(4);
    expect(await page.textContent('#backtest-explain')).toMatch(/PAI \d/);
    await shot(page, '22-tools-backtest');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('offers downloads for the current filters and the tasking-meeting pack', async () => {
    const { page, context, errors } = await openPage(atlas);
    await openTools(page, '?harm=asb&period=3&ward=E05014858');
    await page.click('#tools-tab-downloads');
    const href = await page.getAttribute('[data-export="hexes-csv"]', 'href');
    const u = new URL(href!, atlas.baseUrl);
    expect(u.searchParams.get('format')).toBe('csv');
    expect(u.searchParams.get('harm')).toBe('asb');
    const from = await page.evaluate(() => window.__atlas!.store.state.from);
    expect(u.searchParams.get('from')).toBe(from);
    const r = await page.request.get(u.toString());
    expect(r.status()).toBe(200);
    expect((await r.text()).split('\n')[0]).toMatch(/^h3,/);
    const gj = await page.getAttribute('[data-export="wards-geojson"]', 'href');
    expect(gj).toMatch(/format=geojson/);
    const pdf = new URL((await page.getAttribute('#report-pdf', 'href'))!, atlas.baseUrl);
    expect(pdf.pathname).toBe('/api/report');
    expect(pdf.searchParams.get('format')).toBe('pdf');
    expect(pdf.searchParams.get('from')).toBe(from);
    expect(await page.getAttribute('#report-html', 'href')).toMatch(/format=html/);
    // Changing the harm updates the links.
    await page.selectOption('#harm', 'violence').catch(async () => {
      await page.evaluate(() => window.__atlas!.store.set({ harm: 'violence' }));
    });
    await page.waitForFunction(() => /harm=violence/.test(document.querySelector('[data-export="hexes-csv"]')?.getAttribute('href') ?? ''));
    await shot(page, '23-tools-downloads');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('works as a drawer on a phone', async () => {
    const { page, context, errors } = await openPage(atlas, { width: 390, height: 844 });
    await openTools(page);
    await page.waitForSelector('#tools-patrol[data-state="ready"]', { timeout: 60_000 });
    const box = await page.locator('#tools-panel').boundingBox();
    expect(box!.width).toBeGreaterThan(380);
    expect(box!.y).toBeGreaterThan(100);
    await shot(page, '24-tools-phone');
    await page.click('#tools-panel .tools-head button');
    expect(await page.isHidden('#tools-panel')).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
