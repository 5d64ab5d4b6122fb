/**
 * The tasking-meeting pack: links to /api/report as PDF and HTML for what the map shows now (window,
 * ward, harm type or categories, weighting, cell size, significance level and comparison), so the
 * printed figures are the ones on screen.
 */
import type { Meta } from '../api';
import { h } from '../dom';
import { rangeLabel } from '../../../geo/month';
import type { AppState } from '../state/url';
import { currentRes, filterQ, q } from './toolParams';

/** The comparison the pack makes; the app's state may carry one, else the app's own default. */
function baselineOf(s: AppState): string {
  const b = (s as AppState & { baseline?: unknown }).baseline;
  return b === 'average3' ? 'average3' : 'previous';
}

export function reportUrl(s: AppState, format: 'pdf' | 'html', res?: number, meta?: Meta): string {
  const f = filterQ(s);
  // "All crime" has no harm group: the pack is asked for every category instead.
  const categories = !f.harm && !f.categories && meta ? meta.categories.map((c) => c.slug).join(',') : f.categories;
  return `/api/report${q({
    format,
    from: s.from,
    to: s.to,
    ward: s.ward ?? undefined,
    harm: f.harm,
    categories,
    weight: f.weight,
    asbWeight: f.asbWeight,
    res: res ?? (s.res === 'auto' ? undefined : s.res),
    alpha: s.alpha,
    baseline: baselineOf(s),
  })}`;
}

export function reportLinks(s: AppState, meta: Meta): HTMLElement {
  const ward = s.ward ? (meta.wards.find((w) => w.code === s.ward)?.name ?? s.ward) : 'the whole borough';
  const res = currentRes(s, meta);
  return h(
    'section',
    { class: 'tool-report' },
    h('h3', {}, 'Tasking-meeting pack'),
    h(
      'p',
      { class: 'hint' },
      `${rangeLabel(s.from, s.to)}, ${ward}, with the harm type, weighting, cell size (resolution ${res}) and significance level on the map now: hot spots, wards, overlap, context, patrol plan, method and sources. The PDF takes a few seconds to make.`,
    ),
    h(
      'div',
      { class: 'tool-actions' },
      h(
        'a',
        { class: 'btn btn-primary', id: 'report-pdf', href: reportUrl(s, 'pdf', res, meta), target: '_blank', rel: 'noopener' },
        'Tasking-meeting pack (PDF)',
      ),
      h('a', { class: 'btn', id: 'report-html', href: reportUrl(s, 'html', res, meta), target: '_blank', rel: 'noopener' }, 'HTML version'),
    ),
  );
}
