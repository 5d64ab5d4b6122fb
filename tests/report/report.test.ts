/**
 * Tasking-meeting pack: GET /api/report on a real server over the real imported data. The PDF is
 * printed by Debian's chromium; its pages and text (poppler's pdfinfo / pdftotext) are checked
 * against the figures the other endpoints return for the same window.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/db/openStore';
import { realStore as realStorePath } from '../setup/realStore';
import { createApp } from '../../server/app';
import { closeBrowser } from '../../server/report/pdf';
import { fmtCount, fmtNum, fmtPct, monthName } from '../../server/report/format';
import { addMonths } from '../../geo/month';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const OUT = join(ROOT, 'test-output');

async function realStore(): Promise<Store> {
  return openStore(realStorePath());
}

let server: Server;
let base = '';
let lastMonth = '';
let wards: { code: string; name: string }[] = [];

async function getJson<T>(path: string): Promise<T> {
  const r = await fetch(base + path);
  expect(r.status, path).toBe(200);
  return (await r.json()) as T;
}

async function getPdf(path: string, file: string) {
  const r = await fetch(base + path);
  const body = Buffer.from(await r.arrayBuffer());
  expect(r.status, `${path}: ${r.status === 200 ? '' : body.toString('utf8').slice(0, 300)}`).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/application\/pdf/);
  expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const out = join(OUT, file);
  writeFileSync(out, body);
  const info = execFileSync('pdfinfo', [out], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  const layout = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
  const flat = layout.replace(/\s+/g, ' ');
  return { out, pages, layout, flat };
}

/** A line of the ward table: the name, then the count and the rate, as the pack prints them. */
function wardLine(name: string, count: number, rate: number | null): RegExp {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${esc(name)}\\s+${esc(fmtCount(count))}\\s+${esc(fmtNum(rate, 2))}\\s`);
}

type WardFeature = { properties: { code: string; name: string; count: number; rate: number | null } };

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  const db = await realStore();
  const app = createApp(db, { clientDir: join(OUT, 'no-client') });
  server = await new Promise<Server>((ok) => {
    const s = app.listen(0, '127.0.0.1', () => ok(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const meta = await getJson<{ lastMonth: string; wards: { code: string; name: string }[] }>('/api/meta');
  lastMonth = meta.lastMonth;
  wards = meta.wards;
  expect(wards.length).toBeGreaterThan(5);
});

afterAll(async () => {
  await closeBrowser();
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
});

describe('GET /api/report', () => {
  it('prints the borough pack with the period, every ward and the API figures', async () => {
    const pdf = await getPdf('/api/report?format=pdf', 'report.pdf');
    expect(pdf.pages).toBeGreaterThanOrEqual(2);

    // Period: the last month held, against the month before it (the app's comparison, issue 9).
    expect(pdf.flat).toContain(`${monthName(lastMonth)} (${lastMonth})`);
    expect(pdf.flat).toContain(`compared with the previous month (${monthName(addMonths(lastMonth, -1))})`);

    // Every ward, by name, in its ward-table line with the count and rate /api/wards gives.
    const violence = await getJson<{ features: WardFeature[] }>(`/api/wards?harm=violence&from=${lastMonth}&to=${lastMonth}`);
    const asb = await getJson<{ features: WardFeature[] }>(`/api/wards?harm=asb&from=${lastMonth}&to=${lastMonth}`);
    for (const w of wards) expect(pdf.flat, w.name).toContain(w.name);
    for (const f of [...violence.features, ...asb.features]) {
      const p = f.properties;
      expect(pdf.layout, `${p.name} ${p.count} ${p.rate}`).toMatch(wardLine(p.name, p.count, p.rate));
    }
    const total = violence.features.reduce((s, f) => s + f.properties.count, 0);
    expect(pdf.layout).toMatch(new RegExp(`Borough\\s+${fmtCount(total).replace(',', '\\,')}\\s`));

    // Overlap: the Jaccard and the both-hot cells /api/overlap gives for the same window.
    const ov = await getJson<{ jaccard: number; both: number; union: number }>(`/api/overlap?from=${lastMonth}&to=${lastMonth}`);
    // The summary boxes sit side by side, so pdftotext -layout puts labels and values on separate lines.
    expect(pdf.flat).toMatch(
      new RegExp(`Jaccard \\(both / either\\).{0,160}? ${fmtNum(ov.jaccard, 3).replace('.', '\\.')} ${fmtCount(ov.both)} `),
    );
    expect(pdf.flat).toContain(`of ${fmtCount(ov.union)} hot for either`);

    // Patrol plan: the share covered, as /api/patrol-plan gives it over the 3 months to the period's end.
    const plan = await getJson<{ coveredShare: number; places: unknown[] }>(
      `/api/patrol-plan?harm=violence&from=${addMonths(lastMonth, -2)}&to=${lastMonth}`,
    );
    expect(pdf.flat).toContain(`covering ${fmtPct(plan.coveredShare)} of the borough's violence`);

    // Method card, caveats and sources.
    expect(pdf.flat).toContain('Getis-Ord Gi*');
    expect(pdf.flat).toContain('Open Government Licence v3.0');
    expect(pdf.flat).toContain('snapped to about 750,000 anonymous map points');

    // Page 1 (title and map) as a PNG for a look.
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf.out, join(OUT, 'report-page1')]);
    expect(existsSync(join(OUT, 'report-page1.png'))).toBe(true);
  });

  it('prints a ward pack for one ward and a chosen period', async () => {
    const violence = await getJson<{ features: WardFeature[] }>(
      `/api/wards?harm=violence&from=${addMonths(lastMonth, -2)}&to=${lastMonth}`,
    );
    const top = [...violence.features].sort((a, b) => b.properties.count - a.properties.count)[0].properties;
    const from = addMonths(lastMonth, -2);
    const pdf = await getPdf(`/api/report?format=pdf&ward=${top.code}&from=${from}&to=${lastMonth}`, 'report-ward.pdf');
    expect(pdf.pages).toBeGreaterThanOrEqual(2);
    expect(pdf.flat).toContain(`Tasking-meeting pack: ${top.name}`);
    expect(pdf.flat).toContain(`${from} to ${lastMonth}`);
    expect(pdf.layout).toMatch(wardLine(top.name, top.count, top.rate));
    // Only this ward's rows: another ward's name does not head a table line.
    const other = wards.find((w) => w.code !== top.code && !top.name.includes(w.name) && !w.name.includes(top.name))!;
    expect(pdf.layout).not.toMatch(
      new RegExp(`^\\s*${other.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+\\d+\\s+\\d+\\.\\d\\d\\s`, 'm'),
    );
  });

  it('serves the HTML view with an inline SVG map', async () => {
    const r = await fetch(`${base}/api/report?format=html&harm=drugs`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    const html = await r.text();
    expect(html).toContain('<svg');
    expect(html).toContain('Drugs');
    expect(html).not.toContain('Anti-social behaviour: top hot cells');
  });

  it('answers 400 for a bad ward code, a bad month and a reversed period', async () => {
    for (const q of [
      'ward=E05999999',
      'ward=nonsense',
      'from=2025-13',
      `from=${lastMonth}&to=${addMonths(lastMonth, -1)}`,
      'format=docx',
    ]) {
      const r = await fetch(`${base}/api/report?${q}`);
      expect(r.status, q).toBe(400);
      const body = (await r.json()) as { error: string };
      expect(body.error, q).toMatch(/^(ward|from|to|format)/);
    }
  });
});
