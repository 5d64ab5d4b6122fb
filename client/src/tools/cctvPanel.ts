/**
 * CCTV siting: upload existing cameras (.csv with longitude/latitude columns, or .geojson points),
 * choose a radius and the number of new cameras; POST /api/cctv/siting proposes sites greedily by
 * the harm they would newly cover. Shows existing coverage, the proposed sites, the coverage curve,
 * and draws cameras, their radius circles and the proposed sites on the map.
 */
import { fmt, h, pct, svg } from '../dom';
import { downloadWithParams } from './exportButtons';
import { api, ApiError, cctvBody, plainError, type CctvSitingResponse as CctvResult } from '../api';
import { filterParams } from '../data';
import type { AppState } from '../state/url';
import { boxOf, cctvLayers, institutionLayers } from './toolLayers';
import type { Tool, ToolDeps } from './toolsPanel';
import { SITE_COLOR } from '../../../geo/palette';
import { parseCsv } from '../../../geo/csvParse';

/** Camera positions from an upload, for drawing (the server does the authoritative parse). */
export function cameraPoints(cameras: unknown): [number, number][] {
  if (typeof cameras === 'string') {
    // The server's RFC 4180 parser, so a quoted comma ("Camera 3, High St") keeps columns aligned.
    const rows: string[][] = [];
    const end = parseCsv(cameras, (fields) => {
      if (fields.some((f) => f.trim() !== '')) rows.push(fields.map((f) => f.trim()));
    });
    if (end.unterminatedQuoteLine !== undefined || rows.length < 2) return [];
    const head = rows[0].map((x) => x.toLowerCase());
    const xi = head.findIndex((x) => ['longitude', 'lon', 'lng', 'long', 'x'].includes(x));
    const yi = head.findIndex((x) => ['latitude', 'lat', 'y'].includes(x));
    if (xi < 0 || yi < 0) return [];
    return rows
      .slice(1)
      .map((c) => [Number(c[xi]), Number(c[yi])] as [number, number])
      .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  }
  const fc = cameras as { features?: { geometry?: { type?: string; coordinates?: unknown } }[] } | null;
  const out: [number, number][] = [];
  for (const f of fc?.features ?? []) {
    const g = f.geometry;
    if (g?.type === 'Point' && Array.isArray(g.coordinates)) out.push([Number(g.coordinates[0]), Number(g.coordinates[1])]);
    else if (g?.type === 'MultiPoint' && Array.isArray(g.coordinates)) for (const c of g.coordinates as number[][]) out.push([c[0], c[1]]);
  }
  return out;
}

/** The coverage curve: share of harm covered against the number of new cameras. */
export function coverageChart(curve: CctvResult['curve']): SVGElement {
  const W = 320,
    H = 150,
    L = 36,
    R = 10,
    T = 10,
    B = 26;
  const n = Math.max(1, curve.length - 1);
  const maxShare = Math.max(0.01, ...curve.map((c) => c.share ?? 0));
  const top = Math.min(1, Math.ceil(maxShare * 20) / 20 || 0.05);
  const x = (i: number) => L + (i / n) * (W - L - R);
  const y = (v: number) => T + (1 - v / top) * (H - T - B);
  const root = svg('svg', {
    viewBox: `0 0 ${W} ${H}`,
    class: 'chart',
    id: 'cctv-curve',
    role: 'img',
    'aria-label': 'Coverage curve: share of harm covered as new cameras are added',
  });
  root.append(svg('title', {}, 'Share of harm covered by existing and new cameras'));
  for (const t of [0, top / 2, top]) {
    root.append(svg('line', { x1: L, x2: W - R, y1: y(t), y2: y(t), class: 'grid' }));
    root.append(svg('text', { x: L - 4, y: y(t) + 3, 'text-anchor': 'end', class: 'axis' }, `${Math.round(t * 100)}%`));
  }
  curve.forEach((c, i) => {
    if (curve.length > 12 && i % Math.ceil(curve.length / 6) && i !== curve.length - 1) return;
    root.append(svg('text', { x: x(i), y: H - 12, 'text-anchor': 'middle', class: 'axis' }, String(c.sites)));
  });
  root.append(svg('text', { x: (L + W - R) / 2, y: H - 1, 'text-anchor': 'middle', class: 'axis' }, 'new cameras'));
  // A null share (no harm to cover) is left out of the line, not drawn as 0.
  const drawn = curve.map((c, i) => [i, c.share] as const).filter((d): d is readonly [number, number] => d[1] !== null);
  root.append(
    svg('path', {
      d: drawn.map(([i, v], j) => `${j ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(''),
      fill: 'none',
      stroke: SITE_COLOR,
      'stroke-width': 2,
      class: 'curve-line',
    }),
  );
  drawn.forEach(([i, v]) => root.append(svg('circle', { cx: x(i), cy: y(v), r: 2.5, fill: SITE_COLOR })));
  return root;
}

export class CctvPanel implements Tool {
  readonly id = 'cctv';
  readonly label = 'CCTV siting';
  readonly root = h('section', {});
  private file = h('input', {
    type: 'file',
    id: 'cctv-file',
    accept: '.csv,.geojson,.json,text/csv,application/geo+json,application/json',
  });
  private radius = h('input', {
    type: 'number',
    id: 'cctv-radius',
    min: '10',
    max: '1000',
    step: '10',
    value: '100',
    inputmode: 'numeric',
  });
  private count = h('input', { type: 'number', id: 'cctv-count', min: '1', max: '50', step: '1', value: '5', inputmode: 'numeric' });
  private institutions = h('input', { type: 'checkbox', id: 'cctv-institutions' });
  private fileNote = h('p', { class: 'hint', id: 'cctv-file-note' }, 'No file: sites are proposed as if there were no cameras yet.');
  private out = h('div', { class: 'tool-out', 'aria-live': 'polite' });
  private cameras: unknown = { type: 'FeatureCollection', features: [] };
  private points: [number, number][] = [];
  private result: CctvResult | null = null;
  private body: string | null = null;
  private shown = false;
  private seq = 0;

  constructor(private readonly deps: ToolDeps) {
    this.file.addEventListener('change', () => void this.readFile());
    const form = h(
      'form',
      {
        class: 'tool-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          void this.run();
        },
      },
      h(
        'div',
        { class: 'field field-wide' },
        h('label', { for: 'cctv-file' }, 'Existing cameras (.csv or .geojson)'),
        this.file,
        h(
          'p',
          { class: 'hint' },
          'CSV with longitude and latitude columns, or GeoJSON points. The file stays in your browser until you press the button.',
        ),
      ),
      this.fileNote,
      h('div', { class: 'field' }, h('label', { for: 'cctv-radius' }, 'Camera radius (m)'), this.radius),
      h('div', { class: 'field' }, h('label', { for: 'cctv-count' }, 'New cameras'), this.count),
      h(
        'div',
        { class: 'field field-wide field-check' },
        this.institutions,
        h('label', { for: 'cctv-institutions' }, 'Count harm inside prisons, hospitals, police stations and courts'),
      ),
      h('button', { type: 'submit', class: 'btn btn-primary', id: 'cctv-run' }, 'Propose sites'),
    );
    this.root.append(
      h(
        'p',
        { class: 'hint' },
        'Where would new cameras cover the most harm not already covered? Sites are chosen one by one, each adding the most newly covered harm of the current type and period.',
      ),
      form,
      this.out,
    );
  }

  lastBody(): string | null {
    return this.result ? this.body : null;
  }

  private async readFile(): Promise<void> {
    const f = this.file.files?.[0];
    this.out.replaceChildren();
    if (!f) {
      this.cameras = { type: 'FeatureCollection', features: [] };
      this.points = [];
      return;
    }
    const text = await f.text();
    if (/\.(geo)?json$/i.test(f.name) || /^\s*[{[]/.test(text)) {
      try {
        this.cameras = JSON.parse(text);
      } catch (e) {
        this.out.replaceChildren(h('p', { class: 'tool-error', role: 'alert' }, `${f.name} is not valid JSON: ${(e as Error).message}`));
        this.cameras = null;
        return;
      }
    } else this.cameras = text;
    this.points = cameraPoints(this.cameras);
    this.fileNote.textContent = `${f.name}: ${fmt(this.points.length)} camera${this.points.length === 1 ? '' : 's'} read.`;
    this.draw();
  }

  private async run(): Promise<void> {
    if (this.cameras === null) return;
    const s = this.deps.store.state;
    const radius = Math.max(10, Math.min(1000, Number(this.radius.value) || 100));
    const count = Math.max(1, Math.min(50, Math.round(Number(this.count.value) || 5)));
    const body = cctvBody(filterParams(s), this.cameras, radius, count, this.institutions.checked ? 'include' : 'exclude');
    const my = ++this.seq;
    this.root.dataset.state = 'loading';
    this.out.replaceChildren(h('p', { class: 'panel-loading' }, 'Choosing sites…'));
    try {
      const r = await api.cctv(body);
      if (my !== this.seq) return;
      this.result = r;
      this.body = body;
      this.render(r, radius);
      this.root.dataset.state = 'ready';
      this.draw(true);
    } catch (e) {
      if (my !== this.seq) return;
      this.result = null;
      this.root.dataset.state = 'error';
      this.out.replaceChildren(
        h('p', { class: 'tool-error', role: 'alert', id: 'cctv-error' }, `The server could not use this: ${cameraFileMessage(e)}`),
      );
      this.draw();
    }
  }

  show(_s: AppState): void {
    this.shown = true;
    this.draw();
  }

  /** A filter changed: the proposal no longer matches, so it is cleared. */
  stateChanged(_s: AppState, changed: Set<string>): void {
    if (!this.result || !['harm', 'from', 'to', 'weight', 'asbWeight'].some((k) => changed.has(k))) return;
    this.root.dataset.state = 'stale';
    this.result = null;
    this.out.replaceChildren(h('p', { class: 'hint' }, 'The harm or period changed: press “Propose sites” again.'));
    this.draw();
  }

  hide(): void {
    this.shown = false;
    this.deps.overlay.set('cctv', []);
  }

  private draw(fit = false): void {
    if (!this.shown) return;
    const radius = this.result?.method.radiusMetres ?? (Number(this.radius.value) || 100);
    const sites = this.result?.sites ?? [];
    const aside = (this.result?.setAside?.places ?? []).map((p) => ({
      position: [p.lon, p.lat] as [number, number],
      name: p.name,
      kind: p.kind,
      count: p.count,
    }));
    this.deps.overlay.set(
      'cctv',
      this.points.length || sites.length ? [...cctvLayers(this.points, radius, sites), ...institutionLayers('tools-cctv', aside)] : [],
    );
    if (fit) {
      const b = boxOf([...this.points, ...sites.map((x) => [x.lon, x.lat] as [number, number])]);
      if (b) this.deps.overlay.fit([b[0] - 0.006, b[1] - 0.004, b[2] + 0.006, b[3] + 0.004], 15);
    }
  }

  private render(r: CctvResult, radius: number): void {
    const last = r.curve[r.curve.length - 1];
    const csv = h('button', { type: 'button', class: 'btn' }, 'Sites CSV');
    const gj = h('button', { type: 'button', class: 'btn' }, 'Sites GeoJSON');
    const dl = (format: 'csv' | 'geojson') => async () => {
      const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: this.body! };
      const st = this.deps.store.state;
      try {
        await downloadWithParams(
          `/api/cctv/siting?format=${format}`,
          `${st.harm || 'selected'}-cctv-sites-${st.from}-to-${st.to}.${format}`,
          format === 'csv' ? '/api/cctv/siting?format=params' : null,
          init,
        );
      } catch (e) {
        this.out.append(h('p', { class: 'tool-error', role: 'alert' }, `The download failed: ${(e as Error).message}`));
      }
    };
    csv.addEventListener('click', () => void dl('csv')());
    gj.addEventListener('click', () => void dl('geojson')());
    this.out.replaceChildren(
      h(
        'dl',
        { class: 'facts', id: 'cctv-existing' },
        h('dt', {}, 'Existing cameras'),
        h('dd', {}, fmt(r.existing.cameras ?? this.points.length)),
        h('dt', {}, `Harm covered now (${radius} m)`),
        h('dd', {}, `${fmt(r.existing.harm)} (${pct(r.existing.share, 1)})`),
        h('dt', {}, `With ${r.sites.length} new`),
        h('dd', {}, `${fmt(last?.covered ?? r.covered)} (${pct(last?.share ?? r.share, 1)})`),
        h('dt', {}, 'Still uncovered'),
        h('dd', {}, fmt(r.uncovered ?? (r.totalHarm !== undefined && last ? r.totalHarm - last.covered : null))),
      ),
      r.sites.length
        ? h(
            'table',
            { class: 'data-table compact tool-table', id: 'cctv-sites' },
            h('caption', {}, 'Proposed sites, in the order chosen'),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col', class: 'num' }, '#'),
                h('th', { scope: 'col' }, 'Where (on or near)'),
                h('th', { scope: 'col' }, 'Ward'),
                h('th', { scope: 'col', class: 'num' }, 'New harm covered'),
                h('th', { scope: 'col', class: 'num' }, 'Cumulative share'),
              ),
            ),
            h(
              'tbody',
              {},
              r.sites.map((x) =>
                h(
                  'tr',
                  {},
                  h('td', { class: 'num' }, String(x.rank)),
                  h(
                    'td',
                    {},
                    h(
                      'button',
                      {
                        type: 'button',
                        class: 'row-btn',
                        title: `${x.lat.toFixed(5)}, ${x.lon.toFixed(5)}`,
                        onclick: () => this.deps.overlay.fit([x.lon - 0.003, x.lat - 0.002, x.lon + 0.003, x.lat + 0.002], 16),
                      },
                      x.streets.length ? x.streets.join(', ') : `${x.lat.toFixed(5)}, ${x.lon.toFixed(5)}`,
                    ),
                  ),
                  h('td', {}, x.wardName ?? '–'),
                  h('td', { class: 'num' }, fmt(x.marginal)),
                  h('td', { class: 'num' }, pct(x.share, 1)),
                ),
              ),
            ),
          )
        : h('p', {}, 'No new site would cover more harm.'),
      cctvSetAsideNote(r),
      h(
        'figure',
        { class: 'chart-fig' },
        coverageChart(r.curve) as unknown as HTMLElement,
        h(
          'figcaption',
          { class: 'hint' },
          'Share of the harm covered as cameras are added (0 = existing cameras only). The curve flattens: each extra camera adds less.',
        ),
      ),
      h('div', { class: 'tool-actions' }, csv, gj),
      h('p', { class: 'hint' }, r.method.guarantee ?? 'Greedy maximal covering (Church & ReVelle 1974).'),
    );
  }
}

/** What the institution rule left out of the harm to cover, in plain words. */
function cctvSetAsideNote(r: CctvResult): HTMLElement {
  if (r.institutions === 'include' || !r.setAside) {
    return h('p', { class: 'hint', id: 'cctv-set-aside' }, 'Harm inside prisons, hospitals, police stations and courts is counted.');
  }
  const top = r.setAside.places
    .slice(0, 4)
    .map((p) => `${p.name} (${fmt(p.count)})`)
    .join(', ');
  return h(
    'p',
    { class: 'hint set-aside', id: 'cctv-set-aside' },
    `Left out: ${fmt(r.setAside.incidents)} incidents police.uk places at institutions${top ? ` (${top})` : ''}, which happen indoors where no street camera sees. Shares are of the harm a street camera could cover.`,
  );
}

/** A camera file's problem names its line, which the user needs; anything else in plain words. */
function cameraFileMessage(e: unknown): string {
  // A message naming a line of the reader's own file is meant for them: shown as the server wrote it.
  const raw = e instanceof ApiError ? e.detail : e instanceof Error ? e.message : String(e);
  return /^(cameras|candidates): line \d+/.test(raw) ? raw : plainError(e);
}
