/**
 * Downloads: CSV and GeoJSON of cells, hot spots, wards, overlap, patrol plan and CCTV sites for the
 * current filters, and the tasking-meeting pack (PDF, or HTML) for the current window and ward.
 * A CSV comes with a small `.params.json` beside it (filters and method), because a spreadsheet
 * has no place for them; GeoJSON carries them inside.
 */
import { h } from '../dom';
import type { AppState } from '../state/url';
import { exportFileName, paramsFileName, type ExportNameInput } from '../../../geo/exportName';
import { reportLinks } from './reportButton';
import type { Tool, ToolDeps } from './toolsPanel';
import { currentRes, filterQ, q } from './toolParams';

export type CellsChoice = 'significant' | 'all';

export interface ExportItem {
  id: string;
  label: string;
  path: string;
  params: Record<string, string | number | undefined>;
  /** The file kind the server names it by (geo/exportName), for the fallback name. */
  kind: string;
  qualifiers?: string[];
}

export function exportItems(s: AppState, res: number, cells: CellsChoice = 'significant'): ExportItem[] {
  const f = filterQ(s);
  return [
    { id: 'hexes', label: 'Counts per cell', path: '/api/hexes', params: { ...f, res }, kind: 'cells' },
    {
      id: 'hotspots',
      label: cells === 'significant' ? 'Hot spots (Gi*), significant cells' : 'Hot spots (Gi*), every cell',
      path: '/api/hotspots',
      params: { ...f, res, alpha: s.alpha, cells },
      kind: 'hotspots',
      qualifiers: cells === 'significant' ? ['significant'] : [],
    },
    { id: 'wards', label: 'Wards', path: '/api/wards', params: f, kind: 'wards' },
    {
      id: 'overlap',
      label: 'Violence/ASB overlap',
      path: '/api/overlap',
      params: { from: s.from, to: s.to, area: f.area, weight: f.weight, asbWeight: f.asbWeight, res, alpha: s.alpha },
      kind: 'overlap',
    },
    {
      id: 'patrol-plan',
      label: 'Patrol plan (120 min)',
      path: '/api/patrol-plan',
      params: { ...f, minutes: 120, visit: 15 },
      kind: 'patrol-plan',
    },
  ];
}

/** The name the server gives the file, worked out here too so a plain link saves under the same name. */
export function expectedFileName(s: AppState, item: Pick<ExportItem, 'kind' | 'qualifiers'>, ext: string): string {
  return exportFileName(nameInput(s, item), ext);
}

function nameInput(s: AppState, item: Pick<ExportItem, 'kind' | 'qualifiers'>): ExportNameInput {
  const f = filterQ(s);
  const categories = typeof f.categories === 'string' ? f.categories.split(',') : null;
  return {
    kind: item.kind,
    harm: typeof f.harm === 'string' ? f.harm : null,
    categories,
    from: s.from,
    to: s.to,
    weight: s.weight,
    qualifiers: item.qualifiers,
  };
}

/** The file name in a Content-Disposition header, if it gives one. */
export function dispositionName(header: string | null): string | null {
  const m = /filename="([^"]+)"/.exec(header ?? '') ?? /filename=([^;\s]+)/.exec(header ?? '');
  return m ? m[1] : null;
}

function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  // Revoking at once can cancel a download the browser has not started reading; a minute is ample.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function fetchFile(url: string, init: RequestInit | undefined, fallback: string): Promise<{ blob: Blob; name: string }> {
  const r = await fetch(url, init);
  if (!r.ok) {
    const body = (await r.json().catch(() => null)) as { error?: string } | null;
    throw new Error(body?.error ?? `the server answered ${r.status}`);
  }
  return { blob: await r.blob(), name: dispositionName(r.headers.get('content-disposition')) ?? fallback };
}

/**
 * Saves the file at `url` under the server's name and, for a CSV, its parameters file beside it.
 * `paramsUrl` null means the route has no parameters file.
 */
export async function downloadWithParams(url: string, fallback: string, paramsUrl: string | null, init?: RequestInit): Promise<string[]> {
  const file = await fetchFile(url, init, fallback);
  save(file.blob, file.name);
  const saved = [file.name];
  if (paramsUrl) {
    const stem = file.name.replace(/\.[a-z]+$/, '');
    const params = await fetchFile(paramsUrl, init, paramsFileName(stem));
    save(params.blob, params.name);
    saved.push(params.name);
  }
  return saved;
}

export class DownloadsPanel implements Tool {
  readonly id = 'downloads';
  readonly label = 'Downloads';
  readonly root = h('section', {});
  /** Significant cells by default: the file an analyst usually wants is the list of hot spots, not every empty cell. */
  private cells: CellsChoice = 'significant';
  private readonly status = h('p', { class: 'hint', id: 'downloads-status', role: 'status', 'aria-live': 'polite' });

  constructor(
    private readonly deps: ToolDeps,
    private readonly cctvBody: () => string | null,
  ) {}

  show(s: AppState): void {
    this.render(s);
  }
  stateChanged(s: AppState): void {
    if (!this.root.hidden) this.render(s);
  }
  hide(): void {
    /* nothing on the map */
  }

  private async run(button: HTMLElement, job: () => Promise<string[]>): Promise<void> {
    button.setAttribute('aria-busy', 'true');
    this.status.textContent = 'Preparing the download…';
    try {
      const saved = await job();
      this.status.textContent = `Saved ${saved.join(' and ')}.`;
    } catch (e) {
      this.status.textContent = `The download failed: ${(e as Error).message}.`;
    } finally {
      button.removeAttribute('aria-busy');
    }
  }

  private render(s: AppState): void {
    const res = currentRes(s, this.deps.meta);
    const cellsSelect = h(
      'select',
      {
        id: 'export-cells',
        onchange: () => {
          this.cells = cellsSelect.value as CellsChoice;
          this.render(this.deps.store.state);
          // The select was rebuilt: give keyboard users their place back.
          document.getElementById('export-cells')?.focus();
        },
      },
      h('option', { value: 'significant', selected: this.cells === 'significant' }, 'Significant hot and cold cells only'),
      h('option', { value: 'all', selected: this.cells === 'all' }, 'Every cell of the study area'),
    );
    const rows = exportItems(s, res, this.cells).map((it) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, it.label),
        ...(['csv', 'geojson'] as const).map((format) => {
          const href = `${it.path}${q({ ...it.params, format })}`;
          const name = expectedFileName(s, it, format);
          // A real link (so "save link as" works), taken over on click to add the parameters file.
          const a = h(
            'a',
            {
              class: 'btn btn-small',
              href,
              download: name,
              'data-export': `${it.id}-${format}`,
              'aria-label': `${it.label}, ${format === 'csv' ? 'CSV with its parameters file' : 'GeoJSON'}`,
            },
            format === 'csv' ? 'CSV' : 'GeoJSON',
          );
          a.addEventListener('click', (e) => {
            e.preventDefault();
            void this.run(a, () =>
              downloadWithParams(href, name, format === 'csv' ? `${it.path}${q({ ...it.params, format: 'params' })}` : null),
            );
          });
          return h('td', {}, a);
        }),
      ),
    );
    const body = this.cctvBody();
    const cctvRow = h(
      'tr',
      {},
      h('th', { scope: 'row' }, 'CCTV proposed sites'),
      ...(['csv', 'geojson'] as const).map((format) => {
        const b = h(
          'button',
          { type: 'button', class: 'btn btn-small', disabled: !body, 'data-export': `cctv-${format}` },
          format === 'csv' ? 'CSV' : 'GeoJSON',
        );
        b.addEventListener('click', () => {
          if (!body) return;
          const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body };
          void this.run(b, () =>
            downloadWithParams(`/api/cctv/siting${q({ format })}`, expectedFileName(s, { kind: 'cctv-sites' }, format), null, init),
          );
        });
        return h('td', {}, b);
      }),
    );
    this.root.replaceChildren(
      h(
        'p',
        { class: 'hint' },
        `For the current filters: ${s.from} to ${s.to}, H3 resolution ${res}. Each spreadsheet (CSV) comes with a small “.params.json” file beside it naming the filters and method; map (GeoJSON) files carry them inside.`,
      ),
      h('div', { class: 'field' }, h('label', { for: 'export-cells' }, 'Hot-spot cells to include'), cellsSelect),
      h(
        'table',
        { class: 'data-table compact tool-table', id: 'downloads-table' },
        h('caption', {}, 'Data downloads'),
        h(
          'thead',
          {},
          h('tr', {}, h('th', { scope: 'col' }, 'What'), h('th', { scope: 'col' }, 'Spreadsheet'), h('th', { scope: 'col' }, 'Map (GIS)')),
        ),
        h('tbody', {}, rows, cctvRow),
      ),
      h('p', { class: 'hint', hidden: !!body }, 'CCTV sites: run “Propose sites” in the CCTV tab first.'),
      this.status,
      reportLinks(s, this.deps.meta),
    );
  }
}
