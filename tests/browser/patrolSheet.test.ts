/**
 * The patrol plan as a sergeant gets it: the default violence plan names no institution and says
 * what it set aside, each place shows its ward, share and visits, and the printed A4 sheet fits
 * its page (every word inside the right margin, checked with pdftotext -bbox). Screenshots go to
 * test-output/screenshots/22-*.png and the sheet to 22-patrol-sheet.pdf (look at them).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, SHOTS, shot, startAtlas, waitIdle, type Atlas } from './harness';

let atlas: Atlas;
beforeAll(async () => {
  atlas = await startAtlas();
});
afterAll(async () => {
  await atlas?.close();
});

/** Words of a PDF with their boxes, from poppler's pdftotext -bbox (points, origin top left). */
function pdfWords(path: string): { page: number; pageWidth: number; xMax: number; text: string }[] {
  const html = execFileSync('pdftotext', ['-bbox', path, '-'], { encoding: 'utf8' });
  const out: { page: number; pageWidth: number; xMax: number; text: string }[] = [];
  let page = 0;
  let width = 0;
  for (const line of html.split('\n')) {
    const p = /<page width="([\d.]+)"/.exec(line);
    if (p) {
      page++;
      width = Number(p[1]);
      continue;
    }
    const w = /<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/.exec(line);
    if (w) out.push({ page, pageWidth: width, xMax: Number(w[1]), text: w[2] });
  }
  return out;
}

describe('the patrol plan and sheet', () => {
  it('sets institutions aside with a plain note, shows ward and visits, and prints inside the margins', async () => {
    const { page, context, errors } = await openPage(atlas);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${atlas.baseUrl}/?harm=violence&from=2025-06&to=2025-11`);
    await waitIdle(page);
    await page.click('#toggle-tools');
    await page.waitForSelector('#tools-patrol[data-state="ready"]', { timeout: 60_000 });
    const rows = await page
      .locator('#patrol-table tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(rows.length).toBeGreaterThan(2);
    for (const r of rows) {
      expect(r[1]).not.toMatch(/\b(Prison|Hospital|Police Station)\b/);
      expect(r[2]).toMatch(/^[A-Z]/); // a ward name
    }
    // 120 minutes at 15 a visit: 8 visits shared out, the first place (most harm) taking the most.
    const visits = rows.map((r) => Number(r[4]));
    expect(visits.reduce((a, b) => a + b, 0)).toBe(8);
    expect([...visits].sort((a, b) => b - a)).toEqual(visits);
    expect(await page.textContent('#patrol-set-aside')).toMatch(
      /^Set aside: \d[\d,]* incidents \([\d.]+% of the harm\) that police\.uk places at institutions: (Hospital|Prison|Police Station) \(\d+\)/,
    );
    await shot(page, '22-patrol-plan-violence');

    // Hovering place 1 on the map names it as the table does.
    const centre = await page.evaluate(async () => {
      const r = await fetch('/api/patrol-plan?harm=violence&from=2025-06&to=2025-11&minutes=120&visit=15');
      return ((await r.json()) as { places: { centre: [number, number] }[] }).places[0].centre;
    });
    const map = (await page.locator('#map').boundingBox())!;
    const at = await page.evaluate(([lon, lat]) => window.__atlas!.project(lon, lat), centre);
    await page.mouse.move(map.x + at.x, map.y + at.y);
    await page.waitForFunction(() => /Patrol place 1/.test(document.getElementById('tooltip')?.textContent ?? ''), null, {
      timeout: 10_000,
    });
    const tip = await page.textContent('#tooltip');
    expect(tip).toContain(`On or near ${rows[0][1].split(', ').slice(0, 3).join(', ')}`);
    expect(tip).toContain(`Ward: ${rows[0][2]}`);
    expect(tip).toContain(`Visits a round: ${rows[0][4]}`);
    await shot(page, '22-patrol-place-tooltip');

    await page.check('#patrol-institutions');
    await page.waitForFunction(() => /are included/.test(document.getElementById('patrol-set-aside')?.textContent ?? ''), null, {
      timeout: 60_000,
    });
    await page.uncheck('#patrol-institutions');
    await page.waitForFunction(() => /^Set aside/.test(document.getElementById('patrol-set-aside')?.textContent ?? ''), null, {
      timeout: 60_000,
    });

    await page.evaluate(() => {
      window.print = () => {};
    });
    await page.click('#patrol-print');
    await page.waitForSelector('#patrol-sheet tbody tr', { state: 'attached' });
    await page.emulateMedia({ media: 'print' });
    const pdfPath = join(SHOTS, '22-patrol-sheet.pdf');
    writeFileSync(pdfPath, await page.pdf({ format: 'A4', margin: { top: '12mm', bottom: '12mm', left: '12mm', right: '12mm' } }));
    const words = pdfWords(pdfPath);
    expect(words.some((w) => w.text === 'Ward')).toBe(true);
    expect(words.some((w) => /^Visits/.test(w.text))).toBe(true);
    // Nothing runs into the right margin (12 mm = 34 pt), on any page.
    const over = words.filter((w) => w.xMax > w.pageWidth - 34 + 0.5);
    expect(over, JSON.stringify(over.slice(0, 5))).toEqual([]);
    // One A4 page: the sheet is meant to be carried.
    expect(Math.max(...words.map((w) => w.page))).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
