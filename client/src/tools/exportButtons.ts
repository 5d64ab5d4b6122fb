/**
 * Downloads: CSV and GeoJSON of hexes, hot spots, wards, overlap, patrol plan and CCTV sites for the
 * current filters, and the tasking-meeting pack (PDF, or HTML) for the current window and ward.
 */
import { h } from '../dom';
import type { AppState } from '../state/url';
import { reportLinks } from './reportButton';
import type { Tool, ToolDeps } from './toolsPanel';
import { currentRes, filterQ, q, toolsApi } from './toolsApi';

export interface ExportItem { id: string; label: string; path: string; params: Record<string, string | number | undefined> }

export function exportItems(s: AppState, res: number): ExportItem[] {
  const f = filterQ(s);
  return [
    { id: 'hexes', label: 'Counts per cell', path: '/api/hexes', params: { ...f, res } },
    { id: 'hotspots', label: 'Hot spots (Gi*)', path: '/api/hotspots', params: { ...f, res, alpha: s.alpha } },
    { id: 'wards', label: 'Wards', path: '/api/wards', params: f },
    { id: 'overlap', label: 'Violence/ASB overlap', path: '/api/overlap', params: { from: s.from, to: s.to, weight: f.weight, asbWeight: f.asbWeight, res, alpha: s.alpha } },
    { id: 'patrol-plan', label: 'Patrol plan (120 min)', path: '/api/patrol-plan', params: { ...f, minutes: 120, visit: 15 } },
  ];
}

export class DownloadsPanel implements Tool {
  readonly id = 'downloads';
  readonly label = 'Downloads';
  readonly root = h('section', {});

  constructor(private readonly deps: ToolDeps, private readonly cctvBody: () => string | null) {}

  show(s: AppState): void { this.render(s); }
  stateChanged(s: AppState): void { if (!this.root.hidden) this.render(s); }
  hide(): void { /* nothing on the map */ }

  private render(s: AppState): void {
    const res = currentRes(s, this.deps.meta);
    const rows = exportItems(s, res).map((it) => h('tr', {},
      h('th', { scope: 'row' }, it.label),
      ...(['csv', 'geojson'] as const).map((format) => h('td', {}, h('a', {
        class: 'btn btn-small', href: `${it.path}${q({ ...it.params, format })}`, download: `${it.id}.${format}`,
        'data-export': `${it.id}-${format}`, 'aria-label': `${it.label}, ${format === 'csv' ? 'CSV' : 'GeoJSON'}`,
      }, format === 'csv' ? 'CSV' : 'GeoJSON')))));
    const body = this.cctvBody();
    const cctvRow = h('tr', {}, h('th', { scope: 'row' }, 'CCTV proposed sites'),
      ...(['csv', 'geojson'] as const).map((format) => {
        const b = h('button', { type: 'button', class: 'btn btn-small', disabled: !body, 'data-export': `cctv-${format}` }, format === 'csv' ? 'CSV' : 'GeoJSON');
        b.addEventListener('click', async () => {
          if (!body) return;
          const blob = await toolsApi.cctvExport(body, format);
          const a = h('a', { href: URL.createObjectURL(blob), download: `cctv-sites.${format}` });
          document.body.append(a); a.click(); a.remove();
        });
        return h('td', {}, b);
      }));
    this.root.replaceChildren(
      h('p', { class: 'hint' }, `For the current filters: ${s.from} to ${s.to}, H3 resolution ${res}. Each file carries its parameters (GeoJSON “metadata”, CSV “X-Atlas-Parameters” header).`),
      h('table', { class: 'data-table compact tool-table', id: 'downloads-table' },
        h('caption', {}, 'Data downloads'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'What'), h('th', { scope: 'col' }, 'Spreadsheet'), h('th', { scope: 'col' }, 'Map (GIS)'))),
        h('tbody', {}, rows, cctvRow)),
      h('p', { class: 'hint', hidden: !!body }, 'CCTV sites: run “Propose sites” in the CCTV tab first.'),
      reportLinks(s, this.deps.meta));
  }
}
