/**
 * The printed pack is print-ready (issue 10): on the real PDFs chromium prints, no word runs past
 * the page's right margin (pdftotext -bbox-layout), no page but the last is near-empty, the ward
 * pack holds the ward's own figures, and the map's ward names do not overlap, both in the pure
 * placement pass and as chromium lays the SVG text out. The pack's colours are the map's palette.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../server/db/openStore';
import { createApp } from '../../server/app';
import { closeBrowser, CHROMIUM_ARGS } from '../../server/report/pdf';
import { boxesOverlap, placeLabels, textWidth, LINE_HEIGHT, type Box } from '../../server/report/labels';
import { BIN_COLORS, OVERLAP_COLORS } from '../../geo/palette';
import { realStore } from '../setup/realStore';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const OUT = join(ROOT, 'test-output', 'print-layout');

/** The pack's @page margins (html.ts CSS): 14mm top, 13mm right, 16mm bottom, 13mm left, in points. */
const MM = 72 / 25.4;
const MARGIN = { top: 14 * MM, right: 13 * MM, bottom: 16 * MM, left: 13 * MM };
/**
 * A page other than the last must be filled at least this far down its printable height. Blocks
 * are kept whole, so a page can end early when the next table does not fit; the longest such
 * block (a 26-ward table, about 60% of a page) leaves at least 40% filled. A page with only a few
 * spill-over rows or a lone note (the page 4) fills well under 15%.
 */
const MIN_FILL = 0.3;

const STC = 'E05014882';
const WINDOW = 'from=2025-09&to=2025-11';

let server: Server;
let base = '';
let browser: Browser;

interface Word {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  text: string;
}
interface PdfPage {
  width: number;
  height: number;
  words: Word[];
}

function parseBbox(xml: string): PdfPage[] {
  const num = (s: string, k: string) => Number(new RegExp(`${k}="([0-9.]+)"`).exec(s)![1]);
  return xml
    .split('<page ')
    .slice(1)
    .map((chunk) => {
      const head = chunk.slice(0, chunk.indexOf('>'));
      const words = [...chunk.matchAll(/<word ([^>]*)>([^<]*)<\/word>/g)].map((m) => ({
        xMin: num(m[1], 'xMin'),
        xMax: num(m[1], 'xMax'),
        yMin: num(m[1], 'yMin'),
        yMax: num(m[1], 'yMax'),
        text: m[2],
      }));
      return { width: num(head, 'width'), height: num(head, 'height'), words };
    });
}

async function printed(query: string, name: string) {
  const r = await fetch(`${base}/api/report?${query}`);
  const body = Buffer.from(await r.arrayBuffer());
  expect(r.status, `${query}: ${body.toString('utf8').slice(0, 200)}`).toBe(200);
  const file = join(OUT, `${name}.pdf`);
  writeFileSync(file, body);
  const pages = parseBbox(execFileSync('pdftotext', ['-bbox-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
  // Reading order (not -layout), so that a heading wrapped inside a narrow box reads as one phrase.
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  // Every page as a PNG, to be looked at.
  execFileSync('pdftoppm', ['-png', '-r', '60', file, join(OUT, name)]);
  return { pages, text, flat: text.replace(/\s+/g, ' ') };
}

async function html(query: string): Promise<string> {
  const r = await fetch(`${base}/api/report?format=html&${query}`);
  expect(r.status).toBe(200);
  return r.text();
}

function expectPrintReady(pages: PdfPage[], name: string) {
  expect(pages.length, name).toBeGreaterThanOrEqual(3);
  pages.forEach((p, i) => {
    const right = p.width - MARGIN.right;
    // Half a point of slack: chromium places a right-aligned figure's last glyph flush with its cell.
    const past = p.words.filter((w) => w.xMax > right + 0.5 || w.xMin < MARGIN.left - 0.5);
    expect(
      past.map((w) => `${w.text} ${w.xMin.toFixed(1)}-${w.xMax.toFixed(1)}`),
      `${name} page ${i + 1}`,
    ).toEqual([]);
    if (i < pages.length - 1) {
      const bottom = Math.max(...p.words.map((w) => w.yMax));
      const fill = (bottom - MARGIN.top) / (p.height - MARGIN.top - MARGIN.bottom);
      expect(fill, `${name} page ${i + 1} is filled to ${(fill * 100).toFixed(0)}%`).toBeGreaterThanOrEqual(MIN_FILL);
    }
  });
}

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  const db = openStore(realStore());
  const app = createApp(db, { clientDir: join(OUT, 'no-client') });
  server = await new Promise<Server>((ok) => {
    const s = app.listen(0, '127.0.0.1', () => ok(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await closeBrowser();
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
});

describe('label placement (pure)', () => {
  it('measures text with Arial metrics', () => {
    // Y 667, a 556, r 333, m 833 thousandths of an em.
    expect(textWidth('Yarm', 10)).toBeCloseTo(23.89, 10);
    expect(textWidth('', 10)).toBe(0);
  });

  it('centres a lone label on its anchor, and moves a colliding one to a free spot', () => {
    const bounds = { x0: 0, y0: 0, x1: 400, y1: 400 };
    const size = 10;
    const halo = 1;
    const { placed, dropped } = placeLabels(
      [
        { id: 'a', text: 'Yarm', fontSize: size, anchor: [200, 200], priority: 2 },
        { id: 'b', text: 'Yarm', fontSize: size, anchor: [205, 202], priority: 1 },
      ],
      bounds,
      [],
      halo,
    );
    expect(dropped).toEqual([]);
    const w = textWidth('Yarm', size) + 2 * halo;
    const h = size * LINE_HEIGHT + 2 * halo;
    const a = placed.find((p) => p.id === 'a')!;
    expect(a.box).toEqual({ x0: 200 - w / 2, y0: 200 - h / 2, x1: 200 + w / 2, y1: 200 + h / 2 });
    // b overlaps a on its anchor and at every near position (half and one step of w/2 + 3 across,
    // h/2 + 3 down), so it goes out on a leader line: the first far candidate, 1.6 steps straight up.
    const b = placed.find((p) => p.id === 'b')!;
    expect(b.x).toBeCloseTo(205, 10);
    expect(b.y).toBeCloseTo(202 - 1.6 * (h / 2 + 3), 10);
    expect(b.leader?.from).toEqual([205, 202]);
    expect(b.leader?.to[1]).toBeCloseTo(b.box.y1, 10);
    expect(boxesOverlap(a.box, b.box)).toBe(false);
  });

  it('places a crowded cluster without overlaps, keeps off obstacles and drops what cannot fit', () => {
    const names = [
      'Grangefield',
      'Newtown',
      'Fairfield',
      'Bishopsgarth & Elm Tree',
      'Roseworth',
      'Hardwick & Salters Lane',
      'Billingham North',
      'Billingham East',
      'Billingham West & Wolviston',
      'Billingham Central',
    ];
    const requests = names.map((text, i) => ({
      id: String(i),
      text,
      fontSize: 8.5,
      anchor: [100 + (i % 3) * 6, 100 + Math.floor(i / 3) * 5] as [number, number],
      priority: names.length - i,
    }));
    const marker: Box = { x0: 95, y0: 95, x1: 113, y1: 113 };
    const bounds = { x0: 0, y0: 0, x1: 220, y1: 200 };
    const { placed, dropped } = placeLabels(requests, bounds, [marker]);
    expect(placed.length + dropped.length).toBe(names.length);
    expect(placed.length).toBeGreaterThanOrEqual(6);
    for (const [i, p] of placed.entries()) {
      expect(boxesOverlap(p.box, marker), p.lines.join(' ')).toBe(false);
      expect(p.box.x0 >= bounds.x0 && p.box.y0 >= bounds.y0 && p.box.x1 <= bounds.x1 && p.box.y1 <= bounds.y1).toBe(true);
      for (const q of placed.slice(i + 1)) expect(boxesOverlap(p.box, q.box), `${p.lines} / ${q.lines}`).toBe(false);
    }
    // The most important label is placed first, so it is never the one left off.
    expect(placed.map((p) => p.id)).toContain('0');
    // In a box too small for any label, every one is dropped rather than overlapped.
    expect(placeLabels(requests, { x0: 0, y0: 0, x1: 20, y1: 8 }).placed).toEqual([]);
  });

  it('sets a label on two lines, or on a leader line, before leaving it off', () => {
    const text = 'Billingham West & Wolviston';
    const halo = 1.5;
    // Preconditions, from the metrics: one line is too wide to centre 40 units from the map's edge,
    // the wider of the two lines is not.
    expect(textWidth(text, 8.5) / 2 + halo).toBeGreaterThan(40);
    expect(textWidth('Billingham West', 8.5) / 2 + halo).toBeLessThan(40);
    const bounds = { x0: 0, y0: 0, x1: 200, y1: 100 };
    // Inside its area only left of x = 50: every one-line position is off the map or outside.
    const two = placeLabels([{ id: 'w', text, fontSize: 8.5, anchor: [40, 50], priority: 1, inside: (x) => x < 50 }], bounds, [], halo);
    expect(two.placed[0].lines).toEqual(['Billingham West', '& Wolviston']);
    expect([two.placed[0].x, two.placed[0].y]).toEqual([40, 50]);
    expect(two.placed[0].leader).toBeNull();
    // An area with no room inside it at all: the name hangs off a leader line from the anchor.
    const lead = placeLabels([{ id: 'w', text, fontSize: 8.5, anchor: [100, 50], priority: 1, inside: () => false }], bounds, [], halo);
    expect(lead.placed[0].leader?.from).toEqual([100, 50]);
    expect(lead.dropped).toEqual([]);
  });

  it('keeps off mapped cells when it can, and covers them rather than leave a name off', () => {
    const bounds = { x0: 0, y0: 0, x1: 300, y1: 300 };
    // A cell just right of the anchor: centred, above and below all touch it; one step left is clear.
    const cell: Box = { x0: 150, y0: 145, x1: 170, y1: 155 };
    const free = placeLabels([{ id: 'y', text: 'Yarm', fontSize: 10, anchor: [150, 150], priority: 1 }], bounds, [], 1, [cell]);
    const w = textWidth('Yarm', 10) + 2;
    expect(free.placed[0].x).toBeCloseTo(150 - (w / 2 + 3), 10);
    expect(free.placed[0].y).toBe(150);
    expect(boxesOverlap(free.placed[0].box, cell)).toBe(false);
    expect(free.placed[0].leader).toBeNull();
    // Cells everywhere: the label stays on its anchor, over the cell, with no leader line.
    const everywhere: Box = { x0: 0, y0: 0, x1: 300, y1: 300 };
    const over = placeLabels([{ id: 'y', text: 'Yarm', fontSize: 10, anchor: [150, 150], priority: 1 }], bounds, [], 1, [everywhere]);
    expect([over.placed[0].x, over.placed[0].y, over.placed[0].leader]).toEqual([150, 150, null]);
  });
});

describe('printed packs', () => {
  it("the Stockton Town Centre ward pack prints the ward's figures, fits the page and fills its pages", async () => {
    const wards = (await (await fetch(`${base}/api/wards?harm=violence&${WINDOW}`)).json()) as {
      features: { properties: { code: string; count: number } }[];
    };
    const asb = (await (await fetch(`${base}/api/wards?harm=asb&${WINDOW}`)).json()) as {
      features: { properties: { code: string; count: number } }[];
    };
    const v = wards.features.find((f) => f.properties.code === STC)!.properties.count;
    const a = asb.features.find((f) => f.properties.code === STC)!.properties.count;
    // The figures, and the API's for the same window.
    expect([v, a]).toEqual([466, 196]);
    const pdf = await printed(`ward=${STC}&${WINDOW}`, 'ward-stockton-town-centre');
    const page1 = pdf.pages[0].words.map((w) => w.text);
    expect(page1).toContain('466');
    expect(page1).toContain('196');
    expect(pdf.flat).toContain('Violence, Stockton Town Centre');
    expect(pdf.flat).toContain('Anti-social behaviour, Stockton Town Centre');
    expect(pdf.flat).toMatch(/Jaccard \(both \/ either\), borough/);
    expect(pdf.flat).toMatch(/Cells hot for both, borough/);
    // The borough's total is not printed as a headline under the ward's name.
    const borough = wards.features.reduce((s, f) => s + f.properties.count, 0);
    expect(page1).not.toContain(borough.toLocaleString('en-GB'));
    expectPrintReady(pdf.pages, 'ward pack');
  });

  it('the borough pack and a harm-weighted borough pack fit the page and fill their pages', async () => {
    const plain = await printed(WINDOW, 'borough');
    expectPrintReady(plain.pages, 'borough pack');
    // Under a harm weighting the hot-spot and ward tables gain a harm column: the widest tables.
    const weighted = await printed(`${WINDOW}&weight=cchi`, 'borough-cchi');
    expectPrintReady(weighted.pages, 'weighted borough pack');
    expect(weighted.flat).toContain('ASB rate per 1,000 / month');
  });

  it("uses the map's palette: overlap classes, and bin colours for a single harm", async () => {
    const overlap = await html(WINDOW);
    for (const c of Object.values(OVERLAP_COLORS)) expect(overlap).toContain(`fill="${c}"`);
    const single = await html(`harm=violence&${WINDOW}`);
    expect(single).toContain(`fill="${BIN_COLORS[3]}"`);
    expect(single).toContain(`background:${BIN_COLORS[3]}`);
    // The pack's former private reds are gone.
    expect(single).not.toContain('#b30000');
    expect(overlap).not.toContain('#7a0177');
  });

  it('ward names on the printed maps do not overlap, as chromium lays them out', async () => {
    for (const [query, name] of [
      [WINDOW, 'borough'],
      [`ward=${STC}&${WINDOW}`, 'ward'],
    ] as const) {
      const page = await browser.newPage();
      try {
        await page.setContent(await html(query), { waitUntil: 'load' });
        const labels = await page.$$eval('svg text.map-label', (els) =>
          els.map((el) => {
            const b = (el as SVGTextElement).getBBox();
            const [x0, y0, x1, y1] = el.getAttribute('data-box')!.split(',').map(Number);
            return {
              name: el.textContent ?? '',
              box: { x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height },
              planned: { x0, y0, x1, y1 },
            };
          }),
        );
        const markers = await page.$$eval('svg circle[r="7"]', (els) =>
          els.map((el) => {
            const b = (el as SVGCircleElement).getBBox();
            return { x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height };
          }),
        );
        expect(labels.length, name).toBeGreaterThanOrEqual(name === 'borough' ? 20 : 5);
        for (const [i, l] of labels.entries()) {
          // The placement's font metrics hold: the laid-out text sits inside the box it planned.
          expect(l.box.x0, `${name}: ${l.name}`).toBeGreaterThanOrEqual(l.planned.x0 - 0.5);
          expect(l.box.x1, `${name}: ${l.name}`).toBeLessThanOrEqual(l.planned.x1 + 0.5);
          expect(l.box.y0, `${name}: ${l.name}`).toBeGreaterThanOrEqual(l.planned.y0 - 0.5);
          expect(l.box.y1, `${name}: ${l.name}`).toBeLessThanOrEqual(l.planned.y1 + 0.5);
          for (const m of markers) expect(boxesOverlap(l.box, m), `${name}: ${l.name} on a marker`).toBe(false);
          for (const o of labels.slice(i + 1)) expect(boxesOverlap(l.box, o.box), `${name}: ${l.name} / ${o.name}`).toBe(false);
        }
      } finally {
        await page.close();
      }
    }
  });
});
