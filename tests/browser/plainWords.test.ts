/**
 * Issue 10 in the browser: a bad link is reset part by part with plain notices, no validation text
 * reaches the screen (not even from a failed API request), every statistical term on screen has
 * its explanation beside it, the table takes focus when it opens, and a phone can reach the method
 * card and read the table's key columns without scrolling sideways.
 * Screenshots go to test-output/screenshots/ (look at them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { GLOSSARY, TERM_PATTERNS, type TermKey } from '../../client/src/glossary';
import { openPage, shot, startAtlas, waitIdle, type Atlas } from './harness';

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

/** Text meant for developers: validation messages, documents, files, repositories, versions. */
const DEVELOPER_TEXT =
  /Invalid option|expected one of|expected (a |an )?(string|number|boolean)|README|\.json\b|\.ts\b|github|\bcommit\b|@[0-9a-f]{7,}|\b[0-9a-f]{12,40}\b/i;

/** The statistical terms the issue lists (and their kin): each must be explained where it shows. */
const STAT_TERMS: TermKey[] = [
  'gi',
  'z',
  'pFdr',
  'pai',
  'pei',
  'idaci',
  'indirect',
  'imd',
  'trend',
  'smoothed',
  'jaccard',
  'overlapCoefficient',
  'clq',
  'alpha',
];

/**
 * For each region, the statistical terms its visible text names and, for each, the explanation
 * its info button offers (the text of the element its aria-describedby names), or null.
 */
async function explained(page: Page, selector: string): Promise<Record<string, string | null>> {
  const patterns = TERM_PATTERNS.filter(([k]) => STAT_TERMS.includes(k)).map(([k, re]) => [k, re.source, re.flags] as const);
  return page.evaluate(
    ([sel, pats]) => {
      const out: Record<string, string | null> = {};
      for (const root of document.querySelectorAll<HTMLElement>(sel)) {
        if (root.hidden || root.getClientRects().length === 0) continue;
        const text = root.innerText;
        for (const [key, src, flags] of pats) {
          if (!new RegExp(src, flags).test(text)) continue;
          // 'Gi* z' is one term: the z-score's explanation says what Gi* is.
          const btn =
            root.querySelector<HTMLElement>(`.gloss-btn[data-term="${key}"]`) ??
            (key === 'gi' ? root.querySelector<HTMLElement>('.gloss-btn[data-term="z"]') : null);
          const tip = btn ? document.getElementById(btn.getAttribute('aria-describedby') ?? '') : null;
          out[key] = tip?.textContent ?? null;
          if (btn && btn.dataset.term !== key) out[key] = `${key} via ${btn.dataset.term}`;
        }
      }
      return out;
    },
    [selector, patterns] as const,
  );
}

function expectAllExplained(found: Record<string, string | null>, mustInclude: TermKey[]): void {
  for (const k of mustInclude) expect(Object.keys(found), `expected ${k} on screen`).toContain(k);
  for (const [k, text] of Object.entries(found)) {
    if (text === 'gi via z') continue;
    expect(text, `explanation of ${k}`).toBe(GLOSSARY[k as TermKey].text);
  }
}

describe('issue 10: plain words and safe links', { timeout: 300_000 }, () => {
  it('a bad link is reset part by part with plain notices, and no validation text anywhere', async () => {
    const { page, context, errors } = await openPage(atlas);
    await go(page, '?harm=banana&weight=zzz&layer=nope&from=2025-13&res=99');
    expect(await page.locator('#headline-warnings li > span:last-child').allTextContents()).toEqual([
      'The link asked for a harm type this atlas does not have (“banana”), so the map shows Violence.',
      'The link asked for a weighting this atlas does not have (“zzz”), so the map counts every incident once.',
      'The link asked for a start month that is not a month written like 2025-06 (“2025-13”), so the map shows the last 6 months.',
      'The link asked for a cell size this atlas does not have (“99”), so the map uses the standard 400 m cells.',
      'The link asked for a map layer this atlas does not have (“nope”), so the map shows the hotspots and ward boundaries.',
    ]);
    expect(await page.inputValue('#harm')).toBe('violence');
    expect(await page.inputValue('#weight')).toBe('count');
    expect(await page.textContent('#headline')).toMatch(/^Violence hotspots, last 6 months \(Jun–Nov 2025\): \d+ significant hot cells/);
    const q = new URL(page.url()).searchParams;
    expect([q.get('harm'), q.get('weight'), q.get('from'), q.get('to'), q.get('res'), q.get('layers'), q.get('layer')]).toEqual([
      'violence',
      'count',
      '2025-06',
      '2025-11',
      'auto',
      'hotspots,wardLines',
      null,
    ]);
    const body = await page.evaluate(() => document.body.innerText);
    expect(body).not.toMatch(/Invalid option|expected/);
    await shot(page, 'issue10-bad-link-notices');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a validation error from the API reaches the screen as a plain sentence', async () => {
    const { page, context, errors } = await openPage(atlas);
    await page.route(
      (url) => url.pathname === '/api/hotspots',
      (route) =>
        route.fulfill({
          status: 400,
          contentType: 'application/json',
          body: JSON.stringify({
            error: 'harm: Invalid option: expected one of "violence"|"asb"; res: Too small: expected number to be >=7',
          }),
        }),
    );
    await page.goto(`${atlas.baseUrl}/?harm=violence`);
    await page.waitForFunction(() => /not available/.test(document.getElementById('headline')?.textContent ?? ''), null, {
      timeout: 60_000,
    });
    expect(await page.textContent('#headline')).toBe(
      'Violence, last 6 months (Jun–Nov 2025). Hotspot analysis not available: the server could not use the harm type and cell size asked for.',
    );
    expect(await page.evaluate(() => document.body.innerText)).not.toMatch(/Invalid option|expected|Too small/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('every statistical term on screen has its plain explanation beside it', async () => {
    const { page, context, errors } = await openPage(atlas, { width: 1280, height: 960 });
    await go(page, '?harm=violence&layers=hotspots,wardLines,overlap');
    expectAllExplained(await explained(page, '#legend'), ['gi']);
    expectAllExplained(await explained(page, '#controls'), ['gi', 'pFdr', 'imd']);
    expect(await page.locator('.headline-bar > .gloss-group .gloss-btn[data-term="hotCell"]').count()).toBe(1);

    // The hotspot table, then a pinned cell's details.
    await page.click('#toggle-table');
    await page.waitForSelector('#table-panel:not([hidden]) table');
    expectAllExplained(await explained(page, '#table-panel'), ['z']);
    const [cell] = await page.evaluate(() => window.__atlas!.hotCells(1));
    await page.evaluate((h3) => window.__atlas!.store.set({ cell: h3 }), cell.h3);
    await page.waitForSelector('#tooltip.pinned:not([hidden])');
    expectAllExplained(await explained(page, '#tooltip'), ['z', 'pFdr']);
    await page.evaluate(() => window.__atlas!.store.set({ cell: null }));

    // Hovering or focusing an info button shows its explanation; Escape hides it again.
    const zBtn = page.locator('#table-panel .gloss-btn[data-term="z"]');
    await zBtn.focus();
    const tip = page.locator(`#${await zBtn.getAttribute('aria-describedby')}`);
    expect(await tip.isVisible()).toBe(true);
    expect(await tip.textContent()).toBe(GLOSSARY.z.text);
    await shot(page, 'issue10-glossary-table-z');
    await page.keyboard.press('Escape');
    expect(await tip.isVisible()).toBe(false);
    // A tap (click) toggles it, for touch screens.
    await zBtn.click();
    expect(await tip.isVisible()).toBe(true);
    await zBtn.click();
    expect(await tip.isVisible()).toBe(false);

    // The ward table, then Newtown's ward panel.
    await page.click('#tab-wards');
    await page.waitForSelector('#table-panel table.table-wards');
    expectAllExplained(await explained(page, '#table-panel'), ['imd']);
    await page.evaluate(() => window.__atlas!.store.set({ ward: 'E05014873', table: 'none' }));
    await page.waitForSelector('#ward-panel:not([hidden]) #idaci-vs-cilif');
    await page.waitForSelector('#ward-panel svg.chart');
    expectAllExplained(await explained(page, '#ward-panel'), ['idaci', 'imd', 'indirect', 'trend', 'smoothed']);
    expect(await page.textContent('#idaci-vs-cilif')).toMatch(
      /^Why 83% and 34% differ: they are different measures\. IDACI 2025 counts children/,
    );
    await shot(page, 'issue10-ward-panel-newtown');

    // The method card.
    await page.click('#open-method');
    await page.waitForSelector('#method-card[open]');
    expectAllExplained(await explained(page, '#method-card'), ['gi', 'pFdr', 'alpha', 'jaccard']);
    const card = await page.evaluate(() => document.getElementById('method-card')!.innerText);
    expect(card).not.toMatch(DEVELOPER_TEXT);
    expect(card).not.toMatch(/South Wales Echo/);
    await page.keyboard.press('Escape');

    // The weighting's source is a publication, with no file, version or newspaper.
    await page.evaluate(() => window.__atlas!.store.set({ ward: null, weight: 'cost' }));
    await waitIdle(page);
    const hint = (await page.textContent('#weight-hint')) ?? '';
    expect(hint).toBe(
      'Unit: £ per incident, 2015/16 prices. Source: The economic and social costs of crime, second edition (Heeks, Reed, Tafsiri & Prince 2018, Home Office Research Report 99), weighted by national police recorded crime counts for 2024/25 (Home Office).',
    );
    await page.evaluate(() => window.__atlas!.store.set({ weight: 'cchi' }));
    await waitIdle(page);
    expect(await page.textContent('#weight-hint')).not.toMatch(DEVELOPER_TEXT);

    // The back-test: PAI and PEI explained, and no pointer to developer documents.
    await page.evaluate(() => window.__atlas!.store.set({ weight: 'count' }));
    await waitIdle(page);
    await page.click('#toggle-tools');
    await page.waitForSelector('#tools-panel:not([hidden])');
    await page.click('#tools-tab-backtest');
    await page.waitForSelector('#tools-backtest[data-state="ready"]', { timeout: 120_000 });
    expectAllExplained(await explained(page, '#tools-backtest'), ['pai', 'pei']);
    const backtest = await page.evaluate(() => document.getElementById('tools-backtest')!.innerText);
    expect(backtest).not.toMatch(DEVELOPER_TEXT);
    await shot(page, 'issue10-backtest-terms');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('opening the table moves focus into it', async () => {
    const { page, context, errors } = await openPage(atlas);
    await go(page, '?harm=violence');
    await page.focus('#toggle-table');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#table-panel:not([hidden]) tbody button.row-btn');
    expect(await page.evaluate(() => document.getElementById('table-panel')!.contains(document.activeElement))).toBe(true);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).textContent)).toBe('#1');
    // The arrow keys then move between rows.
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).textContent)).toBe('#2');
    // Another tab keeps focus in the table.
    await page.click('#tab-wards');
    await page.waitForSelector('#table-panel table.table-wards');
    expect(await page.evaluate(() => document.getElementById('table-panel')!.contains(document.activeElement))).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('on a phone the method card opens within the screen and the table’s key columns fit its width', async () => {
    const { page, context, errors } = await openPage(atlas, { width: 390, height: 844 });
    await go(page, '?harm=violence');
    const btn = await page.locator('#open-method').boundingBox();
    expect(btn).not.toBeNull();
    expect(btn!.x).toBeGreaterThanOrEqual(0);
    expect(btn!.x + btn!.width).toBeLessThanOrEqual(390);
    await page.click('#open-method');
    await page.waitForSelector('#method-card[open]');
    const dlg = (await page.locator('#method-card').boundingBox())!;
    expect(dlg.x).toBeGreaterThanOrEqual(0);
    expect(dlg.y).toBeGreaterThanOrEqual(0);
    expect(dlg.x + dlg.width).toBeLessThanOrEqual(390);
    expect(dlg.y + dlg.height).toBeLessThanOrEqual(844);
    // Nothing in the card is wider than the card (no sideways scrolling).
    expect(
      await page.evaluate(() => {
        const d = document.getElementById('method-card')!;
        return d.scrollWidth <= d.clientWidth;
      }),
    ).toBe(true);
    await shot(page, 'issue10-phone-method-card');
    await page.keyboard.press('Escape');

    for (const tab of ['hotspots', 'wards'] as const) {
      await page.evaluate((t) => window.__atlas!.store.set({ table: t }), tab);
      await page.waitForSelector(`#table-panel table.table-${tab}`);
      const cols = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('#table-panel thead th[data-key-col]')].map((th) => ({
          col: th.dataset.col,
          right: th.getBoundingClientRect().right,
        })),
      );
      expect(cols.map((c) => c.col)).toEqual(tab === 'hotspots' ? ['rank', 'ward', 'bin', 'z'] : ['name', 'count', 'rate', 'hot']);
      for (const c of cols) expect(c.right, `${tab} column ${c.col}`).toBeLessThanOrEqual(390);
      expect(await page.evaluate(() => document.querySelector('#table-panel .table-scroll')!.scrollLeft)).toBe(0);
      await shot(page, `issue10-phone-table-${tab}`);
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});
