/**
 * End-to-end tests of the map client: a real server on the real data, Debian's chromium.
 * Screenshots go to test-output/screenshots/ (look at them).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mapRect, openPage, ROOT, shot, startAtlas, waitIdle, type Atlas } from './harness';
import { countPixels, decodePng, diffPixels, isColoured, type Image, type Rect } from './pixels';

let atlas: Atlas;
beforeAll(async () => {
  atlas = await startAtlas();
});
afterAll(async () => {
  await atlas?.close();
});

const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

async function go(page: Page, query = ''): Promise<void> {
  await page.goto(`${atlas.baseUrl}/${query}`);
  await waitIdle(page);
}

async function screenshotOf(page: Page, name: string): Promise<{ img: Image; rect: Rect }> {
  const img = decodePng(await shot(page, name));
  return { img, rect: await mapRect(page) };
}

/** Coloured pixels in the map, not counting the legend, notices and panels drawn over it. */
async function colouredInMap(page: Page, img: Image, rect: Rect): Promise<number> {
  let n = countPixels(img, rect, isColoured);
  for (const sel of ['#legend', '#notice', '#tooltip']) {
    const box = await page
      .locator(sel)
      .boundingBox()
      .catch(() => null);
    if (box && (await page.locator(sel).isVisible())) n -= countPixels(img, box, isColoured);
  }
  return n;
}

function apiLog(page: Page): string[] {
  const log: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/')) log.push(decodeURIComponent(r.url()));
  });
  return log;
}

async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated over the devtools protocol, not as an inline <script>: the app's CSP rightly refuses those.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const r = await (
      window as unknown as {
        axe: {
          run(
            ctx: unknown,
            o: unknown,
          ): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
  return result
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} @ ${v.targets.join(' | ')}`);
}

// Generous: a software GPU on a 2-core machine that other test suites share.
describe('the map', { timeout: 300_000 }, () => {
  it('opens on violence hotspots of the last 6 months and draws the hexes where the hot cells are', async () => {
    const { page, context, errors } = await openPage(atlas);
    await go(page);
    const { img, rect } = await screenshotOf(page, '01-default-violence-hotspots');
    expect(await page.inputValue('#harm')).toBe('violence');
    expect(await page.getAttribute('[data-period="6"]', 'aria-pressed')).toBe('true');
    expect(await page.isChecked('#layer-hotspots')).toBe(true);
    const headline = await page.textContent('#headline');
    expect(headline).toMatch(/Violence hotspots, last 6 months/);
    expect(headline).toMatch(/significant hot cell/);

    expect(await colouredInMap(page, img, rect)).toBeGreaterThan(1000);
    const cells = await page.evaluate(() => window.__atlas!.hotCells(15));
    expect(cells.length).toBeGreaterThan(0);
    const legend = await page.locator('#legend').boundingBox();
    let checked = 0,
      hot = 0;
    for (const c of cells) {
      const x = rect.x + c.x,
        y = rect.y + c.y;
      if (x < rect.x + 6 || y < rect.y + 6 || x > rect.x + rect.width - 6 || y > rect.y + rect.height - 6) continue;
      if (legend && x >= legend.x && x <= legend.x + legend.width && y >= legend.y && y <= legend.y + legend.height) continue;
      checked++;
      // A hot colour (ColorBrewer RdBu reds) within a few pixels of the cell centre (labels may cover the very centre).
      const reds = countPixels(img, { x: x - 4, y: y - 4, width: 9, height: 9 }, (r, g, b) => r > 150 && r - g > 60 && r - b > 40);
      if (reds > 0) hot++;
    }
    expect(checked).toBeGreaterThan(0);
    expect(hot / checked).toBeGreaterThanOrEqual(0.8);
    const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name));
    expect(marks).toContain('hexes-drawn');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('answers the first question from the "Start here" quick views', async () => {
    const { page, context, errors } = await openPage(atlas);
    await go(page, '?harm=asb&period=12&layers=hexes');
    await page.click('[data-view="hotspots"]');
    await waitIdle(page);
    expect(await page.getAttribute('[data-view="hotspots"]', 'aria-pressed')).toBe('true');
    expect(await page.inputValue('#harm')).toBe('violence');
    expect(await page.getAttribute('[data-period="6"]', 'aria-pressed')).toBe('true');
    await page.click('[data-view="overlap"]');
    await waitIdle(page);
    expect(await page.isChecked('#layer-overlap')).toBe(true);
    expect(await page.textContent('#headline')).toMatch(/also ASB hotspots/);
    await shot(page, '13a-quick-overlap');
    await page.click('[data-view="deprivation"]');
    await waitIdle(page);
    expect(await page.isChecked('#shade-imd')).toBe(true);
    expect(await page.textContent('#headline')).toMatch(/most deprived|IMD decile/);
    expect(await page.textContent('#legend')).toMatch(/IMD 2019 decile/);
    await shot(page, '13b-quick-deprivation');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('changing the harm type and the time window changes the request and the map', async () => {
    const { page, context, errors } = await openPage(atlas);
    const log = apiLog(page);
    await go(page);
    const lastMonth = await page.evaluate(() => window.__atlas!.store.meta.lastMonth);
    const a = await screenshotOf(page, '02a-violence-6-months');

    log.length = 0;
    await page.selectOption('#harm', 'asb');
    await waitIdle(page);
    expect(log.some((u) => u.includes('/api/hotspots') && u.includes('harm=asb'))).toBe(true);
    const b = await screenshotOf(page, '02b-asb-6-months');
    expect(diffPixels(a.img, b.img, a.rect)).toBeGreaterThan(500);
    expect(await page.textContent('#headline')).toMatch(/Anti-social behaviour hotspots/);

    log.length = 0;
    await page.click('[data-period="12"]');
    await waitIdle(page);
    const [y, m] = lastMonth.split('-').map(Number);
    const from12 = `${m === 12 ? y : y - 1}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}`;
    expect(log.some((u) => u.includes('/api/hotspots') && u.includes(`from=${from12}`) && u.includes(`to=${lastMonth}`))).toBe(true);
    const c = await screenshotOf(page, '02c-asb-12-months');
    expect(diffPixels(b.img, c.img, b.rect)).toBeGreaterThan(200);

    log.length = 0;
    await page.selectOption('#harm', 'cat:shoplifting');
    await waitIdle(page);
    expect(log.some((u) => u.includes('/api/hotspots') && u.includes('categories=shoplifting'))).toBe(true);
    const d = await screenshotOf(page, '02d-shoplifting-12-months');
    expect(diffPixels(c.img, d.img, c.rect)).toBeGreaterThan(200);

    log.length = 0;
    await page.selectOption('#from', '2024-01');
    await page.selectOption('#to', '2024-03');
    await waitIdle(page);
    expect(log.some((u) => u.includes('/api/hotspots') && u.includes('from=2024-01') && u.includes('to=2024-03'))).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('toggles each layer and each ward shading', async () => {
    const { page, context, errors } = await openPage(atlas);
    const log = apiLog(page);
    await go(page);
    let prev = await screenshotOf(page, '03-layers-00-default');
    const steps: [string, string, RegExp | null][] = [
      ['#layer-overlap', 'overlap-on', /\/api\/overlap/],
      ['#layer-hotspots', 'hotspots-off', null],
      ['#layer-hexes', 'counts-on', /\/api\/hexes/],
      ['#layer-overlap', 'overlap-off', null],
      ['#layer-trends', 'trends-on', /\/api\/trends/],
      ['#layer-hexes', 'counts-off', null],
      ['#layer-lsoa', 'lsoa-on', null],
      ['#layer-wardLines', 'wards-off', null],
      ['#shade-rate', 'shade-rate', null],
      ['#shade-imd', 'shade-imd', null],
      ['#shade-childpov', 'shade-childpov', null],
      ['#shade-none', 'shade-none', null],
      ['#layer-trends', 'trends-off', null],
      ['#layer-hotspots', 'hotspots-on', null],
    ];
    let i = 0;
    for (const [sel, name, req] of steps) {
      const before = new URL(page.url()).searchParams;
      await page.click(sel);
      await waitIdle(page);
      const after = new URL(page.url()).searchParams;
      expect(after.toString(), `${name} changes the URL`).not.toBe(before.toString());
      // The overlap may have been fetched before, for the headline: then it comes from the client's cache.
      if (req)
        expect(
          log.some((u) => req.test(u)),
          `${name} asks the API`,
        ).toBe(true);
      const now = await screenshotOf(page, `03-layers-${String(++i).padStart(2, '0')}-${name}`);
      expect(diffPixels(prev.img, now.img, prev.rect), `${name} changes the map`).toBeGreaterThan(150);
      expect(await page.locator('#legend .legend-error').count(), `${name}: no layer failed to load`).toBe(0);
      prev = now;
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('opens the ward panel when a ward is clicked', async () => {
    const { page, context, errors } = await openPage(atlas);
    await go(page, '?layers=wardLines&shade=imd');
    const code = await page.evaluate(() => window.__atlas!.store.meta.wards[0].code);
    const p = await page.evaluate((c) => window.__atlas!.wardPoint(c), code);
    expect(p).not.toBeNull();
    const rect = await mapRect(page);
    await page.mouse.click(rect.x + p!.x, rect.y + p!.y + 18);
    await page.waitForSelector('#ward-panel:not([hidden])');
    expect(await page.textContent('#ward-panel-title')).toContain(p!.name);
    expect(new URL(page.url()).searchParams.get('ward')).toBe(code);
    await page.waitForSelector('#ward-panel svg.chart', { timeout: 60_000 });
    const text = await page.textContent('#ward-panel');
    expect(text).toMatch(/IMD 2019 decile/);
    expect(text).toMatch(/Children in low-income families/);
    expect(text).toMatch(/Sources/);
    await waitIdle(page);
    await shot(page, '04-ward-panel');
    // Escape closes it.
    await page.keyboard.press('Escape');
    await page.waitForSelector('#ward-panel', { state: 'hidden' });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows cell details on hover and pins them on click, with street names', async () => {
    const { page, context } = await openPage(atlas);
    await go(page);
    const rect = await mapRect(page);
    const [c] = await page.evaluate(() => window.__atlas!.hotCells(1));
    await page.mouse.move(rect.x + c.x, rect.y + c.y);
    await page.waitForSelector('#tooltip:not([hidden])');
    expect(await page.textContent('#tooltip')).toMatch(/Gi\* z-score/);
    await page.mouse.click(rect.x + c.x, rect.y + c.y);
    await page.waitForSelector('#tooltip.pinned');
    expect(new URL(page.url()).searchParams.get('cell')).toBe(c.h3);
    await page.waitForFunction(
      () => /Most often recorded near|No incident locations/.test(document.querySelector('#tooltip')?.textContent ?? ''),
      null,
      { timeout: 30_000 },
    );
    expect(await page.textContent('#tooltip')).toMatch(/Most often recorded near/);
    await waitIdle(page);
    await shot(page, '05-cell-tooltip');
    await context.close();
  });

  it('keeps the whole state in the URL: reload and a shared link restore it', async () => {
    const { page, context, errors } = await openPage(atlas);
    await go(page);
    await page.selectOption('#harm', 'asb');
    await page.click('[data-period="3"]');
    await page.selectOption('#res', '8');
    await page.selectOption('#alpha', '0.01');
    await page.check('#layer-overlap');
    await page.check('#shade-imd');
    await page.click('#toggle-table');
    await waitIdle(page);
    const readControls = () =>
      page.evaluate(() => ({
        harm: (document.querySelector('#harm') as HTMLSelectElement).value,
        from: (document.querySelector('#from') as HTMLSelectElement).value,
        to: (document.querySelector('#to') as HTMLSelectElement).value,
        res: (document.querySelector('#res') as HTMLSelectElement).value,
        alpha: (document.querySelector('#alpha') as HTMLSelectElement).value,
        weight: (document.querySelector('#weight') as HTMLSelectElement).value,
        layers: [...document.querySelectorAll<HTMLInputElement>('input[name=layers]:checked')].map((i) => i.value),
        shade: (document.querySelector('input[name=shade]:checked') as HTMLInputElement).value,
        period: document.querySelector('.chip[aria-pressed=true]')?.getAttribute('data-period') ?? null,
        table: !(document.querySelector('#table-panel') as HTMLElement).hidden,
        headline: document.querySelector('#headline')?.textContent,
      }));
    const before = await readControls();
    expect(before).toMatchObject({ harm: 'asb', res: '8', alpha: '0.01', shade: 'imd', period: '3', table: true });
    expect(before.layers).toContain('overlap');
    const url = page.url();
    await shot(page, '06a-url-before-reload');
    await page.reload();
    await waitIdle(page);
    expect(page.url()).toBe(url);
    expect(await readControls()).toEqual(before);
    await shot(page, '06b-url-after-reload');

    const { page: other, context: ctx2 } = await openPage(atlas);
    await other.goto(url);
    await waitIdle(other);
    expect(other.url()).toBe(url);
    expect(await other.evaluate(() => (document.querySelector('#harm') as HTMLSelectElement).value)).toBe('asb');
    expect(errors).toEqual([]);
    await ctx2.close();
    await context.close();
  });

  it('draws the offline basemap (boundaries and names) when the tiles fail', async () => {
    const { page, context, errors } = await openPage(atlas, { blockBasemap: false });
    const failed: string[] = [];
    await context.route(
      (u) => !/^(127\.0\.0\.1|localhost)$/.test(u.hostname),
      (route) => {
        failed.push(route.request().url());
        return route.abort('failed');
      },
    );
    await go(page, '?layers=wardLines,lsoa&shade=none');
    expect(failed.some((u) => u.includes('openfreemap'))).toBe(true);
    expect(await page.getAttribute('body', 'data-basemap')).toBe('offline');
    expect(await page.isVisible('#notice')).toBe(true);
    const { img, rect } = await screenshotOf(page, '07-offline-basemap');
    // Boundary lines (dark grey) and the offline background.
    const lines = countPixels(img, rect, (r, g, b) => r < 130 && g < 130 && b < 140 && Math.abs(r - g) < 25);
    const background = countPixels(img, rect, (r, g, b) => Math.abs(r - 0xec) < 6 && Math.abs(g - 0xef) < 6 && Math.abs(b - 0xf3) < 6);
    expect(lines).toBeGreaterThan(3000);
    expect(background).toBeGreaterThan(rect.width * rect.height * 0.3);
    expect(await page.textContent('#attributions')).toMatch(/Open Government Licence/);
    expect(await page.textContent('#attributions')).toMatch(/OpenStreetMap contributors/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('uses the online vector style when it loads, and falls back when its tiles fail', async () => {
    const STYLE_URL = 'https://tiles.openfreemap.org/styles/positron';
    const background = { id: 'bg', type: 'background', paint: { 'background-color': '#f2efe9' } };
    const offline = (route: import('playwright-core').Route) => route.abort('internetdisconnected');
    const notLocal = (u: URL) => !/^(127\.0\.0\.1|localhost)$/.test(u.hostname);

    // A stand-in for the online style (no internet here): it loads, so the map stays online.
    const a = await openPage(atlas, { blockBasemap: false });
    await a.context.route(notLocal, offline);
    await a.context.route(STYLE_URL, (r) =>
      r.fulfill({ contentType: 'application/json', body: JSON.stringify({ version: 8, sources: {}, layers: [background] }) }),
    );
    await go(a.page, '?layers=hotspots,wardLines');
    expect(await a.page.getAttribute('body', 'data-basemap')).toBe('online');
    expect(await a.page.isVisible('#notice')).toBe(false);
    expect(await a.page.textContent('#attributions')).toMatch(/Basemap and pubs © OpenStreetMap contributors/);
    const { img, rect } = await screenshotOf(a.page, '12a-online-style');
    expect(countPixels(img, rect, (r, g, b) => Math.abs(r - 0xf2) < 4 && Math.abs(g - 0xef) < 4 && Math.abs(b - 0xe9) < 4)).toBeGreaterThan(
      rect.width * rect.height * 0.3,
    );
    await a.context.close();

    // A style whose vector tiles all fail: the map switches to the offline basemap.
    const b = await openPage(atlas, { blockBasemap: false });
    const tiles: string[] = [];
    await b.context.route(notLocal, (r) => {
      tiles.push(r.request().url());
      return offline(r);
    });
    await b.context.route(STYLE_URL, (r) =>
      r.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({
          version: 8,
          sources: { omt: { type: 'vector', tiles: ['https://tiles.openfreemap.org/planet/{z}/{x}/{y}.pbf'], minzoom: 0, maxzoom: 14 } },
          layers: [background, { id: 'water', type: 'fill', source: 'omt', 'source-layer': 'water', paint: { 'fill-color': '#a0c8f0' } }],
        }),
      }),
    );
    await b.page.goto(`${atlas.baseUrl}/?layers=hotspots,wardLines`);
    await b.page.waitForFunction(() => document.body.dataset.basemap === 'offline', null, { timeout: 30_000 });
    await waitIdle(b.page);
    expect(tiles.some((u) => u.endsWith('.pbf'))).toBe(true);
    expect(await b.page.isVisible('#notice')).toBe(true);
    await shot(b.page, '12b-online-tiles-failed');
    await b.context.close();
  });

  it('has a table synced with the map and operable from the keyboard', async () => {
    const { page, context } = await openPage(atlas);
    await go(page);
    await page.click('#toggle-table');
    await page.waitForSelector('#table-panel:not([hidden]) table');
    await page.focus('#table-panel tbody .row-btn[tabindex="0"]');
    await page.keyboard.press('ArrowDown');
    const key = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.key);
    await page.keyboard.press('Enter');
    await waitIdle(page);
    expect(new URL(page.url()).searchParams.get('cell')).toBe(key);
    expect(await page.getAttribute(`#table-panel .row-btn[data-key="${key}"]`, 'aria-current')).toBe('true');
    expect(await page.isVisible('#tooltip.pinned')).toBe(true);
    // Sort by a column from the keyboard.
    await page.focus('#table-panel th button[data-key="count"]');
    await page.keyboard.press('Enter');
    expect(await page.getAttribute('#table-panel th:has(button[data-key="count"])', 'aria-sort')).toBe('descending');
    await shot(page, '08a-table-hotspots');
    // Wards tab: choosing a ward opens its panel.
    await page.click('#tab-wards');
    await page.focus('#table-panel tbody .row-btn[tabindex="0"]');
    const code = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.key);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#ward-panel:not([hidden])');
    expect(new URL(page.url()).searchParams.get('ward')).toBe(code);
    // Map to table: clicking a hot cell selects its row.
    await page.click('#tab-hotspots');
    await page.keyboard.press('Escape'); // closes the pinned cell
    await waitIdle(page);
    const rect = await mapRect(page);
    const cells = await page.evaluate(() => window.__atlas!.hotCells(30));
    const tableBox = await page.locator('#table-panel').boundingBox();
    const visible = cells.find((c) => rect.y + c.y < (tableBox?.y ?? 1e9) - 10 && c.x > 300 && c.y > 20);
    expect(visible).toBeTruthy();
    await page.mouse.click(rect.x + visible!.x, rect.y + visible!.y);
    await waitIdle(page);
    const picked = new URL(page.url()).searchParams.get('cell');
    expect(picked).toBeTruthy();
    expect(await page.locator(`#table-panel .row-btn[data-key="${picked}"]`).getAttribute('aria-current', { timeout: 5000 })).toBe('true');
    await shot(page, '08b-table-synced');
    await context.close();
  });

  it('plays month by month with the colour scale held fixed', async () => {
    const { page, context, errors } = await openPage(atlas);
    const log = apiLog(page);
    await go(page, '?layers=hexes,wardLines&period=12');
    const from = await page.inputValue('#from');
    await page.click('#play');
    await page.waitForFunction(() => /Showing/.test(document.querySelector('#play-frame')?.textContent ?? ''), null, { timeout: 60_000 });
    expect(log.some((u) => u.includes('/api/hexes') && u.includes(`from=${from}`) && u.includes(`to=${from}`))).toBe(true);
    expect(await page.textContent('#legend')).toMatch(/held fixed/);
    await shot(page, '09-playing');
    // Stop it (unless it has already played to the end) and the full window comes back.
    if ((await page.getAttribute('#play', 'aria-pressed')) === 'true') await page.click('#play');
    await page.waitForFunction(() => document.querySelector('#play')?.getAttribute('aria-pressed') === 'false');
    await waitIdle(page);
    expect(await page.textContent('#play-frame')).toBe('');
    expect(await page.textContent('#play')).toMatch(/Play/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('explains its method and caveats', async () => {
    const { page, context } = await openPage(atlas);
    await go(page);
    await page.click('#open-method');
    await page.waitForSelector('#method-card[open]');
    const text = await page.textContent('#method-card');
    expect(text).toMatch(/Getis-Ord Gi\*/);
    expect(text).toMatch(/anonymous map points/);
    expect(text).toMatch(/months only/);
    expect(text).toMatch(/not anyone’s personal risk/);
    expect(text).toMatch(/approximate under spatial dependence/);
    await shot(page, '10-method-card');
    await context.close();
  });
});

describe('accessibility and phones', { timeout: 300_000 }, () => {
  it('axe-core finds no serious or critical violations (map, panels, table, method card)', async () => {
    const { page, context } = await openPage(atlas);
    await go(page, '?layers=hotspots,overlap,wardLines&shade=imd');
    expect(await axeViolations(page)).toEqual([]);
    await page.click('#toggle-table');
    const code = await page.evaluate(() => window.__atlas!.store.meta.wards[1].code);
    await page.evaluate((c) => window.__atlas!.store.set({ ward: c }), code);
    await page.waitForSelector('#ward-panel svg.chart', { timeout: 60_000 });
    await waitIdle(page);
    expect(await axeViolations(page)).toEqual([]);
    await page.click('#tab-wards');
    expect(await axeViolations(page)).toEqual([]);
    await page.click('#open-method');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('is usable on a phone: controls in a drawer, no serious axe violations', async () => {
    const { page, context } = await openPage(atlas, { width: 390, height: 844 });
    await go(page);
    await shot(page, '11a-phone');
    expect(await page.isVisible('#toggle-controls')).toBe(true);
    expect(await page.isVisible('#harm')).toBe(false);
    await page.click('#toggle-controls');
    await page.waitForSelector('#controls.open');
    await page.waitForTimeout(300);
    expect(await page.isVisible('#harm')).toBe(true);
    await shot(page, '11b-phone-drawer');
    expect(await axeViolations(page)).toEqual([]);
    await page.selectOption('#harm', 'asb');
    await waitIdle(page);
    await page.click('#close-controls');
    await page.click('#toggle-table');
    await shot(page, '11c-phone-table');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
