/**
 * The tasking pack prints the app's figures (issue 9 problem 6, issue 10 problem 2): for the same
 * parameters, a ward pack's headline boxes and ward row are the ward's /api/wards row, a borough
 * pack's totals are the sums over /api/wards, hot cells are those of /api/hotspots, and the pack
 * follows harm type, weighting, resolution, significance level and baseline. Checked on the HTML
 * (the same document chromium prints) and once on the printed PDF through pdftotext.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/db/openStore';
import { createApp } from '../../server/app';
import { closeBrowser } from '../../server/report/pdf';
import { escapeHtml, fmtCount, fmtNum, fmtSigned } from '../../server/report/format';
import { realStore } from '../setup/realStore';
import { defaultState } from '../../client/src/state/url';
import { reportUrl } from '../../client/src/tools/reportButton';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const OUT = join(ROOT, 'test-output');

let server: Server;
let db: Store;
let base = '';
let wardCodes: { code: string; name: string }[] = [];

type Props = {
  code: string;
  name: string;
  count: number;
  harm: number;
  rate: number | null;
  previousCount: number | null;
  change: number | null;
  changePct: number | null;
};
type Wards = { features: { properties: Props }[]; metadata: Record<string, any> };
type Hotspots = { cells: { h3: string; count: number; z: number; bin: number }[] };

async function getJson<T>(path: string): Promise<T> {
  const r = await fetch(base + path);
  expect(r.status, path).toBe(200);
  return (await r.json()) as T;
}

async function getHtml(path: string): Promise<string> {
  const r = await fetch(base + path);
  const body = await r.text();
  expect(r.status, `${path}: ${body.slice(0, 300)}`).toBe(200);
  return body;
}

/** Incidents of some categories per ward between two months, counted by SQL over the store. */
function sqlCount(code: string, categories: string[], from: string, to: string): number {
  const row = db
    .prepare(
      `SELECT count(*) AS n FROM incidents WHERE ward_code = ? AND month BETWEEN ? AND ? AND category IN (${categories.map(() => '?').join(',')})`,
    )
    .get(code, from, to, ...categories) as { n: number };
  return row.n;
}

const VIOLENCE = ['violent-crime', 'robbery', 'possession-of-weapons'];
const ASB = ['anti-social-behaviour'];

/** A headline box: its label line, big value and small line. */
function kpi(html: string, label: string, where: string): { value: string; note: string } {
  const re = new RegExp(
    `<div class="kpi"><div class="l">${esc(escapeHtml(`${label}, ${where}`))}</div><div class="v">([^<]*)</div><div class="l">([^<]*)</div></div>`,
  );
  const m = re.exec(html);
  expect(m, `headline box ${label}, ${where}`).not.toBeNull();
  return { value: m![1], note: m![2] };
}

/** The ward table of one harm section: rows as cell texts, keyed by the first cell. */
function wardTable(html: string, label: string): { head: string[]; rows: Map<string, string[]> } {
  const start = html.indexOf('<h2>Wards: counts, rates and change</h2>');
  const at = html.indexOf(`<h3>${escapeHtml(label)}</h3>`, start);
  expect(at, `ward table for ${label}`).toBeGreaterThan(start);
  const table = html.slice(at, html.indexOf('</table>', at));
  const cells = (tr: string) => [...tr.matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/g)].map((m) => m[1]);
  const trs = [...table.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => cells(m[1]));
  return { head: trs[0], rows: new Map(trs.slice(1).map((r) => [r[0], r])) };
}

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const pctText = (x: number | null) => (x === null ? '–' : `${fmtSigned(x, 1)}%`);

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  db = openStore(realStore());
  const app = createApp(db, { clientDir: join(OUT, 'no-client') });
  server = await new Promise<Server>((ok) => {
    const s = app.listen(0, '127.0.0.1', () => ok(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  wardCodes = (await getJson<{ wards: { code: string; name: string }[] }>('/api/meta')).wards;
});

afterAll(async () => {
  await closeBrowser();
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
});

describe('tasking pack figures', () => {
  it("a ward pack prints the ward's own figures, as /api/wards and SQL give them", async () => {
    const ward = wardCodes.find((w) => w.name === 'Stockton Town Centre')!;
    const q = `from=2025-09&to=2025-11`;
    const html = await getHtml(`/api/report?format=html&ward=${ward.code}&${q}`);
    for (const [id, label, cats] of [
      ['violence', 'Violence', VIOLENCE],
      ['asb', 'Anti-social behaviour', ASB],
    ] as const) {
      const all = await getJson<Wards>(`/api/wards?harm=${id}&${q}`);
      const w = all.features.find((f) => f.properties.code === ward.code)!.properties;
      expect(w.count).toBe(sqlCount(ward.code, [...cats], '2025-09', '2025-11'));
      expect(w.previousCount).toBe(sqlCount(ward.code, [...cats], '2025-06', '2025-08'));
      const box = kpi(html, label, ward.name);
      expect(box.value, label).toBe(fmtCount(w.count));
      // Not the borough total (issue 10: "Violence, Stockton Town Centre 2,232").
      const borough = all.features.reduce((s, f) => s + f.properties.count, 0);
      expect(box.value).not.toBe(fmtCount(borough));
      expect(box.note).toContain(
        `Previous period (2025-06 to 2025-08): ${fmtCount(w.previousCount)} (${fmtSigned(w.change, 0)}, ${pctText(w.changePct)})`,
      );
      const t = wardTable(html, label);
      expect([...t.rows.keys()]).toEqual([escapeHtml(ward.name)]);
      expect(t.rows.get(escapeHtml(ward.name))!.slice(0, 6)).toEqual([
        escapeHtml(ward.name),
        fmtCount(w.count),
        fmtNum(w.rate, 2),
        fmtCount(w.previousCount),
        fmtSigned(w.change, 0),
        pctText(w.changePct),
      ]);
    }
  });

  it('the printed ward pack holds the same figures (pdftotext)', async () => {
    const ward = wardCodes.find((w) => w.name === 'Stockton Town Centre')!;
    const r = await fetch(`${base}/api/report?format=pdf&ward=${ward.code}&from=2025-09&to=2025-11`);
    expect(r.status).toBe(200);
    const file = join(OUT, 'report-ward-figures.pdf');
    writeFileSync(file, Buffer.from(await r.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const v = (await getJson<Wards>(`/api/wards?harm=violence&from=2025-09&to=2025-11`)).features.find(
      (f) => f.properties.code === ward.code,
    )!.properties;
    const a = (await getJson<Wards>(`/api/wards?harm=asb&from=2025-09&to=2025-11`)).features.find(
      (f) => f.properties.code === ward.code,
    )!.properties;
    const row = (p: Props) =>
      new RegExp(
        `${esc(p.name)}\\s+${esc(fmtCount(p.count))}\\s+${esc(fmtNum(p.rate, 2))}\\s+${esc(fmtCount(p.previousCount))}\\s+${esc(fmtSigned(p.change, 0))}\\s+${esc(pctText(p.changePct))}`,
      );
    expect(text).toMatch(row(v));
    expect(text).toMatch(row(a));
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain(`${fmtCount(v.previousCount)} (${fmtSigned(v.change, 0)}, ${pctText(v.changePct)})`);
  });

  it('a borough pack totals the /api/wards rows and prints each ward row as the app does', async () => {
    const q = 'harm=violence&from=2025-06&to=2025-11';
    const html = await getHtml(`/api/report?format=html&${q}`);
    const all = await getJson<Wards>(`/api/wards?${q}`);
    const total = all.features.reduce((s, f) => s + f.properties.count, 0);
    const prev = all.features.reduce((s, f) => s + (f.properties.previousCount ?? 0), 0);
    const change = total - prev;
    const pct = Math.round((change / prev) * 1000) / 10;
    const box = kpi(html, 'Violence', 'borough');
    expect(box.value).toBe(fmtCount(total));
    expect(box.note).toContain(`Previous period (2024-12 to 2025-05): ${fmtCount(prev)} (${fmtSigned(change, 0)}, ${pctText(pct)})`);
    const t = wardTable(html, 'Violence');
    expect(t.head[3]).toBe('Previous period (2024-12 to 2025-05)');
    expect(t.rows.size).toBe(all.features.length + 1); // and the Borough footer
    for (const { properties: w } of all.features) {
      expect(t.rows.get(escapeHtml(w.name))!.slice(0, 6), w.name).toEqual([
        escapeHtml(w.name),
        fmtCount(w.count),
        fmtNum(w.rate, 2),
        fmtCount(w.previousCount),
        fmtSigned(w.change, 0),
        pctText(w.changePct),
      ]);
    }
    expect(t.rows.get('Borough')!.slice(0, 6)).toEqual([
      'Borough',
      fmtCount(total),
      '',
      fmtCount(prev),
      fmtSigned(change, 0),
      pctText(pct),
    ]);
    // Hardwick & Salters Lane, which read +11% in the app and -3.5% in the old pack.
    const hardwick = all.features.find((f) => f.properties.name === 'Hardwick & Salters Lane')!.properties;
    expect(hardwick.changePct).toBe(11.1);
    expect(t.rows.get(escapeHtml(hardwick.name))![5]).toBe('+11.1%');
  });

  it('follows the harm type, weighting, resolution and significance level', async () => {
    // Neighbourhood crime mixes categories of very different harm, so the weighting moves the hot cells.
    const q = 'harm=neighbourhood&from=2025-06&to=2025-11';
    const printedHot: Record<string, string> = {};
    for (const p of [
      'weight=cchi&res=8&alpha=0.1',
      'weight=count&res=8&alpha=0.1',
      'weight=count&res=9&alpha=0.05',
      'weight=cost&asbWeight=3&res=8&alpha=0.01',
    ]) {
      const html = await getHtml(`/api/report?format=html&${q}&${p}`);
      expect(html).not.toContain('<h3>Violence</h3>');
      const wards = await getJson<Wards>(`/api/wards?${q}&${p.replace(/&res=.*$/, '')}`);
      const spots = await getJson<Hotspots>(`/api/hotspots?${q}&${p}`);
      const box = kpi(html, 'Neighbourhood crime', 'borough');
      printedHot[p] = /hot cells: ([\d,]+)$/.exec(box.note)?.[1] ?? '';
      expect(box.value, p).toBe(fmtCount(wards.features.reduce((s, f) => s + f.properties.count, 0)));
      const hot = spots.cells.filter((c) => c.bin > 0);
      expect(box.note, p).toMatch(new RegExp(`hot cells: ${esc(fmtCount(hot.length))}$`));
      if (!p.startsWith('weight=count')) {
        const harm = wards.features.reduce((s, f) => s + f.properties.harm, 0);
        expect(box.note, p).toContain(`harm ${harm >= 100 ? fmtCount(harm) : harm.toFixed(1)}`);
      }
      // The top hot cells are /api/hotspots' strongest, in the same order.
      const top = [...hot]
        .sort((a, b) => b.z - a.z || b.count - a.count)
        .slice(0, 10)
        .map((c) => c.h3);
      const section = html.slice(html.indexOf('<h2>Top hot spots</h2>'), html.indexOf('<h2>Wards: counts'));
      expect(
        [...section.matchAll(/class="h3">([0-9a-f]{15})</g)].map((m) => m[1]),
        p,
      ).toEqual(top);
      // The method card names them.
      const res = /res=(\d+)/.exec(p)![1];
      const alpha = /alpha=([\d.]+)/.exec(p)![1];
      expect(html).toContain(`<dt>Hot-spot cells (H3 resolution)</dt><dd>${res}</dd>`);
      expect(html).toContain(`<dt>Significance level (alpha, after FDR)</dt><dd>${alpha}</dd>`);
      expect(html).toContain(`[${/weight=(\w+)/.exec(p)![1]}]</dd>`);
      if (p.includes('asbWeight=3')) expect(html).toMatch(/<dt>ASB weight<\/dt><dd>3 [^<]*\(set\)<\/dd>/);
    }
    // On these data CCHI weighting and counts give different hot cells (7 against 9), and the pack shows each.
    expect(printedHot['weight=cchi&res=8&alpha=0.1']).not.toBe(printedHot['weight=count&res=8&alpha=0.1']);
  });

  it('says "no earlier data" at the start of the data, and clips a period past its end', async () => {
    const start = await getHtml('/api/report?format=html&harm=violence&from=2023-01&to=2023-12');
    const box = kpi(start, 'Violence', 'borough');
    expect(box.note).toContain('no earlier data');
    expect(box.note).not.toMatch(/\(\+|\(-/);
    const t = wardTable(start, 'Violence');
    expect(t.head).not.toContain('Change %');
    for (const [name, row] of t.rows) expect(row, name).toContain('no earlier data');

    const past = await getHtml('/api/report?format=html&harm=violence&from=2025-01&to=2025-12');
    expect(past).toContain('Asked for January 2025 to December 2025 (2025-01 to 2025-12)');
    expect(past).toContain('Period: January 2025 to November 2025 (2025-01 to 2025-11)');
    const held = await getJson<Wards>('/api/wards?harm=violence&from=2025-01&to=2025-11');
    const prev = held.features.reduce((s, f) => s + (f.properties.previousCount ?? 0), 0);
    expect(kpi(past, 'Violence', 'borough').note).toContain(`Previous period (2024-02 to 2024-12): ${fmtCount(prev)} `);
  });

  it('offers the average of the three periods before, labelled, under the same window rule', async () => {
    const ward = wardCodes.find((w) => w.name === 'Hardwick & Salters Lane')!;
    const html = await getHtml(`/api/report?format=html&ward=${ward.code}&harm=violence&from=2025-09&to=2025-11&baseline=average3`);
    const count = sqlCount(ward.code, VIOLENCE, '2025-09', '2025-11');
    const avg = sqlCount(ward.code, VIOLENCE, '2024-12', '2025-08') / 3;
    const box = kpi(html, 'Violence', ward.name);
    expect(box.value).toBe(fmtCount(count));
    expect(box.note).toContain(`Average of the 3 periods before (2024-12 to 2025-08): ${fmtNum(avg, 1)} (${fmtSigned(count - avg, 1)}, `);
    const t = wardTable(html, 'Violence');
    expect(t.head[3]).toBe('Average of the 3 periods before (2024-12 to 2025-08)');
    expect(t.rows.get(escapeHtml(ward.name))![3]).toBe(fmtNum(avg, 1));
    // Three 12-month periods before 2025 reach back to 2022: not held, so no change.
    const early = await getHtml(`/api/report?format=html&harm=violence&from=2025-01&to=2025-11&baseline=average3`);
    expect(kpi(early, 'Violence', 'borough').note).toContain('no earlier data');
  });

  it("the app's pack link carries harm, weighting, ASB weight, resolution, alpha and baseline, and the pack follows it", async () => {
    const s = {
      ...defaultState('2025-11'),
      harm: 'drugs',
      weight: 'cchi',
      asbWeight: 2,
      res: 8 as const,
      alpha: 0.1,
      ward: wardCodes[0].code,
    };
    const u = new URL(reportUrl(s, 'html', 8), base);
    expect(u.pathname).toBe('/api/report');
    expect(Object.fromEntries(u.searchParams)).toMatchObject({
      format: 'html',
      from: s.from,
      to: s.to,
      ward: s.ward,
      harm: 'drugs',
      weight: 'cchi',
      asbWeight: '2',
      res: '8',
      alpha: '0.1',
      baseline: 'previous',
    });
    const html = await getHtml(u.pathname + u.search);
    expect(html).toContain('<dt>Hot-spot cells (H3 resolution)</dt><dd>8</dd>');
    expect(html).toContain('[cchi]</dd>');
    expect(html).toContain(`Drugs, ${escapeHtml(wardCodes[0].name)}`);
  });
});
