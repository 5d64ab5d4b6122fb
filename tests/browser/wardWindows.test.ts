/**
 * The ward panel under the window rule (issue 9): it names the comparison months the server used,
 * and says "no earlier data" instead of a change when they are not all held. Opening a ward asks
 * the server once, for its summary (issue 12).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, shot, waitIdle, startAtlas, type Atlas } from './harness';

let atlas: Atlas;
beforeAll(async () => {
  atlas = await startAtlas();
});
afterAll(async () => {
  await atlas?.close();
});

const HARDWICK = 'E05014868';

async function panelText(query: string, name: string): Promise<{ text: string; errors: string[]; close(): Promise<void> }> {
  const { page, context, errors } = await openPage(atlas);
  await page.goto(`${atlas.baseUrl}/${query}`);
  await waitIdle(page);
  await page.waitForSelector('#ward-panel:not([hidden])', { timeout: 60_000 });
  await page.waitForSelector('#ward-panel svg.chart', { timeout: 60_000 });
  await shot(page, name);
  return { text: (await page.textContent('#ward-panel')) ?? '', errors, close: () => context.close() };
}

describe('ward panel windows', () => {
  it('says "no earlier data" for a period at the start of the data', async () => {
    const p = await panelText(`?harm=violence&from=2023-01&to=2023-06&ward=${HARDWICK}&layers=wardLines`, 'ward-panel-no-earlier-data');
    expect(p.text).toContain('no earlier data');
    expect(p.text).not.toMatch(/compared with the previous period/);
    expect(p.errors).toEqual([]);
    await p.close();
  });

  it("names the server's previous period and shows its change", async () => {
    const r = await fetch(`${atlas.baseUrl}/api/wards?harm=violence&from=2025-06&to=2025-11`);
    const w = ((await r.json()) as { features: { properties: { code: string; change: number; changePct: number } }[] }).features.find(
      (f) => f.properties.code === HARDWICK,
    )!.properties;
    const p = await panelText(`?harm=violence&from=2025-06&to=2025-11&ward=${HARDWICK}&layers=wardLines`, 'ward-panel-previous-period');
    expect(p.text).toContain('compared with the previous period (Dec 2024–May 2025)');
    expect(p.text).toContain(`Change on the previous period (Dec 2024–May 2025)${w.change > 0 ? '+' : '−'}${Math.abs(w.change)} (`);
    expect(p.text).not.toContain('no earlier data');
    expect(p.errors).toEqual([]);
    await p.close();
  });

  it('opening a ward makes one summary request and no other /api/wards request, with no failed request', async () => {
    const { page, context, errors } = await openPage(atlas);
    const failed: string[] = [];
    // The harness cuts the internet basemap off; every other failed load is a fault.
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('ERR_INTERNET_DISCONNECTED')) failed.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${atlas.baseUrl}/?harm=violence&from=2025-06&to=2025-11&layers=wardLines`);
    await waitIdle(page);
    const asked: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/api/')) asked.push(u.pathname);
    });
    await page.evaluate((code) => window.__atlas!.store.set({ ward: code }), HARDWICK);
    await page.waitForSelector('#ward-panel:not([hidden]) svg.chart', { timeout: 60_000 });
    await waitIdle(page);
    expect(asked).toEqual([`/api/wards/${HARDWICK}/summary`]);
    // The figures come from that one answer: the series, the categories with their change, the sources.
    const text = (await page.textContent('#ward-panel')) ?? '';
    const r = await fetch(`${atlas.baseUrl}/api/wards/${HARDWICK}/summary?from=2025-06&to=2025-11&harm=violence`);
    const summary = (await r.json()) as {
      series: Record<string, number[]>;
      categories: { name: string; count: number; previousCount: number | null }[];
      sources: Record<string, string>;
    };
    const top = [...summary.categories].sort((a, b) => b.count - a.count)[0];
    const change =
      top.previousCount === null
        ? 'previous –'
        : `${top.count - top.previousCount > 0 ? '+' : top.count === top.previousCount ? '' : '−'}${Math.abs(top.count - top.previousCount)} on previous`;
    expect(text).toContain(`${top.name}${top.count.toLocaleString('en-GB')} (${change})`);
    for (const [k, v] of Object.entries(summary.sources)) expect(text).toContain(`${k}: ${v}`);
    // One line per series the summary sends (violence and ASB here: the chosen group is violence).
    expect(Object.keys(summary.series)).toEqual(['violence', 'asb']);
    expect(await page.locator('#ward-panel svg.chart path').count()).toBe(2);
    expect(failed).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
