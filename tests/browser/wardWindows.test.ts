/**
 * The ward panel under the window rule (issue 9): it names the comparison months the server used,
 * and says "no earlier data" instead of a change when they are not all held.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, shot, waitIdle, startAtlas, type Atlas } from './harness';

let atlas: Atlas;
beforeAll(async () => { atlas = await startAtlas(); });
afterAll(async () => { await atlas?.close(); });

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
    const w = ((await r.json()) as { features: { properties: { code: string; change: number; changePct: number } }[] }).features.find((f) => f.properties.code === HARDWICK)!.properties;
    const p = await panelText(`?harm=violence&from=2025-06&to=2025-11&ward=${HARDWICK}&layers=wardLines`, 'ward-panel-previous-period');
    expect(p.text).toContain('compared with the previous period (Dec 2024–May 2025)');
    expect(p.text).toContain(`Change on the previous period (Dec 2024–May 2025)${w.change > 0 ? '+' : '−'}${Math.abs(w.change)} (`);
    expect(p.text).not.toContain('no earlier data');
    expect(p.errors).toEqual([]);
    await p.close();
  });
});
