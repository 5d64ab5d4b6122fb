/** The tasking-meeting pack: links to /api/report as PDF and HTML for the current window and ward. */
import type { Meta } from '../api';
import { h } from '../dom';
import { rangeLabel } from '../state/month';
import type { AppState } from '../state/url';
import { q } from './toolsApi';

export function reportUrl(s: AppState, format: 'pdf' | 'html'): string {
  return `/api/report${q({ format, from: s.from, to: s.to, ward: s.ward ?? undefined })}`;
}

export function reportLinks(s: AppState, meta: Meta): HTMLElement {
  const ward = s.ward ? meta.wards.find((w) => w.code === s.ward)?.name ?? s.ward : 'the whole borough';
  return h('section', { class: 'tool-report' },
    h('h3', {}, 'Tasking-meeting pack'),
    h('p', { class: 'hint' }, `${rangeLabel(s.from, s.to)}, ${ward}: hot spots, wards, overlap, context, patrol plan, method and sources. The PDF takes a few seconds to make.`),
    h('div', { class: 'tool-actions' },
      h('a', { class: 'btn btn-primary', id: 'report-pdf', href: reportUrl(s, 'pdf'), target: '_blank', rel: 'noopener' }, 'Tasking-meeting pack (PDF)'),
      h('a', { class: 'btn', id: 'report-html', href: reportUrl(s, 'html'), target: '_blank', rel: 'noopener' }, 'HTML version')));
}
