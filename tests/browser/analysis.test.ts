/**
 * Issue 9 in the browser: the legend lists only the confidence bins the significance level can
 * produce, a weighting that weighs the selection at zero is said beside the headline, and zooming
 * never changes the analysis (the headline names one cell size and keeps its number).
 * Screenshots go to test-output/screenshots/ (look at them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mapRect, openPage, shot, startAtlas, waitIdle, type Atlas } from './harness';

let atlas: Atlas;
beforeAll(async () => {
  atlas = await startAtlas();
});
afterAll(async () => {
  await atlas?.close();
});

async function go(page: Page, query = ''): Promise<void> {
  await page.goto(`${atlas.baseUrl}/${query}`);
  await waitIdle(page);
}

const hotCount = (text: string | null): number => {
  const m = /(\d[\d,]*) significant hot cells?/.exec(text ?? '');
  if (!m) throw new Error(`no hot-cell count in the headline: ${text}`);
  return Number(m[1].replace(/,/g, ''));
};

const zoomOf = (url: string): number => Number(new URL(url).searchParams.get('v')?.split(',')[2]);

describe('issue 9 in the map', { timeout: 300_000 }, () => {
  it('the legend shows only the confidence bins the significance level can produce', async () => {
    const { page, context, errors } = await openPage(atlas);
    await go(page, '?alpha=0.05');
    const columns = () => page.locator('#legend [data-legend=hotspots] [role=columnheader].lbl').allTextContents();
    expect(await columns()).toEqual(['99%', '95%']);
    expect(await page.locator('#legend [aria-label="Hot spot, 90% confidence"]').count()).toBe(0);
    expect(await page.locator('#legend [aria-label="Cold spot, 90% confidence"]').count()).toBe(0);
    expect(await page.textContent('#legend')).toMatch(/90% needs α = 0.1/);
    await shot(page, 'issue9-legend-alpha-005');

    await page.selectOption('#alpha', '0.1');
    await waitIdle(page);
    expect(await columns()).toEqual(['99%', '95%', '90%']);
    expect(await page.locator('#legend [aria-label="Hot spot, 90% confidence"]').count()).toBe(1);
    await shot(page, 'issue9-legend-alpha-01');

    await page.selectOption('#alpha', '0.01');
    await waitIdle(page);
    expect(await columns()).toEqual(['99%']);
    // Every bin the server sent is one the legend shows.
    const bins = await page.evaluate(() => [...new Set(window.__atlas!.hotCells(10_000).map((c) => c.bin))]);
    expect(bins.every((b) => b === 3)).toBe(true);

    await page.click('#open-method');
    await page.waitForSelector('#method-card[open]');
    expect(await page.textContent('#method-card')).toMatch(/only 99% can appear/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says beside the headline when the weighting gives the selection no weight', async () => {
    const { page, context, errors } = await openPage(atlas);
    await go(page, '?harm=asb&weight=cost');
    const warnings = page.locator('.headline-bar #headline-warnings');
    await expect.poll(() => warnings.isVisible()).toBe(true);
    expect(await warnings.textContent()).toMatch(
      /The cost weighting gives anti-social behaviour no weight, so this map is empty: choose count or CCHI weighting/,
    );
    await shot(page, 'issue9-asb-cost-warning');

    // Violence under cost is a robbery map, and the headline's overlap sentence says ASB has no weight.
    await page.selectOption('#harm', 'violence');
    await waitIdle(page);
    await expect
      .poll(async () => (await warnings.textContent()) ?? '')
      .toMatch(/violence and sexual offences and possession of weapons: this violence map shows robbery only/);
    await expect
      .poll(async () => (await page.textContent('#headline')) ?? '', { timeout: 30_000 })
      .toMatch(/ASB has no weight in this weighting/);
    await shot(page, 'issue9-violence-cost-warning');

    // The overlap layer's legend says the ASB layer has no weight.
    await page.check('#layer-overlap');
    await waitIdle(page);
    expect(await page.locator('#legend [data-unweighted=asb]').count()).toBe(1);
    await shot(page, 'issue9-overlap-cost');

    // Count weighting: no warning.
    await page.selectOption('#weight', 'count');
    await waitIdle(page);
    expect(await warnings.isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('zooming in keeps the analysis and its headline; a finer cell size is offered, and named when taken', async () => {
    const { page, context, errors } = await openPage(atlas);
    await go(page);
    const before = await page.textContent('#headline');
    expect(before).toMatch(/H3 res 9 cells, about 0\.1 km² each/);
    const n = hotCount(before);
    const zoom0 = zoomOf(page.url());
    const rect = await mapRect(page);
    const hot = (await page.evaluate(() => window.__atlas!.hotCells(1)))[0];
    await page.mouse.move(rect.x + (hot?.x ?? rect.width / 2), rect.y + (hot?.y ?? rect.height / 2));
    // Past the zoom at which the old automatic size switched to res 10 (12.5).
    for (let i = 0; i < 20 && zoomOf(page.url()) < 13; i++) {
      await page.mouse.wheel(0, -500);
      await page.waitForTimeout(400);
    }
    await waitIdle(page);
    expect(zoomOf(page.url())).toBeGreaterThan(Math.max(12.6, zoom0));
    const after = await page.textContent('#headline');
    expect(hotCount(after)).toBe(n);
    expect(after).toMatch(/H3 res 9 cells/);
    expect(new URL(page.url()).searchParams.get('res')).toBe('auto');
    await shot(page, 'issue9-zoomed-in-same-analysis');

    // The finer size is the user's choice, and the headline then names it.
    const offer = page.locator('#res-offer');
    await expect.poll(() => offer.isVisible()).toBe(true);
    expect(await offer.textContent()).toMatch(/150 m cells \(H3 res 10\)/);
    await offer.click();
    await waitIdle(page);
    expect(new URL(page.url()).searchParams.get('res')).toBe('10');
    const finer = await page.textContent('#headline');
    expect(finer).toMatch(/H3 res 10 cells, about 0\.015 km² each/);
    await shot(page, 'issue9-res-10-chosen');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a link with an unknown harm type or weighting (issue 10, problem 4)', { timeout: 300_000 }, () => {
  it('shows the default with a plain notice, never a blank control or a validation message', async () => {
    const { page, context, errors } = await openPage(atlas);
    await go(page, '?harm=banana&weight=zzz');
    expect(await page.inputValue('#harm')).toBe('violence');
    expect(await page.textContent('#headline')).toMatch(/Violence hotspots/);
    const warnings = page.locator('.headline-bar #headline-warnings');
    await expect.poll(() => warnings.isVisible()).toBe(true);
    const text = (await warnings.textContent()) ?? '';
    expect(text).toMatch(/harm type this atlas does not have \(“banana”\)/);
    expect(text).toMatch(/weighting this atlas does not have \(“zzz”\)/);
    const page_ = (await page.textContent('body')) ?? '';
    expect(page_).not.toMatch(/Invalid option|expected one of/);
    // The URL is rewritten to what the map shows.
    expect(new URL(page.url()).searchParams.get('harm')).toBe('violence');
    await shot(page, 'issue10-unknown-link-parameters');
    expect(errors).toEqual([]);
    await context.close();
  });
});
