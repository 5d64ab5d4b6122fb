/**
 * Switching study areas in a store of two (issue 13): the link holds the area, the picker finds an
 * area by typing its name, the map and the ward list become that area's, and back returns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, shot, startAtlas, waitIdle, type Atlas } from './harness';
import { tempDir, removeDir } from '../helpers/tempDir';
import { SECOND_AREA, twoAreaStore, type SyntheticArea } from '../helpers/syntheticArea';

let atlas: Atlas;
let dir: string;
let copy: SyntheticArea;
beforeAll(async () => {
  dir = tempDir('browser-areas');
  const built = twoAreaStore(dir);
  copy = built.copy;
  atlas = await startAtlas({ store: built.path });
}, 300_000);
afterAll(async () => {
  await atlas?.close();
  removeDir(dir);
});

describe('the study area', () => {
  it('opens Stockton-on-Tees by default, switches to Middlesbrough by name, and back', async () => {
    const { context, page, errors } = await openPage(atlas);
    try {
      await page.goto(`${atlas.baseUrl}/?harm=asb&from=${SECOND_AREA.months[0]}&to=${SECOND_AREA.months[1]}`);
      await waitIdle(page);
      expect(new URL(page.url()).searchParams.get('area')).toBe('E06000004');
      await expect.poll(() => page.locator('#area-name').textContent()).toMatch(/^Stockton-on-Tees · \d+ wards/);
      const stocktonCells = await page.evaluate(() => window.__atlas!.hotCells(500).map((c) => c.h3));
      expect(stocktonCells.length).toBeGreaterThan(0);

      const documents: string[] = [];
      page.on('request', (r) => {
        if (r.resourceType() === 'document') documents.push(r.url());
      });
      await page.fill('#area-picker', 'middlesbrough');
      await page.press('#area-picker', 'Enter');
      // Polled, not waitForURL: the navigation is the page's own, and only its end matters here.
      await expect.poll(() => page.url(), { timeout: 30_000 }).toMatch(/area=E06000002/);
      await page.waitForLoadState('load');
      // Enter fires keydown and change: one navigation, not a second that cancels the first.
      expect(documents).toHaveLength(1);
      await waitIdle(page);
      const url = new URL(page.url());
      expect([url.searchParams.get('area'), url.searchParams.get('harm'), url.searchParams.get('from')]).toEqual([
        'E06000002',
        'asb',
        SECOND_AREA.months[0],
      ]);
      await expect.poll(() => page.locator('#area-name').textContent()).toMatch(/^Middlesbrough · \d+ wards/);
      expect(await page.inputValue('#area-picker')).toBe('Middlesbrough (E06000002)');
      const hot = await page.evaluate(() => window.__atlas!.hotCells(500));
      expect(hot.length).toBeGreaterThan(0);
      expect(hot.filter((c) => stocktonCells.includes(c.h3))).toEqual([]);
      // The hot cells are drawn inside the map, where the moved area now is.
      const box = (await page.locator('#map').boundingBox())!;
      expect(hot.filter((c) => c.x < box.x || c.x > box.x + box.width || c.y < box.y || c.y > box.y + box.height)).toEqual([]);
      // Its wards are the moved wards: one of them can be pointed at by name.
      const ward = [...copy.wardCode.values()][0];
      expect(await page.evaluate((code) => window.__atlas!.wardPoint(code)?.name ?? null, ward)).toMatch(/\(copy\)$/);
      await shot(page, 'area-middlesbrough');

      await page.goBack();
      await waitIdle(page);
      expect(new URL(page.url()).searchParams.get('area')).toBe('E06000004');
      await expect.poll(() => page.locator('#area-name').textContent()).toMatch(/^Stockton-on-Tees/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('a link to an area the server does not hold opens the default area', async () => {
    const { context, page, errors } = await openPage(atlas);
    try {
      await page.goto(`${atlas.baseUrl}/?area=E06000099`);
      await waitIdle(page);
      expect(new URL(page.url()).searchParams.get('area')).toBe('E06000004');
      // The refused meta request is the one expected 404 in the console.
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
