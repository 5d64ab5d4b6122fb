/**
 * Issue 10, map clarity and small usability fixes, on the real data in Debian's chromium: ward
 * labels inside their own ward and clear of each other, headline wards labelled, a legend entry
 * for every tool symbol drawn, Play with pause and a month scrubber, a From after To that is
 * swapped with a message, Tools and Table panels that never cover each other, and links that do
 * not carry this screen's panel offset. Screenshots: test-output/screenshots/30-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Geometry, Position } from 'geojson';
import { mapRect, openPage, shot, startAtlas, waitIdle, type Atlas } from './harness';
import { institutionLayers, mapSymbols, cctvLayers, patrolLayers, toolTip } from '../../client/src/tools/toolLayers';

let atlas: Atlas;
beforeAll(async () => {
  atlas = await startAtlas();
});
afterAll(async () => {
  await atlas?.close();
});

async function go(page: Page, query = ''): Promise<void> {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(`${atlas.baseUrl}/${query}`);
  await waitIdle(page);
}

/** Even-odd ray casting over every ring: written here, not imported, so it checks the client. */
function inside(pt: [number, number], g: Geometry): boolean {
  const polys: Position[][][] = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  let hit = false;
  for (const poly of polys)
    for (const ring of poly) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i],
          [xj, yj] = ring[j];
        if (yi > pt[1] !== yj > pt[1] && pt[0] < ((xj - xi) * (pt[1] - yi)) / (yj - yi) + xi) hit = !hit;
      }
    }
  return hit;
}

type Box = [number, number, number, number];
const intersects = (a: Box, b: Box) => a[0] < b[2] && a[2] > b[0] && a[1] < b[3] && a[3] > b[1];

interface Label {
  code: string;
  name: string;
  lon: number;
  lat: number;
  box: Box;
}

async function checkLabels(page: Page): Promise<Label[]> {
  const labels = await page.evaluate(() => window.__atlas!.wardLabels());
  const wards = await page.evaluate(async () => {
    const r = await fetch('/api/wards');
    const j = (await r.json()) as { features: { properties: { code: string; name: string }; geometry: unknown }[] };
    return j.features.map((f) => ({ code: f.properties.code, name: f.properties.name, geometry: f.geometry }));
  });
  expect(labels.length).toBeGreaterThan(5);
  for (const l of labels) {
    const w = wards.find((x) => x.code === l.code);
    expect(w?.name).toBe(l.name);
    // The anchor is inside its own ward, and in no other.
    expect(inside([l.lon, l.lat], w!.geometry as Geometry), l.name).toBe(true);
    for (const o of wards)
      if (o.code !== l.code) expect(inside([l.lon, l.lat], o.geometry as Geometry), `${l.name} in ${o.name}`).toBe(false);
    // The box is centred on the anchor's screen position.
    const p = await page.evaluate(([lon, lat]) => window.__atlas!.project(lon, lat), [l.lon, l.lat] as const);
    expect(Math.abs((l.box[0] + l.box[2]) / 2 - p.x)).toBeLessThan(0.5);
    expect(Math.abs((l.box[1] + l.box[3]) / 2 - p.y)).toBeLessThan(0.5);
  }
  // Labels other than the headline's keep clear of what covers the map, and stay wholly on it.
  const named = await page.$$eval('#headline strong', (els) => els.map((e) => e.textContent ?? ''));
  const rect = await mapRect(page);
  const covers: Box[] = [];
  for (const sel of ['#legend', '#notice', '#tools-panel']) {
    if (!(await page.locator(sel).isVisible())) continue;
    const b = (await page.locator(sel).boundingBox())!;
    covers.push([b.x - rect.x, b.y - rect.y, b.x - rect.x + b.width, b.y - rect.y + b.height]);
  }
  for (const l of labels) {
    if (named.includes(l.name)) continue;
    for (const c of covers) expect(intersects(l.box, c), `${l.name} under a panel`).toBe(false);
    expect(l.box[0] >= 0 && l.box[1] >= 0 && l.box[2] <= rect.width && l.box[3] <= rect.height, `${l.name} off the map`).toBe(true);
  }
  for (let i = 0; i < labels.length; i++)
    for (let j = i + 1; j < labels.length; j++) {
      expect(intersects(labels[i].box, labels[j].box), `${labels[i].name} / ${labels[j].name}`).toBe(false);
    }
  return labels;
}

/** Waits until the map has taken its container's final size (the headline and footer settle it). */
async function mapSized(page: Page): Promise<{ width: number; height: number }> {
  await page.waitForFunction(() => {
    const m = document.getElementById('map')!;
    const c = m.querySelector('canvas.maplibregl-canvas') as HTMLCanvasElement | null;
    return !!c && Math.abs(c.clientWidth - m.clientWidth) < 1 && Math.abs(c.clientHeight - m.clientHeight) < 1;
  });
  await waitIdle(page);
  return page.evaluate(() => {
    const m = document.getElementById('map')!;
    return { width: m.clientWidth, height: m.clientHeight };
  });
}

/** Every ward the headline names has a label; returns those names. */
async function headlineWardsLabelled(page: Page, labels: Label[]): Promise<string[]> {
  const named = await page.$$eval('#headline strong', (els) => els.map((e) => e.textContent ?? ''));
  const wardNames = await page.evaluate(async () =>
    ((await (await fetch('/api/meta')).json()) as { wards: { name: string }[] }).wards.map((w) => w.name),
  );
  const inHeadline = named.filter((t) => wardNames.includes(t));
  expect(inHeadline.length).toBeGreaterThan(0);
  for (const n of inHeadline)
    expect(
      labels.map((l) => l.name),
      n,
    ).toContain(n);
  return inHeadline;
}

describe('map clarity (issue 10)', { timeout: 300_000 }, () => {
  it('labels each ward inside its own polygon, without overlaps, and always labels the wards the headline names', async () => {
    const { page, context, errors } = await openPage(atlas);
    await go(page);
    await headlineWardsLabelled(page, await checkLabels(page));
    await shot(page, '30-ward-labels-borough');
    // A window whose headline names two small neighbouring wards (Stockton Town Centre and
    // Newtown): both are labelled, apart.
    await go(page, '?from=2024-06&to=2024-09');
    const named = await headlineWardsLabelled(page, await checkLabels(page));
    expect(named).toContain('Newtown');
    await shot(page, '30-ward-labels-neighbours');

    // Zoomed in on the town centre: labels are re-placed, still inside and still apart.
    await page.goto(
      page.url().replace(/v=[^&]+/, (m) => {
        const [lon, lat, z] = m.slice(2).split(',').map(Number);
        return `v=${lon},${lat},${(z + 1.5).toFixed(2)}`;
      }),
    );
    await waitIdle(page);
    await checkLabels(page);
    await shot(page, '30-ward-labels-zoomed');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lists in the legend a symbol for each tool layer drawn, and drops it when the layer goes', async () => {
    const { page, context, errors } = await openPage(atlas);
    await go(page, '?harm=violence&period=12');
    const symbols = () => page.$$eval('#legend [data-symbol]', (els) => els.map((e) => (e as HTMLElement).dataset.symbol));
    expect(await symbols()).toEqual([]);
    await page.click('#toggle-tools');
    await page.waitForSelector('#tools-patrol[data-state="ready"]', { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelectorAll('#legend [data-symbol]').length > 0);
    // The plan sets institutions aside and draws them, so they have an entry too.
    expect(await symbols()).toEqual(['patrol', 'patrol-cells', 'institution']);
    expect(await page.textContent('#legend [data-legend="tools"]')).toMatch(/Patrol place, numbered in priority order/);
    expect(await page.textContent('#legend [data-legend="tools"]')).toMatch(/Prison, hospital, police station or court: set aside/);
    await shot(page, '30-legend-patrol');

    await page.click('#tools-tab-cctv');
    const csv = 'id,longitude,latitude\n1,-1.3125,54.5640\n2,-1.3090,54.5655\n3,-1.2900,54.5700\n';
    await page.setInputFiles('#cctv-file', { name: 'cameras.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForFunction(() => /3 cameras read/.test(document.getElementById('cctv-file-note')?.textContent ?? ''));
    await page.fill('#cctv-count', '4');
    await page.click('#cctv-run');
    await page.waitForSelector('#tools-cctv[data-state="ready"]', { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelector('#legend [data-symbol="site"]') !== null);
    expect(await symbols()).toEqual(['camera', 'camera-radius', 'site', 'site-radius', 'institution']);
    const radius = await page.inputValue('#cctv-radius').catch(() => null);
    const text = await page.textContent('#legend [data-legend="tools"]');
    expect(text).toMatch(/Existing camera coverage \(\d+ m\)/);
    if (radius) expect(text).toContain(`(${Math.round(Number(radius))} m)`);
    await page.waitForTimeout(300);
    await waitIdle(page);
    await shot(page, '30-legend-cctv');

    await page.click('#tools-panel .tools-head button');
    await page.waitForFunction(() => document.querySelectorAll('#legend [data-symbol]').length === 0);
    expect(await page.locator('#legend [data-legend="tools"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('derives the legend entries from the layers, institutional points included', () => {
    const places = [
      {
        rank: 1,
        centre: [-1.31, 54.56] as [number, number],
        cells: ['89195da49b7ffff'],
        streets: ['High Street'],
        wardName: 'Stockton Town Centre',
        share: 0.02,
        visits: 2,
      },
    ];
    const site = { rank: 1, lon: -1.3, lat: 54.57, streets: ['High Street'], wardName: 'Stockton Town Centre', marginal: 10, share: 0.01 };
    const layers = [
      ...patrolLayers(places as never),
      ...cctvLayers([[-1.31, 54.56]], 150, [site as never]),
      ...institutionLayers('tools-patrol', [{ position: [-1.32, 54.57], name: 'HMP Holme House', kind: 'prison' }]),
    ];
    const s = mapSymbols(layers);
    expect(s.map((x) => x.key)).toEqual(['patrol', 'patrol-cells', 'camera', 'camera-radius', 'site', 'site-radius', 'institution']);
    expect(s.find((x) => x.key === 'camera-radius')!.label).toBe('Existing camera coverage (150 m)');
    expect(s.find((x) => x.key === 'institution')).toMatchObject({ shape: 'square', color: '#60646c' });
    // A layer with no data draws nothing, so it has no entry.
    expect(mapSymbols([...cctvLayers([], 150, [site as never])]).map((x) => x.key)).toEqual(['site', 'site-radius']);
    expect(mapSymbols(institutionLayers('tools-cctv', []))).toEqual([]);
    // Hovering a symbol says what it is, in the panel's words.
    const data = (id: string) => (layers.find((l) => l.id === id)!.props.data as unknown[])[0];
    expect(toolTip(data('tools-patrol-marker'))).toEqual({
      title: 'Patrol place 1',
      lines: ['On or near High Street', 'Ward: Stockton Town Centre', 'Share of harm: 2.0%', 'Visits a round: 2'],
    });
    expect(toolTip(data('tools-site-marker'))!.lines.slice(0, 3)).toEqual([
      'On or near High Street',
      'Ward: Stockton Town Centre',
      'Newly covered harm: 10',
    ]);
    expect(toolTip(data('tools-patrol-institution'))!.title).toBe('HMP Holme House (prison)');
    expect(toolTip(data('tools-camera'))).toBeNull();
  });

  it('plays with pause and a month scrubber, and From and To show the month drawn', async () => {
    const { page, context, errors } = await openPage(atlas);
    const log: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/hexes')) log.push(decodeURIComponent(r.url()));
    });
    await go(page, '?layers=hexes,wardLines&from=2025-01&to=2025-06');
    expect(await page.isVisible('#play-scrub')).toBe(false);
    expect(await page.isVisible('#play-pause')).toBe(false);
    await page.click('#play');
    await page.waitForFunction(() => !(document.querySelector('#play-pause') as HTMLButtonElement).disabled, null, { timeout: 60_000 });
    await page.click('#play-pause');
    expect(await page.getAttribute('#play-pause', 'aria-pressed')).toBe('true');
    const frame = await page.inputValue('#from');
    expect(await page.inputValue('#to')).toBe(frame);
    expect(await page.textContent('#play-frame')).toMatch(/paused/);
    expect(await page.getAttribute('#play-scrub', 'max')).toBe('5');

    // Scrub to the fourth month: the map draws April 2025, and both fields say so.
    await page.fill('#play-scrub', '3');
    await page.waitForFunction(() => (document.querySelector('#from') as HTMLSelectElement).value === '2025-04');
    expect(await page.inputValue('#to')).toBe('2025-04');
    expect(await page.textContent('#play-frame')).toMatch(/April 2025, paused/);
    await waitIdle(page);
    expect(log.some((u) => u.includes('from=2025-04') && u.includes('to=2025-04'))).toBe(true);
    expect(await page.getAttribute('#play-scrub', 'aria-valuetext')).toBe('April 2025');
    await shot(page, '30-play-paused-scrubbed');
    // Paused means paused: a frame's time later, the same month.
    await page.waitForTimeout(1600);
    expect(await page.inputValue('#from')).toBe('2025-04');

    // Resume moves on from the month scrubbed to.
    await page.click('#play-pause');
    expect(await page.getAttribute('#play-pause', 'aria-pressed')).toBe('false');
    await page.waitForFunction(() => (document.querySelector('#from') as HTMLSelectElement).value > '2025-04', null, { timeout: 30_000 });
    // Stop: the fields show the whole window again.
    if ((await page.getAttribute('#play', 'aria-pressed')) === 'true') await page.click('#play');
    await page.waitForFunction(() => document.querySelector('#play')?.getAttribute('aria-pressed') === 'false');
    expect(await page.inputValue('#from')).toBe('2025-01');
    expect(await page.inputValue('#to')).toBe('2025-06');
    expect(await page.isVisible('#play-scrub')).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('"Start here" step 3 keeps the overlap of step 2 on the map, with its legend', async () => {
    const { page, context, errors } = await openPage(atlas);
    await go(page);
    await page.click('[data-view="overlap"]');
    await waitIdle(page);
    await page.click('[data-view="deprivation"]');
    await waitIdle(page);
    expect(await page.isChecked('#layer-overlap')).toBe(true);
    expect(await page.isChecked('#shade-imd')).toBe(true);
    expect(await page.getAttribute('[data-view="deprivation"]', 'aria-pressed')).toBe('true');
    expect(await page.locator('#legend [data-legend="overlap"]').count()).toBe(1);
    expect(await page.locator('#legend [data-legend="imd"]').count()).toBe(1);
    await shot(page, '30-start-here-step3');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('swaps a From after To and says so', async () => {
    const { page, context, errors } = await openPage(atlas);
    await go(page, '?from=2024-01&to=2024-06');
    expect(await page.isVisible('#range-note')).toBe(false);
    await page.selectOption('#from', '2024-09');
    await waitIdle(page);
    expect(await page.inputValue('#from')).toBe('2024-06');
    expect(await page.inputValue('#to')).toBe('2024-09');
    expect(new URL(page.url()).searchParams.get('from')).toBe('2024-06');
    expect(new URL(page.url()).searchParams.get('to')).toBe('2024-09');
    expect(await page.isVisible('#range-note')).toBe(true);
    expect(await page.textContent('#range-note')).toBe(
      'From was after To, so the two were swapped: the window is now Jun 2024 to Sep 2024.',
    );
    await shot(page, '30-from-after-to');
    // The same from the other end, then any other change of window clears the note.
    await page.selectOption('#to', '2024-02');
    await waitIdle(page);
    expect([await page.inputValue('#from'), await page.inputValue('#to')]).toEqual(['2024-02', '2024-06']);
    expect(await page.textContent('#range-note')).toMatch(/now Feb 2024 to Jun 2024/);
    await page.click('[data-period="3"]');
    await waitIdle(page);
    expect(await page.isVisible('#range-note')).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  for (const [width, height] of [
    [1280, 800],
    [1440, 900],
    [1024, 768],
    [768, 1024],
  ] as const) {
    it(`never lets the Tools and Table panels cover each other at ${width}×${height}`, async () => {
      const { page, context, errors } = await openPage(atlas, { width, height });
      await go(page);
      const box = async (sel: string): Promise<Box | null> => {
        if (!(await page.locator(sel).isVisible())) return null;
        const b = (await page.locator(sel).boundingBox())!;
        return [b.x, b.y, b.x + b.width, b.y + b.height];
      };
      await page.click('#toggle-table');
      await page.waitForSelector('#table-panel:not([hidden])');
      await page.click('#toggle-tools');
      await page.waitForSelector('#tools-panel:not([hidden])');
      await waitIdle(page);
      let tools = await box('#tools-panel'),
        table = await box('#table-panel');
      expect(tools).not.toBeNull();
      if (width > 820)
        expect(table).not.toBeNull(); // side by side: both stay open
      else expect(table).toBeNull(); // phone drawers: the one opened last wins
      if (tools && table) expect(intersects(tools, table)).toBe(false);
      // Nor is either pushed off the side: the page is no wider than the window.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      if (tools) expect(tools[2]).toBeLessThanOrEqual(width + 0.5);
      await shot(page, `30-panels-${width}x${height}`);
      // Opening the table with the tools open.
      if (width <= 820) {
        await page.click('#tools-panel .tools-head button');
        await page.click('#toggle-tools');
        await page.click('#toggle-table');
        await page.waitForSelector('#table-panel:not([hidden])');
        tools = await box('#tools-panel');
        table = await box('#table-panel');
        expect(tools).toBeNull();
        expect(table).not.toBeNull();
      }
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('writes the centre of the uncovered map into a link, so another screen centres the same place', async () => {
    const a = await openPage(atlas, { width: 1280, height: 800 });
    await go(a.page);
    const bbox = await a.page.evaluate(() => window.__atlas!.store.meta.bbox);
    const [lon, lat] = new URL(a.page.url()).searchParams.get('v')!.split(',').map(Number);
    // The default view frames the borough in the part the legend leaves free: the link says the
    // borough's centre, not the canvas centre shifted for this screen's legend.
    expect(Math.abs(lon - (bbox[0] + bbox[2]) / 2)).toBeLessThan(2e-5);
    const rect = await mapSized(a.page);
    const here = await a.page.evaluate(([x, y]) => window.__atlas!.project(x, y), [lon, lat] as const);
    expect(Math.abs(here.x - (rect.width / 2 + (290 - 16) / 2))).toBeLessThan(1);
    const url = a.page.url();
    await a.context.close();

    // A phone has no legend pad: the place is at the canvas centre.
    const b = await openPage(atlas, { width: 400, height: 800 });
    await b.page.goto(url);
    await waitIdle(b.page);
    const r2 = await mapSized(b.page);
    const there = await b.page.evaluate(([x, y]) => window.__atlas!.project(x, y), [lon, lat] as const);
    expect(Math.abs(there.x - r2.width / 2)).toBeLessThan(1);
    expect(Math.abs(there.y - r2.height / 2)).toBeLessThan(1);
    // And the phone's own link names the same place.
    const v2 = new URL(b.page.url()).searchParams.get('v')!.split(',').map(Number);
    expect(Math.abs(v2[0] - lon)).toBeLessThan(2e-5);
    await shot(b.page, '30-link-on-phone');
    expect(b.errors).toEqual([]);
    await b.context.close();
  });
});
